// The evasion suite: dangerous commands from every pack, dressed up the ways an agent (or a prompt
// injection) might dress them — wrappers, quoting, indirection, chains, multi-line scripts, heredocs,
// interpreters, encodings. With every built-in rule on, none may be allowed.
import { describe, expect, it } from "vitest";
import { bash, codexCall, decide } from "../../support/calls.js";
import { DANGEROUS, TRANSFORMS, sq } from "./evasions.js";

process.env.HOME = "/home/dev";

describe("evasion suite", () => {
  const cases = DANGEROUS.flatMap((c) => TRANSFORMS.map(([name, t]) => [name, c, t(c)] as const));
  it.each(cases)("%s: %s", async (_name, _base, command) => {
    const d = await decide(bash(command));
    expect(d.action, `${command}\n→ ${d.reason}`).not.toBe("allow");
    // Caught by a rule that understood it, not by the fail mode.
    expect(d.failure, d.failure).toBeUndefined();
    expect(d.ruleId).toBeDefined();
  });

  it.each(DANGEROUS)("Codex's exec_command is guarded the same: %s", async (command) => {
    const d = await decide(codexCall("Bash", { command: `bash -lc ${sq(command)}` }));
    expect(d.action).not.toBe("allow");
  });
});
