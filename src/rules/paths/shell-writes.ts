// The paths a shell command would create, change, move or delete.
import type { ToolCall } from "../../engine/types.js";
import { shellOf, userHome, type SimpleCommand } from "../../analysis/shell/index.js";
import { operands as commandOperands, optionValue } from "../../analysis/shell/commands.js";
import { resolvePath } from "../../analysis/secrets/index.js";

export interface WrittenPath {
  word: string;
  path: string;
  /** What is done to it: "write", "delete", "move", "change permissions of", "configure", "unpack into". */
  verb: string;
  command: SimpleCommand;
  /**
   * The path is a directory the command fills with content it does not name (an archive unpacked there,
   * a folder synced into it): what lands inside is unknown, so any protected file under it may be hit.
   */
  into?: boolean;
}

const WRITE_REDIRECTS = new Set([">", ">>", ">|", "&>", "&>>", "<>"]);
const OPERANDS_WRITTEN: Record<string, string> = {
  rm: "delete",
  unlink: "delete",
  shred: "delete",
  rmdir: "delete",
  truncate: "write",
  touch: "write",
  tee: "write",
  chattr: "change attributes of",
  setfacl: "change permissions of",
  mkfifo: "write",
  sponge: "write",
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
/** Copiers: with a directory destination, each source lands at DEST/<its name>. */
const COPIERS = new Set(["cp", "mv", "install", "rsync", "scp"]);
/** Programs whose first operand is not a path (mode, owner, script). */
const FIRST_NOT_PATH: Record<string, string> = {
  chmod: "change permissions of",
  chown: "change the owner of",
  chgrp: "change the group of",
  sed: "write",
  perl: "write",
};
const DEST_LAST: Record<string, string> = { cp: "write", install: "write", ln: "write", rsync: "write", scp: "write" };
const RISKY_GIT_CONFIG =
  /^(?:core\.(?:hookspath|fsmonitor|sshcommand|pager|editor|askpass|gitproxy|attributesfile|excludesfile)|alias\..+|credential\..*helper|filter\..+\.(?:clean|smudge|process)|diff\..+\.(?:textconv|command)|merge\..+\.driver|include\.path|includeif\..+|sequence\.editor|gpg\.program|uploadpack\.packobjectshook|protocol\..+\.allow)$/i;

function operands(args: string[]): string[] {
  const out: string[] = [];
  let end = false;
  for (const a of args) {
    if (!end && a === "--") {
      end = true;
      continue;
    }
    if (!end && a.startsWith("-") && a !== "-") continue;
    out.push(a);
  }
  return out.filter((a) => a !== "");
}

export function shellWrittenPaths(call: ToolCall): WrittenPath[] {
  const analysis = shellOf(call);
  if (!analysis) return [];
  const home = userHome();
  const out: WrittenPath[] = [];
  for (const cmd of analysis.commands) {
    // `ssh host 'cat >> ~/.ssh/authorized_keys'` writes on the other machine, not this one.
    if (cmd.remote) continue;
    const cwd = cmd.cwd ?? call.session.cwd;
    const add = (word: string, verb: string) => {
      if (!word || /^\/dev\/(?:null|stdout|stderr|tty|fd\/\d+)$/.test(word) || /^&?\d+$/.test(word)) return;
      out.push({ word, path: resolvePath(word, cwd, home), verb, command: cmd });
    };
    const addInto = (word: string, verb: string) => {
      if (word) out.push({ word, path: resolvePath(word, cwd, home), verb, command: cmd, into: true });
    };
    for (const r of cmd.redirects) if (WRITE_REDIRECTS.has(r.op)) add(r.target, "write");
    const p = cmd.program;
    const ops = operands(cmd.args);
    if (OPERANDS_WRITTEN[p]) for (const o of ops) add(o, OPERANDS_WRITTEN[p]!);
    if (p === "mv") for (const o of ops) add(o, "move");
    if (DEST_LAST[p]) {
      const t = cmd.args.findIndex((a) => a === "-t" || a === "--target-directory");
      const tEq = cmd.args.find((a) => a.startsWith("--target-directory="));
      if (t >= 0 && cmd.args[t + 1]) add(cmd.args[t + 1]!, "write");
      else if (tEq) add(tEq.slice(tEq.indexOf("=") + 1), "write");
      else if (ops.length >= 2 || (p === "ln" && ops.length === 1))
        add(ops[ops.length - 1]!.replace(/^[^@/:]+@[^:]+:.*$/, ""), "write");
    }
    if (FIRST_NOT_PATH[p]) {
      const inPlace = p === "sed" || p === "perl" ? cmd.args.some((a) => /^-[a-zA-Z]*i|^--in-place/.test(a)) : true;
      if (inPlace) for (const o of ops.slice(1)) add(o, FIRST_NOT_PATH[p]!);
    }
    if (COPIERS.has(p) && !cmd.args.some((a) => a === "-t" || a.startsWith("--target-directory")) && ops.length >= 2) {
      // `cp -r /tmp/hooks .git/` writes .git/hooks: the destination as a folder, each source by its name
      // (rsync's "src/" copies the contents: into the folder itself).
      const dest = ops[ops.length - 1]!.replace(/^[^@/:]+@[^:]+:.*$/, "");
      for (const src of ops.slice(0, -1)) {
        if (p === "rsync" && src.endsWith("/")) addInto(dest, "sync into");
        else {
          const name = src.replace(/\/+$/, "").split("/").pop();
          if (name && name !== "." && name !== ".." && dest)
            add(`${dest.replace(/\/+$/, "")}/${name}`, p === "mv" ? "move" : "write");
        }
      }
    }
    if (p === "patch") {
      // patch FILE [PATCHFILE]: FILE is rewritten (without it, the files named in the diff: unknown).
      const patched = commandOperands(cmd.args, PATCH_VALUE_OPTIONS);
      if (patched[0]) add(patched[0].word, "patch");
      const o = optionValue(cmd.args, ["-o", "--output"]);
      if (o) add(o, "write");
    }
    const tarExtracts =
      /^-?[a-zA-Z]*x[a-zA-Z]*$/.test(cmd.args[0] ?? "") ||
      cmd.args.some((a) => /^-[a-zA-Z]*x[a-zA-Z]*$/.test(a) || a === "--extract" || a === "--get");
    if (p === "tar" && tarExtracts) {
      const dir = optionValue(cmd.args, ["-C", "--directory"]);
      addInto(dir ?? ".", "unpack into");
    }
    if (p === "unzip" || p === "7z" || p === "7za") {
      const d = p === "unzip" ? optionValue(cmd.args, ["-d"]) : cmd.args.find((a) => a.startsWith("-o"))?.slice(2);
      if (p === "unzip" || cmd.args[0] === "x" || cmd.args[0] === "e") addInto(d || ".", "unpack into");
    }
    if (p === "dd") for (const a of cmd.args) if (a.startsWith("of=")) add(a.slice(3), "write");
    if (p === "curl" || p === "wget") {
      cmd.args.forEach((a, i) => {
        if (a === "-o" || a === "--output" || (p === "wget" && a === "-O")) add(cmd.args[i + 1] ?? "", "write");
        else if (a.startsWith("--output=") || a.startsWith("--output-document="))
          add(a.slice(a.indexOf("=") + 1), "write");
      });
    }
    if (p === "git" && cmd.args.includes("config")) {
      const i = cmd.args.indexOf("config");
      const rest = cmd.args.slice(i + 1);
      const reading =
        rest.some((a) => /^--(?:get|get-all|get-regexp|list|show-origin|show-scope)$|^-l$/.test(a)) ||
        rest[0] === "get" ||
        rest[0] === "list";
      const key = rest.filter((a) => !a.startsWith("-") && a !== "set")[0];
      const values = rest.filter((a) => !a.startsWith("-") && a !== "set").length;
      if (
        !reading &&
        key &&
        RISKY_GIT_CONFIG.test(key) &&
        (values >= 2 || rest.includes("--unset") || rest.includes("unset"))
      ) {
        const scope = rest.includes("--global")
          ? "~/.gitconfig"
          : rest.includes("--system")
            ? "/etc/gitconfig"
            : ".git/config";
        out.push({
          word: `${scope} (${key})`,
          path: resolvePath(scope === ".git/config" ? ".git/config" : scope, cwd, home),
          verb: "configure",
          command: cmd,
        });
      }
    }
  }
  return out;
}
