// At most one export at a time, across processes: many racing for the lock at once, exactly one wins,
// even with a stale lock (dead pid) in the way.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { tryLock } from "../../src/export/state.js";

const STATE = fileURLToPath(new URL("../../src/export/state.ts", import.meta.url));

describe("export lock", () => {
  it("8 processes racing for the lock, 6 rounds (half with a stale lock present): never two holders at once", async () => {
    const work = mkdtempSync(join(tmpdir(), "staso-lock-"));
    const entry = join(work, "racer.ts");
    writeFileSync(
      entry,
      `import { tryLock } from ${JSON.stringify(STATE)};
const [dir, startAt] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {} // line up the start
const lock = tryLock(dir);
if (lock) {
  const from = Date.now();
  const until = from + 400;
  while (Date.now() < until) {}
  process.stdout.write(\`won \${from} \${Date.now()}\`);
  lock.release();
} else process.stdout.write("lost");
`,
    );
    const bundle = join(work, "racer.mjs");
    await build({
      entryPoints: [entry],
      outfile: bundle,
      bundle: true,
      platform: "node",
      format: "esm",
      logLevel: "silent",
    });
    let wins1 = 0;
    for (let round = 0; round < 6; round++) {
      const dir = join(work, `export-${round}`);
      if (round % 2) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "lock"), JSON.stringify({ pid: 2 ** 22 + 4242, started: "long ago" }));
      }
      // all eight start at the same instant, after every process has loaded: the takeover race needs it
      const startAt = Date.now() + 2500;
      const results = await Promise.all(
        Array.from(
          { length: 8 },
          () =>
            new Promise<string>((resolve, reject) => {
              const child = spawn(process.execPath, [bundle, dir, String(startAt)], {
                stdio: ["ignore", "pipe", "inherit"],
              });
              let out = "";
              child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
              child.on("error", reject);
              child.on("close", () => resolve(out));
            }),
        ),
      );
      // winners never overlap (a late starter may win after the first released: that is fine)
      const held = results
        .filter((r) => r.startsWith("won"))
        .map((r) => r.split(" ").slice(1).map(Number) as [number, number])
        .sort((a, b) => a[0] - b[0]);
      expect(held.length, `round ${round}`).toBeGreaterThanOrEqual(1);
      for (let i = 1; i < held.length; i++)
        expect(held[i]![0], `round ${round}: ${results.join(",")}`).toBeGreaterThanOrEqual(held[i - 1]![1]);
      if (held.length === 1) wins1++;
    }
    expect(wins1).toBeGreaterThan(0);
  }, 60_000);

  it("a stale lock is taken over by one taker at a time: while another holds the takeover, it is left alone", () => {
    const dir = mkdtempSync(join(tmpdir(), "staso-lock-"));
    const stale = JSON.stringify({ pid: 2 ** 22 + 4242, started: "long ago" });
    writeFileSync(join(dir, "lock"), stale);
    writeFileSync(join(dir, "lock.break"), "");
    expect(tryLock(dir)).toBeUndefined();
    expect(readFileSync(join(dir, "lock"), "utf8")).toBe(stale);
    // a takeover marker left by a process that died in the middle is cleared, and the next try takes the lock
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, "lock.break"), old, old);
    expect(tryLock(dir)).toBeUndefined();
    expect(existsSync(join(dir, "lock.break"))).toBe(false);
    const lock = tryLock(dir);
    expect(lock?.owned()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "lock"), "utf8")).pid).toBe(process.pid);
    lock?.release();
    expect(existsSync(join(dir, "lock"))).toBe(false);
  });
});
