// An MCP server's own guard is part of the user's protection: desktop-commander's blockedCommands and
// allowedDirectories, a shell server's allow-list, a database server's read-only switch. A tool that sets
// the server's configuration can empty or widen them, after which its other tools run what the user had
// shut out. The agent changing its own fence is for the user to approve, whatever the server.
import { defineRule } from "../../engine/rule.js";

/** A tool that changes settings: a setter verb and a settings noun in its name (set_config_value, update_settings). */
const SETTER = /^(?:set|update|write|change|edit|put|patch|save|modify|configure|reset)$/;
const SETTINGS =
  /^(?:config|configuration|configs|settings|setting|preferences|preference|prefs|options|policy|permissions)$/;
/** Names of the settings that fence the server in. */
const FENCE =
  /block|allow|deny|denied|permi|sandbox|approv|restrict|safe|guard|read_?only|readonly|trust|whitelist|blacklist|confirm|protect|forbid|unrestricted/i;

const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** The fence a call's arguments name: a key (`{blockedCommands: []}`) or a key's value (`{key: "allowedDirectories"}`). */
function fenceNamed(input: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(input)) {
    if (FENCE.test(k)) return k;
    if (/^(?:key|name|setting|option|path|field|property)$/i.test(k) && typeof v === "string" && FENCE.test(v))
      return v;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: "mcp/guard-settings",
    description:
      "Escalates an MCP tool that changes its server's own safety settings (blocked commands, allowed folders, read-only or sandbox switches).",
    defaultAction: "escalate",
    actions: ["block", "escalate"],
    kinds: ["mcp"],
    examples: () => ({
      block: [
        { mcp: "desktop-commander/set_config_value", args: { key: "blockedCommands", value: [] } },
        { mcp: "desktop-commander/set_config_value", args: { key: "allowedDirectories", value: ["/"] } },
        { mcp: "shell/update_settings", args: { allowedCommands: ["*"] } },
        { mcp: "db/set_config", args: { readOnly: false } },
      ],
      allow: [
        { mcp: "desktop-commander/set_config_value", args: { key: "fileReadLineLimit", value: 2000 } },
        { mcp: "desktop-commander/get_config", args: {} },
        { mcp: "slack/set_channel_topic", args: { channel_id: "C1", topic: "Blocked on review" } },
        { mcp: "github/update_issue", args: { owner: "acme", repo: "api", issue_number: 3, title: "Allow dark mode" } },
      ],
    }),
  },
  check(call) {
    if (!call.mcp) return null;
    const w = words(call.mcp.tool);
    if (!w.some((x) => SETTER.test(x)) || !w.some((x) => SETTINGS.test(x))) return null;
    const fence = fenceNamed(call.input);
    if (!fence) return null;
    return {
      reason: `${call.mcp.server}/${call.mcp.tool} changes "${fence}", one of the server's own safety settings: with it widened or emptied, the server's other tools run what the user shut out. Ask the user to change the server's configuration.`,
    };
  },
});
