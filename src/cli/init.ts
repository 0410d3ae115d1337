// `staso init [--project]`: a starter config with comments, for the user (config.json in staso's config
// folder) or for a project (staso.config.json), never over one that exists. JSON with comments (JSONC):
// the loader reads JSON fastest and the user's config can only be JSON, so one format serves both. Each
// starter is valid as written (test/cli/init.test.ts loads both through the policy validator).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { stasoPaths, userConfigFile } from "../paths.js";
import { findProjectConfig } from "../policy/discover.js";
import { projectDir } from "../policy/load.js";
import { paintFor } from "../util/terminal.js";

export const USER_STARTER = `// staso's user config: it applies to every project on this machine. Reference: the README, "Policy files".
// Comments are fine here. After a change, run \`staso doctor\` (does it load?) and
// \`staso rules\` (what is in force); \`staso check --tool Bash --input '{"command":"git push --force"}'\` tries a call.
{
  // How strict the built-in rules are: "standard", "strict" (rules that only record now block) or "paranoid".
  "level": "standard",

  // When staso cannot decide (a broken config, a crash, past the deadline): "closed" blocks the call (safe),
  // "open" lets it run.
  "failMode": "closed",

  // Seconds the rules may take on one call before the fail mode decides.
  "timeout": 10,

  // "dev", "staging" or "prod": rules limited to some environments (MCP side effects) follow it.
  "environment": "dev",

  // Per rule, by id (\`staso rules\` lists them): "off", "audit" (record, never stop), "enforce", or an object
  // with "mode", "action" ("block", "escalate" or "modify") and "params" (\`staso rules <id>\` shows them).
  "rules": {
    // "git/force-push": { "params": { "protectedBranches": ["main", "master", "release/*"] } },
    // "network/private-address": { "params": { "allow_loopback": true } }
  },

  // Calls let through a rule, each with a reason and best with an end ("expires": "2026-12-31").
  // \`staso allow <rule> --here --for 1h\` writes one for the project you are in, and removes it once it ends.
  "allow": [
    // { "rules": ["git/force-push"], "when": { "shell": { "args": { "glob": "feature/*" } } }, "reason": "my own branches" }
  ],

  // Projects (folders, globs) whose own config may also loosen these settings. Any other project's config
  // (a cloned repository's) can only make staso stricter.
  "trustedProjects": [
    // "~/code/my-own-project"
  ],

  // When a rule escalates a call to you: seconds you have to answer, and what silence means.
  "escalation": {
    "timeout": 300,
    "onTimeout": "block"
  }
}
`;

export const PROJECT_STARTER = `// staso's config for this project: it applies to every agent working here, for everyone who has staso.
// Reference: the README, "Policy files". A project config can make staso stricter, never looser: what it tries
// to loosen is ignored, and \`staso rules\` says so (a user may trust the project in their own config).
// Comments are fine here. Run \`staso test\` after a change.
{
  // Raise the level for this project: "strict" or "paranoid" (the user's level stays when it is higher).
  // "level": "strict",

  // Per rule, by id (\`staso rules\` lists them), e.g. more protected branches.
  "rules": {
    // "git/force-push": { "params": { "protectedBranches": ["main", "release/*"] } }
  },

  // The project's own rules: block, escalate or rewrite calls by tool, shell command, path or URL.
  "customRules": [
    // {
    //   "id": "team/no-publish",
    //   "reason": "Releases are published by CI: push a tag instead.",
    //   "action": "block",
    //   "when": { "shell": { "program": "npm", "subcommand": "publish" } }
    // }
  ],

  // Tests of this policy, run by \`staso test\` (in CI too): a call, and what staso must decide.
  "tests": [
    {
      "name": "a force-push to main is stopped",
      "tool": "Bash",
      "input": { "command": "git push --force origin main" },
      "expect": "block"
    },
    { "name": "everyday commands run", "tool": "Bash", "input": { "command": "git status" }, "expect": "allow" }
  ]
}
`;

export const PROJECT_FILE = "staso.config.json";

export interface InitFlags {
  project?: boolean;
  projectDir?: string;
  json?: boolean;
}

export function initCommand(flags: InitFlags): void {
  const s = paintFor(process.stdout);
  const project = flags.project === true || flags.projectDir !== undefined;
  const dir = resolve(flags.projectDir ?? process.cwd());
  let file: string;
  let existing: string | undefined;
  let inherited: string | undefined;
  if (project) {
    file = join(dir, PROJECT_FILE);
    const found = findProjectConfig(dir).file;
    if (found && projectDir(found) === dir) existing = found;
    else if (found) inherited = found;
  } else {
    file = userConfigFile(stasoPaths());
    if (existsSync(file)) existing = file;
  }
  if (existing) {
    if (flags.json) process.stdout.write(`${JSON.stringify({ created: false, file: existing })}\n`);
    else
      process.stderr.write(
        `staso: ${project ? "this project" : "you"} already ${project ? "has" : "have"} a staso config: ${existing}. It was left as it is; edit it there (\`staso rules\` shows what is in force).\n`,
      );
    process.exitCode = 1;
    return;
  }
  mkdirSync(dirname(file), { recursive: true, ...(project ? {} : { mode: 0o700 }) });
  // wx: never over a file that appeared since the check.
  writeFileSync(file, project ? PROJECT_STARTER : USER_STARTER, { flag: "wx", mode: project ? 0o644 : 0o600 });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ created: true, file, ...(inherited ? { replaces: inherited } : {}) })}\n`);
    return;
  }
  process.stdout.write(`${s.green("✓")} created ${file}\n`);
  if (inherited)
    process.stdout.write(
      s.yellow(`  ${inherited} applied here until now; from this folder down, the new file does instead.\n`),
    );
  process.stdout.write(
    project
      ? s.dim(`  It makes staso stricter for everyone working here; commit it. Then: staso test --cwd ${dir}\n`)
      : s.dim("  It holds staso's defaults, with comments; edit it, then run staso doctor.\n"),
  );
}
