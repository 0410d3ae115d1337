import { describe, expect, it } from "vitest";
import { claudeCode } from "../../src/hosts/claude-code/index.js";
import { codex } from "../../src/hosts/codex/index.js";
import { detectHost } from "../../src/hosts/index.js";
import { PayloadError } from "../../src/hosts/shared/envelope.js";
import { claudeCall, claudePayload, codexPayload, CWD } from "../support/calls.js";

describe("Claude Code payloads as host-neutral calls", () => {
  it("Bash keeps every input key and exposes the command", () => {
    const call = claudeCall("Bash", {
      command: "echo OUT > marker.txt; echo OUT",
      timeout: 60000,
      description: "write marker",
    });
    expect(call).toMatchObject({
      host: "claude-code",
      event: "pre",
      tool: "Bash",
      kind: "shell",
      shell: { command: "echo OUT > marker.txt; echo OUT" },
    });
    expect(call.session).toMatchObject({
      id: "cb29f1fd-0000-4000-8000-000000000001",
      cwd: CWD,
      permissionMode: "default",
    });
  });

  it("Write, Edit, MultiEdit and NotebookEdit become file changes", () => {
    expect(claudeCall("Write", { file_path: `${CWD}/w.txt`, content: "hello\n" }).files).toEqual([
      { op: "write", path: `${CWD}/w.txt`, content: "hello\n", added: "hello\n" },
    ]);
    expect(
      claudeCall("Edit", { file_path: `${CWD}/e.txt`, old_string: "beta", new_string: "gamma", replace_all: false })
        .files,
    ).toEqual([{ op: "edit", path: `${CWD}/e.txt`, added: "gamma" }]);
    expect(
      claudeCall("MultiEdit", {
        file_path: "m.txt",
        edits: [
          { old_string: "a", new_string: "b" },
          { old_string: "c", new_string: "d" },
        ],
      }).files,
    ).toEqual([{ op: "edit", path: `${CWD}/m.txt`, added: "b\nd" }]);
    expect(
      claudeCall("NotebookEdit", { notebook_path: `${CWD}/n.ipynb`, new_source: "print(1)" }).files[0],
    ).toMatchObject({ op: "edit", added: "print(1)" });
  });

  it("Read, Grep and Glob become reads; WebFetch a URL; mcp__ tools an MCP server and tool", () => {
    expect(claudeCall("Read", { file_path: "/home/dev/.ssh/id_rsa" }).reads).toEqual([
      { path: "/home/dev/.ssh/id_rsa" },
    ]);
    expect(claudeCall("Grep", { pattern: "TODO", path: "src" }).reads).toEqual([
      { path: `${CWD}/src`, pattern: "TODO" },
    ]);
    expect(claudeCall("Glob", { pattern: "**/*.ts" }).reads).toEqual([{ path: CWD, pattern: "**/*.ts" }]);
    expect(claudeCall("WebFetch", { url: "http://127.0.0.1:9/page", prompt: "summarize" }).urls).toEqual([
      "http://127.0.0.1:9/page",
    ]);
    const mcp = claudeCall("mcp__github-enterprise__create_issue", { title: "x" });
    expect(mcp.kind).toBe("mcp");
    expect(mcp.mcp).toEqual({ server: "github-enterprise", tool: "create_issue" });
  });

  it("PostToolUse carries the output as text; PostToolUseFailure the error", () => {
    const post = claudeCall(
      "Bash",
      { command: "echo OUT" },
      { hook_event_name: "PostToolUse", tool_response: { stdout: "OUT", stderr: "", interrupted: false } },
    );
    expect(post.event).toBe("post");
    expect(post.outputText).toBe("OUT");
    const read = claudeCall(
      "Read",
      { file_path: "/x" },
      { hook_event_name: "PostToolUse", tool_response: { type: "text", file: { filePath: "x", content: "line1\n" } } },
    );
    expect(read.outputText).toBe("line1\n");
    const failure = claudeCall(
      "Bash",
      { command: "exit 3" },
      { hook_event_name: "PostToolUseFailure", error: "Exit code 3\nOUT" },
    );
    expect(failure).toMatchObject({ event: "post-failure", error: "Exit code 3\nOUT" });
  });

  it("other events are a quiet no-op", () => {
    expect(claudeCode.parse({ hook_event_name: "SessionStart", session_id: "s", cwd: "/" })).toBeNull();
    expect(codex.parse({ hook_event_name: "Stop", session_id: "s", turn_id: "t", cwd: "/" })).toBeNull();
  });

  it("a payload without tool_name or tool_input is a PayloadError with one sentence", () => {
    expect(() => claudeCode.parse({ hook_event_name: "PreToolUse", tool_input: {} })).toThrow(
      new PayloadError("The PreToolUse payload has no tool_name."),
    );
    expect(() => claudeCode.parse({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: "rm" })).toThrow(
      /no tool_input object/,
    );
    expect(() => claudeCode.parse({ tool_name: "Bash" })).toThrow(/no hook_event_name/);
  });

  it("detects Codex by turn_id and Claude otherwise", () => {
    expect(detectHost(codexPayload("Bash", { command: "ls" })).id).toBe("codex");
    expect(detectHost(claudePayload("Bash", { command: "ls" })).id).toBe("claude-code");
  });
});
