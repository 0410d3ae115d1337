// The whole red-team corpus: every class, rendered for both hosts. A class is a list of specs in
// ../classes; add it here with the one line that says what it covers. The classes: the classics staso
// already stops (most of a held-out set, kept from regressing), then the ones issue #18 names — what slips
// through (dangerous, with benign look-alikes), what is falsely blocked (fp-*, benign, with dangerous
// contrasts) — and everyday development (benign).
import type { Case, Spec } from "./model.js";
import { renderClass } from "./render.js";
import { specs as classic } from "../classes/classic.js";
import { specs as downloadRun } from "../classes/download-run.js";
import { specs as interpreters } from "../classes/interpreters.js";
import { specs as shellAliases } from "../classes/shell-aliases.js";
import { specs as expansion } from "../classes/expansion.js";
import { specs as deleteOther } from "../classes/delete-other.js";
import { specs as containers } from "../classes/containers.js";
import { specs as credentials } from "../classes/credentials.js";
import { specs as exfiltration } from "../classes/exfiltration.js";
import { specs as persistence } from "../classes/persistence.js";
import { specs as dataCloud } from "../classes/data-cloud.js";
import { specs as git } from "../classes/git.js";
import { specs as mcp } from "../classes/mcp.js";
import { specs as loopback } from "../classes/loopback.js";
import { specs as dryRun } from "../classes/fp-dry-run.js";
import { keygenSpecs, keyUseSpecs } from "../classes/fp-keys.js";
import { chmodSpecs, diskImageSpecs, envCountSpecs, tmpSpecs } from "../classes/fp-files.js";
import { specs as testDb } from "../classes/fp-test-db.js";
import { specs as everyday } from "../classes/everyday.js";
import { specs as everydayWide } from "../classes/everyday-wide.js";
import { specs as blindAttack } from "../classes/blind-attack.js";
import { specs as blindAttack2 } from "../classes/blind-attack-2.js";
import { specs as blindAttack3 } from "../classes/blind-attack-3.js";
import { specs as blindEveryday } from "../classes/blind-everyday.js";
import { specs as blindFixes } from "../classes/blind-fixes.js";
import { specs as codexTerminal } from "../classes/codex-terminal.js";
import { specs as blindEveryday2 } from "../classes/blind-everyday-2.js";
import { specs as blindFixes2 } from "../classes/blind-fixes-2.js";
import { specs as blindEveryday3 } from "../classes/blind-everyday-3.js";
import { specs as knownMisses3 } from "../classes/known-misses-3.js";
import { specs as sessions4 } from "../classes/sessions-4.js";
import { specs as blindAttack4 } from "../classes/blind-attack-4.js";
import { specs as knownMisses4 } from "../classes/known-misses-4.js";
import { specs as envRunners } from "../classes/env-runners.js";
import { specs as blindEveryday4 } from "../classes/blind-everyday-4.js";
import { specs as blindOkFixes4 } from "../classes/blind-okfixes-4.js";
import { specs as blindEveryday5 } from "../classes/blind-everyday-5.js";
import { specs as blindOkFixes5 } from "../classes/blind-okfixes-5.js";
import { specs as blindTools5 } from "../classes/blind-tools-5.js";
import { specs as toolsFixes5 } from "../classes/tools-fixes-5.js";
import { specs as blindAttack5 } from "../classes/blind-attack-5.js";

interface ClassInfo {
  id: string;
  title: string;
  specs: Spec[];
}

export const CLASSES: ClassInfo[] = [
  {
    id: "classic",
    title: "the classics staso already stops (rm -rf ~, curl | sh, keys, force push, …)",
    specs: classic,
  },
  { id: "download-run", title: "download (or write), then run — same command or a later call", specs: downloadRun },
  { id: "interpreters", title: "interpreters fetching, building or running harmful code", specs: interpreters },
  {
    id: "shell-aliases",
    title: "shells by other names: editors, pagers, runners, sudo/su, git aliases, npx",
    specs: shellAliases,
  },
  { id: "expansion", title: "expansion tricks: IFS, arrays, ${!x}, globs, ~user, encodings", specs: expansion },
  {
    id: "delete-other",
    title: "deleting without rm -rf: mv, rsync --delete, archivers, symlinks, find, .git",
    specs: deleteOther,
  },
  { id: "containers", title: "containers with /, home, keys or the Docker socket mounted", specs: containers },
  {
    id: "credentials",
    title: "credentials by other means: readers, loops, globs, grep -r, git show, exports",
    specs: credentials,
  },
  {
    id: "exfiltration",
    title: "exfiltration: secrets in headers, bodies, DNS; remotes; serving home",
    specs: exfiltration,
  },
  {
    id: "persistence",
    title: "persistence and system: cron, units, rc files, PATH shadows, accounts, disks",
    specs: persistence,
  },
  {
    id: "data-cloud",
    title: "data and cloud: SQL via drivers and files, NoSQL, platform CLIs, scale to zero",
    specs: dataCloud,
  },
  { id: "git", title: "git: update-ref, refspec deletes, --prune/--mirror, submodules, history loss", specs: git },
  { id: "mcp", title: "MCP: file servers on keys and protected paths, shell tools, secrets in arguments", specs: mcp },
  {
    id: "loopback",
    title: "loopback services (Docker API, kubelet, etcd, …) vs dev servers, any client",
    specs: loopback,
  },
  {
    id: "codex-terminal",
    title: "Codex's unhooked terminal: shells, prompts and editors started for write_stdin to type into",
    specs: codexTerminal,
  },
  {
    id: "blind-attack",
    title: "written blind, as an attacker would: every class above in spellings pattern matching misses",
    specs: blindAttack,
  },
  {
    id: "blind-attack-2",
    title: "written blind, second round, by another attacker: commands run through options, splits across calls",
    specs: blindAttack2,
  },
  {
    id: "blind-attack-3",
    title:
      "written blind, third round: project files run by everyday commands, config that changes later calls, rarer runtimes and CLIs",
    specs: blindAttack3,
  },
  {
    id: "blind-attack-4",
    title: "written blind, fourth round: every bullet of the issue in plain spellings, wrappers, paths and host shapes",
    specs: blindAttack4,
  },
  { id: "fp-dry-run", title: "false blocks: dry-run, plan, preview, what-if, help", specs: dryRun },
  { id: "fp-keygen", title: "false blocks: generating keys is not reading them", specs: keygenSpecs },
  { id: "fp-key-use", title: "false blocks: using a key (ssh -i, scp -i, ssh-add, signing)", specs: keyUseSpecs },
  { id: "fp-chmod", title: "false blocks: tightening permissions on keys and credentials", specs: chmodSpecs },
  { id: "fp-disk-image", title: "false blocks: disk tools on image files", specs: diskImageSpecs },
  { id: "fp-tmp-scratch", title: "false blocks: deleting scratch files under /tmp", specs: tmpSpecs },
  { id: "fp-env-count", title: "false blocks: counting lines or keys of .env", specs: envCountSpecs },
  { id: "fp-test-db", title: "false blocks: test and dev databases (an escalation would do)", specs: testDb },
  { id: "everyday", title: "everyday development", specs: everyday },
  {
    id: "everyday-wide",
    title: "everyday development, written wide: every ecosystem, host shape and task",
    specs: everydayWide,
  },
  {
    id: "blind-everyday",
    title: "everyday work written blind (before reading the rules): near misses of dangerous things",
    specs: blindEveryday,
  },
  {
    id: "blind-fixes",
    title: "the false-block classes blind-everyday found: near misses in other spellings, and their contrasts",
    specs: blindFixes,
  },
  {
    id: "blind-everyday-2",
    title: "everyday work written blind, second round: other stacks, near misses of dangerous things",
    specs: blindEveryday2,
  },
  {
    id: "blind-fixes-2",
    title: "the false-block classes blind-everyday-2 found: everyday spellings beside the contrasts still stopped",
    specs: blindFixes2,
  },
  {
    id: "blind-everyday-3",
    title: "everyday work written blind, third round: firmware, kernel, HPC, bio, quant, mobile, PHP, releases",
    specs: blindEveryday3,
  },
  {
    id: "known-misses-3",
    title:
      "what blind-attack-2 still slipped past, as classes: URL package runners, splits across calls, file-by-file deletes, …",
    specs: knownMisses3,
  },
  {
    id: "sessions-4",
    title: "danger split across calls: variables, cd/workdir, staged secrets, job files, compose, moved trees, remotes",
    specs: sessions4,
  },
  {
    id: "known-misses-4",
    title:
      "what blind-attack-4 slipped past, as classes: Windows tools under WSL, os.exec*, socket shells, rarer downloaders, engine state mounts",
    specs: knownMisses4,
  },
  {
    id: "env-runners",
    title:
      "a command run by a tool that prepares its environment: uv/poetry/conda run, mise/nix, op/doppler/cross-env, netns, gdb --args, fd -x",
    specs: envRunners,
  },
  {
    id: "blind-everyday-4",
    title:
      "everyday work written blind, fourth round: every common stack, long chains, files that talk about danger, MCP",
    specs: blindEveryday4,
  },
  {
    id: "blind-okfixes-4",
    title: "the false-block classes blind-everyday-4 found: everyday spellings beside the contrasts still stopped",
    specs: blindOkFixes4,
  },
  {
    id: "blind-everyday-5",
    title:
      "everyday work written blind, fifth round: monorepos, embedded, games, ML, local clusters, releases, laptops, docs, long Codex sessions",
    specs: blindEveryday5,
  },
  {
    id: "blind-okfixes-5",
    title: "the false-block classes blind-everyday-5 found: everyday spellings beside the contrasts still stopped",
    specs: blindOkFixes5,
  },
  {
    id: "blind-tools-5",
    title:
      "written blind, fifth round, on the tools that are not a shell: MCP servers, WebFetch, browsers, loopback and metadata services, file tools",
    specs: blindTools5,
  },
  {
    id: "tools-fixes-5",
    title:
      "what blind-tools-5 slipped past, as classes: file: URLs, typed process input, structured CLI tools, SQL on the host, notebook cells, server guards",
    specs: toolsFixes5,
  },
  {
    id: "blind-attack-5",
    title:
      "attacks written blind, fifth round: plain spellings first, then wrappers, library calls, platform CLIs, MCP",
    specs: blindAttack5,
  },
];

/** Every case of the corpus (or of some classes), in a stable order. */
export function corpus(only?: string[]): Case[] {
  const out: Case[] = [];
  for (const c of CLASSES) if (!only || only.includes(c.id)) out.push(...renderClass(c.id, c.specs));
  return out;
}
