// The paths a shell command would create, change, move, delete or link, with what is known about each
// word (an unknown expansion, a glob), and the symbolic links the command itself creates on the way.
import type { ToolCall } from "../../engine/types.js";
import { GIT_COMMAND_KEYS, shellOf, userHome, type SimpleCommand, type WordInfo } from "../../analysis/shell/index.js";
import { operands, optionValue, hasOption } from "../../analysis/shell/commands.js";
import { normalizePath } from "../../analysis/shell/paths.js";
import { sedEffects, sedScripts } from "../../analysis/shell/sed.js";
import type { PathOp } from "./protected.js";

export interface WrittenPath {
  word: string;
  /**
   * Absolute, as the shell would hand it to the kernel: "~" expanded and joined to the tracked cwd, but
   * "." and ".." left in (they are resolved on disk, through links). Undefined when the location is
   * unknown: the word starts with an unknown expansion, or it is relative to a cwd staso lost.
   */
  path?: string;
  /** What is known about the word (unknown expansions, a glob); undefined for a plain literal. */
  info?: WordInfo;
  /** What is done to it: "write", "delete", "move", "change permissions of", "configure", "unpack into", "link to". */
  verb: string;
  /**
   * write: its content changes (a link at its name is followed); remove: it goes away or is replaced
   * where it stands (a link at its name is not followed; a folder takes its contents with it);
   * link-source: a link to it is made (a later write through the link reaches it).
   */
  op: PathOp | "link-source";
  /** A link made to it is a hard link (a write through it cannot be told from the original afterwards). */
  hardLink?: boolean;
  command: SimpleCommand;
  /** The directory the command runs in, when known. */
  cwd?: string;
  /**
   * The path is a directory the command fills with content it does not name (an archive unpacked there,
   * a folder synced into it): what lands inside is unknown, so any protected file under it may be hit.
   */
  into?: boolean;
  /** The command makes a symbolic link at `path` pointing at `linksTo` (absolute, as spelled). */
  linksTo?: string;
}

const WRITE_REDIRECTS = new Set([">", ">>", ">|", "&>", "&>>", "<>"]);
const OPERANDS_WRITTEN: Record<string, [string, PathOp]> = {
  rm: ["delete", "delete"],
  unlink: ["delete", "delete"],
  shred: ["delete", "delete"],
  rmdir: ["delete", "delete"],
  truncate: ["write", "write"],
  fallocate: ["write", "write"],
  touch: ["write", "write"],
  tee: ["write", "write"],
  chattr: ["change attributes of", "write"],
  setfacl: ["change permissions of", "write"],
  mkfifo: ["write", "write"],
  sponge: ["write", "write"],
};
/** patch's options that take a value (the rest of its words: the file to patch, then the patch). */
const PATCH_VALUE_OPTIONS = [
  "-i",
  "--input",
  "-d",
  "--directory",
  "-p",
  "-D",
  "-r",
  "-B",
  "-F",
  "-V",
  "-z",
  "-Y",
  "-g",
  "-o",
  "--output",
];
/** Options of copiers, movers and linkers that take a value. */
const COPY_VALUE_OPTIONS = [
  "-t",
  "--target-directory",
  "-S",
  "--suffix",
  "-m",
  "--mode",
  "-o",
  "--owner",
  "-g",
  "--group",
  "-e",
  "--rsh",
];
/** Copiers: with a directory destination, each source lands at DEST/<its name>. */
const COPIERS = new Set(["cp", "mv", "install", "rsync", "scp", "ln"]);
/** Programs whose first operand is not a path (mode, owner, script). */
const FIRST_NOT_PATH: Record<string, string> = {
  chmod: "change permissions of",
  chown: "change the owner of",
  chgrp: "change the group of",
  sed: "write",
  perl: "write",
};
const RISKY_GIT_CONFIG =
  /^(?:core\.(?:hookspath|fsmonitor|sshcommand|pager|editor|askpass|gitproxy|attributesfile)|alias\..+|diff\.external|pager\..+|web\.browser|credential\..*helper|filter\..+\.(?:clean|smudge|process)|diff\..+\.(?:textconv|command)|merge\..+\.driver|include\.path|includeif\..+|sequence\.editor|gpg\.program|uploadpack\.packobjectshook|protocol\..+\.allow)$/i;
/** Environment that hands git configuration from outside any config file, or names another config file. */
const GIT_CONFIG_ENV = /^GIT_CONFIG(?:_COUNT|_KEY_\d+|_VALUE_\d+|_PARAMETERS|_GLOBAL|_SYSTEM|_NOSYSTEM)?$/;

/** "~" expanded and joined to cwd, "." and ".." kept for the resolver; undefined when it cannot be placed. */
function place(word: string, info: WordInfo | undefined, cwd: string | undefined, home: string): string | undefined {
  if (info?.dynamicStart) return undefined;
  let p = word;
  if (p === "~" || p.startsWith("~/")) p = home + p.slice(1);
  if (!p.startsWith("/")) {
    if (!cwd) return undefined;
    p = `${cwd.replace(/\/+$/, "")}/${p}`;
  }
  return p.replace(/\/{2,}/g, "/");
}

/** The git configuration a git command (or the environment it runs with) sets for this one run. */
function gitOneOffConfig(cmd: SimpleCommand, exported: Record<string, string>): string | undefined {
  const env = { ...exported, ...cmd.assignments };
  for (const [k, v] of Object.entries(env)) {
    if (!GIT_CONFIG_ENV.test(k)) continue;
    if (/^GIT_CONFIG_KEY_\d+$/.test(k) && !RISKY_GIT_CONFIG.test(v)) continue;
    if (/^GIT_CONFIG_(?:COUNT|VALUE_\d+|NOSYSTEM)$/.test(k)) continue;
    if (k === "GIT_CONFIG_PARAMETERS" && !/[^=]/.test(v)) continue;
    return `${k}=${v}`;
  }
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i]!;
    if (!a.startsWith("-")) break; // the subcommand: its own options are not git's
    let pair: string | undefined;
    if (a === "-c" || a === "--config-env") pair = cmd.args[++i];
    else if (a.startsWith("--config-env=")) pair = a.slice(13);
    else if (/^-c./.test(a)) pair = a.slice(2);
    else if (a === "-C" || a === "--git-dir" || a === "--work-tree" || a === "--namespace") i++;
    if (pair === undefined) continue;
    const key = pair.split("=")[0]!.trim();
    // A command-valued key (a pager, an alias, …) is judged by its command, which the analysis walks.
    if (commandValued(key, pair.slice(pair.indexOf("=") + 1)) && a === "-c" && !cmd.wordInfo[i + 1]?.dynamic) continue;
    if (RISKY_GIT_CONFIG.test(key) || cmd.wordInfo[i + 1]?.dynamicStart)
      return a.startsWith("--config-env") ? `git --config-env ${pair}` : `git -c ${pair}`;
  }
  return undefined;
}

export function shellWrittenPaths(call: ToolCall): WrittenPath[] {
  const analysis = shellOf(call);
  if (!analysis) return [];
  const home = userHome();
  const out: WrittenPath[] = [];
  // Variables exported earlier in the command line reach every later git (`export GIT_CONFIG_GLOBAL=…`).
  const exported: Record<string, string> = {};
  for (const cmd of analysis.commands) {
    // `ssh host 'cat >> ~/.ssh/authorized_keys'` writes on the other machine, not this one.
    if (cmd.remote) continue;
    // Undefined after a cd staso could not follow: relative words then have no known place.
    const cwd = cmd.cwd;
    const infoAt = (argIndex: number): WordInfo | undefined => {
      const i = cmd.wordInfo[argIndex + 1];
      return i && (i.dynamic || i.glob) ? i : undefined;
    };
    const push = (w: Omit<WrittenPath, "path" | "command">) => {
      if (!w.word && !w.info?.dynamic) return;
      if (/^\/dev\/(?:null|stdout|stderr|tty|fd\/\d+)$/.test(w.word) || /^&?\d+$/.test(w.word)) return;
      const path = place(w.word, w.info, cwd, home);
      out.push({ ...w, ...(path !== undefined ? { path } : {}), command: cmd, ...(cwd ? { cwd } : {}) });
    };
    const add = (word: string, verb: string, op: PathOp, info?: WordInfo) =>
      push({ word, verb, op, ...(info ? { info } : {}) });

    if (cmd.program === "export" || cmd.program === "declare" || cmd.program === "typeset")
      for (const a of cmd.args) {
        const eq = a.indexOf("=");
        if (eq > 0) exported[a.slice(0, eq)] = a.slice(eq + 1);
      }
    if (cmd.argv.length === 0) Object.assign(exported, cmd.assignments);

    for (const r of cmd.redirects) if (WRITE_REDIRECTS.has(r.op)) add(r.target, "write", "write", r.info);
    const p = cmd.program;
    const ops = operands(cmd.args, p === "patch" ? PATCH_VALUE_OPTIONS : COPIERS.has(p) ? COPY_VALUE_OPTIONS : []);
    const spec = OPERANDS_WRITTEN[p];
    if (spec) for (const o of ops) add(o.word, spec[0], spec[1], infoAt(o.index));
    if (FIRST_NOT_PATH[p]) {
      const inPlace = p === "sed" || p === "perl" ? cmd.args.some((a) => /^-[a-zA-Z]*i|^--in-place/.test(a)) : true;
      if (inPlace) for (const o of ops.slice(1)) add(o.word, FIRST_NOT_PATH[p]!, "write", infoAt(o.index));
    }
    if (COPIERS.has(p)) copies(cmd, ops, infoAt, push);
    if (p === "patch") {
      // patch FILE [PATCHFILE]: FILE is rewritten (without it, the files named in the diff: unknown).
      if (ops[0]) add(ops[0].word, "patch", "write", infoAt(ops[0].index));
      const o = optionValue(cmd.args, ["-o", "--output"]);
      if (o) add(o, "write", "write");
    }
    const tarExtracts =
      /^-?[a-zA-Z]*x[a-zA-Z]*$/.test(cmd.args[0] ?? "") ||
      cmd.args.some((a) => /^-[a-zA-Z]*x[a-zA-Z]*$/.test(a) || a === "--extract" || a === "--get");
    if (p === "tar" && tarExtracts) {
      const dir = optionValue(cmd.args, ["-C", "--directory"]);
      push({ word: dir ?? ".", verb: "unpack into", op: "write", into: true });
    }
    if (p === "unzip" || p === "7z" || p === "7za") {
      const d = p === "unzip" ? optionValue(cmd.args, ["-d"]) : cmd.args.find((a) => a.startsWith("-o"))?.slice(2);
      if (p === "unzip" || cmd.args[0] === "x" || cmd.args[0] === "e")
        push({ word: d || ".", verb: "unpack into", op: "write", into: true });
    }
    if (p === "dd") for (const a of cmd.args) if (a.startsWith("of=")) add(a.slice(3), "write", "write");
    // sed's w/W commands and s///w flag write a file the script names, with or without -i.
    if (p === "sed" || p === "gsed")
      for (const script of sedScripts(cmd.args))
        for (const e of sedEffects(script)) if (e.kind === "write") add(e.text, "write", "write");
    if (p === "curl" || p === "wget") {
      cmd.args.forEach((a, i) => {
        if (a === "-o" || a === "--output" || (p === "wget" && a === "-O"))
          add(cmd.args[i + 1] ?? "", "write", "write", infoAt(i + 1));
        else if (a.startsWith("--output=") || a.startsWith("--output-document="))
          add(a.slice(a.indexOf("=") + 1), "write", "write");
      });
    }
    if (p === "git") {
      const oneOff = gitOneOffConfig(cmd, exported);
      if (oneOff)
        out.push({
          word: oneOff,
          path: normalizePath(`${cwd ?? "/"}/.git/config`),
          verb: "configure",
          op: "write",
          command: cmd,
        });
      if (cmd.args.includes("config")) gitConfigWrite(cmd, cwd, home, out);
    }
  }
  return out;
}

/** cp, mv, install, rsync, scp and ln: what each writes, moves away and links. */
function copies(
  cmd: SimpleCommand,
  ops: { word: string; index: number }[],
  infoAt: (i: number) => WordInfo | undefined,
  push: (w: Omit<WrittenPath, "path" | "command">) => void,
): void {
  const p = cmd.program;
  const remote = (w: string) => w.replace(/^[^@/:]+@[^:]+:.*$/, "");
  const targetDir = optionValue(cmd.args, ["-t", "--target-directory"]);
  const linking = p === "ln" || (p === "cp" && hasOption(cmd.args, "ls", ["--link", "--symbolic-link"]));
  const symbolic = hasOption(cmd.args, "s", p === "ln" ? ["--symbolic"] : ["--symbolic-link"]);
  let sources = ops;
  let dest: { word: string; index: number } | undefined;
  if (targetDir !== undefined) dest = { word: targetDir, index: cmd.args.indexOf(targetDir) };
  else if (ops.length >= 2) {
    dest = ops[ops.length - 1]!;
    sources = ops.slice(0, -1);
  } else if (p === "ln" && ops.length === 1) dest = { word: ".", index: -1 }; // `ln -s T`: ./<name of T>
  if (!dest) return;
  const destWord = remote(dest.word);
  if (!destWord) return;
  const destInfo = infoAt(dest.index);
  const verb = p === "mv" ? "move over" : p === "ln" ? "link" : "write";
  const info = (i: WordInfo | undefined) => (i ? { info: i } : {});
  // The destination itself is replaced when it is a file or a link (or mv -T, ln -sfn), else filled.
  const makesLink = linking && symbolic && sources.length === 1 && targetDir === undefined;
  if (linking)
    for (const src of sources)
      push({ word: src.word, verb: "link to", op: "link-source", hardLink: !symbolic, ...info(infoAt(src.index)) });
  push({
    word: destWord,
    verb,
    op: "replace",
    ...info(destInfo),
    ...(makesLink ? { linksTo: sources[0]!.word } : {}),
  });
  for (const src of sources) {
    const srcInfo = infoAt(src.index);
    if (p === "mv") push({ word: src.word, verb: "move", op: "remove", ...info(srcInfo) });
    if (p === "rsync" && src.word.endsWith("/")) {
      push({ word: destWord, verb: "sync into", op: "write", into: true });
      continue;
    }
    // `cp -r /tmp/hooks .git/` writes .git/hooks: the destination as a folder, each source by its name.
    const name = src.word.replace(/\/+$/, "").split("/").pop();
    if (!name || name === "." || name === ".." || srcInfo?.dynamic) continue;
    push({ word: `${destWord.replace(/\/+$/, "")}/${name}`, verb, op: "replace", ...info(destInfo) });
  }
}

/**
 * A key whose value is a command the shell analysis walks (a pager, an editor, a git alias): judged by
 * that command. A shell alias (`!…`) stays a write of code into git's configuration, and so does
 * core.sshCommand unless it is plain ssh (its options can hide commands of their own).
 */
const commandValued = (key: string, value: string) =>
  /^core\.sshcommand$/i.test(key)
    ? plainSsh(value)
    : GIT_COMMAND_KEYS.test(key) &&
      !(/^alias\./i.test(key) && value.trim().startsWith("!")) &&
      !(/^credential\./i.test(key) && value.trim().startsWith("!") && !knownHelper(value)) &&
      !runsScript(value);

/**
 * A credential helper given as a shell command (`!gh auth git-credential`, `!aws codecommit
 * credential-helper $@`): a known credential tool run plainly. Anything else is handed the user's
 * credentials on stdin (`!f() { cat >> /tmp/c; }; f`, `!curl -d @- …`): code written into git's config.
 */
function knownHelper(value: string): boolean {
  const v = value.trim().slice(1).trim();
  if (/[;|&`<>]|\$\(|\$\{/.test(v.replace(/\$@/g, ""))) return false;
  const program = (v.split(/\s+/)[0] ?? "").split("/").pop() ?? "";
  return /^(?:gh|glab|tea|aws|gcloud|az|op|bw|pass|git|git-credential-[\w-]+|docker-credential-[\w-]+|gcm|git-credential-manager)$/.test(
    program,
  );
}

/** Folders of installed programs: an editor or pager named by its full path there is that program. */
const PROGRAM_DIRS =
  /^(?:\/usr\/|\/s?bin\/|\/opt\/|\/snap\/bin\/|\/nix\/|\/Applications\/|~\/(?:\.local\/)?bin\/|\$HOME\/(?:\.local\/)?bin\/|[A-Za-z]:[\\/])/;

/**
 * A command whose program is a script named by its path (`./.git/fsm.sh`, `/tmp/d.sh`, `~/.cache/x`), not
 * an installed program: git runs whatever that file holds on every later status, diff or checkout, and
 * the file can change after this call. That is code written into git's configuration, not a command.
 */
function runsScript(value: string): boolean {
  const first = /^\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(value.replace(/^\s*!/, ""));
  const program = first?.[1] ?? first?.[2] ?? first?.[3] ?? "";
  const home = userHome();
  const inHomeBin = home !== "" && (program.startsWith(`${home}/bin/`) || program.startsWith(`${home}/.local/bin/`));
  return program.includes("/") && !PROGRAM_DIRS.test(program) && !inHomeBin;
}

const SSH_RUNS = /proxycommand|localcommand|permitlocalcommand|knownhostscommand|match/i;

/**
 * core.sshCommand set to plain ssh with a key and options (`ssh -i ~/.ssh/deploy_key -o IdentitiesOnly=yes`):
 * it runs ssh, nothing else. Options that run commands of their own (ProxyCommand, LocalCommand,
 * KnownHostsCommand, Match exec), shell syntax, or another program keep it a write of code.
 */
function plainSsh(value: string): boolean {
  const words = value.trim().split(/\s+/);
  if (!/^(?:\/usr\/bin\/)?ssh$/.test(words[0] ?? "")) return false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (/[;|&`$(<>]/.test(w)) return false;
    if (/^-[46AaCfGgKkMNnqsTtVvXxYy]+$/.test(w)) continue;
    if (/^-[iFlpJcmo]$/.test(w)) {
      const v = words[++i] ?? "";
      if (/[;|&`$(<>]/.test(v) || (w === "-o" && SSH_RUNS.test(v))) return false;
      continue;
    }
    if (/^-o/.test(w) && !SSH_RUNS.test(w)) continue;
    return false;
  }
  return true;
}

/**
 * `git config core.hooksPath .githooks` (husky, lefthook, a team's `.githooks`): this repository's own
 * configuration pointed at a versioned folder of the same repository, whose hooks are project files the
 * agent could edit anyway and the user sees in the diff. Another scope (--global, -f), a folder outside
 * the work tree (/tmp/h, ~/x, ../x) or inside .git keeps it a write of code into git's configuration.
 */
function repositoryHooks(key: string, value: string, rest: string[]): boolean {
  if (!/^core\.hookspath$/i.test(key)) return false;
  if (rest.some((a) => /^--(?:global|system|file|blob)|^-f$/.test(a))) return false;
  const parts = value.replace(/^\.\//, "").replace(/\/+$/, "").split("/");
  return (
    /^[\w.@+-][\w./@+-]*$/.test(value) &&
    !parts.some((p) => p === ".." || p === "." || p === "") &&
    !/^\.git$/i.test(parts[0]!)
  );
}

/** git config's options whose value is the next word. */
const CONFIG_VALUE_OPTIONS = new Set(["-f", "--file", "--blob", "--type", "--default", "--comment", "--value"]);

/** `git config KEY VALUE` of a key that runs programs: a write of the config file it goes to. */
function gitConfigWrite(cmd: SimpleCommand, cwd: string | undefined, home: string, out: WrittenPath[]): void {
  const i = cmd.args.indexOf("config");
  const rest = cmd.args.slice(i + 1);
  const reading =
    rest.some((a) => /^--(?:get|get-all|get-regexp|list|show-origin|show-scope)$|^-l$/.test(a)) ||
    rest[0] === "get" ||
    rest[0] === "list";
  // The operands, without options and the values of the options that take one (`-f FILE` names a file).
  const words = rest.filter(
    (a, j) => !a.startsWith("-") && a !== "set" && !CONFIG_VALUE_OPTIONS.has(rest[j - 1] ?? ""),
  );
  const key = words[0];
  if (reading || !key || !RISKY_GIT_CONFIG.test(key)) return;
  // A command-valued key (a pager, an alias, …) is judged by its command, which the analysis walks.
  if (words.length >= 2 && commandValued(key, words.slice(1).join(" ")) && !cmd.dynamic) return;
  if (words.length === 2 && repositoryHooks(key, words[1]!, rest) && !cmd.dynamic) return;
  if (words.length < 2 && !rest.includes("--unset") && !rest.includes("unset")) return;
  // -f FILE writes that file (risky only if it is a config git reads: the path decides).
  const file = optionValue(rest, ["-f", "--file"]);
  const scope =
    file ?? (rest.includes("--global") ? "~/.gitconfig" : rest.includes("--system") ? "/etc/gitconfig" : ".git/config");
  const path = place(scope, undefined, cwd, home);
  out.push({ word: `${scope} (${key})`, ...(path ? { path } : {}), verb: "configure", op: "write", command: cmd });
}
