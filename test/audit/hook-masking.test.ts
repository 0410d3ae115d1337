// Through the real hooks (Node and native), in both agents' payload shapes: every decided call leaves an
// audit record, however deeply its input nests, and no password given on a command line or in a
// secret-named MCP field reaches the audit trail, `staso logs`, an escalation request or its OTLP span.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claudePayload, codexPayload } from "../support/calls.js";
import { HOOK_IMPLS, nativeHookAvailable } from "../support/hook-process.js";
import { auditRecords, cli, hook, stasoHome, stored } from "../escalation/support.js";

const PW = "hunter2Xq9zz";
const impls = HOOK_IMPLS.filter((impl) => impl === "node" || nativeHookAvailable());

/** Everything staso wrote under its home, as one string. */
function everythingWritten(home: string): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(readFileSync(p, "utf8"));
    }
  };
  walk(home);
  return out.join("\n");
}

/** The JSON text of an input nested `levels` deep (built as text: JSON.stringify itself would recurse). */
const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}"bottom"${"}".repeat(levels)}`;

describe.each(impls)("%s hook", (impl) => {
  it.each(["claude", "codex"] as const)(
    "%s: an input nested 50,000 levels deep is decided and recorded, its secret field masked",
    async (host) => {
      const home = stasoHome();
      const base = (host === "claude" ? claudePayload : codexPayload)("mcp__db__query", { password: PW, q: 0 });
      const text = JSON.stringify(base).replace('"q":0', `"q":${deepJson(50_000)}`);
      const r = await hook(home, text as unknown as object, { impl });
      expect(r.code).toBe(0);
      const records = auditRecords(home);
      expect(records).toHaveLength(1);
      expect(records[0].tool).toBe("mcp__db__query");
      expect(records[0].input.password).toBe("REDACTED");
      expect(JSON.stringify(records[0].input)).toMatch(/nested deeper than \d+ levels/);
      expect(everythingWritten(home)).not.toContain(PW);
    },
  );

  it.each(["claude", "codex"] as const)(
    "%s: a database password on the command line stays out of the audit trail and staso logs",
    async (host) => {
      const home = stasoHome();
      const command = `mysql -uroot -p${PW} -e 'DROP DATABASE prod'`;
      const r = await hook(home, (host === "claude" ? claudePayload : codexPayload)("Bash", { command }), { impl });
      expect(r.json?.hookSpecificOutput?.permissionDecision).toBe("deny");
      const [record] = auditRecords(home);
      expect(record.input.command).toBe("mysql -uroot -pREDACTED -e 'DROP DATABASE prod'");
      expect(everythingWritten(home)).not.toContain(PW);
      const logs = await cli(home, ["logs", "--json"]);
      expect(logs.stdout).toContain("-pREDACTED");
      expect(logs.stdout).not.toContain(PW);
      const table = await cli(home, ["logs"]);
      expect(table.stdout).not.toContain(PW);
    },
  );

  it("codex: an escalation request and its record carry no token given on the command line", async () => {
    const home = stasoHome();
    const command = `kubectl delete pod web-1 --token=${PW}`;
    const r = await hook(home, codexPayload("Bash", { command }), { impl });
    expect(r.json?.hookSpecificOutput?.permissionDecision).toBe("deny");
    const [e] = stored(home);
    expect(e?.request.summary).toContain("--token=REDACTED");
    const shown = await cli(home, ["escalations", "show", e!.id, "--json"], { CLAUDECODE: undefined });
    expect(shown.stdout).not.toContain(PW);
    expect(everythingWritten(home)).not.toContain(PW);
  });
});
