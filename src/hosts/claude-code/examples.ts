// A rule example's call (engine/rule.ts ExampleCall) as Claude Code sends it: Bash with a description,
// file tools with absolute paths, Grep, WebFetch and WebSearch, MCP tools as mcp__<server>__<tool>.
import type { ExampleCall } from "../../engine/rule.js";
import { absolutePath } from "../shared/envelope.js";

export function claudeExampleCall(
  example: ExampleCall,
  cwd: string,
): { tool: string; input: Record<string, unknown> } | undefined {
  if ("tool" in example)
    return example.host === "claude-code" ? { tool: example.tool, input: example.input } : undefined;
  if ("shell" in example) return { tool: "Bash", input: { command: example.shell, description: "Run the command" } };
  if ("write" in example)
    return { tool: "Write", input: { file_path: absolutePath(example.write, cwd), content: example.content } };
  if ("edit" in example)
    return {
      tool: "Edit",
      input: { file_path: absolutePath(example.edit, cwd), old_string: example.old, new_string: example.new },
    };
  if ("read" in example) return { tool: "Read", input: { file_path: absolutePath(example.read, cwd) } };
  if ("grep" in example)
    return {
      tool: "Grep",
      input: {
        pattern: example.grep,
        ...(example.path !== undefined ? { path: absolutePath(example.path, cwd) } : {}),
        ...(example.glob !== undefined ? { glob: example.glob } : {}),
      },
    };
  if ("fetch" in example) return { tool: "WebFetch", input: { url: example.fetch, prompt: "Summarize the page" } };
  if ("search" in example) return { tool: "WebSearch", input: { query: example.search } };
  const [server, tool] = example.mcp.split("/");
  return { tool: `mcp__${server}__${tool}`, input: example.args };
}
