// `staso escalations` as a user runs it: list, show, approve, deny; ids by prefix; refusing an agent;
// expired escalations closed (and recorded) when looked at.
import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/util/duration.js";
import { codexPayload } from "../support/calls.js";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { answer, auditRecords, cli, hook, stasoHome, stored } from "./support.js";
import { LAUNCHER } from "../support/hook-process.js";
import { atTerminal, TEST_PASSPHRASE } from "../support/terminal.js";

const ID = /\(escalation (esc_[0-9a-f]{12})\)/;
async function raise(home: string, command = "kubectl delete pod web-1"): Promise<string> {
  const r = await hook(home, codexPayload("Bash", { command }));
  return ID.exec(answer(r).permissionDecisionReason)![1]!;
}

describe("staso escalations", () => {
  it("lists pending escalations (the default subcommand), as a table or JSON", async () => {
    const home = stasoHome();
    const empty = await cli(home, ["escalations"]);
    expect(empty).toMatchObject({ code: 0, stdout: expect.stringMatching(/^No pending escalations/) });
    const a = await raise(home, "kubectl delete pod web-1");
    const b = await raise(home, "git reset --hard HEAD~2");
    const table = await cli(home, ["escalations"]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+RAISED\s+AGENT\s+TOOL\s+CALL\s+RULE$/);
    expect(table.stdout).toMatch(
      new RegExp(
        `${a}\\s+pending\\s+\\d+ s ago\\s+codex\\s+Bash\\s+kubectl delete pod web-1\\s+data/kubernetes-delete`,
      ),
    );
    expect(table.stdout).toMatch(new RegExp(`${b}\\s+pending .*git reset --hard HEAD~2\\s+git/reset-hard`));
    expect(table.stdout).toContain("2 pending. Approve one: staso escalations approve <id>");
    const list = await cli(home, ["escalations", "list", "--json"]);
    expect(list.json.map((e: any) => [e.id, e.status]).sort()).toEqual(
      [
        [a, "pending"],
        [b, "pending"],
      ].sort(),
    );
    expect(list.json[0]).toMatchObject({
      v: 1,
      host: "codex",
      tool: "Bash",
      kind: "shell",
      approvalTtlSeconds: 3600,
      rules: [expect.objectContaining({ action: "escalate" })],
    });
  });

  it("shows one escalation, found by a prefix of its id", async () => {
    const home = stasoHome();
    const id = await raise(home);
    const show = await cli(home, ["escalations", "show", id.slice(4, 10)]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(id);
    expect(show.stdout).toMatch(/status\s+pending \(waiting, times out in (59|60) min\)/);
    expect(show.stdout).toMatch(/call\s+kubectl delete pod web-1/);
    expect(show.stdout).toMatch(/rule\s+data\/kubernetes-delete: `kubectl delete pod web-1` deletes cluster resources/);
    expect(show.stdout).toContain(`Approve: staso escalations approve ${id} [--for 10m]`);
    const json = await cli(home, ["escalations", "show", id, "--json"]);
    expect(json.json).toMatchObject({ id, status: "pending", summary: "kubectl delete pod web-1" });
  });

  it("says what went wrong: an unknown id, an ambiguous or malformed one, a bad duration", async () => {
    const home = stasoHome();
    await raise(home);
    expect(await cli(home, ["escalations", "approve", "esc_000000000000"])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/there is no escalation esc_000000000000/),
    });
    expect(await cli(home, ["escalations", "approve", "../x"])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/is not an escalation id/),
    });
    expect(await cli(home, ["escalations", "approve", "esc_1", "--for", "soon"])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--for must be a duration like 90s, 10m, 2h or 1d, not "soon"/),
    });
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("10m")).toBe(600);
    expect(parseDuration("2 hours")).toBe(7200);
    expect(parseDuration("1d")).toBe(86400);
    expect(parseDuration("0s")).toBeUndefined();
  });

  it("refuses to answer from inside an agent's session, and changes nothing", async () => {
    const home = stasoHome();
    const id = await raise(home);
    for (const env of [{ CLAUDECODE: "1" }, { CODEX_THREAD_ID: "01a1fc99" }]) {
      const r = await cli(home, ["escalations", "approve", id], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /Answering an escalation is a human's, not an agent's .* Run the command in your own terminal/,
      );
    }
    expect(stored(home)[0]!.status).toBe("pending");
    // and the hook blocks an agent's attempt before it even runs
    const attempt = await hook(home, codexPayload("Bash", { command: `staso escalations approve ${id}` }));
    expect(answer(attempt).permissionDecisionReason).toMatch(
      /answers an escalation, and only a human may do that.*\[rule paths\/escalation-self-approval\]/,
    );
  });

  it("answering twice: the same answer is a no-op, a different one fails and names who answered", async () => {
    const home = stasoHome();
    const id = await raise(home);
    expect((await cli(home, ["escalations", "deny", id])).code).toBe(0);
    expect(await cli(home, ["escalations", "deny", id])).toMatchObject({
      code: 0,
      stderr: expect.stringMatching(new RegExp(`${id} was already denied by \\S+ .*this answer changed nothing`)),
    });
    expect(await cli(home, ["escalations", "approve", id])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/was already denied/),
    });
    expect(auditRecords(home).filter((r) => r.event === "escalation")).toHaveLength(1);
  });

  it("closes expired escalations when it looks at them, once, and records the timeout", async () => {
    const home = stasoHome({ escalation: { approvalTtl: 1 } });
    const id = await raise(home);
    await new Promise((r) => setTimeout(r, 1200));
    const list = await cli(home, ["escalations", "list", "--all", "--json"]);
    expect(list.json).toEqual([
      expect.objectContaining({ id, status: "timeout", resolution: expect.objectContaining({ by: "staso" }) }),
    ]);
    await cli(home, ["escalations", "list"]);
    const timeouts = auditRecords(home).filter((r) => r.event === "escalation");
    expect(timeouts).toEqual([
      expect.objectContaining({
        action: "block",
        escalationId: id,
        escalation: expect.objectContaining({ status: "timeout", resolvedBy: "staso" }),
      }),
    ]);
  });

  it("explains itself in --help", async () => {
    const home = stasoHome();
    const help = await cli(home, ["escalations", "--help"]);
    expect(help.stdout).toMatch(/list \[options\]\s+The pending escalations/);
    expect(help.stdout).toMatch(/approve \[options\] <id>/);
    expect(help.stdout).toMatch(/fire-and-forget\s+the call is blocked with the escalation's id/);
    const approve = await cli(home, ["escalations", "approve", "--help"]);
    expect(approve.stdout).toMatch(/--for <duration>/);
    expect(approve.stdout).toMatch(/Asks for your approval passphrase at your terminal \(\/dev\/tty\)/);
    const pass = await cli(home, ["escalations", "passphrase", "--help"]);
    expect(pass.stdout).toMatch(/scrypt \(N=2\^17, r=8, p=1, a 16-byte salt\)/);
  });
});

describe("only a human approves: the passphrase, typed at the terminal (as an agent would try it)", () => {
  it("without a passphrase set, approve and deny refuse, say how to set one, and the escalation stays pending", async () => {
    const home = stasoHome({}, { passphrase: false });
    const id = await raise(home);
    for (const verb of ["approve", "deny"]) {
      const r = await cli(home, ["escalations", verb, id]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /no approval passphrase is set .* stays pending\. Choose one in your own terminal: staso escalations passphrase set/,
      );
    }
    expect(stored(home)[0]!.status).toBe("pending");
    expect((await cli(home, ["escalations", "passphrase"])).code).toBe(1);
  });

  it("without a terminal (stdin, a pipe, an agent's tool), nothing is asked and nothing answered", async () => {
    const home = stasoHome();
    const id = await raise(home);
    const r = await cli(home, ["escalations", "approve", id], {}, { typed: null });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs your terminal, to ask for the approval passphrase \(\/dev\/tty/);
    expect(stored(home)[0]!.status).toBe("pending");
  });

  it("a wrong passphrase at a real terminal (script, expect, tmux all give one) answers nothing; three make the next try wait", async () => {
    const home = stasoHome();
    const id = await raise(home);
    for (let i = 0; i < 3; i++) {
      const r = await cli(home, ["escalations", "approve", id], {}, { typed: `guess number ${i}` });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/that is not the approval passphrase; nothing was answered/);
      expect(r.screen).toMatch(
        new RegExp(`Approve ${id}:[\\s\\S]*kubectl delete pod web-1[\\s\\S]*Approval passphrase: `),
      );
      expect(r.screen).not.toContain("guess number"); // never echoed
    }
    const waits = await cli(home, ["escalations", "approve", id]); // even the right one, for now
    expect(waits.code).toBe(1);
    expect(waits.stderr).toMatch(/too many wrong approval passphrases; try again in \d+ s/);
    expect(stored(home)[0]!.status).toBe("pending");
  });

  it("the right passphrase signs the answer; the store's copy carries the proof", async () => {
    const home = stasoHome();
    const id = await raise(home);
    const r = await cli(home, ["escalations", "approve", id, "--for", "10m"]);
    expect(r.code, r.stderr).toBe(0);
    expect(stored(home)[0]!.resolution).toMatchObject({
      status: "approved",
      scope: "window",
      proof: { kind: "passphrase", key: expect.stringMatching(/^[0-9a-f]{16}$/), sig: expect.any(String) },
    });
  });

  it("a resolution.json the agent writes into the store (or copies from another escalation) lets nothing through", async () => {
    const home = stasoHome();
    const id = await raise(home);
    const other = await raise(home, "git reset --hard HEAD~3");
    expect((await cli(home, ["escalations", "approve", other])).code).toBe(0);
    const dir = join(home, "escalations");
    const signed = JSON.parse(readFileSync(join(dir, other, "resolution.json"), "utf8"));
    writeFileSync(join(dir, id, "resolution.json"), JSON.stringify(signed));
    const retry = await hook(home, codexPayload("Bash", { command: "kubectl delete pod web-1" }));
    expect(answer(retry).permissionDecision).toBe("deny");
    expect(answer(retry).permissionDecisionReason).toContain(`(escalation ${id})`);
    writeFileSync(
      join(dir, id, "resolution.json"),
      JSON.stringify({
        status: "approved",
        at: new Date().toISOString(),
        by: "dev",
        scope: "window",
        until: "2999-01-01T00:00:00.000Z",
      }),
    );
    expect(
      answer(await hook(home, codexPayload("Bash", { command: "kubectl delete pod web-1" }))).permissionDecision,
    ).toBe("deny");
    const list = await cli(home, ["escalations", "list", "--json"]);
    expect(list.json.find((e: any) => e.id === id).status).toBe("pending");
    // The human's answer still goes through, in place of the forged file.
    expect((await cli(home, ["escalations", "approve", id])).code).toBe(0);
    const after = await hook(home, codexPayload("Bash", { command: "kubectl delete pod web-1" }));
    expect(after.stdout.trim()).toBe("");
  });

  it("passphrase set: refused when one is set; change asks for the current one", async () => {
    const home = stasoHome();
    const set = await atTerminal([process.execPath, LAUNCHER, "escalations", "passphrase", "set"], [], {
      env: { STASO_HOME: home },
    });
    expect(set.code).toBe(1);
    expect(set.stderr).toMatch(/is set already; change it with `staso escalations passphrase change`/);
    const wrong = await atTerminal(
      [process.execPath, LAUNCHER, "escalations", "passphrase", "change"],
      ["not it at all"],
      {
        env: { STASO_HOME: home },
      },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/not the approval passphrase/);
    const ok = await atTerminal(
      [process.execPath, LAUNCHER, "escalations", "passphrase", "change"],
      [TEST_PASSPHRASE, "short", "a brand new phrase", "a brand new phrase"],
      { env: { STASO_HOME: home } },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.screen).toMatch(/Too short: at least 10 characters/);
    expect(ok.stdout).toMatch(/Approval passphrase changed/);
    const id = await raise(home);
    expect((await cli(home, ["escalations", "approve", id])).code).toBe(1); // the old one no longer works
    expect((await cli(home, ["escalations", "approve", id], {}, { typed: "a brand new phrase" })).code).toBe(0);
  });

  it("a first passphrase is chosen at the terminal and kept only as a scrypt-derived public key, 0600", async () => {
    const home = stasoHome({}, { passphrase: false });
    const r = await atTerminal(
      [process.execPath, LAUNCHER, "escalations", "passphrase", "set"],
      ["first phrase here", "first phrase here"],
      { env: { STASO_HOME: home } },
    );
    expect(r.code, r.stderr).toBe(0);
    const file = join(home, "approval-key.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = JSON.parse(readFileSync(file, "utf8"));
    expect(key).toMatchObject({ v: 1, kdf: "scrypt", N: 2 ** 17, r: 8, p: 1 });
    expect(Buffer.from(key.salt, "base64")).toHaveLength(16);
    expect(readFileSync(file, "utf8")).not.toContain("first phrase");
    const id = await raise(home);
    expect((await cli(home, ["escalations", "approve", id], {}, { typed: "first phrase here" })).code).toBe(0);
  }, 60_000);
});
