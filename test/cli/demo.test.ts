// `staso demo`: what a newcomer runs first. Real hook processes, both agents, the built-in defaults.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LAUNCHER, tempHome } from "../support/hook-process.js";

describe("staso demo", () => {
  it("shows every action on the built-in defaults, for both agents, and leaves no audit trail behind", () => {
    const home = tempHome();
    const r = spawnSync(process.execPath, [LAUNCHER, "demo", "--json"], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { ...process.env, STASO_HOME: home },
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const by = (title: string) => rows.find((x) => x.title === title);
    expect(by("an everyday command")).toMatchObject({ decision: "allow", stdout: "", span: "guard:allowed:Bash" });
    expect(by("wipe the home directory, wrapped")).toMatchObject({ decision: "block", span: "guard:blocked:Bash" });
    expect(by("a grep that only mentions rm -rf /").decision).toBe("allow");
    // run from staso's own checkout, the everyday clean-up still runs in a project, not in staso's install
    expect(by("clean build output in the project")).toMatchObject({ decision: "allow", stdout: "" });
    expect(by("write an AWS secret into code")).toMatchObject({ decision: "modify", span: "guard:modified:Write" });
    expect(by("write an AWS secret into code").stdout).toContain("REDACTED");
    expect(by("the same secret in a Codex patch").decision).toBe("modify");
    expect(by("delete a Kubernetes pod").decision).toBe("escalate");
    expect(JSON.parse(by("delete a Kubernetes pod").stdout).hookSpecificOutput.permissionDecision).toBe("ask");
    // Codex has no ask: the escalation reaches it as a deny.
    expect(JSON.parse(by("the same from Codex (no ask there)").stdout).hookSpecificOutput.permissionDecision).toBe(
      "deny",
    );
    expect(new Set(rows.map((x) => x.exitCode))).toEqual(new Set([0]));
    // The demo uses its own scratch home, not the user's trail.
    expect(
      spawnSync(process.execPath, [LAUNCHER, "logs", "--json"], {
        env: { ...process.env, STASO_HOME: home },
        encoding: "utf8",
      }).stdout,
    ).toBe("");
  }, 120_000);

  it("reads well: whole words, the deciding rule on the title line, no id that cannot be approved; quiet when piped into head", () => {
    const home = tempHome();
    const r = spawnSync(process.execPath, [LAUNCHER, "demo"], {
      env: { ...process.env, STASO_HOME: home, NO_COLOR: "1" },
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^BLOCK +claude-code Bash +wipe the home directory, wrapped +\[filesystem\/rm-root-or-home\]$/m,
    );
    expect(r.stdout).not.toMatch(/…/);
    expect(r.stdout).not.toMatch(/esc_[0-9a-f]{6}/);
    for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
    // `staso demo | head -1`: the reader leaves early; no EPIPE stack trace, exit 0.
    const piped = spawnSync(
      "bash",
      ["-c", `"${process.execPath}" "${LAUNCHER}" demo | head -1; echo "status=\${PIPESTATUS[0]}"`],
      {
        env: { ...process.env, STASO_HOME: home },
        encoding: "utf8",
      },
    );
    expect(piped.stdout).toMatch(/^ALLOW .*\nstatus=0\n$/);
    expect(piped.stderr).toBe("");
  }, 120_000);
});
