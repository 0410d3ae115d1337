// session/retry-loop over scripted sessions of real hook processes.
import { describe, expect, it } from "vitest";
import { ScriptedSession } from "../../support/scripted-session.js";
import { nativeHookAvailable } from "../../support/hook-process.js";

const npmTest = { command: "npm test" };

describe("session/retry-loop", () => {
  it("the same call after it ran 3 times in a row is blocked, with a reason that breaks the loop; visible in staso logs", async () => {
    const s = new ScriptedSession("retry-1");
    for (let i = 0; i < 3; i++)
      expect((await s.call("Bash", npmTest, { error: "Exit code 1\n1 test failed" })).outcome).toBe("allow");
    const fourth = await s.pre("Bash", npmTest);
    expect(fourth.outcome).toBe("block");
    expect(fourth.reason).toMatch(
      /already ran 3 times in a row \(the last run failed: exit-status\).*change the input or the approach/,
    );
    expect(fourth.reason).toContain("[rule session/retry-loop]");
    // Asking again changes nothing (the blocked call did not run).
    expect((await s.pre("Bash", npmTest)).outcome).toBe("block");
    const logged = await s.logs("session/retry-loop");
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({
      action: "block",
      ruleId: "session/retry-loop",
      tool: "Bash",
      session: "retry-1",
      host: "claude-code",
    });
  });

  it("any other call that runs in between breaks the run; blocked calls and calls without a result do not count", async () => {
    const s = new ScriptedSession("retry-2");
    await s.call("Bash", npmTest);
    await s.call("Bash", npmTest);
    await s.call(
      "Edit",
      { file_path: "src/a.ts", old_string: "a", new_string: "b" },
      { output: { filePath: "src/a.ts" } },
    );
    await s.call("Bash", npmTest);
    await s.call("Bash", npmTest);
    expect((await s.pre("Bash", npmTest)).outcome).toBe("allow"); // 2 in a row since the edit
    // A blocked call in between (rm -rf /) ran nothing, nor did that last npm test (no result): the run goes on.
    expect((await s.pre("Bash", { command: "rm -rf /" })).outcome).toBe("block");
    expect((await s.call("Bash", npmTest)).outcome).toBe("allow");
    expect((await s.pre("Bash", npmTest)).outcome).toBe("block");
    const s2 = new ScriptedSession("retry-2b");
    for (let i = 0; i < 5; i++) expect((await s2.pre("Bash", npmTest)).outcome).toBe("allow"); // never reported as run
  });

  it("right after a failure that will recur (no permission, not found, bad input), the identical retry is blocked at once", async () => {
    const s = new ScriptedSession("retry-3");
    const cat = { command: "cat /root/secret.txt" };
    await s.call("Bash", cat, { error: "Exit code 1\ncat: /root/secret.txt: Permission denied" });
    const again = await s.pre("Bash", cat);
    expect(again.outcome).toBe("block");
    expect(again.reason).toMatch(/just failed with a permission error.*Fix the cause first/);
    // A changed call is fine.
    expect(
      (await s.call("Bash", { command: "sudo -n true" }, { error: "Exit code 1\nsudo: a password is required" }))
        .outcome,
    ).toBe("allow");
    // Claude Code's own validation error on an Edit: the identical Edit again is blocked.
    const edit = { file_path: "/home/dev/proj/a.ts", old_string: "nope", new_string: "x" };
    await s.call("Edit", edit, { error: "<tool_use_error>String to replace not found in file.</tool_use_error>" });
    expect((await s.pre("Edit", edit)).outcome).toBe("block");
  });

  it("a retryable failure (a timeout, a network error) may be retried; the policy's params apply", async () => {
    const s = new ScriptedSession("retry-4", {
      rules: { "session/retry-loop": { params: { max_repeats: 2, non_retryable: [] } } },
    });
    const fetch = { url: "https://example.com/api", prompt: "x" };
    await s.call("WebFetch", fetch, { error: "connect ECONNREFUSED 93.184.216.34:443" });
    expect((await s.pre("WebFetch", fetch)).outcome).toBe("allow");
    const perm = { command: "cat /root/x" };
    await s.call("Bash", perm, { error: "Exit code 1\nPermission denied" });
    expect((await s.pre("Bash", perm)).outcome).toBe("allow"); // non_retryable: [] in the policy
    await s.call("Bash", perm, { error: "Exit code 1\nPermission denied" });
    expect((await s.pre("Bash", perm)).outcome).toBe("block"); // max_repeats: 2
  });

  it("Codex sessions too (PostToolUse only: runs count, failures are not classified)", async () => {
    const s = new ScriptedSession("retry-codex", { host: "codex" });
    for (let i = 0; i < 3; i++)
      expect((await s.call("Bash", npmTest, { output: "1 failing\n" })).outcome).toBe("allow");
    const fourth = await s.pre("Bash", npmTest);
    expect(fourth.outcome).toBe("block");
    expect(fourth.reason).toContain("session/retry-loop");
  });

  it.runIf(nativeHookAvailable())(
    "the native hook (Bun) shares the memory: one session, node and native hook processes in turn",
    async () => {
      const s = new ScriptedSession("retry-native", { impls: ["native", "node"] });
      const cat = { command: "cat /root/notes.txt" };
      await s.call("Bash", cat, { error: "Exit code 1\ncat: /root/notes.txt: Permission denied" }); // pre: native, failure: node
      const again = await s.pre("Bash", cat); // native
      expect(again.outcome).toBe("block");
      expect(again.reason).toContain("permission error");
      for (let i = 0; i < 3; i++) await s.call("Bash", npmTest);
      expect((await s.pre("Bash", npmTest)).outcome).toBe("block");
    },
  );
});
