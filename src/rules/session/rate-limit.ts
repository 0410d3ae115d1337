// Rate limits per tool and per MCP server: calls let through within a sliding window. Counted when the
// call is asked for (an agent's parallel calls have no result yet), so a fan-out is capped too.
import { defineRule } from "../../engine/rule.js";
import { sessionOf, stateful } from "../../state/session.js";
import { nameMatches, num, stringList } from "./shared.js";

interface Params {
  window_seconds: number;
  per_tool: string[];
  default_per_tool: number;
  per_server: string[];
  default_per_server: number;
}

/** "<name>=<calls>" entries: the first whose name matches (exact, or a prefix ending in "*"). */
function limitFor(entries: string[], name: string, param: string): number | undefined {
  for (const entry of entries) {
    const m = /^(.+)=(\d+)$/.exec(entry.trim());
    if (!m) throw new Error(`session/rate-limit ${param} entry ${JSON.stringify(entry)} is not "<name>=<calls>"`);
    if (nameMatches(m[1]!.trim(), name)) return Number(m[2]);
  }
  return undefined;
}

export default stateful(
  defineRule<Params>({
    meta: {
      id: "session/rate-limit",
      description:
        "Blocks a call past the calls a tool, or an MCP server, may take within window_seconds in a session.",
      defaultAction: "block",
      events: ["pre"],
      params: {
        window_seconds: {
          type: "number",
          minimum: 1,
          maximum: 600,
          default: 60,
          description: "The sliding window, in seconds (at most 600).",
        },
        per_tool: {
          type: "array",
          items: { type: "string", pattern: "^\\s*\\S.*=\\d+\\s*$", description: 'a limit such as "WebFetch=3"' },
          default: [],
          description: 'Per-tool limits as "<tool>=<calls>" ("mcp__github__*=20": a trailing "*" matches a prefix).',
        },
        default_per_tool: {
          type: "integer",
          minimum: 0,
          default: 0,
          description: "Limit for every other tool (0: none).",
        },
        per_server: {
          type: "array",
          items: { type: "string", pattern: "^\\s*\\S.*=\\d+\\s*$", description: 'a limit such as "github=20"' },
          default: [],
          description: 'Per-MCP-server limits as "<server>=<calls>".',
        },
        default_per_server: {
          type: "integer",
          minimum: 0,
          default: 60,
          description: "Limit for every other MCP server (0: none).",
        },
      },
      examples: () => ({
        block: [
          {
            shell: "gh api /user",
            params: { per_tool: ["Bash=2"] },
            session: [{ shell: "gh api /repos" }, { shell: "gh api /orgs" }],
          },
          {
            mcp: "github/get_issue",
            args: { number: 3 },
            params: { per_server: ["github=2"] },
            session: [
              { mcp: "github/get_issue", args: { number: 1 } },
              { mcp: "github/get_issue", args: { number: 2 } },
            ],
          },
        ],
        allow: [
          { shell: "gh api /user", params: { per_tool: ["Bash=2"] }, session: [{ shell: "gh api /repos" }] },
          {
            mcp: "linear/get_issue",
            args: { id: "X-1" },
            params: { per_server: ["github=1"] },
            session: [{ mcp: "github/get_me", args: {} }],
          },
        ],
      }),
    },
    check(call, { params }) {
      const toolLimit = limitFor(stringList(params.per_tool), call.tool, "per_tool") ?? num(params.default_per_tool, 0);
      const server = call.mcp?.server;
      const serverLimit =
        server === undefined
          ? 0
          : (limitFor(stringList(params.per_server), server, "per_server") ?? num(params.default_per_server, 60));
      if (toolLimit <= 0 && serverLimit <= 0) return null;
      const s = sessionOf(call);
      if (!s) return null;
      const windowMs = Math.min(600, Math.max(1, num(params.window_seconds, 60))) * 1000;
      let byTool = 0;
      let byServer = 0;
      let oldestTool: number | undefined;
      let oldestServer: number | undefined;
      for (let i = s.events.length - 1; i >= 0; i--) {
        const ev = s.events[i]!;
        if (s.now - ev.t > windowMs) break;
        if (ev.e !== "pre" || ev.a === "block") continue;
        if (ev.tool === call.tool) {
          byTool++;
          oldestTool = ev.t;
        }
        if (server !== undefined && ev.srv === server) {
          byServer++;
          oldestServer = ev.t;
        }
      }
      const wait = (oldest: number | undefined) =>
        Math.max(1, Math.ceil(((oldest ?? s.now) + windowMs - s.now) / 1000));
      const secs = Math.round(windowMs / 1000);
      if (toolLimit > 0 && byTool >= toolLimit) {
        return {
          reason: `${call.tool} was already called ${byTool} times in the last ${secs} s (the limit is ${toolLimit} per ${secs} s). Wait about ${wait(oldestTool)} s, or do the work in fewer, larger calls.`,
        };
      }
      if (serverLimit > 0 && byServer >= serverLimit) {
        return {
          reason: `The MCP server "${server}" was already called ${byServer} times in the last ${secs} s (the limit is ${serverLimit} per ${secs} s). Wait about ${wait(oldestServer)} s, or do the work in fewer, larger calls.`,
        };
      }
      return null;
    },
  }),
);
