// Throwaway homes for setup tests: HOME, CODEX_HOME and STASO_HOME all point into a temp dir, so nothing
// ever touches the real home. Setup and uninstall run through the same planning and writing code as the CLI.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyChanges } from "../../src/setup/apply.js";
import type { HostId } from "../../src/hosts/index.js";
import type { Scope } from "../../src/setup/locations.js";
import { planSetup, planUninstall, type Plan } from "../../src/setup/plan.js";
import { afterEach } from "vitest";

export const CMD: Record<string, string> = {
  "claude-code": "/usr/bin/node /opt/staso/bin/staso.js hook --target claude-code",
  codex: "/usr/bin/node /opt/staso/bin/staso.js hook --target codex",
  "gemini-cli": "/usr/bin/node /opt/staso/bin/staso.js hook --target gemini-cli",
  "copilot-cli": "/usr/bin/node /opt/staso/bin/staso.js hook --target copilot-cli",
  opencode: "/usr/bin/node /opt/staso/bin/staso.js hook --target opencode",
  cursor: "/usr/bin/node /opt/staso/bin/staso.js hook --target cursor",
  droid: "/usr/bin/node /opt/staso/bin/staso.js hook --target droid",
  "qwen-code": "/usr/bin/node /opt/staso/bin/staso.js hook --target qwen-code",
};

export interface Ws {
  root: string;
  home: string;
  codexHome: string;
  project: string;
  staso: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export function workspace(): Ws {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "staso-setup-test-")));
  const home = join(root, "home");
  const codexHome = join(home, ".codex");
  const project = join(root, "proj");
  const staso = join(root, "staso");
  for (const d of [home, project]) mkdirSync(d, { recursive: true });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, CODEX_HOME: codexHome, STASO_HOME: staso };
  return { root, home, codexHome, project, staso, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * A workspace factory for one test file: every workspace it makes is removed after the test that made
 * it. `track` hands it other cleanups too (a copy of staso, say).
 */
export function workspaces(): { ws: () => Ws; track: (cleanup: () => void) => void } {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });
  return {
    ws: () => {
      const w = workspace();
      cleanups.push(w.cleanup);
      return w;
    },
    track: (cleanup) => cleanups.push(cleanup),
  };
}

export interface RunOptions {
  failMode?: "closed" | "open";
  writeTrust?: boolean;
  timeout?: number;
  apiKey?: string;
  command?: (t: HostId) => string;
}

export async function setup(w: Ws, target: HostId, scope: Scope, o: RunOptions = {}): Promise<Plan> {
  const plan = await planSetup({
    targets: [{ target, scope }],
    projectDir: w.project,
    failMode: o.failMode ?? "closed",
    timeout: o.timeout,
    apiKey: o.apiKey,
    writeTrust: o.writeTrust ?? true,
    env: w.env,
    command: o.command ?? ((t) => CMD[t]!),
  });
  applyChanges(plan.changes, { backupRoot: join(w.staso, "backups") });
  return plan;
}

export async function uninstall(w: Ws, target: HostId, scopes: Scope[]): Promise<Plan> {
  const plan = await planUninstall({ targets: [target], scopes, projectDir: w.project, env: w.env });
  applyChanges(plan.changes, { backupRoot: join(w.staso, "backups") });
  return plan;
}

export const read = (p: string): string | null => {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return null;
  }
};

/** The group staso writes, as JSON text nested under `indent` (the file's own layout). */
export function stasoGroupJson(
  target: HostId,
  event: "PreToolUse" | "PostToolUse" | "PostToolUseFailure",
  o: { timeout?: number; onFailure?: boolean; unit?: string; indent?: string } = {},
): string {
  const handler: Record<string, unknown> = { type: "command", command: CMD[target], timeout: o.timeout ?? 30 };
  if (target === "claude-code" && event === "PreToolUse" && o.onFailure !== false) handler.onFailure = "block";
  return JSON.stringify({ matcher: "*", hooks: [handler] }, null, o.unit ?? "  ")
    .split("\n")
    .join(`\n${o.indent ?? ""}`);
}

/**
 * A private copy of the built package (bin/, dist/ — the native hook binary only when asked for —,
 * hooks-templates/, package.json) in a temp dir: CLI tests run an installation of their own, as a user would, and are not
 * disturbed by a rebuild of the work tree running at the same time. Returns its launcher.
 */
export function installCopy(o: { native?: boolean } = {}): {
  launcher: string;
  native: string | null;
  cleanup(): void;
} {
  const repo = join(import.meta.dirname, "..", "..");
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "staso-install-")));
  for (let attempt = 0; ; attempt++) {
    try {
      if (!existsSync(join(repo, "dist", "cli.mjs")))
        throw new Error("dist/cli.mjs is missing: run `npm run build` first");
      cpSync(join(repo, "bin"), join(dir, "bin"), { recursive: true });
      cpSync(join(repo, "hooks-templates"), join(dir, "hooks-templates"), { recursive: true });
      cpSync(join(repo, "package.json"), join(dir, "package.json"));
      cpSync(join(repo, "dist"), join(dir, "dist"), {
        recursive: true,
        filter: (src) => (o.native || !src.includes(join("dist", "native"))) && !src.includes(join("dist", "packages")),
      });
      break;
    } catch (err) {
      if (attempt >= 20) throw err;
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      spawnSync("sleep", ["0.5"]);
    }
  }
  const native = join(dir, "dist", "native", process.platform === "win32" ? "staso-hook.exe" : "staso-hook");
  return {
    launcher: join(dir, "bin", "staso.js"),
    native: existsSync(native) ? native : null,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
