// A checkout rebuilt while the agents call its hook: `npm run build` deletes and rewrites dist/ (bundles, then
// the native binary). The hook setup installed (in staso's data dir) is not in dist/, so no call made during
// the rebuild fails. Real processes: a copy of this checkout is really rebuilt (scripts/build.mjs and
// scripts/build-native.mjs) while both installed hooks (Node and native) are called in a loop through the
// agent's shell, each answer checked. The same calls through the package's own launcher (what setup used
// to write) are counted beside them, to show what the loop would catch.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";

const REPO = realpathSync(join(import.meta.dirname, "..", ".."));
const root = realpathSync(mkdtempSync(join(tmpdir(), "staso-e2e-rebuild-")));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A checkout that can be rebuilt: sources, scripts, configs and the current build; node_modules shared. */
function checkoutCopy(): string {
  const dir = join(root, "checkout");
  mkdirSync(dir);
  for (const f of ["bin", "src", "scripts", "hooks-templates", "package.json", "tsconfig.json", "tsconfig.lib.json"])
    cpSync(join(REPO, f), join(dir, f), { recursive: true });
  cpSync(join(REPO, "dist"), join(dir, "dist"), {
    recursive: true,
    filter: (src) => !src.includes(join("dist", "packages")) && !src.includes(join("dist", "release")),
  });
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/** Resolves with the exit code; `running()` says whether it still runs. */
function start(cmd: string, args: string[], cwd: string) {
  let done = false;
  const child = spawn(cmd, args, { cwd, stdio: "ignore" });
  const exit = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      done = true;
      resolve(code);
    }),
  );
  return { exit, running: () => !done };
}

function callHook(command: string, danger: boolean, env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  const payload = JSON.stringify({
    session_id: "rebuild",
    cwd,
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: danger ? "rm -rf ~" : "git status" },
  });
  return new Promise((resolve) => {
    const child = spawn("/bin/bash", ["-c", command], { env, cwd, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (err += d));
    child.stdin.on("error", () => {});
    child.stdin.end(payload);
    child.on("close", (code) => {
      let decision = "allow";
      try {
        if (out.trim()) decision = JSON.parse(out).hookSpecificOutput?.permissionDecision ?? "other";
      } catch {
        decision = "unparsable";
      }
      const want = danger ? "deny" : "allow";
      // A block because the guard could not start is a failed call too (fail closed hides it as a deny).
      const ok = code === 0 && decision === want && !/could not start/.test(out + err);
      resolve(ok ? "" : `exit ${code}, ${decision}: ${(err || out).split("\n")[0]}`);
    });
  });
}

it("no hook call fails while the checkout is rebuilt, through the installed Node and native hooks", async () => {
  const checkout = checkoutCopy();
  const home = join(root, "home");
  const stasoHome = join(root, "staso");
  mkdirSync(home);
  const env = { PATH: process.env.PATH, HOME: home, STASO_HOME: stasoHome };
  const setup = spawnSync(
    process.execPath,
    [join(checkout, "bin", "staso.js"), "setup", "--target", "claude-code", "--scope", "user", "--yes"],
    { cwd: home, env, encoding: "utf8", timeout: 120_000 },
  );
  expect(setup.status, setup.stderr + setup.stdout).toBe(0);
  const written = String(
    JSON.parse(readFileSync(join(home, ".claude", "settings.json"), "utf8")).hooks.PreToolUse[0].hooks[0].command,
  );
  const dir = /(\/\S+\/hook\/[^/\s]+)\//.exec(written)![1]!;
  expect(dir.startsWith(join(stasoHome, "hook"))).toBe(true);
  const installed = [`${process.execPath} ${dir}/bin/staso.js hook --target claude-code`];
  if (existsSync(join(dir, "dist", "native", "staso-hook")))
    installed.push(`${dir}/dist/native/staso-hook hook --target claude-code`);
  const packaged = `${process.execPath} ${join(checkout, "bin", "staso.js")} hook --target claude-code`;

  // Every installed hook answers before the rebuild starts.
  for (const c of installed) expect(await callHook(c, true, env, home)).toBe("");

  const build = start(
    "/bin/sh",
    ["-c", "node scripts/build.mjs && node scripts/build-native.mjs --optional"],
    checkout,
  );
  const failures: string[] = [];
  let calls = 0;
  let packagedCalls = 0;
  let packagedFailures = 0;
  // Bounded: the rebuild's own time (a minute or two on a loaded 2-core machine), at most 6 minutes.
  const until = Date.now() + 360_000;
  for (let i = 0; build.running() && Date.now() < until; i++) {
    const danger = i % 2 === 1;
    const batch = await Promise.all([
      ...installed.map((c) => callHook(c, danger, env, home)),
      callHook(packaged, danger, env, home),
    ]);
    const own = batch.pop()!;
    packagedCalls++;
    if (own) packagedFailures++;
    calls += batch.length;
    failures.push(...batch.filter(Boolean));
  }
  const code = await build.exit;
  expect(code, "the copy's rebuild failed").toBe(0);
  // The loop really overlapped the rebuild.
  expect(calls).toBeGreaterThanOrEqual(20);
  expect(failures, `${failures.length} of ${calls} installed-hook calls failed`).toEqual([]);
  console.log(
    `rebuild: ${calls} installed-hook calls, none failed; through the package's own launcher ${packagedFailures} of ${packagedCalls} failed`,
  );
  // And the installed hooks still answer after it.
  for (const c of installed) expect(await callHook(c, true, env, home)).toBe("");
}, 600_000);
