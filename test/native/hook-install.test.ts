// The hook staso setup installs under its data dir: one whole folder per version and content, written
// atomically; old versions go only when no agent can still start them. Real files and real processes.
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  cleanupInstalledHooks,
  foldersInUse,
  hookBundleId,
  hookBundleOf,
  installHook,
  listInstalledHooks,
  readInstalledManifest,
} from "../../src/native/hook-install.js";
import { hookStore, hookStoreOf, installedHookDirIn } from "../../src/native/hook-store.js";

const REPO = realpathSync(join(import.meta.dirname, "..", ".."));
const roots: string[] = [];
afterEach(() => {
  while (roots.length) rmSync(roots.pop()!, { recursive: true, force: true });
});

/** A package with the hook's files (a copy of this checkout's built ones) and a data dir. */
function fixture() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "staso-hook-install-")));
  roots.push(root);
  const pkg = join(root, "pkg");
  mkdirSync(join(pkg, "dist"), { recursive: true });
  cpSync(join(REPO, "bin"), join(pkg, "bin"), { recursive: true });
  cpSync(join(REPO, "dist", "hook.cjs"), join(pkg, "dist", "hook.cjs"));
  writeFileSync(join(pkg, "package.json"), '{"name":"staso","version":"1.2.3"}\n');
  return { root, pkg, data: join(root, "data") };
}

const PAYLOAD = (command: string) =>
  JSON.stringify({
    session_id: "s",
    cwd: "/tmp",
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command },
  });

function runInstalled(dir: string, command: string, home: string) {
  return spawnSync(process.execPath, [join(dir, "bin", "staso.js"), "hook", "--target", "claude-code"], {
    input: PAYLOAD(command),
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: home, STASO_HOME: home },
  });
}

describe("installing the hook", () => {
  it("puts a whole copy in <data>/hook/<version>-<hash>/ that answers with the package's files gone", () => {
    const f = fixture();
    const r = installHook(f.data, hookBundleOf(f.pkg, "1.2.3"));
    expect(r.created).toBe(true);
    expect(r.id).toMatch(/^1\.2\.3-[0-9a-f]{12}$/);
    expect(r.dir).toBe(join(f.data, "hook", r.id));
    const m = readInstalledManifest(r.dir)!;
    expect(m).toMatchObject({ version: "1.2.3", id: r.id, from: f.pkg, native: false });
    expect(Object.keys(m.files).sort()).toEqual(["bin/package.json", "bin/staso.js", "dist/hook.cjs", "package.json"]);
    expect(readFileSync(join(r.dir, "dist", "hook.cjs"))).toEqual(readFileSync(join(f.pkg, "dist", "hook.cjs")));
    expect(JSON.parse(readFileSync(join(r.dir, "package.json"), "utf8")).name).toBe("staso");
    // no temporary folder left beside it
    expect(readdirSync(hookStore(f.data))).toEqual([r.id]);
    // what a rebuild does to the package: the installed hook does not care
    rmSync(join(f.pkg, "dist"), { recursive: true, force: true });
    const home = join(f.root, "home");
    mkdirSync(home);
    const block = runInstalled(r.dir, "rm -rf ~", home);
    expect(block.status).toBe(0);
    expect(JSON.parse(block.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    const allow = runInstalled(r.dir, "git status", home);
    expect(allow.status).toBe(0);
    expect(allow.stdout.trim()).toBe("");
  });

  it("is content-addressed: the same build again is found in place; another build gets another folder", () => {
    const f = fixture();
    const first = installHook(f.data, hookBundleOf(f.pkg, "1.2.3"));
    const again = installHook(f.data, hookBundleOf(f.pkg, "1.2.3"));
    expect(again).toEqual({ ...first, created: false });
    writeFileSync(join(f.pkg, "dist", "hook.cjs"), `${readFileSync(join(f.pkg, "dist", "hook.cjs"), "utf8")}\n`);
    const other = installHook(f.data, hookBundleOf(f.pkg, "1.2.3"));
    expect(other.created).toBe(true);
    expect(other.id).not.toBe(first.id);
    expect(hookBundleId(hookBundleOf(f.pkg, "1.2.4"))).toMatch(/^1\.2\.4-/);
    expect(listInstalledHooks(f.data).map((v) => v.id)).toEqual([other.id, first.id]);
  });

  it("replaces a damaged folder (a file deleted by hand) with a whole one", () => {
    const f = fixture();
    const r = installHook(f.data, hookBundleOf(f.pkg, "1.2.3"));
    rmSync(join(r.dir, "dist", "hook.cjs"));
    const again = installHook(f.data, hookBundleOf(f.pkg, "1.2.3"));
    expect(again.created).toBe(true);
    expect(existsSync(join(r.dir, "dist", "hook.cjs"))).toBe(true);
    expect(readdirSync(hookStore(f.data)).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("leaves nothing half-written when a copy fails, and says which file is missing", () => {
    const f = fixture();
    const b = hookBundleOf(f.pkg, "1.2.3");
    // the second file cannot be written (its folder is a file): the copy fails half-way
    b.files.push({ rel: "bin/staso.js/x", text: "x", mode: 0o644 });
    expect(() => installHook(f.data, b)).toThrow(/ENOTDIR|EEXIST/);
    expect(listInstalledHooks(f.data)).toEqual([]);
    expect(readdirSync(hookStore(f.data))).toEqual([]);
    rmSync(join(f.pkg, "dist", "hook.cjs"));
    expect(() => hookBundleOf(f.pkg, "1.2.3")).toThrow(/hook\.cjs is missing.*npm run build/);
  });

  it("installs the native binary when given one, as dist/native/staso-hook", () => {
    const f = fixture();
    const fake = join(f.root, "staso-hook");
    writeFileSync(fake, "#!/bin/sh\necho 1.2.3\n");
    chmodSync(fake, 0o755);
    const r = installHook(f.data, hookBundleOf(f.pkg, "1.2.3", fake));
    expect(readInstalledManifest(r.dir)!.native).toBe(true);
    expect(spawnSync(join(r.dir, "dist", "native", "staso-hook"), { encoding: "utf8" }).stdout).toBe("1.2.3\n");
  });

  it("finds the installed folder in a hook command, and the store of an installed folder", () => {
    const f = fixture();
    const r = installHook(f.data, hookBundleOf(f.pkg, "1.2.3"));
    expect(installedHookDirIn(`/usr/bin/node ${r.dir}/bin/staso.js hook --target codex`)).toBe(r.dir);
    expect(installedHookDirIn(`'${r.dir}/dist/native/staso-hook' hook --target claude-code`)).toBe(r.dir);
    expect(installedHookDirIn("/usr/bin/node /opt/staso/bin/staso.js hook")).toBeUndefined();
    expect(hookStoreOf(r.dir)).toBe(hookStore(f.data));
    expect(hookStoreOf(f.pkg)).toBeUndefined();
  });
});

describe("removing old versions", () => {
  const DAY = 24 * 3600 * 1000;

  /** Fake installed versions whose folders became current `ageDays` ago, oldest first in the list. */
  function versions(data: string, ages: Array<[string, number]>, now: number) {
    for (const [id, age] of ages) {
      const dir = join(hookStore(data), id);
      mkdirSync(join(dir, "bin"), { recursive: true });
      writeFileSync(join(dir, "install.json"), JSON.stringify({ version: "1.0.0", id, files: {} }));
      const t = new Date(now - age * DAY);
      utimesSync(dir, t, t);
    }
  }

  it("keeps the current one, the previous one, what a config names and what was replaced within the grace period", () => {
    const f = fixture();
    const now = Date.now();
    // a (30 days ago) → b (20) → c (10) → d (9) → e (3) → f (2) → g (now, current)
    versions(
      f.data,
      [
        ["a", 30],
        ["b", 20],
        ["c", 10],
        ["d", 9],
        ["e", 3],
        ["f", 2],
        ["g", 0],
      ],
      now,
    );
    const removed = cleanupInstalledHooks(f.data, {
      current: "g",
      referenced: ["b"],
      now: new Date(now),
      inUse: () => new Set(),
    });
    // a: replaced by b 20 days ago → goes; b: a config names it; c: replaced by d 9 days ago → goes;
    // d: replaced by e 3 days ago (within 7) → stays; e: replaced 2 days ago → stays; f: the previous; g: current
    expect(removed.sort()).toEqual(["a", "c"]);
    expect(
      listInstalledHooks(f.data)
        .map((v) => v.id)
        .sort(),
    ).toEqual(["b", "d", "e", "f", "g"]);
    expect(readdirSync(hookStore(f.data)).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("keeps a version a live process runs from (a hook that started from it just now)", async () => {
    const f = fixture();
    const now = Date.now();
    versions(
      f.data,
      [
        ["old", 40],
        ["prev", 30],
        ["cur", 0],
      ],
      now,
    );
    const oldDir = join(hookStore(f.data), "old");
    // A real process whose command line names a file in the old version, as `node …/old/bin/staso.js hook` does.
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)", join(oldDir, "bin", "staso.js")], {
      stdio: "ignore",
    });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(foldersInUse([oldDir]).has(oldDir)).toBe(process.platform === "linux");
      const removed = cleanupInstalledHooks(f.data, { current: "cur", now: new Date(now) });
      expect(removed).toEqual(process.platform === "linux" ? [] : ["old"]);
    } finally {
      const gone = new Promise((r) => child.on("close", r));
      child.kill("SIGKILL");
      await gone;
    }
    expect(cleanupInstalledHooks(f.data, { current: "cur", now: new Date(now) })).toEqual(
      process.platform === "linux" ? ["old"] : [],
    );
  });

  it("clears what a crashed install left after an hour, not before", () => {
    const f = fixture();
    const store = hookStore(f.data);
    mkdirSync(join(store, ".tmp-1.0.0-x-1-aa"), { recursive: true });
    mkdirSync(join(store, ".tmp-1.0.0-x-2-bb"), { recursive: true });
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(store, ".tmp-1.0.0-x-1-aa"), old, old);
    cleanupInstalledHooks(f.data, { current: "none" });
    expect(readdirSync(store)).toEqual([".tmp-1.0.0-x-2-bb"]);
  });
});
