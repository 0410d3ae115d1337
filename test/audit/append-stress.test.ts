// appendRecord itself from many processes at once, with records near the size cap (60 KB lines: far
// above PIPE_BUF, so this checks the O_APPEND single-write guarantee on files, not on pipes), while
// the segment size forces rotation under contention.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { MAX_RECORD_BYTES } from "../../src/audit/store.js";

const STORE = fileURLToPath(new URL("../../src/audit/store.ts", import.meta.url));

describe("appendRecord under contention", () => {
  it("8 processes × 40 records of ~60 KB: every line whole, none lost", async () => {
    const work = mkdtempSync(join(tmpdir(), "staso-stress-"));
    const entry = join(work, "writer.ts");
    writeFileSync(
      entry,
      `import { appendRecord } from ${JSON.stringify(STORE)};
const [dir, who, count] = process.argv.slice(2);
const pad = "${"z".repeat(10)}".repeat(5900);
for (let i = 0; i < Number(count); i++) {
  appendRecord(dir, { v: 1, id: who + "-" + i, time: new Date().toISOString(), host: "t", event: "pre", tool: "Bash", action: "allow", span: "guard:allowed:Bash", status: "ok", rules: [], latencyMs: 1, input: { pad, who, i } }, { maxFileBytes: 1024 * 1024 });
}
`,
    );
    const bundle = join(work, "writer.mjs");
    await build({
      entryPoints: [entry],
      outfile: bundle,
      bundle: true,
      platform: "node",
      format: "esm",
      logLevel: "silent",
    });
    const dir = join(work, "audit");
    const P = 8;
    const M = 40;
    await Promise.all(
      Array.from(
        { length: P },
        (_, w) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(process.execPath, [bundle, dir, `w${w}`, String(M)], { stdio: "inherit" });
            child.on("error", reject);
            child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`writer ${w} exited ${code}`))));
          }),
      ),
    );
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(5); // rotated at 1 MB while 8 writers raced
    const lines = files.flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n").filter(Boolean));
    expect(lines).toHaveLength(P * M);
    const ids = new Set<string>();
    for (const line of lines) {
      expect(Buffer.byteLength(line)).toBeGreaterThan(50_000);
      expect(Buffer.byteLength(line)).toBeLessThan(MAX_RECORD_BYTES);
      const r = JSON.parse(line) as { id: string; input: { pad: string } };
      expect(r.input.pad.length).toBe(59_000);
      ids.add(r.id);
    }
    expect(ids.size).toBe(P * M);
  }, 60_000);
});
