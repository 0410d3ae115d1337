// Factory droid (`droid`): Claude Code's hook protocol with droid's own tools (Execute, Create, Edit, …),
// in ~/.factory/hooks.json or the hooks of ~/.factory/settings.json (documented at docs.factory.ai; held
// to contract tests, not run: droid needs a Factory login).
import type { ToolCall } from "../../engine/types.js";
import type { HostEntry } from "../types.js";
import { claudeShapedPayload, parseClaudeShaped, withClaudeShapedInput } from "../shared/claude-family.js";
import { kindsOf, type ToolSpec } from "../shared/describe.js";
import { outputText } from "../shared/envelope.js";
import { renderClaude } from "../claude-code/render.js";
import { droidCard } from "./card.js";

const FILE = ["file_path", "path"];
const TOOLS: Record<string, ToolSpec> = {
  Execute: { kind: "shell", command: "command" },
  Create: { kind: "write", path: FILE, content: ["content", "contents"] },
  Edit: { kind: "edit", path: FILE, added: ["new_str", "new_string"] },
  MultiEdit: { kind: "edit", path: FILE, added: ["new_str", "new_string"] },
  Read: { kind: "read", path: FILE },
  LS: { kind: "search", path: ["directory_path", "path"] },
  Grep: { kind: "search", path: ["path", "folder"], pattern: "pattern" },
  Glob: { kind: "search", path: ["folder", "path"], pattern: ["patterns", "pattern"] },
  FetchUrl: { kind: "fetch", url: "url" },
  WebSearch: { kind: "web-search" },
  Task: { kind: "agent" },
};

export const droid = {
  ...droidCard,
  tools: kindsOf(TOOLS),
  shellTool: "Execute",
  parse: (payload) => parseClaudeShaped("droid", payload, TOOLS),
  withInput: (call, input): ToolCall => withClaudeShapedInput(call, input, TOOLS),
  withOutput: (call, output): ToolCall => ({ ...call, output, outputText: outputText(output) }),
  render: renderClaude,
  payload: claudeShapedPayload,
  limits: {
    ask: "none",
    runsOnTimeout: true,
    onCrash: "configured",
    notes: [
      "Checked by contract against droid's documented hook protocol (Claude Code's, with droid's tool names).",
      "A hook past its timeout lets the call run; one that crashes too (only exit 2 blocks), unless setup wrapped it (fail mode closed). An escalation is staso's own.",
    ],
  },
  install: typeof __STASO_HOOK__ !== "undefined" ? undefined : () => import("./install.js").then((m) => m.installer),
} satisfies HostEntry<"droid">;
