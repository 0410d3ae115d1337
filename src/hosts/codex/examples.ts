// A rule example's call (engine/rule.ts ExampleCall) as Codex sends it: its shell tool as Bash {command},
// file changes as one apply_patch text, MCP tools as mcp__<server>__<tool>. Codex has no read, search or
// fetch tool (it runs cat, rg and curl), so those examples have no Codex shape.
import type { ExampleCall } from "../../engine/rule.js";

const lines = (text: string): string[] => {
  const ls = text.split("\n");
  if (ls.length > 1 && ls[ls.length - 1] === "") ls.pop();
  return ls;
};

export function codexExampleCall(example: ExampleCall): { tool: string; input: Record<string, unknown> } | undefined {
  if ("tool" in example) return example.host === "codex" ? { tool: example.tool, input: example.input } : undefined;
  if ("shell" in example) return { tool: "Bash", input: { command: example.shell } };
  if ("write" in example) {
    const added = lines(example.content).map((l) => `+${l}`);
    return {
      tool: "apply_patch",
      input: { command: `*** Begin Patch\n*** Add File: ${example.write}\n${added.join("\n")}\n*** End Patch\n` },
    };
  }
  if ("edit" in example) {
    const hunk = [...lines(example.old).map((l) => `-${l}`), ...lines(example.new).map((l) => `+${l}`)];
    return {
      tool: "apply_patch",
      input: { command: `*** Begin Patch\n*** Update File: ${example.edit}\n@@\n${hunk.join("\n")}\n*** End Patch\n` },
    };
  }
  if ("mcp" in example) {
    const [server, tool] = example.mcp.split("/");
    return { tool: `mcp__${server}__${tool}`, input: example.args };
  }
  return undefined;
}
