// An agent loop on the Anthropic SDK in which every tool_use goes through staso's guard() before it runs,
// and every result through guardOutput() before the model reads it. All four actions are handled:
//   allow    → run the tool as asked
//   modify   → run it with result.modifiedInput
//   block    → do not run it; the model gets the reason as an error result
//   escalate → ask a human (here on the terminal); run it only if they approve
// Run: ANTHROPIC_API_KEY=… npx tsx examples/anthropic-agent.ts "list the TypeScript files here"
import Anthropic from "@anthropic-ai/sdk";
import type { MessageParam, Tool, ToolResultBlockParam, ToolUseBlock } from "@anthropic-ai/sdk/resources/messages";
import { guard, guardOutput, type GuardContext } from "staso";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline/promises";
import { pathToFileURL } from "node:url";

const client = new Anthropic();

const tools: Tool[] = [
  {
    name: "run_command",
    description: "Run a shell command in the current directory and return its output.",
    input_schema: { type: "object", properties: { command: { type: "string" } }, required: ["command"] },
  },
  {
    name: "read_file",
    description: "Read a text file.",
    input_schema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
];

/** Runs one tool for real: the part staso guards. */
function runTool(name: string, input: Record<string, unknown>): Promise<string> {
  if (name === "read_file") return readFile(String(input.path), "utf8");
  if (name === "run_command") {
    return new Promise((resolve, reject) =>
      execFile("/bin/sh", ["-c", String(input.command)], { maxBuffer: 10 << 20 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout + stderr),
      ),
    );
  }
  return Promise.reject(new Error(`unknown tool ${name}`));
}

async function askHuman(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

const errorResult = (use: ToolUseBlock, content: string): ToolResultBlockParam => ({
  type: "tool_result",
  tool_use_id: use.id,
  is_error: true,
  content,
});

/** One tool_use → its tool_result, with staso deciding before and after the tool runs. */
async function guardedToolResult(use: ToolUseBlock, sessionId: string): Promise<ToolResultBlockParam> {
  const input = (use.input ?? {}) as Record<string, unknown>;
  const context: GuardContext = { sessionId, toolUseId: use.id, agentName: "example-agent" };
  const verdict = await guard(use.name, input, { context });

  let runWith: Record<string, unknown>;
  switch (verdict.action) {
    case "allow":
      runWith = input;
      break;
    case "modify":
      runWith = verdict.modifiedInput ?? input;
      break;
    case "block":
      console.error(`blocked by ${verdict.ruleName}: ${verdict.reason}`);
      return errorResult(use, verdict.reason);
    case "escalate": {
      // Fire-and-forget would return verdict.escalationId to your app instead; here a human answers now.
      const approved = await askHuman(`${use.name} ${JSON.stringify(input)} needs approval: ${verdict.reason}`);
      if (!approved) return errorResult(use, `A human did not approve this call. ${verdict.reason}`);
      runWith = verdict.modifiedInput ?? input;
      break;
    }
    default: {
      const unknown: never = verdict.action;
      throw new Error(`unexpected guard action ${String(unknown)}`);
    }
  }

  let output: string;
  try {
    output = await runTool(use.name, runWith);
  } catch (err) {
    // Failures teach the session memory too: an identical retry of a permission error is then blocked.
    await guardOutput(use.name, runWith, { error: (err as Error).message }, { context });
    return errorResult(use, (err as Error).message);
  }
  const checked = await guardOutput(use.name, runWith, { output }, { context });
  if (checked.action === "block") return errorResult(use, checked.reason);
  if (checked.action === "modify")
    return {
      type: "tool_result",
      tool_use_id: use.id,
      content: `${String(checked.modifiedOutput)}\n\n${checked.reason}`,
    };
  return { type: "tool_result", tool_use_id: use.id, content: output };
}

export async function runAgent(task: string, maxTurns = 20): Promise<string> {
  const sessionId = randomUUID(); // one staso session per conversation: retries, budgets and rates are per session
  const messages: MessageParam[] = [{ role: "user", content: task }];
  for (let turn = 0; turn < maxTurns; turn++) {
    const response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 2048, tools, messages });
    messages.push({ role: "assistant", content: response.content });
    const uses = response.content.filter((b): b is ToolUseBlock => b.type === "tool_use");
    if (uses.length === 0) return response.content.map((b) => (b.type === "text" ? b.text : "")).join("");
    const results: ToolResultBlockParam[] = [];
    for (const use of uses) results.push(await guardedToolResult(use, sessionId));
    messages.push({ role: "user", content: results });
  }
  return "(stopped after the turn limit)";
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(await runAgent(process.argv.slice(2).join(" ") || "What is in this directory?"));
}
