// staso pause / resume: the guard off for a while, only for a human at a terminal; the hook (Node and
// native) honours a pause until it ends, and ignores one that staso would not have written.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { cli } from "../policy/cli-support.js";
import { claudePayload, codexPayload } from "../support/calls.js";
import { HOOK_IMPLS, LAUNCHER, nativeHookAvailable, runHook } from "../support/hook-process.js";
import { atTerminal, TEST_PASSPHRASE } from "../support/terminal.js";
import { testSigningKey, withPassphrase } from "../escalation/support.js";
import { createApprovalKey, unlockApprovalKey } from "../../src/escalation/approval-key.js";
import type { Pause } from "../../src/escalation/types.js";
import { signPause } from "../../src/escalation/pause-proof.js";

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** A STASO_HOME with the approval passphrase set (TEST_PASSPHRASE), unless `passphrase: false`. */
function home(o: { passphrase?: boolean } = {}): string {
  const d = mkdtempSync(join(tmpdir(), "staso-pause-"));
  made.push(d);
  return o.passphrase === false ? d : withPassphrase(d);
}
/** No agent's markers: these runs are the human's. */
const clean = (h: string) => ({
  STASO_HOME: h,
  CLAUDECODE: undefined,
  CLAUDE_CODE_ENTRYPOINT: undefined,
  CODEX_THREAD_ID: undefined,
  CODEX_TOOL_CALL_ID: undefined,
  CODEX_SESSION_ID: undefined,
  STASO_GUARD_ENABLED: undefined,
});
const FORCE_PUSH = { command: "git push --force origin main" };
const impls = HOOK_IMPLS.filter((i) => i === "node" || nativeHookAvailable());

async function hookRun(h: string, impl: (typeof impls)[number], host: "claude-code" | "codex" = "claude-code") {
  const payload = host === "codex" ? codexPayload("Bash", FORCE_PUSH) : claudePayload("Bash", FORCE_PUSH);
  const r = await runHook(payload, { impl, args: ["--target", host], env: clean(h) });
  const says = r.json?.hookSpecificOutput?.permissionDecision === "deny" ? "deny" : r.code === 0 ? "allow" : "error";
  return { says, stderr: r.stderr };
}
const hookSays = async (h: string, impl: (typeof impls)[number], host: "claude-code" | "codex" = "claude-code") =>
  (await hookRun(h, impl, host)).says;

const times = (since: number, until: number) => ({
  since: new Date(since).toISOString(),
  until: new Date(until).toISOString(),
});
/** A pause file as `staso pause` writes it: signed with the key TEST_PASSPHRASE unlocks. */
function writePauseFile(h: string, since: number, until: number): void {
  writeFileSync(join(h, "pause.json"), JSON.stringify(signPause(testSigningKey, times(since, until))));
}

describe("staso pause", () => {
  it("at a terminal: pauses, the hooks allow every call until resume, and the audit trail says so", async () => {
    const h = home();
    const r = await atTerminal(
      [process.execPath, LAUNCHER, "pause", "--for", "10m", "--reason", "demo"],
      [TEST_PASSPHRASE],
      {
        env: { ...clean(h), NO_COLOR: "1" },
      },
    );
    expect(r.screen).toMatch(/Pause staso for 10 min[\s\S]*Approval passphrase: /);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/staso is paused for 10 min, until .*staso resume/s);
    const pause = JSON.parse(readFileSync(join(h, "pause.json"), "utf8"));
    expect(Date.parse(pause.until) - Date.parse(pause.since)).toBe(600_000);
    expect(pause.reason).toBe("demo");
    expect(pause.proof).toMatchObject({ kind: "passphrase", sig: expect.any(String) });

    for (const impl of impls) {
      expect(await hookSays(h, impl)).toBe("allow");
      expect(await hookSays(h, impl, "codex")).toBe("allow");
    }
    const audit = readdirSync(join(h, "audit"))
      .map((f) => readFileSync(join(h, "audit", f), "utf8"))
      .join("");
    expect(audit).toMatch(/"reason":"staso is paused until /);

    const doctor = cli(["doctor", "--json"], { env: clean(h) });
    expect(doctor.json.staso).toContainEqual(
      expect.objectContaining({ id: "paused", ok: false, fix: expect.stringMatching(/staso resume/) }),
    );

    const resumed = cli(["resume"], { env: clean(h) });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/guards the agents again/);
    expect(existsSync(join(h, "pause.json"))).toBe(false);
    for (const impl of impls) expect(await hookSays(h, impl)).toBe("deny");
  }, 120_000);

  it("is refused without a terminal (as from an agent's tool call), inside an agent's session, without the passphrase", async () => {
    const h = home();
    // setsid: a new session with no controlling terminal, as an agent's tool runs.
    const r = spawnSync("setsid", ["-w", process.execPath, LAUNCHER, "pause", "--for", "5m"], {
      env: { ...process.env, ...clean(h), STASO_HOME: h } as NodeJS.ProcessEnv,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/pausing the guard needs your terminal, to ask for the approval passphrase/);
    expect(existsSync(join(h, "pause.json"))).toBe(false);

    for (const marker of ["CLAUDECODE", "CODEX_THREAD_ID"]) {
      const t = await atTerminal([process.execPath, LAUNCHER, "pause"], [TEST_PASSPHRASE], {
        env: { ...clean(h), [marker]: "1" },
      });
      expect(t.code).toBe(1);
      expect(t.stderr).toMatch(new RegExp(`${marker} is set: this is an agent's session`));
    }
    // a wrong passphrase, and none set at all
    const wrong = await atTerminal([process.execPath, LAUNCHER, "pause"], ["not the passphrase"], { env: clean(h) });
    expect(wrong).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/not the approval passphrase; staso was not paused/),
    });
    const none = home({ passphrase: false });
    const unset = await atTerminal([process.execPath, LAUNCHER, "pause"], [TEST_PASSPHRASE], { env: clean(none) });
    expect(unset).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no approval passphrase is set .*staso escalations passphrase set/),
    });
    for (const d of [h, none]) expect(existsSync(join(d, "pause.json"))).toBe(false);
  }, 60_000);

  it("takes a duration of at most 24 h (usage errors exit 2)", () => {
    const h = home();
    expect(cli(["pause", "--for", "25h"], { env: clean(h) })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/longer than a pause may last/),
    });
    expect(cli(["pause", "--for", "soon"], { env: clean(h) })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--for must be a duration/),
    });
  });

  it("ends by itself, and a pause file staso would not write pauses nothing", async () => {
    const h = home();
    const now = Date.now();
    const cases: Array<[string, () => void]> = [
      ["expired", () => writePauseFile(h, now - 3_600_000, now - 1000)],
      ["longer than 24 h", () => writePauseFile(h, now - 1000, now + 30 * 86_400_000)],
      ["begun in the future", () => writePauseFile(h, now + 3_600_000, now + 7_200_000)],
      ["not JSON", () => writeFileSync(join(h, "pause.json"), "paused")],
      ["no times", () => writeFileSync(join(h, "pause.json"), '{"until": "forever"}')],
      ["a folder", () => rmSync(join(h, "pause.json"), { force: true }) ?? spawnSync("mkdir", [join(h, "pause.json")])],
    ];
    for (const [name, make] of cases) {
      rmSync(join(h, "pause.json"), { recursive: true, force: true });
      make();
      for (const impl of impls) expect([name, impl, await hookSays(h, impl)]).toEqual([name, impl, "deny"]);
    }
    rmSync(join(h, "pause.json"), { recursive: true, force: true });
    writePauseFile(h, now - 1000, now + 600_000);
    for (const impl of impls) expect(await hookSays(h, impl)).toBe("allow");
  }, 120_000);

  it("a pause not signed with the user's approval passphrase pauses nothing, however it was written", async () => {
    // As an agent would forge one, through any write the rules missed: it can read everything staso keeps
    // (the public key, an earlier pause), but not make the passphrase's signature.
    const h = home();
    const now = Date.now();
    const t = times(now - 1000, now + 3_600_000);
    const own = (await createApprovalKey("an agent's own passphrase", { N: 2 ** 10, r: 8, p: 1 }))!;
    const ownKey = (await unlockApprovalKey("an agent's own passphrase", own))!;
    const signed = signPause(testSigningKey, t);
    const forged: Array<[string, Pause | Record<string, unknown>]> = [
      ["unsigned", t],
      ["signed with another key", signPause(ownKey, t)],
      ["a signed pause made longer", { ...signed, until: new Date(now + 20 * 3_600_000).toISOString() }],
      ["a signed pause given to someone else", { ...signed, by: "mallory" }],
      ["its signature claimed as a server's", { ...signed, proof: { ...signed.proof!, kind: "server" } }],
      ["a signature of garbage", { ...t, proof: { kind: "passphrase", key: signed.proof!.key, sig: "AAAA" } }],
      ["a proof that is not an object", { ...t, proof: "signed" }],
    ];
    for (const [name, pause] of forged) {
      writeFileSync(join(h, "pause.json"), JSON.stringify(pause));
      for (const impl of impls) {
        const r = await hookRun(h, impl);
        expect([name, impl, r.says]).toEqual([name, impl, "deny"]);
        expect(r.stderr).toMatch(
          /pause\.json is not signed with your approval passphrase, so it pauses nothing.*the guard stays on/,
        );
      }
    }
    // Without any approval key, no pause counts (staso pause cannot run without one either).
    const none = home({ passphrase: false });
    writeFileSync(join(none, "pause.json"), JSON.stringify(signed));
    for (const impl of impls) expect(await hookSays(none, impl)).toBe("deny");
    // The doctor says the file is not a pause, and that the guard is on.
    writeFileSync(join(h, "pause.json"), JSON.stringify(t));
    const doctor = cli(["doctor", "--json"], { env: clean(h) });
    expect(doctor.json.staso).toContainEqual(
      expect.objectContaining({
        id: "paused",
        ok: false,
        message: expect.stringMatching(/not signed.*the guard is on/),
      }),
    );
    // The same pause, signed with the passphrase's key, pauses.
    writeFileSync(join(h, "pause.json"), JSON.stringify(signed));
    for (const impl of impls) expect(await hookSays(h, impl)).toBe("allow");
  }, 120_000);

  it("resume with no pause says so", () => {
    const h = home();
    expect(cli(["resume"], { env: clean(h) })).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/was not paused/),
    });
  });
});
