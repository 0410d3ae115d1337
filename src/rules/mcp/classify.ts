// Side-effect classes of MCP tool calls, from the tool's name (get_user: read, create_issue: write,
// delete_repo: destructive) and from arguments that carry SQL or a shell command.
import { analyzeShell } from "../../analysis/shell/index.js";
import { destructiveSql } from "../data/sql.js";

export type SideEffect = "read" | "write" | "destructive" | "unknown";

const RANK: Record<SideEffect, number> = { read: 0, unknown: 1, write: 2, destructive: 3 };
export const worse = (a: SideEffect, b: SideEffect): SideEffect => (RANK[a] >= RANK[b] ? a : b);

const DESTRUCTIVE = new Set([
  "delete",
  "del",
  "remove",
  "rm",
  "drop",
  "truncate",
  "destroy",
  "purge",
  "wipe",
  "erase",
  "kill",
  "terminate",
  "revoke",
  "uninstall",
  "unpublish",
  "obliterate",
  "nuke",
  "reset",
  "force",
  "prune",
  "evict",
  "shred",
  "deprovision",
  "decommission",
  "rmdir",
  "unlink",
  "overwrite",
]);
const WRITE = new Set([
  "create",
  "update",
  "put",
  "post",
  "write",
  "save",
  "insert",
  "set",
  "add",
  "edit",
  "modify",
  "patch",
  "upload",
  "send",
  "push",
  "merge",
  "commit",
  "deploy",
  "publish",
  "apply",
  "execute",
  "exec",
  "run",
  "move",
  "rename",
  "copy",
  "assign",
  "close",
  "reopen",
  "comment",
  "reply",
  "approve",
  "reject",
  "invite",
  "enable",
  "disable",
  "start",
  "stop",
  "restart",
  "trigger",
  "fork",
  "transfer",
  "upsert",
  "replace",
  "mutate",
  "import",
  "install",
  "schedule",
  "cancel",
  "archive",
  "lock",
  "unlock",
  "label",
  "tag",
  "star",
  "follow",
  "subscribe",
  "mark",
  "resolve",
  "submit",
  "request",
  "dispatch",
  "rerun",
  "retry",
  "scale",
  "rollback",
  "migrate",
  "grant",
  "share",
  "store",
  "register",
  "book",
  "pay",
  "charge",
  "refund",
  "email",
  "message",
  "notify",
  "post",
  "tweet",
  "append",
  "clone",
  "checkout",
  "rebase",
  "revert",
  "sync",
  "generate",
  "make",
  "new",
  "init",
  "provision",
  "attach",
  "detach",
  "link",
  "associate",
  "click",
  "type",
  "fill",
  "navigate",
  "press",
  "select",
  "drag",
  "hover",
  "evaluate",
  "eval",
]);
const READ = new Set([
  "get",
  "list",
  "search",
  "read",
  "fetch",
  "query",
  "describe",
  "find",
  "show",
  "view",
  "count",
  "check",
  "lookup",
  "browse",
  "download",
  "inspect",
  "explain",
  "status",
  "history",
  "diff",
  "log",
  "logs",
  "info",
  "stat",
  "stats",
  "head",
  "peek",
  "watch",
  "preview",
  "export",
  "resolve_library",
  "ls",
  "cat",
  "grep",
  "summarize",
  "analyze",
  "validate",
  "verify",
  "test",
  "ping",
  "whoami",
  "me",
  "screenshot",
  "snapshot",
  "console",
  "network",
  "retrieve",
  "load",
  "open",
  "scan",
  "compare",
  "tree",
  "blame",
  "glob",
]);

/** Words of a tool name: get_user, createIssue, repos.delete, list-files. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * The class a tool name suggests: the first verb decides, a destructive word anywhere wins. `input`, when
 * given, settles a name whose effect depends on a mode: a git reset.
 */
export function classifyToolName(name: string, input?: unknown): SideEffect {
  const words = nameWords(name);
  const reset = gitReset(words, input);
  if (reset) return reset;
  if (words.some((w) => DESTRUCTIVE.has(w))) return "destructive";
  for (const w of words) {
    if (WRITE.has(w)) return "write";
    if (READ.has(w)) return "read";
  }
  return "unknown";
}

/**
 * git's reset (the git MCP server's git_reset) unstages, and keeps the work, unless it is told to be hard
 * (or merge/keep, which also rewrite the working tree): only that discards work, so only that is destructive.
 */
function gitReset(words: string[], input: unknown): SideEffect | undefined {
  if (!words.includes("git") || !words.includes("reset")) return undefined;
  if (words.some((w) => w !== "reset" && DESTRUCTIVE.has(w))) return undefined;
  const args = JSON.stringify(input ?? {});
  return words.includes("hard") || /"(?:--)?(?:hard|merge|keep)"|"--(?:hard|merge|keep)\b/i.test(args)
    ? "destructive"
    : "write";
}

/** The class of a SQL text: any statement that deletes or drops is destructive, any change is a write. */
export function classifySql(sql: string): SideEffect {
  const code = sql
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, " ")
    .replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$\$[\s\S]*?\$\$/g, "''")
    .toUpperCase();
  if (/\b(?:DROP|TRUNCATE|DETACH\s+DATABASE|VACUUM\s+FULL)\b/.test(code) || /\bALTER\b[^;]*\bDROP\b/.test(code))
    return "destructive";
  // DELETE of every row (no WHERE, or one that holds for all) is destructive, as in a shell client
  // (data/sql-destructive); a DELETE that selects its rows is an ordinary change.
  if (/\bDELETE\b/.test(code) && destructiveSql(sql).some((f) => f.what.startsWith("DELETE"))) return "destructive";
  // UPDATE without WHERE rewrites every row (data/sql-destructive stops it in a shell client alike).
  if (code.split(";").some((st) => /(?:^|\s)UPDATE\s+\S+\s+SET\b/.test(st) && !/\bWHERE\b/.test(st)))
    return "destructive";
  if (
    /\b(?:INSERT|UPDATE|DELETE|MERGE|UPSERT|REPLACE|CREATE|ALTER|GRANT|REVOKE|COPY|SET|CALL|EXEC(?:UTE)?|LOCK|COMMENT\s+ON|REINDEX|CLUSTER|REFRESH|ATTACH|RENAME)\b/.test(
      code,
    )
  )
    return "write";
  if (/\b(?:SELECT|SHOW|DESCRIBE|DESC|EXPLAIN|WITH|VALUES|PRAGMA|TABLE)\b/.test(code)) return "read";
  return "unknown";
}

/**
 * Arguments that make an ordinary change irreversible or public: `force: true` on a tool that moves refs
 * or branches (a force push by API: update_ref, create_branch over an existing one), and a change that
 * turns something private public (update_repository {private: false}, {visibility: "public"}).
 * The reason, or undefined.
 */
export function riskyArguments(name: string, input: unknown): string | undefined {
  const words = nameWords(name);
  const args = (input ?? {}) as Record<string, unknown>;
  const git = words.some((w) => /^(?:ref|refs|branch|branches|push|tag|tags|commit|commits|head|heads|fork)$/.test(w));
  if (git && (args.force === true || args.force === "true"))
    return "it is told to force a change of a branch or ref, which discards the commits it replaces";
  const changes = words.some((w) => /^(?:update|edit|patch|set|change|modify)$/.test(w));
  const visibility = [args.visibility, args.privacy, args.access].map((v) =>
    typeof v === "string" ? v.toLowerCase() : "",
  );
  if (changes && (args.private === false || args.private === "false" || visibility.includes("public")))
    return "it makes something private public";
  return undefined;
}

/**
 * SQL that changes who may log in or what everyone may do: a password or superuser set on a role, a grant
 * to PUBLIC, the server's own settings. Not data, but the keys to it: as irreversible as a drop.
 */
function sqlPrivilegeChange(sql: string): boolean {
  const code = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, " ").replace(/'(?:[^']|'')*'/g, "''");
  return (
    /\b(?:ALTER|CREATE)\s+(?:USER|ROLE)\b[^;]*\b(?:PASSWORD|SUPERUSER|CREATEROLE|BYPASSRLS|REPLICATION)\b/i.test(
      code,
    ) ||
    /\bGRANT\b[^;]*\bTO\s+PUBLIC\b/i.test(code) ||
    /\bGRANT\s+(?:ALL(?:\s+PRIVILEGES)?\s+ON\s+\*\.\*|SUPER\b|[\w\s,]*\bTO\b[^;]*\bWITH\s+GRANT\s+OPTION)/i.test(
      code,
    ) ||
    /\bSET\s+PASSWORD\b|\bALTER\s+SYSTEM\b/i.test(code)
  );
}

const SQL_START =
  /^\s*(?:\/\*[\s\S]*?\*\/\s*|--[^\n]*\n\s*)*(?:SELECT|INSERT|UPDATE|DELETE|DROP|TRUNCATE|CREATE|ALTER|WITH|MERGE|UPSERT|REPLACE|GRANT|REVOKE|SHOW|DESCRIBE|EXPLAIN|PRAGMA|COPY|CALL|EXEC|SET|VACUUM)\b/i;
/**
 * Outside an argument named for SQL, a text is taken as SQL only in a statement's shape (DELETE FROM t,
 * DROP TABLE t, UPDATE t SET): "Delete account button" (a browser element) or "Update the README" is prose.
 */
const SQL_SHAPE =
  /^\s*(?:\/\*[\s\S]*?\*\/\s*|--[^\n]*\n\s*)*(?:SELECT\b[\s\S]*\bFROM\b|SELECT\s+[\d*@'(]|DELETE\s+FROM\b|DELETE\s+\w+\s+FROM\b|DROP\s+(?:TABLE|DATABASE|SCHEMA|INDEX|VIEW|USER|ROLE|FUNCTION|TRIGGER|SEQUENCE|TYPE|EXTENSION|KEYSPACE|COLLECTION|PROCEDURE|MATERIALIZED|OWNED|IF)\b|TRUNCATE\s+(?:TABLE\s+)?[\w."`[\]]+\s*(?:,|;|$|CASCADE|RESTART)|UPDATE\s+\S+\s+SET\b|INSERT\s+(?:INTO|OVERWRITE|IGNORE)\b|REPLACE\s+INTO\b|ALTER\s+(?:TABLE|DATABASE|SCHEMA|USER|ROLE|INDEX|VIEW|SYSTEM|SEQUENCE|TYPE)\b|CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+|UNIQUE\s+)?(?:TABLE|DATABASE|SCHEMA|INDEX|VIEW|USER|ROLE|FUNCTION|TRIGGER|EXTENSION|SEQUENCE|TYPE|PROCEDURE|MATERIALIZED)\b|(?:GRANT|REVOKE)\s+[\w\s,]+\s(?:ON|TO|FROM)\b|VACUUM\b|PRAGMA\s+\w|EXPLAIN\s+\w|SHOW\s+(?:TABLES|DATABASES|COLUMNS|INDEX|CREATE|SCHEMAS|GRANTS)\b|DESCRIBE\s+[\w.]+\s*;?\s*$|WITH\s+(?:RECURSIVE\s+)?\w+\s+AS\s*\(|MERGE\s+INTO\b|COPY\s+[\w.]+\s+(?:FROM|TO)\b|CALL\s+[\w.]+\s*\(|EXEC(?:UTE)?\s+[\w.]+|SET\s+[\w.@]+\s*(?:=|TO)\s)/i;
const SQL_KEY = /^(?:sql|query|statement|statements|queries|stmt)$/i;
const SHELL_KEY = /^(?:command|cmd|commands|script|shell|bash|sh|cmdline|command_line)$/i;
const SHELL_DESTRUCTIVE = new Set([
  "rm",
  "rmdir",
  "shred",
  "dd",
  "mkfs",
  "wipefs",
  "truncate",
  "unlink",
  "kill",
  "killall",
  "pkill",
  "reboot",
  "shutdown",
  "halt",
  "poweroff",
  "dropdb",
  "fdisk",
  "parted",
]);
const SHELL_READ = new Set([
  "ls",
  "cat",
  "head",
  "tail",
  "grep",
  "rg",
  "find",
  "pwd",
  "echo",
  "printf",
  "wc",
  "stat",
  "file",
  "which",
  "whoami",
  "id",
  "date",
  "uname",
  "env",
  "printenv",
  "ps",
  "df",
  "du",
  "less",
  "more",
  "tree",
  "sort",
  "uniq",
  "cut",
  "jq",
  "diff",
  "true",
  "false",
  "test",
  "[",
]);
const GIT_READ = new Set([
  "status",
  "log",
  "diff",
  "show",
  "branch",
  "remote",
  "rev-parse",
  "ls-files",
  "blame",
  "describe",
  "tag",
]);

function classifyShell(command: string): SideEffect {
  const a = analyzeShell(command);
  let cls: SideEffect = a.confident ? "read" : "unknown";
  for (const c of a.commands) {
    const p = c.program;
    let k: SideEffect;
    if (SHELL_DESTRUCTIVE.has(p)) k = "destructive";
    else if (p === "git")
      k =
        c.args.includes("--force") ||
        (c.args.includes("-f") && c.args[0] === "push") ||
        (c.args[0] === "reset" && c.args.includes("--hard")) ||
        c.args[0] === "clean"
          ? "destructive"
          : GIT_READ.has(c.args[0] ?? "")
            ? "read"
            : "write";
    else if (p === "find") k = c.args.includes("-delete") ? "destructive" : "read";
    else if (SHELL_READ.has(p)) k = c.redirects.some((r) => r.op.startsWith(">") || r.op === "&>") ? "write" : "read";
    else k = "write";
    cls = worse(cls, k);
  }
  return cls;
}

/**
 * A tool that searches (github's search_code, linear's search_issues, a docs search): its text arguments
 * are what to look for, so `DROP TABLE` there finds migrations, it drops nothing.
 */
export function searchesFor(name: string): boolean {
  const words = nameWords(name);
  return (
    words.some((w) => w === "search" || w === "grep") &&
    !words.some((w) => DESTRUCTIVE.has(w) || (WRITE.has(w) && w !== "search"))
  );
}

/** The class of a tool's arguments, why, and whether a shell command or SQL said so. */
export interface ArgumentsClass {
  cls: SideEffect;
  why?: string;
  from?: "sql" | "shell";
}

/** The worst class among SQL and shell texts in the arguments (keys named sql/query/command, or text that starts like SQL). */
export function classifyArguments(args: unknown, depth = 0, key?: string, search = false): ArgumentsClass {
  if (depth > 10) return { cls: "read" };
  if (typeof args === "string") {
    // A Redis wipe given as a command word (a redis or cache server's generic command tool).
    if (!search && /^\s*flush(?:all|db)(?:\s+(?:a?sync))?\s*$/i.test(args))
      return {
        cls: "destructive",
        why: `its ${key ?? "argument"} is Redis's ${args.trim().toUpperCase()}, which deletes every key`,
      };
    if (!search && ((key && SQL_KEY.test(key)) || (SQL_START.test(args) && SQL_SHAPE.test(args)))) {
      if (sqlPrivilegeChange(args))
        return {
          cls: "destructive",
          from: "sql",
          why: `its ${key ?? "argument"} is SQL that changes logins or privileges (a password, a superuser, a grant to everyone)`,
        };
      const cls = classifySql(args);
      return {
        cls,
        from: "sql",
        why: `its ${key ?? "argument"} is SQL that ${cls === "destructive" ? "deletes or drops data" : cls === "write" ? "changes data" : "reads data"}`,
      };
    }
    if (key && SHELL_KEY.test(key)) {
      const cls = classifyShell(args);
      return {
        cls,
        from: "shell",
        why: `its ${key} is a shell command that ${cls === "destructive" ? "deletes or destroys" : cls === "write" ? "changes things" : "reads"}`,
      };
    }
    return { cls: "read" };
  }
  let out: ArgumentsClass = { cls: "read" };
  const entries: Array<[string | undefined, unknown]> = Array.isArray(args)
    ? args.map((v) => [key, v])
    : args && typeof args === "object"
      ? Object.entries(args)
      : [];
  for (const [k, v] of entries) {
    const r = classifyArguments(v, depth + 1, k, search);
    if (RANK[r.cls] > RANK[out.cls]) out = r;
  }
  return out;
}
