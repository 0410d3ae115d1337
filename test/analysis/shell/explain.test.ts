// `staso explain`: the parse, the unwrapping and every rule's verdict, as a user reads them.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { LAUNCHER, tempHome } from "../../support/hook-process.js";

const explain = (...args: string[]) =>
  spawnSync(process.execPath, [LAUNCHER, "explain", ...args], {
    encoding: "utf8",
    env: { ...process.env, STASO_HOME: tempHome(), HOME: "/home/dev" },
  });

describe("staso explain", () => {
  it("shows the unwrapping, the verdicts and the decision", () => {
    const r = explain("sudo env X=1 bash -c 'cd ~ && rm -rf *'", "--cwd", "/home/dev/proj");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/rm -rf \*/);
    expect(r.stdout).toMatch(/via sudo → env → bash -c; in \/home\/dev/);
    expect(r.stdout).toMatch(/BLOCK\s+filesystem\/rm-root-or-home/);
    expect(r.stdout).toMatch(/Decision\s+BLOCK/);
  });

  it("explains why data is not a command", () => {
    const r = explain('git commit -m "rm -rf / && drop table users"', "--cwd", "/home/dev/proj");
    expect(r.stdout).toMatch(/What would run \(1 command\)/);
    expect(r.stdout).toMatch(/Decision\s+ALLOW/);
  });

  it("prints JSON with --json", () => {
    const r = explain('X=rm; $X -rf "$DIR/" && git push -f origin feature', "--json", "--cwd", "/home/dev/proj");
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.analysis.confident).toBe(true);
    const rm = j.analysis.commands.find((c: { program: string }) => c.program === "rm");
    expect(rm.argv).toEqual(["rm", "-rf", "/"]);
    expect(rm.unresolvedWords).toEqual([2]);
    const fired = j.rules
      .filter((x: { fired: boolean }) => x.fired)
      .map((x: { id: string; action: string }) => `${x.id}:${x.action}`);
    expect(fired).toEqual(expect.arrayContaining(["filesystem/rm-root-or-home:escalate", "git/force-push:modify"]));
    expect(j.decision.action).toBe("escalate");
  });

  it("reports what it cannot parse", () => {
    const r = explain("echo 'oops", "--json");
    const j = JSON.parse(r.stdout);
    expect(j.analysis.confident).toBe(false);
    expect(j.rules.find((x: { id: string }) => x.id === "system/unanalysable-shell").action).toBe("fail mode");
    expect(j.decision.action).toBe("block");
  });
});
