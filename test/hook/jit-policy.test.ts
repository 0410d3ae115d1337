// The native hook lowers JavaScriptCore's raised tier-up thresholds only for a call with work enough for
// the JIT (a very long shell command); everyday calls keep the start-up policy, and Node is left alone.
import { afterEach, describe, expect, it, vi } from "vitest";
import { LONG_COMMAND_CHARS, WORK_JIT_POLICY, tuneJitFor } from "../../src/hook/jit-policy.js";

const g = globalThis as { Bun?: unknown };

describe("the native hook's JIT policy per call", () => {
  afterEach(() => {
    delete g.Bun;
  });

  const withBun = () => {
    const setJITPolicy = vi.fn();
    g.Bun = { unsafe: { setJITPolicy } };
    return setJITPolicy;
  };

  it("a long shell command (hundreds of commands) gets the JIT back", () => {
    const setJITPolicy = withBun();
    const command = Array.from({ length: 400 }, (_, i) => `cp src/f${i}.ts dist/f${i}.ts`).join(" && ");
    tuneJitFor({ shell: { command: command.padEnd(LONG_COMMAND_CHARS + 1, " ") } });
    expect(setJITPolicy).toHaveBeenCalledWith(WORK_JIT_POLICY);
  });

  it("an everyday command, a command just at the limit and a call with no command keep the start-up policy", () => {
    const setJITPolicy = withBun();
    tuneJitFor({ shell: { command: "git status && npm test -- --run 2>&1 | tail -n 20" } });
    tuneJitFor({ shell: { command: "x".repeat(LONG_COMMAND_CHARS) } });
    tuneJitFor({});
    expect(setJITPolicy).not.toHaveBeenCalled();
  });

  it("does nothing under Node, or a Bun without the call", () => {
    expect(() => tuneJitFor({ shell: { command: "x".repeat(LONG_COMMAND_CHARS + 1) } })).not.toThrow();
    g.Bun = { unsafe: {} };
    expect(() => tuneJitFor({ shell: { command: "x".repeat(LONG_COMMAND_CHARS + 1) } })).not.toThrow();
  });
});
