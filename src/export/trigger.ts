// On the hook's path, after the answer is out and the record is stored: start the detached background
// export when one is due. Costs a stat or two; spawns only when an endpoint is configured, no export is
// running (fresh lock) and the backoff after a failed run has passed. node: built-ins only.
import { childProcess } from "../builtin.js";
import { closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { ExportSettings } from "../audit/settings.js";
import { otlpTarget } from "./config.js";
import { LOCK_FRESH_MS, STARTING_FRESH_MS, exportDirOf, lockFile, startingFile, stateFile } from "./state.js";

export type TriggerOutcome = "off" | "running" | "backoff" | "started" | "unavailable";

/** Node or Bun running a script can run the launcher; a compiled hook binary cannot: use node then. */
function runtime(): string {
  return /^(node|nodejs|bun)(\.exe)?$/i.test(basename(process.execPath)) ? process.execPath : "node";
}

/** Creates the starting marker (O_EXCL): true for the one hook of a burst that should spawn. */
function claimStart(dir: string, now: number): boolean {
  const file = startingFile(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") return false;
    }
    const st = statSync(file, { throwIfNoEntry: false });
    if (st && now - st.mtimeMs < STARTING_FRESH_MS) return false;
    try {
      unlinkSync(file); // left by an export that never started
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * The staso launcher to run `export --background` with: the script this process was started as
 * (bin/staso.js under Node or Bun), else — a compiled hook binary — the bin/staso.js of the package the
 * binary sits in. The hook bundle is CommonJS or a binary, so no import.meta here.
 */
export function findLauncher(
  argv1: string | undefined = process.argv[1],
  execPath = process.execPath,
): string | undefined {
  if (argv1 && /(^|[\\/])staso(\.c?js)?$/.test(argv1) && existsSync(argv1)) return argv1;
  let dir = dirname(execPath);
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "bin", "staso.js");
    if (existsSync(candidate)) {
      try {
        if ((JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name === "staso")
          return candidate;
      } catch {
        // not ours
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

export function startBackgroundExport(
  dataDir: string,
  settings: ExportSettings | undefined,
  env: NodeJS.ProcessEnv = process.env,
  now = Date.now(),
): TriggerOutcome {
  const target = otlpTarget(settings, env);
  if (!target || target.problem) return "off";
  const dir = exportDirOf(dataDir);
  const lock = statSync(lockFile(dir), { throwIfNoEntry: false });
  if (lock && now - lock.mtimeMs < LOCK_FRESH_MS) return "running";
  const starting = statSync(startingFile(dir), { throwIfNoEntry: false });
  if (starting && now - starting.mtimeMs < STARTING_FRESH_MS) return "running";
  try {
    const state = JSON.parse(readFileSync(stateFile(dir), "utf8")) as { nextAttemptAt?: string };
    if (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > now) return "backoff";
  } catch {
    // no state yet
  }
  const launcher = findLauncher();
  if (!launcher) return "unavailable";
  if (!claimStart(dir, now)) return "running"; // another hook of this burst is starting one
  const child = childProcess().spawn(runtime(), [launcher, "export", "--background"], {
    detached: true,
    stdio: "ignore",
    env,
    windowsHide: true,
  });
  child.on("error", () => {});
  child.unref();
  return "started";
}
