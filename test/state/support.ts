// Child processes that use the store for real: src/state bundled once with esbuild into a small script.
import { buildSync } from "esbuild";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * A script that reads the session and appends one pre event, `count` times (argv: file count tag
 * compactOverBytes), each a separate open/write like a hook process's, as fast as it can.
 */
export function buildAppender(): string {
  const dir = mkdtempSync(join(tmpdir(), "staso-state-bin-"));
  const entry = join(dir, "appender.ts");
  writeFileSync(
    entry,
    `import { appendEvent, readSession } from ${JSON.stringify(join(root, "src/state/store.ts"))};
const [file, count, tag, limit] = process.argv.slice(2);
for (let i = 0; i < Number(count); i++) {
  // As a hook process does: read the session, then append one event.
  const { rawBytes } = readSession(file!);
  appendEvent(file!, { id: tag + "-" + i, t: Date.now(), e: "pre", tool: "Bash", sig: tag!, a: "allow", ran: 1 }, { rawBytes, compactOverBytes: Number(limit) });
}
`,
  );
  const out = join(dir, "appender.mjs");
  buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile: out, logLevel: "error" });
  return out;
}

export function runNode(script: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}
