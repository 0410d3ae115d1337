// Every network target a call would reach: the fetched URL, URLs and host operands in shell commands
// (curl, wget, nc, ssh, …, bash's /dev/tcp), and URL/host-like values in MCP arguments.
import type { ToolCall } from "../../engine/types.js";
import { shellOf, type SimpleCommand } from "../../analysis/shell/index.js";
import { findUrls, parseHostWord, parseUrlTarget, type NetTarget } from "../../analysis/net/index.js";

export interface CallTarget extends NetTarget {
  /** Where it was found: "url", "shell", "mcp". */
  via: "url" | "shell" | "mcp";
  /**
   * Reached by logging in (ssh, scp, sftp, rsync over ssh, mosh): the other end asks for a key or a
   * password, so a private address there is a machine the user administers, not a service that trusts
   * the local network.
   */
  login?: boolean;
}

const LOGINS = new Set(["ssh", "scp", "sftp", "rsync", "mosh"]);

/** Clients whose operands are hosts or URLs. */
const CLIENTS = new Set([
  "curl",
  "wget",
  "http",
  "https",
  "xh",
  "aria2c",
  "lynx",
  "w3m",
  "links",
  "elinks",
  "httpie",
  "curlie",
  "grpcurl",
  "websocat",
  "wscat",
  "nc",
  "ncat",
  "netcat",
  "telnet",
  "ssh",
  "scp",
  "sftp",
  "rsync",
  "ftp",
  "lftp",
  "socat",
  "openssl",
  "mosh",
  "redis-cli",
  "psql",
  "mysql",
  "mongosh",
  "mongo",
  "nmap",
  "ab",
  "hey",
  "wrk",
  "siege",
]);
/** httpie and its kin: after the URL come request items (headers, fields, query parameters). */
const HTTPIE = new Set(["http", "https", "xh", "xhs", "httpie", "curlie"]);
/** Options of those clients that take a value which is not a target (so the value is skipped). */
const VALUE_OPTIONS = new Set([
  "-H",
  "--header",
  "-d",
  "--data",
  "--data-raw",
  "--data-binary",
  "--data-urlencode",
  "-F",
  "--form",
  "-o",
  "--output",
  "-O",
  "-X",
  "--request",
  "-u",
  "--user",
  "-A",
  "--user-agent",
  "-e",
  "--referer",
  "-b",
  "--cookie",
  "-c",
  "--cookie-jar",
  "-w",
  "--write-out",
  "-m",
  "--max-time",
  "--connect-timeout",
  "-K",
  "--config",
  "-T",
  "--upload-file",
  "--cacert",
  "--cert",
  "--key",
  "-E",
  "-i",
  "-l",
  "-p",
  "-P",
  "-L",
  "-R",
  "-D",
  "-W",
  "-J",
  "-F",
  "-o",
  "-q",
  "-c",
  "-t",
  "-w",
  "-U",
  "--output-document",
  "--post-data",
  "--post-file",
  "--header",
  "--body-data",
  "--method",
  "-x",
  "--proxy",
  "--timeout",
  "-s",
  "--port",
  "-S",
  "-k",
  "--keepalive-time",
  "--retry",
  "--limit-rate",
  "--max-filesize",
]);
/** Flags that take no value (so the next word is an operand), for the short options above that are ambiguous per program. */
const FLAG_ONLY: Record<string, Set<string>> = {
  curl: new Set(["-s", "-S", "-k", "-L", "-i", "-I", "-v", "-f", "-O", "-J", "-q", "-N", "-G", "-l", "-R", "-g"]),
  wget: new Set(["-q", "-v", "-c", "-N", "-S", "-k", "-r", "-p", "-i", "-L", "-m"]),
  ssh: new Set([
    "-q",
    "-v",
    "-t",
    "-T",
    "-N",
    "-f",
    "-A",
    "-a",
    "-X",
    "-x",
    "-Y",
    "-C",
    "-g",
    "-k",
    "-K",
    "-n",
    "-s",
    "-4",
    "-6",
    "-G",
    "-M",
  ]),
};
/**
 * Database clients: their bare operands are database names, users and files (`psql -f migrations/001.sql`,
 * `mysql app_db`), never hosts. The server is named by a host option, a connection URI, or psql's
 * `host=…` connection string.
 */
const DB_HOST_OPTIONS: Record<string, string[]> = {
  psql: ["-h", "--host"],
  mysql: ["-h", "--host"],
  mongosh: ["--host"],
  mongo: ["--host"],
  "redis-cli": ["-h"],
};

function dbTargets(cmd: SimpleCommand, push: (t: NetTarget | undefined) => void): void {
  const hostOptions = DB_HOST_OPTIONS[cmd.program]!;
  // A single-label name (`psql -h db`) is a compose service or an alias: judged by its form like a bare
  // word elsewhere, so only names with a dot or a port, IP literals and localhost count.
  const host = (word: string) => {
    const t = parseHostWord(word);
    if (t && (t.ip || /[.:]/.test(word) || t.class !== "private")) push(t);
  };
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const long = hostOptions.find((o) => o.startsWith("--") && a.startsWith(`${o}=`));
    const short = hostOptions.find((o) => !o.startsWith("--") && a.startsWith(o) && a.length > o.length);
    if (hostOptions.includes(a) && args[i + 1] !== undefined) host(args[++i]!);
    else if (long) host(a.slice(long.length + 1));
    else if (short) host(a.slice(short.length));
    else if (a.includes("://")) {
      // postgres://u@db/app: a compose service, judged by its form like -h db.
      const t = parseUrlTarget(a);
      if (t && (t.ip || t.host.includes(".") || t.class !== "private")) push(t);
    } else for (const m of a.matchAll(/(?:^|\s)host(?:addr)?=([^\s]+)/g)) for (const h of m[1]!.split(",")) host(h);
  }
}

/** Programs that run a command inside a container or a cluster, and the subcommands that do. */
const CONTAINER_RUN =
  /^(?:(?:docker|podman|nerdctl)(?: compose| container)? (?:run|exec)|(?:docker|podman)-compose (?:run|exec)|(?:kubectl|oc) (?:run|exec|debug))\b/;

/**
 * A name a container's or a cluster's own DNS resolves: the command runs inside one (`kubectl run … --
 * wget http://api:8080`, `docker compose exec web curl http://db:5432`) and the host is a single label or
 * a Kubernetes service name (api.default.svc, *.svc.cluster.local). It names a service of that network,
 * not an address of the user's; IP literals are still judged.
 */
function clusterService(cmd: SimpleCommand, t: NetTarget): boolean {
  if (t.ip || t.class !== "private") return false;
  if (!/^[a-z0-9_-]+$/i.test(t.host) && !/\.svc(?:\.cluster\.local)?$/i.test(t.host)) return false;
  if (cmd.remote && cmd.wrappers.some((w) => /^(?:docker|podman|nerdctl|kubectl|oc)\b/.test(w))) return true;
  const sub = cmd.args.filter((a) => !a.startsWith("-")).slice(0, 2);
  return (
    CONTAINER_RUN.test([cmd.program, ...sub].join(" ")) || CONTAINER_RUN.test([cmd.program, sub[0] ?? ""].join(" "))
  );
}

function shellTargets(cmd: SimpleCommand, out: CallTarget[]): void {
  const p = cmd.program;
  const login = LOGINS.has(p);
  const push = (t: NetTarget | undefined) =>
    t && !clusterService(cmd, t) && out.push({ ...t, via: "shell", ...(login ? { login } : {}) });
  // bash's /dev/tcp/HOST/PORT and /dev/udp/HOST/PORT redirections.
  for (const r of cmd.redirects) {
    const m = /^\/dev\/(?:tcp|udp)\/([^/]+)\/(\d+)/.exec(r.target);
    if (m) push(parseHostWord(`${m[1]}:${m[2]}`));
  }
  if (!CLIENTS.has(p)) return;
  if (DB_HOST_OPTIONS[p]) {
    dbTargets(cmd, push);
    return;
  }
  const flagsOnly = FLAG_ONLY[p] ?? new Set<string>();
  const args = cmd.args;
  // httpie/xh take one URL; every word after it is a request item (`X-Debug:1` is a header, not host:port).
  let httpieUrlSeen = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a) continue;
    if (httpieUrlSeen && !a.startsWith("-")) continue;
    if (a.startsWith("-")) {
      // --resolve host:port:addr and --connect-to reroute a name: the address is a target too.
      if ((a === "--resolve" || a === "--connect-to") && args[i + 1]) {
        for (const part of args[i + 1]!.split(":").slice(2)) push(parseHostWord(part.replace(/^\[|\]$/g, "")));
        i++;
        continue;
      }
      if ((a === "-x" || a === "--proxy" || (a === "-J" && p === "ssh")) && args[i + 1]) {
        push(parseHostWord(args[i + 1]!));
        i++;
        continue;
      }
      if (p === "ssh" && (a === "-L" || a === "-R" || a === "-D") && args[i + 1]) {
        const m = /^(?:[^:]*:)?(?:\d+):(.+):(\d+)$/.exec(args[i + 1]!);
        const h = m?.[1]?.replace(/^\[|\]$/g, "");
        if (m && h) push(parseHostWord(h.includes(":") ? `[${h}]:${m[2]}` : `${h}:${m[2]}`));
        i++;
        continue;
      }
      if (a.startsWith("--") && a.includes("=")) continue;
      if (VALUE_OPTIONS.has(a) && !flagsOnly.has(a) && !(a.length > 2 && !a.startsWith("--"))) i++;
      // A cluster of short flags ending in one that takes a value (wget -qO FILE, curl -sSLo FILE).
      else if (
        !a.startsWith("--") &&
        a.length > 2 &&
        VALUE_OPTIONS.has(`-${a.at(-1)}`) &&
        !flagsOnly.has(`-${a.at(-1)}`)
      )
        i++;
      continue;
    }
    if (p === "openssl") continue; // handled by the -connect scan below
    if (p === "socat") {
      const m = /^(?:tcp|tcp4|tcp6|udp|udp4|udp6|ssl|openssl|tcp-connect|tcp4-connect|tcp6-connect):([^,]+)/i.exec(a);
      if (m) push(parseHostWord(m[1]!));
      continue;
    }
    if (p === "ssh" || p === "mosh") {
      // A single-label name is usually a Host alias from ~/.ssh/config: not judged by its form.
      const t = parseHostWord(a);
      if (t && (t.ip || t.host.includes(".") || t.class !== "private")) push(t);
      break; // the rest is the remote command
    }
    if (p === "scp" || p === "rsync") {
      if (/^[^/]*:/.test(a) || a.includes("://")) {
        const t = parseHostWord(a.replace(/:[^:]*$/, ""));
        if (t && (t.ip || t.host.includes(".") || t.class !== "private")) push(t);
      }
      continue;
    }
    const nc = p === "nc" || p === "ncat" || p === "netcat" || p === "telnet";
    if (nc && /^\d+$/.test(a)) continue; // a port
    // nc HOST PORT: the port is part of the target (it says which service is reached).
    if (nc && /^\d+$/.test(args[i + 1] ?? "") && !a.includes(":")) {
      const t = parseHostWord(`${a}:${args[i + 1]}`);
      if (t && (t.ip || /[.]/.test(a) || t.class !== "private")) push({ ...t, raw: a });
      continue;
    }
    // httpie/xh's shorthand for this machine: `:2375/info` is http://localhost:2375/info.
    if (HTTPIE.has(p) && /^:\d*(?:[/?#]|$)/.test(a)) {
      const t = parseUrlTarget(`http://localhost${a}`);
      if (t) push({ ...t, raw: a });
      httpieUrlSeen = true;
      continue;
    }
    // httpie/xh request items, not hosts: Header:value, field=value, field:=json, param==value, field@file.
    if (HTTPIE.has(p) && !a.includes("://") && /^[^\s:=@/]+(?:==|:=|=|@|:(?!\d+(?:[/?#]|$)))/.test(a)) continue;
    // httpie's optional METHOD comes before the URL.
    if (HTTPIE.has(p) && !httpieUrlSeen && /^(?:get|post|put|patch|delete|head|options|trace|connect)$/i.test(a))
      continue;
    if (HTTPIE.has(p)) httpieUrlSeen = true;
    const t = parseHostWord(a);
    // A bare word counts as a host only when it looks like one (a dot, a colon, an IP literal, localhost).
    if (t && (a.includes("://") || t.ip || /[.:]/.test(a) || t.class !== "private")) push(t);
  }
  if (p === "openssl") {
    const i = args.indexOf("-connect");
    if (i >= 0 && args[i + 1]) push(parseHostWord(args[i + 1]!));
  }
}

const FILE_URL = /^\s*file:/i;

/** MCP argument names that carry a network target. */
const TARGET_KEY =
  /(?:^|_|-)(?:url|uri|urls|endpoint|host|hostname|target|destination|address|addr|server|webhook|callback|link|href|domain|origin|proxy|base_?url|remote)$/i;

function mcpTargets(value: unknown, key: string | undefined, out: CallTarget[], depth = 0): void {
  if (depth > 12) return;
  if (typeof value === "string") {
    // A file: URL (file:/etc/passwd) names no host: it is judged as the file read (engine/mcp-views).
    if (key && TARGET_KEY.test(key) && !value.includes("://") && !FILE_URL.test(value)) {
      const t = parseHostWord(value);
      if (t) out.push({ ...t, via: "mcp" });
    }
    for (const u of findUrls(value)) {
      const t = parseUrlTarget(u);
      if (t) out.push({ ...t, via: "mcp" });
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) mcpTargets(v, key, out, depth + 1);
    return;
  }
  if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) mcpTargets(v, k, out, depth + 1);
}

/** Programs whose words are text to print, search for or compare, never something they fetch. */
const TEXT_ONLY = new Set([
  "echo",
  "printf",
  "grep",
  "egrep",
  "fgrep",
  "rg",
  "ag",
  "ack",
  "sed",
  "awk",
  "gawk",
  "mawk",
  "tr",
  "cut",
  "sort",
  "uniq",
  "wc",
  "diff",
  "cmp",
  "comm",
  "test",
  "[",
  "[[",
  "true",
  "false",
  ":",
  "expr",
  "basename",
  "dirname",
  "realpath",
  "readlink",
  "tee",
  "column",
  "fold",
  "fmt",
  "rev",
  "jq",
  "yq",
]);
/** git subcommands whose words are messages or patterns. */
const GIT_TEXT = new Set([
  "commit",
  "tag",
  "notes",
  "log",
  "grep",
  "show",
  "diff",
  "blame",
  "stash",
  "config",
  "remote",
]);

/** The words of a command that may hold a URL it would reach. */
function urlTexts(cmd: SimpleCommand): string[] {
  const assignments = Object.values(cmd.assignments);
  if (
    TEXT_ONLY.has(cmd.program) ||
    DB_HOST_OPTIONS[cmd.program] || // their hosts and URIs are judged by dbTargets
    (cmd.program === "git" && GIT_TEXT.has(cmd.args.find((a) => !a.startsWith("-")) ?? ""))
  )
    return assignments;
  return [
    ...assignments,
    ...cmd.argv,
    ...(cmd.stdin?.kind === "heredoc" || cmd.stdin?.kind === "herestring" || cmd.stdin?.kind === "pipe"
      ? [cmd.stdin.text ?? ""]
      : []),
  ];
}

/** The network targets one shell command reaches: its host operands and the URLs in its words. */
export function commandTargets(cmd: SimpleCommand): CallTarget[] {
  const out: CallTarget[] = [];
  shellTargets(cmd, out);
  for (const text of urlTexts(cmd)) {
    for (const u of findUrls(text)) {
      const t = parseUrlTarget(u);
      if (t && !out.some((o) => o.host === t.host && o.port === t.port && o.scheme === t.scheme))
        out.push({ ...t, via: "shell" });
    }
  }
  return out;
}

const cache = new WeakMap<ToolCall, CallTarget[]>();

/** The call's network targets, computed once per call. */
export function callTargets(call: ToolCall): CallTarget[] {
  const hit = cache.get(call);
  if (hit) return hit;
  const out: CallTarget[] = [];
  for (const u of call.urls) {
    if (FILE_URL.test(u)) continue;
    const t = parseUrlTarget(u) ?? parseHostWord(u);
    if (t) out.push({ ...t, via: "url" });
  }
  if (call.kind === "shell" && call.shell) {
    const analysis = shellOf(call);
    for (const cmd of analysis?.commands ?? []) shellTargets(cmd, out);
    // URLs in any other command's words (inline code: python -c "urlopen('http://…')", heredocs fed to
    // an interpreter, VAR=url assignments), but not in text a command only prints, searches for or
    // records (`echo 'see http://x' >> notes.md`, `git commit -m "…"`): text piped on to a shell is
    // analysed as the commands it holds. Without an analysis, the whole command line is scanned.
    const seen = new Set(out.map((t) => t.raw));
    const texts = analysis
      ? analysis.commands.flatMap((cmd) => urlTexts(cmd).map((text) => ({ text, cmd })))
      : [{ text: call.shell.command, cmd: undefined }];
    for (const { text, cmd } of texts) {
      for (const u of findUrls(text)) {
        if (seen.has(u)) continue;
        const t = parseUrlTarget(u);
        if (t && cmd && clusterService(cmd, t)) continue;
        if (t && !out.some((o) => o.host === t.host && o.port === t.port && o.scheme === t.scheme))
          out.push({ ...t, via: "shell" });
      }
    }
  }
  if (call.kind === "mcp") mcpTargets(call.input, undefined, out);
  cache.set(call, out);
  return out;
}
