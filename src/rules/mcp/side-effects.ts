// MCP tools act on the world (issue trackers, databases, browsers, clouds). Their side effects are
// classed from the tool name and from SQL or shell text in the arguments, and the policy decides:
// read-only mode, production (destructive classes blocked), per-server allow and deny lists.
import { defineRule } from "../../engine/rule.js";
import {
  classifyArguments,
  classifyToolName,
  riskyArguments,
  searchesFor,
  worse,
  type SideEffect,
} from "./classify.js";

interface Params {
  mode: string;
  environment: string;
  production_blocked: string[];
  allow_servers: string[];
  deny_servers: string[];
}

const MODES = ["read-only", "read-write", "all"];

export default defineRule<Params>({
  meta: {
    id: "mcp/side-effects",
    description:
      "Classifies MCP tool calls as read, write or destructive (from the tool name and SQL or shell arguments) and applies read-only mode, production limits and per-server allow/deny lists.",
    defaultAction: "block",
    actions: ["block", "escalate"],
    kinds: ["mcp"],
    params: {
      mode: {
        type: "string",
        enum: ["read-only", "read-write", "all"],
        default: "read-write",
        description:
          "read-only: only reads; read-write: destructive calls need a human's approval; all: no limit outside production.",
      },
      environment: {
        type: "string",
        enum: ["development", "staging", "production", "dev", "prod"],
        default: "development",
        description: "development, staging or production; production blocks the classes in production_blocked.",
      },
      production_blocked: {
        type: "array",
        items: { type: "string", enum: ["read", "write", "destructive", "unknown"] },
        default: ["destructive"],
        description: "Side-effect classes blocked when environment is production (read, write, destructive, unknown).",
      },
      allow_servers: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "When not empty, only these MCP servers may be called.",
      },
      deny_servers: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "MCP servers that may never be called.",
      },
    },
    examples: () => ({
      block: [
        { mcp: "github/delete_repository", args: { owner: "acme", repo: "api" }, action: "escalate" },
        { mcp: "github/create_issue", args: { title: "x" }, params: { mode: "read-only" } },
        { mcp: "linear/get_issue", args: { id: "X-1" }, params: { deny_servers: ["linear"] } },
        { mcp: "postgres/query", args: { sql: "UPDATE accounts SET balance = 0" }, action: "escalate" },
        { mcp: "db/run", args: { text: "DROP TABLE users" }, action: "escalate" },
        { mcp: "db/run", args: { input: "delete from sessions" }, action: "escalate" },
        { mcp: "warehouse/submit", args: { body: "TRUNCATE TABLE events;" }, action: "escalate" },
        { mcp: "db/run", args: { text: "UPDATE accounts SET balance = 0" }, action: "escalate" },
        { mcp: "db/run_query", args: { q: "DROP TABLE users" }, action: "escalate" },
        { mcp: "sqlite/write_query", args: { query: "DELETE FROM sessions WHERE 1=1" }, action: "escalate" },
        { mcp: "shell/run_command", args: { command: "rm -rf build" }, params: { mode: "read-only" } },
        {
          mcp: "db/search_and_delete",
          args: { query: "DELETE FROM users" },
          action: "escalate",
          note: "searching is not all it does",
        },
        {
          mcp: "postgres/query",
          args: { sql: "ALTER USER postgres WITH PASSWORD 'hunter2'" },
          action: "escalate",
          note: "logins and privileges, not data, but as irreversible",
        },
        {
          mcp: "supabase/execute_sql",
          args: { query: "GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC" },
          action: "escalate",
        },
        {
          mcp: "github/update_ref",
          args: {
            owner: "acme",
            repo: "api",
            ref: "heads/main",
            sha: "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
            force: true,
          },
          action: "escalate",
          note: "a force push by API",
        },
        {
          mcp: "github/update_repository",
          args: { owner: "acme", repo: "billing", private: false },
          action: "escalate",
        },
        { mcp: "gitlab/update_project", args: { id: 42, visibility: "public" }, action: "escalate" },
        { mcp: "git/git_reset", args: { repo_path: ".", mode: "hard" }, action: "escalate" },
        { mcp: "vcs/git_reset", args: { repo_path: ".", args: ["--hard", "HEAD~3"] }, action: "escalate" },
        { mcp: "git/git_reset_hard", args: { repo_path: "." }, action: "escalate" },
        { mcp: "cache/command", args: { args: ["FLUSHDB"] }, action: "escalate" },
      ],
      allow: [
        { mcp: "postgres/query", args: { sql: "GRANT SELECT ON orders TO reporting" }, note: "a grant to one role" },
        {
          mcp: "playwright/browser_click",
          args: { element: "Save", ref: "e9", force: true },
          note: "a click's force option",
        },
        {
          mcp: "github/create_repository",
          args: { name: "playground", private: false },
          note: "a new repository, nothing exposed",
        },
        {
          mcp: "github/update_ref",
          args: { owner: "acme", repo: "api", ref: "heads/feat", sha: "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b" },
        },
        { mcp: "github/update_repository", args: { owner: "acme", repo: "billing", private: true } },
        { mcp: "github/get_issue", args: { number: 1 } },
        { mcp: "postgres/query", args: { sql: "UPDATE accounts SET balance = 0 WHERE id = 42" } },
        { mcp: "github/create_issue", args: { title: "x" } },
        { mcp: "git/git_reset", args: { repo_path: "." }, note: "the git server's reset unstages; the work stays" },
        { mcp: "cache/command", args: { args: ["GET", "session:42"] } },
        {
          mcp: "playwright/browser_click",
          args: { element: "Delete account button", ref: "e42" },
          note: "a button's label, not SQL",
        },
        {
          mcp: "linear/create_issue",
          args: { title: "Drop support for Node 16", description: "Update the engines field" },
        },
        { mcp: "playwright/browser_select_option", args: { element: "Select country", values: ["NL"] } },
        {
          mcp: "github/search_code",
          args: { q: "DROP TABLE repo:acme/shop-api" },
          note: "a search for text: nothing is run",
        },
        { mcp: "linear/search_issues", args: { query: "TRUNCATE TABLE events fails" } },
        {
          mcp: "sqlite/write_query",
          args: { query: "DELETE FROM sessions WHERE expires_at < datetime('now')" },
          note: "a DELETE that selects its rows, as psql -c allows it",
        },
        {
          mcp: "desktop-commander/execute_command",
          args: { command: "rm -rf build && make" },
          note: "judged as the same command in Bash: the project's build output",
        },
      ],
    }),
  },
  check(call, { params }) {
    if (!call.mcp) return null;
    const { server, tool } = call.mcp;
    const name = `${server}/${tool}`;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
    if (list(params.deny_servers).includes(server))
      return {
        reason: `The MCP server "${server}" is on the policy's deny-list; ${tool} was not called. Do the task another way or ask the user.`,
      };
    const allowed = list(params.allow_servers);
    if (allowed.length > 0 && !allowed.includes(server))
      return {
        reason: `The MCP server "${server}" is not on the policy's allow-list (${allowed.join(", ")}); ${tool} was not called.`,
      };

    const byName = classifyToolName(tool, call.input);
    const byArgs = classifyArguments(call.input, 0, undefined, searchesFor(tool));
    const risky = riskyArguments(tool, call.input);
    const cls: SideEffect = risky ? "destructive" : worse(byName, byArgs.cls);
    const why = risky
      ? risky
      : byArgs.cls === cls && byArgs.cls !== "read" && byArgs.why
        ? byArgs.why
        : `its name says ${byName === "unknown" ? "nothing about its effect" : byName}`;
    const mode = MODES.includes(params.mode) ? params.mode : "read-write";

    if (String(params.environment).toLowerCase().startsWith("prod") && list(params.production_blocked).includes(cls)) {
      return {
        reason: `${name} is classified ${cls} (${why}), and ${cls} calls are blocked in production. Use a read-only call, or ask the user to make the change.`,
      };
    }
    if (mode === "read-only" && cls !== "read") {
      return {
        reason: `${name} is classified ${cls} (${why}), and MCP tools are in read-only mode. Use a read-only tool, or ask the user to make the change.`,
      };
    }
    // A shell command in the arguments is also judged by the shell rules, as the same command in the
    // agent's own shell (the engine's MCP views): `rm -rf build` through a shell server is what it is
    // in Bash, allowed, and `rm -rf ~` is blocked there. Only the name or SQL makes it ask here.
    const shellOnly = !risky && byName !== "destructive" && byArgs.from === "shell";
    if (mode === "read-write" && cls === "destructive" && !shellOnly) {
      return {
        action: "escalate",
        reason: `${name} is classified destructive (${why}); a human must approve it before it runs.`,
      };
    }
    return null;
  },
});
