// Process level: run the built hook with every detected secret type, then read everything it left under
// STASO_HOME (the audit JSONL included) and its stdout/stderr: no secret may appear in clear, except in
// stdout where the host needs the input back (never the case for a block or a redaction).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claudePayload, codexPayload } from "../../support/calls.js";
import { runHook, tempHome } from "../../support/hook-process.js";
import { POSITIVES } from "../../analysis/secrets/cases.js";

function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...allFiles(p));
    else out.push(p);
  }
  return out;
}

describe("audit masking of every detected secret type (built hook, real process)", () => {
  it("no secret from the case table reaches the audit log, stderr, or a reason", async () => {
    const home = tempHome("staso-mask-");
    const runs: Array<{ name: string; value: string; stdout: string; stderr: string }> = [];
    for (const [name, text, , value] of POSITIVES) {
      const payloads = [
        claudePayload("Write", { file_path: "/home/dev/proj/src/config.ts", content: `// ${name}\n${text}\n` }),
        codexPayload("Bash", { command: `echo ${JSON.stringify(text)} > /tmp/x` }),
        codexPayload("apply_patch", {
          command: `*** Begin Patch\n*** Add File: cfg.txt\n${text
            .split("\n")
            .map((l) => `+${l}`)
            .join("\n")}\n*** End Patch\n`,
        }),
        claudePayload(
          "Bash",
          { command: "cat cfg.txt" },
          {
            hook_event_name: "PostToolUse",
            tool_response: { stdout: text, stderr: "", interrupted: false, isImage: false },
          },
        ),
        codexPayload("Bash", { command: "cat cfg.txt" }, { hook_event_name: "PostToolUse", tool_response: text }),
      ];
      for (const p of payloads) {
        const r = await runHook(p, { env: { STASO_HOME: home } });
        expect(r.code).toBe(0);
        runs.push({ name, value, stdout: r.stdout, stderr: r.stderr });
      }
    }
    const leaks: string[] = [];
    const files = allFiles(home);
    expect(files.some((f) => f.endsWith(".jsonl"))).toBe(true);
    const stored = files.map((f) => readFileSync(f, "utf8")).join("\n");
    // JSON-escaped too: the log is JSON, so a value with "/" or newlines is stored escaped.
    const forms = (v: string) => [v, JSON.stringify(v).slice(1, -1)].filter((f) => f.length >= 8);
    for (const { name, value, stdout, stderr } of runs) {
      for (const f of forms(value)) {
        if (stored.includes(f))
          leaks.push(
            `audit: ${name}: …${stored.slice(Math.max(0, stored.indexOf(f) - 160), stored.indexOf(f) + f.length + 20)}`,
          );
        if (stderr.includes(f)) leaks.push(`stderr: ${name}`);
        if (stdout.includes(f)) leaks.push(`stdout: ${name}`);
      }
    }
    expect([...new Set(leaks)]).toEqual([]);
  }, 240_000);
});
