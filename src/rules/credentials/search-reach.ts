// Credentials found by searching rather than named: a recursive grep/rg/ag/ack/git grep over a folder that
// holds credential files (/, /etc, the home folder or above, a credential folder) printing what matches a
// secret's shape or everything; find/fd/locate selecting key or credential files and handing them to a
// reader (-exec cat, -x cat, | xargs cat). Searching the project, or home for an ordinary word, stays allowed.
import { defineRule } from "../../engine/rule.js";
import { shellOf, userHome } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { resolvePathWord } from "../../analysis/shell/paths.js";
import {
  credentialDirKind,
  credentialParentKind,
  credentialPathKind,
  holdsCredentials,
  MATCH_ALL,
  SECRET_PATTERN,
} from "../../analysis/secrets/index.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";

/** Names find/fd select that are credential files. */
const CREDENTIAL_NAME =
  /\*\.(?:pem|key|p12|pfx|jks|kdbx|asc)|\bid_|\.env|credentials|\.netrc|\.npmrc|\.pgpass|\.ssh|\.aws|\.gnupg|secret|token|\.git-credentials|\*\.json/i;
const READERS =
  /^(?:cat|head|tail|less|more|bat|batcat|strings|xxd|od|hexdump|base64|base32|grep|egrep|rg|awk|sed|nl|tac|cp|tar|zip|curl|nc)$/;
const SEARCHERS = new Set(["grep", "egrep", "fgrep", "rgrep", "rg", "ag", "ack", "ack-grep", "pt", "ugrep", "git"]);

function searchOf(
  cmd: SimpleCommand,
): { pattern: string; roots: string[]; listOnly: boolean; hidden: boolean } | undefined {
  const p = cmd.program;
  let a = cmd.args;
  if (!SEARCHERS.has(p)) return undefined;
  if (p === "git") {
    if (a[0] !== "grep" || !a.includes("--no-index")) return undefined;
    a = a.slice(1);
  }
  const recursive =
    p !== "grep" && p !== "egrep" && p !== "fgrep"
      ? true
      : a.some((x) => /^-[a-zA-Z]*[rR]/.test(x) || x === "--recursive" || x === "--dereference-recursive");
  if (!recursive) return undefined;
  const ops: string[] = [];
  let pattern: string | undefined;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (x === "-e" || x === "--regexp") {
      pattern = a[++i] ?? "";
      continue;
    }
    if (
      /^--(?:type-set|glob|include|exclude|type|max-count|context|after-context|before-context)$/.test(x) ||
      /^-[ABCmgt]$/.test(x)
    ) {
      i++;
      continue;
    }
    if (x.startsWith("-")) continue;
    ops.push(x);
  }
  if (pattern === undefined) pattern = ops.shift() ?? "";
  const listOnly = a.some(
    (x) => /^-[a-zA-Z]*[lLcq]/.test(x) || /^--(?:files-with-matches|count|quiet|files-without-match)$/.test(x),
  );
  const hidden = a.some((x) => /^-u+$|^--hidden$|^--no-ignore|^-[a-zA-Z]*u/.test(x) && p !== "grep");
  return { pattern, roots: ops.length ? ops : ["."], listOnly, hidden };
}

/** Programs that print names (of files) for the next member of a pipeline to act on. */
const LISTERS = new Set([
  "ls",
  "find",
  "fd",
  "fdfind",
  "rg",
  "echo",
  "printf",
  "locate",
  "realpath",
  "readlink",
  "tree",
]);

/**
 * `ls ~/.ssh/id_* | xargs cat`, `rg --files ~/.ssh | xargs cat`, `echo ~/.netrc | xargs base64`: a reader run
 * by xargs on the names a listing printed, when the listing names credential files or folders.
 */
function listedToReader(
  commands: SimpleCommand[],
  place: (c: SimpleCommand, w: string) => string,
  home: string,
): { lister: SimpleCommand; reader: string; path: string } | undefined {
  for (const c of commands) {
    const viaXargs = c.wrappers.includes("xargs");
    if (!viaXargs && c.program !== "xargs") continue;
    const reader = viaXargs ? c.program : (c.args.find((a) => !a.startsWith("-")) ?? "echo");
    if (!READERS.test(reader)) continue;
    for (const l of commands) {
      if (l.pipeline.id !== c.pipeline.id || l.pipeline.index >= c.pipeline.index || !LISTERS.has(l.program)) continue;
      for (const w of l.args) {
        if (w.startsWith("-")) continue;
        const path = place(l, w);
        if (credentialPathKind(path, home) ?? credentialDirKind(path, home) ?? credentialParentKind(path, home))
          return { lister: l, reader, path };
      }
    }
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: "credentials/search-reach",
    description:
      "Blocks recursive searches of folders that hold credentials (/, /etc, the home folder, credential folders) for secret-shaped patterns or every line, and find/fd/locate handing key or credential files to a reader.",
    defaultAction: "block",
    kinds: ["shell"],
    examples: () => ({
      block: [
        { shell: "grep -rn 'AKIA' ~ 2>/dev/null" },
        { shell: "rg -uu 'BEGIN .*PRIVATE KEY' ~" },
        { shell: "git grep --no-index '.' ~" },
        { shell: "find / -name '*.pem' -exec cat {} +" },
        { shell: "grep -rIl 'token' /etc | xargs cat" },
        { shell: "fd -H -t f 'id_' ~ -x cat" },
        { shell: "grep -rl aws_secret_access_key ~" },
        { shell: "rg -n . ~/.docker" },
        { shell: "ls ~/.ssh/id_* | xargs cat" },
        { shell: "rg --files ~/.kube | xargs head" },
      ],
      allow: [
        { shell: "grep -rn 'TODO' src/" },
        { shell: "rg 'useAuth' ." },
        { shell: "grep -rl 'api_key' src/ config/" },
        { shell: "find . -name '*.pem' -newer package.json" },
        { shell: "find ~ -maxdepth 2 -name '*.md' -exec head -1 {} +" },
        { shell: "grep -rl deprecated ~" },
        { shell: "ls src/*.ts | xargs cat" },
        { shell: "ls ~/.ssh/*.pub | xargs cat" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = userHome();
    const place = (cmd: SimpleCommand, w: string) => resolvePathWord(w, cmd.cwd ?? call.session.cwd, home);
    const fed = listedToReader(analysis.commands, (c, w) => place(c, w), home);
    if (fed)
      return {
        reason: `${describe(fed.lister)} names ${fed.path} and hands it to ${fed.reader}, which prints the credential files there. Ask the user for what you need instead.`,
      };
    for (const cmd of analysis.commands) {
      if (cmd.remote) continue;
      const s = searchOf(cmd);
      if (s) {
        const root = s.roots.map((r) => place(cmd, r)).find((r) => holdsCredentials(r, home));
        if (!root) continue;
        const secretish =
          SECRET_PATTERN.test(s.pattern) ||
          MATCH_ALL.test(s.pattern) ||
          s.hidden ||
          !!(credentialDirKind(root, home) ?? credentialParentKind(root, home));
        const piped =
          s.listOnly &&
          analysis.commands.some(
            (c) => c.pipeline.id === cmd.pipeline.id && c.wrappers.includes("xargs") && READERS.test(c.program),
          );
        // Listing the files that hold a secret's shape is hunting for them, as printing them is.
        if (secretish && (!s.listOnly || piped || SECRET_PATTERN.test(s.pattern)))
          return {
            reason: `${describe(cmd)} searches ${root}, where credential files live (SSH keys, cloud and registry logins, .env files), and prints what it finds there. Search the project instead, or ask the user for what you need.`,
          };
        continue;
      }
      // find/fd/locate picking credential files, handed to a reader.
      if (
        cmd.program === "find" ||
        cmd.program === "fd" ||
        cmd.program === "fdfind" ||
        cmd.program === "locate" ||
        cmd.program === "mlocate"
      ) {
        const text = cmd.args.join(" ");
        const roots =
          cmd.program === "find"
            ? cmd.args
                .slice(
                  0,
                  Math.max(
                    0,
                    cmd.args.findIndex((x) => x.startsWith("-")),
                  ),
                )
                .concat(cmd.args.findIndex((x) => x.startsWith("-")) < 0 ? cmd.args : [])
            : cmd.program === "fd" || cmd.program === "fdfind"
              ? cmd.args.filter(
                  (x, i) =>
                    !x.startsWith("-") &&
                    i > 0 &&
                    !/^-[tex]$/.test(cmd.args[i - 1] ?? "") &&
                    cmd.args.findIndex((y) => !y.startsWith("-")) !== i,
                )
              : ["/"];
        const reach =
          roots.length === 0 ? [] : roots.map((r) => place(cmd, r)).filter((r) => holdsCredentials(r, home));
        // Only public keys and host lists selected (`find ~/.ssh -name '*.pub'`): nothing secret is printed.
        const names = cmd.args.filter((_, i) => /^-i?name$/.test(cmd.args[i - 1] ?? ""));
        if (names.length > 0 && names.every((n) => /\.pub$|^known_hosts\*?$/.test(n))) continue;
        // What it selects is credential files by name, or anything inside a credential folder.
        if (
          !reach.length ||
          !(
            CREDENTIAL_NAME.test(text) || reach.some((r) => credentialDirKind(r, home) ?? credentialParentKind(r, home))
          )
        )
          continue;
        const execReader = cmd.args.some(
          (x, i) => /^-(?:exec|execdir|ok|x|-exec|X|-exec-batch)$/.test(x) && READERS.test(cmd.args[i + 1] ?? ""),
        );
        const xargsReader = analysis.commands.some(
          (c) =>
            c.pipeline.id === cmd.pipeline.id &&
            c !== cmd &&
            (c.wrappers.includes("xargs") || c.program === "xargs") &&
            READERS.test(c.program === "xargs" ? (c.args.find((y) => !y.startsWith("-")) ?? "") : c.program),
        );
        if (execReader || xargsReader)
          return {
            reason: `${describe(cmd)} collects key and credential files under ${reach[0]} and prints them. Ask the user for what you need instead.`,
          };
      }
    }
    return null;
  },
});
