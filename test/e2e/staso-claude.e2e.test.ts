// The real Claude Code (`claude -p`) with staso installed by `staso setup` in a throwaway HOME, against a
// mock Anthropic API on 127.0.0.1 that scripts the tool calls. Every test checks what really happened on
// disk, what the model was told (the tool_result and system messages of the next request), and what staso
// recorded in its audit trail (`staso logs --json`).
//
// The core rows (everyday, block, modify, several calls in one turn) run with both hook programs: the
// Node launcher and the native build (skipped when the native build is absent).

import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { afterAll, afterEach, describe, expect, it } from "vitest";

import { createWorkspace, describeRun, runClaude, type AgentRunResult, type Workspace } from "./support/agents.js";
import {
  anthropicToolUseId,
  startMockAnthropic,
  type AnthropicTurn,
  type MockAnthropic,
} from "./support/mock-anthropic.js";
import {
  auditRecords,
  copyStasoPackage,
  everythingSentToModel,
  fakeAwsSecret,
  gitRemoteFixture,
  installStaso,
  nativeHookStatus,
  removeStasoSnapshot,
  seedHome,
  setupAvailable,
  stasoEnv,
  writeStasoConfig,
  type AuditRecord,
  type HookVariant,
  type StasoInstall,
} from "./support/staso.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(() => removeStasoSnapshot());

interface ClaudeCase {
  ws: Workspace;
  mock: MockAnthropic;
  install: StasoInstall;
  home: ReturnType<typeof seedHome>;
  r: AgentRunResult;
  /** The `-p --output-format json` result. */
  result: {
    result?: string;
    permission_denials?: Array<{ tool_name: string; tool_use_id: string; tool_input: unknown }>;
  };
  audit: AuditRecord[];
  /** The tool_result the model got for the index-th tool use of the first turn. */
  told(index: number, turn?: number): { content: string; is_error: boolean };
  /** Text of the system messages the model got after the tool calls (Claude puts hook feedback there). */
  system(): string;
  /** The hook-feedback lines among those system messages. */
  hookFeedback(): string[];
  /** The audit record of the index-th tool use of the first turn (event pre/post). */
  record(index: number, event?: "pre" | "post", turn?: number): AuditRecord;
}

interface CaseOptions {
  variant?: HookVariant;
  /** Runs after the workspace exists and staso is installed, before the agent (fixtures, config). */
  prepare?: (ws: Workspace) => void;
  /** Installs staso some other way (default: installStaso with `variant`). */
  install?: (ws: Workspace) => StasoInstall;
}

/** Installs staso, runs `claude -p` once over the scripted turns (a final text turn is appended). */
async function claudeCase(
  script: AnthropicTurn[] | ((ws: Workspace) => AnthropicTurn[]),
  o: CaseOptions = {},
): Promise<ClaudeCase> {
  const ws = createWorkspace({ prefix: "staso-e2e-claude-" });
  cleanups.push(() => ws.cleanup());
  const home = seedHome(ws);
  const turns = typeof script === "function" ? script(ws) : script;
  const mock = await startMockAnthropic({ turns: [...turns, { text: "finished" }] });
  cleanups.push(() => mock.close());
  const install = o.install ? o.install(ws) : installStaso(ws, "claude", o.variant ? { variant: o.variant } : {});
  o.prepare?.(ws);
  const r = await runClaude({ workspace: ws, mock, env: stasoEnv(ws) });
  expect(r.timedOut, describeRun(r)).toBe(false);
  expect(r.exitCode, describeRun(r)).toBe(0);
  expect(mock.unscripted, `the agent asked the model more often than scripted\n${describeRun(r)}`).toBe(0);
  expect(mock.turnsUsed, describeRun(r)).toBe(turns.length + 1);
  const audit = auditRecords(ws);
  const result = (r.json ?? {}) as ClaudeCase["result"];
  return {
    ws,
    mock,
    install,
    home,
    r,
    result,
    audit,
    told(index, turn = 0) {
      const t = mock.toolResult(anthropicToolUseId(turn, index));
      expect(t, `no tool_result for tool use ${turn}/${index}\n${describeRun(r)}`).toBeDefined();
      return t!;
    },
    system() {
      return mock.systemMessages().join("\n");
    },
    hookFeedback() {
      // hook feedback Claude puts into system messages: "PreToolUse:Write hook additional context: …", "PostToolUse:Bash hook blocking error …"
      return mock
        .systemMessages()
        .flatMap((m) => m.split("\n").filter((l) => /^(?:PreToolUse|PostToolUse)\S* hook /.test(l)));
    },
    record(index, event = "pre", turn = 0) {
      const id = anthropicToolUseId(turn, index);
      const rec = audit.find((a) => a.toolUseId === id && a.event === event);
      expect(
        rec,
        `no ${event} audit record for ${id}; records: ${JSON.stringify(audit.map((a) => [a.toolUseId, a.event, a.span]))}`,
      ).toBeDefined();
      return rec!;
    },
  };
}

/** The reason staso rendered for the model from an audit record (the recorded reason, prefixed "staso:" unless it starts so). */
const shown = (rec: AuditRecord): string => {
  const reason = String(rec.reason ?? "").trim();
  return reason.startsWith("staso") ? reason : `staso: ${reason}`;
};

/**
 * The model got staso's deny exactly as Claude renders a valid PreToolUse deny: the reason alone (file
 * tools), or `PreToolUse:<Tool> hook error: <reason>` (Bash). Not a hook failure (with onFailure: "block"
 * an invalid answer also blocks, but the model then reads a validation error and a JSON dump instead).
 */
function expectDeniedWithReason(told: { content: string; is_error: boolean }, rec: AuditRecord): void {
  expect(told.is_error).toBe(true);
  expect([shown(rec), `PreToolUse:${rec.tool} hook error: ${shown(rec)}`]).toContain(told.content);
}

const AWS_KEY = fakeAwsSecret("claude-written");
const cfgWithSecret = `[default]\nregion = eu-west-1\naws_secret_access_key = "${AWS_KEY}"\n`;

const sshKeyOf = (ws: Workspace): string => join(ws.home, ".ssh", "id_ed25519");
const WIPE_HOME = "find ~ -delete";

// The native rows are skipped when `npm run build` made no native hook (no Bun for this platform);
// STASO_E2E_REQUIRE_NATIVE=1 makes that a failure instead.
const native = nativeHookStatus();
const skipNative = !native.present && process.env.STASO_E2E_REQUIRE_NATIVE !== "1";
const variants: HookVariant[] = ["node", "native"];

for (const variant of variants) {
  describe.skipIf(variant === "native" && skipNative)(`Claude Code + staso (${variant} hook)`, () => {
    it("runs an everyday call, and its output reaches the model untouched", async () => {
      const c = await claudeCase(
        [{ toolUses: [{ name: "Bash", input: { command: "echo everyday > everyday.txt && cat everyday.txt" } }] }],
        { variant },
      );
      expect(c.install.variant).toBe(variant);
      expect(c.install.method).toMatch(setupAvailable() ? /^setup/ : /^harness$/);
      // the agent's hook file runs exactly this program
      expect(readFileSync(c.install.hooksFile, "utf8")).toContain(JSON.stringify(c.install.command));
      expect(c.install.command).toMatch(
        variant === "native" ? /\/dist\/native\/staso-hook hook --target / : /\/bin\/staso\.js hook --target /,
      );
      expect(readFileSync(join(c.ws.project, "everyday.txt"), "utf8")).toBe("everyday\n");
      expect(c.told(0)).toMatchObject({ is_error: false });
      expect(c.told(0).content).toContain("everyday");
      expect(c.hookFeedback()).toEqual([]);
      expect(c.result.permission_denials ?? []).toEqual([]);
      expect(c.record(0, "pre").span).toBe("guard:allowed:Bash");
      expect(c.record(0, "post").span).toBe("guard:allowed:Bash");
    });

    // `find ~ -delete`, not `rm -rf ~`: Claude Code itself refuses `rm -r`/`rm -rf` of the home directory
    // ("Dangerous rm operation detected"), so only a form Claude would run proves that staso stopped it.
    it("never runs a blocked call (find ~ -delete, reading ~/.ssh/id_ed25519), and the model sees staso's reason", async () => {
      const c = await claudeCase(
        (ws) => [
          { toolUses: [{ name: "Bash", input: { command: WIPE_HOME } }] },
          { toolUses: [{ name: "Read", input: { file_path: sshKeyOf(ws) } }] },
        ],
        { variant },
      );
      expect(readFileSync(c.home.canaryPath, "utf8"), describeRun(c.r)).toBe("still here\n");
      expect(readFileSync(c.home.sshKeyPath, "utf8")).toBe(c.home.sshKey);
      const rm = c.record(0, "pre");
      expect(rm.span).toBe("guard:blocked:Bash");
      expectDeniedWithReason(c.told(0), rm);
      const read = c.record(0, "pre", 1);
      expect(read.span).toBe("guard:blocked:Read");
      expectDeniedWithReason(c.told(0, 1), read);
      // neither tool ran, so there is no PostToolUse; the key never reached the model
      expect(c.audit.filter((a) => a.event === "post")).toEqual([]);
      expect(everythingSentToModel(c.mock)).not.toContain(c.home.sshKeyMarker);
    });

    it("runs a modified call in its modified form: the AWS secret never reaches the file, and the model is told", async () => {
      const c = await claudeCase(
        (ws) => [
          { toolUses: [{ name: "Write", input: { file_path: join(ws.project, "aws.ini"), content: cfgWithSecret } }] },
        ],
        { variant },
      );
      const written = readFileSync(join(c.ws.project, "aws.ini"), "utf8");
      expect(written).not.toContain(AWS_KEY);
      expect(written).toMatch(/^\[default\]\nregion = eu-west-1\naws_secret_access_key = "REDACTED[A-Z_]*"\n$/);
      const rec = c.record(0, "pre");
      expect(rec.span).toBe("guard:modified:Write");
      expect(JSON.stringify(rec)).not.toContain(AWS_KEY); // the audit trail masks it too
      expect(c.told(0).is_error).toBe(false);
      expect(c.system()).toContain(shown(rec)); // additionalContext: what changed and why
    });

    it("handles several tool calls in one turn, each on its own: allowed, blocked, modified, blocked read", async () => {
      const c = await claudeCase(
        (ws) => [
          {
            toolUses: [
              { name: "Bash", input: { command: "echo one > one.txt" } },
              { name: "Bash", input: { command: WIPE_HOME } },
              { name: "Write", input: { file_path: join(ws.project, "aws.ini"), content: cfgWithSecret } },
              { name: "Read", input: { file_path: sshKeyOf(ws) } },
              { name: "Bash", input: { command: "echo two > two.txt" } },
            ],
          },
        ],
        { variant },
      );
      expect(readFileSync(join(c.ws.project, "one.txt"), "utf8")).toBe("one\n");
      expect(readFileSync(join(c.ws.project, "two.txt"), "utf8")).toBe("two\n");
      expect(existsSync(c.home.canaryPath), describeRun(c.r)).toBe(true);
      expect(readFileSync(join(c.ws.project, "aws.ini"), "utf8")).not.toContain(AWS_KEY);
      expect(c.record(0).span).toBe("guard:allowed:Bash");
      expect(c.record(1).span).toBe("guard:blocked:Bash");
      expect(c.record(2).span).toBe("guard:modified:Write");
      expect(c.record(3).span).toBe("guard:blocked:Read");
      expect(c.record(4).span).toBe("guard:allowed:Bash");
      expect(c.told(0).is_error).toBe(false);
      expectDeniedWithReason(c.told(1), c.record(1));
      expect(c.told(2).is_error).toBe(false);
      expectDeniedWithReason(c.told(3), c.record(3));
      expect(c.told(4).is_error).toBe(false);
      expect(everythingSentToModel(c.mock)).not.toContain(c.home.sshKeyMarker);
    });
  });
}

describe("Claude Code + staso: escalation, audit, outputs, failures", () => {
  it("escalates a force push to main: in -p (where an ask is a denial) a deny naming the escalation to approve, the remote is unchanged", async () => {
    let fx!: ReturnType<typeof gitRemoteFixture>;
    const command = "git push --force-with-lease origin main";
    const c = await claudeCase([{ toolUses: [{ name: "Bash", input: { command } }] }], {
      prepare: (ws) => {
        fx = gitRemoteFixture(ws, "main", "diverged");
      },
    });
    expect(fx.remoteHead(), describeRun(c.r)).toBe(fx.remoteSha);
    expect(fx.localSha).not.toBe(fx.remoteSha);
    const rec = c.record(0);
    expect(rec.span).toBe("guard:escalated:Bash");
    expect(c.result.permission_denials, describeRun(c.r)).toEqual([
      { tool_name: "Bash", tool_use_id: anthropicToolUseId(0, 0), tool_input: { command } },
    ]);
    // staso's own escalation in -p (test/e2e/escalation-claude.e2e.test.ts): the reason, then how a human approves it
    expect(rec.escalationId).toMatch(/^esc_[0-9a-f]{12}$/);
    expect(c.told(0)).toEqual({
      tool_use_id: anthropicToolUseId(0, 0),
      is_error: true,
      content: `PreToolUse:Bash hook error: ${shown(rec)} A human must approve this call first (escalation ${rec.escalationId}); it was not run. Ask the user to approve it by running \`staso escalations approve ${rec.escalationId}\` (you cannot approve it yourself), then try exactly the same call again.`,
    });
  });

  it("runs a call an audit-only rule would block (curl … | sh) and records guard:would-block", async () => {
    const c = await claudeCase(
      [{ toolUses: [{ name: "Bash", input: { command: "curl -fsS file://$PWD/install.sh | sh" } }] }],
      {
        prepare: (ws) => {
          writeStasoConfig(ws, { rules: { "remote-exec/curl-pipe-shell": "audit" } });
          writeFileSync(join(ws.project, "install.sh"), "echo installed > installed.txt\necho install-done\n");
        },
      },
    );
    expect(readFileSync(join(c.ws.project, "installed.txt"), "utf8"), describeRun(c.r)).toBe("installed\n");
    const rec = c.record(0);
    expect(rec).toMatchObject({ action: "audit", span: "guard:would-block:Bash" });
    expect(rec.rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: "remote-exec/curl-pipe-shell", mode: "audit" })]),
    );
    expect(c.told(0)).toMatchObject({ is_error: false });
    expect(c.told(0).content).toContain("install-done");
    expect(c.hookFeedback()).toEqual([]);
  });

  it("PostToolUse: a secret in a tool output is replaced before the model reads it (updatedToolOutput), with a note", async () => {
    const secret = fakeAwsSecret("claude-output");
    const c = await claudeCase([{ toolUses: [{ name: "Bash", input: { command: "cat creds.ini" } }] }], {
      prepare: (ws) => writeFileSync(join(ws.project, "creds.ini"), `[ci]\naws_secret_access_key = "${secret}"\n`),
    });
    expect(c.record(0, "pre").span).toBe("guard:allowed:Bash");
    const post = c.record(0, "post");
    expect(post.span).toBe("guard:modified:Bash");
    expect(c.told(0).is_error).toBe(false);
    expect(c.told(0).content).toMatch(/aws_secret_access_key = "REDACTED[A-Z_]*"/);
    expect(everythingSentToModel(c.mock), "the secret reached the model").not.toContain(secret);
    expect(c.system()).toContain(shown(post));
    // the tool itself ran untouched
    expect(readFileSync(join(c.ws.project, "creds.ini"), "utf8")).toContain(secret);
  });

  it("runs a rewritten Bash call in its rewritten form: git push --force becomes --force-with-lease (rejected: stale)", async () => {
    let fx!: ReturnType<typeof gitRemoteFixture>;
    const c = await claudeCase(
      [{ toolUses: [{ name: "Bash", input: { command: "git push --force origin feature" } }] }],
      {
        prepare: (ws) => {
          fx = gitRemoteFixture(ws, "feature", "stale");
        },
      },
    );
    const rec = c.record(0);
    expect(rec.span).toBe("guard:modified:Bash");
    // a plain --force would have overwritten their commit with ours; the lease refused
    expect(fx.remoteHead(), describeRun(c.r)).toBe(fx.remoteSha);
    expect(c.told(0).content).toMatch(/stale info/);
    expect(c.system()).toContain(shown(rec));
  });

  it('a call that failed with "Permission denied" is not run again as is: setup subscribed PostToolUseFailure, so session/retry-loop blocks the identical retry; the fix runs', async () => {
    // A script that is not executable fails for root too (exit 126). The echo before it shows each run.
    const failing = "echo attempt >> attempts.log && ./deploy.sh";
    const c = await claudeCase(
      [
        { toolUses: [{ name: "Bash", input: { command: failing } }] },
        { toolUses: [{ name: "Bash", input: { command: failing } }] },
        { toolUses: [{ name: "Bash", input: { command: "chmod +x deploy.sh && ./deploy.sh" } }] },
      ],
      {
        prepare: (ws) =>
          writeFileSync(join(ws.project, "deploy.sh"), "#!/bin/sh\necho deployed > deployed.txt\n", { mode: 0o644 }),
      },
    );
    const settings = JSON.parse(readFileSync(c.install.hooksFile, "utf8")) as { hooks: Record<string, unknown> };
    expect(Object.keys(settings.hooks)).toContain("PostToolUseFailure");
    // the first try ran and failed; the model read the real error
    expect(c.told(0, 0)).toMatchObject({
      is_error: true,
      content: expect.stringContaining("./deploy.sh: Permission denied"),
    });
    const failure = c.audit.find((a) => a.toolUseId === anthropicToolUseId(0, 0) && a.event === "post-failure");
    expect(failure, `Claude Code did not report the failure to staso\n${describeRun(c.r)}`).toMatchObject({
      span: "guard:allowed:Bash",
    });
    // the identical retry never ran, and the model was told why by staso
    expect(readFileSync(join(c.ws.project, "attempts.log"), "utf8"), describeRun(c.r)).toBe("attempt\n");
    const retry = c.record(0, "pre", 1);
    expect(retry).toMatchObject({ span: "guard:blocked:Bash", ruleId: "session/retry-loop" });
    expectDeniedWithReason(c.told(0, 1), retry);
    expect(c.told(0, 1).content).toMatch(/This exact Bash call just failed with a permission error/);
    expect(c.result.permission_denials?.map((d) => d.tool_use_id)).toEqual([anthropicToolUseId(1, 0)]);
    // a different call (the fix) runs
    expect(c.record(0, "pre", 2).span).toBe("guard:allowed:Bash");
    expect(readFileSync(join(c.ws.project, "deployed.txt"), "utf8")).toBe("deployed\n");
  });

  it("fail mode closed: a broken staso config blocks the call (staso answers), and the model is told why", async () => {
    const c = await claudeCase([{ toolUses: [{ name: "Bash", input: { command: "echo everyday > everyday.txt" } }] }], {
      prepare: (ws) => writeStasoConfig(ws, { rules: { "remote-exec/curl-pipe-shell": "sometimes" } }),
    });
    expect(existsSync(join(c.ws.project, "everyday.txt")), describeRun(c.r)).toBe(false);
    const rec = c.record(0);
    expect(rec.span).toBe("guard:blocked:Bash");
    expect(rec.reason).toContain("config.json");
    expectDeniedWithReason(c.told(0), rec);
  });

  it("fail mode closed: a hook bundle that cannot load still blocks (the launcher answers a deny)", async () => {
    const c = await claudeCase([{ toolUses: [{ name: "Bash", input: { command: "echo everyday > everyday.txt" } }] }], {
      install: (ws) => {
        // an installation of its own, whose hook bundle is then cut off mid-file (a broken upgrade)
        const pkg = copyStasoPackage(join(ws.root, "staso-pkg"));
        const inst = installStaso(ws, "claude", { root: pkg, variant: "node" });
        const bundle = join(pkg, "dist", "hook.cjs");
        writeFileSync(bundle, readFileSync(bundle, "utf8").slice(0, 5000));
        return inst;
      },
    });
    expect(existsSync(join(c.ws.project, "everyday.txt")), describeRun(c.r)).toBe(false);
    expect(c.told(0)).toMatchObject({ is_error: true });
    // exit 2 with the reason on stderr: Claude Code shows it after the hook's command
    expect(c.told(0).content).toMatch(/^PreToolUse:Bash hook error: \[.*\]: staso: the guard could not start/);
  });

  it('a hook that crashes (staso removed without uninstall) blocks on Claude because setup wrote onFailure: "block"', async () => {
    const crash = async (keepOnFailure: boolean) =>
      claudeCase([{ toolUses: [{ name: "Bash", input: { command: "echo everyday > everyday.txt" } }] }], {
        install: (ws) => {
          // install from a copy of the package, then delete the copy's launcher: node exits 1 (MODULE_NOT_FOUND)
          const pkg = copyStasoPackage(join(ws.root, "staso-pkg"));
          const inst = installStaso(ws, "claude", { root: pkg, variant: "node" });
          const settings = JSON.parse(readFileSync(inst.hooksFile, "utf8")) as {
            hooks: Record<string, Array<{ hooks: Array<Record<string, unknown>> }>>;
          };
          const pre = settings.hooks.PreToolUse![0]!.hooks[0]!;
          expect(pre.onFailure, 'staso setup should write onFailure: "block" (fail mode closed)').toBe("block");
          if (!keepOnFailure) delete pre.onFailure;
          writeFileSync(inst.hooksFile, JSON.stringify(settings, null, 2));
          rmSync(join(pkg, "bin", "staso.js"));
          return inst;
        },
      });
    const closed = await crash(true);
    expect(existsSync(join(closed.ws.project, "everyday.txt")), describeRun(closed.r)).toBe(false);
    expect(closed.told(0)).toMatchObject({ is_error: true });
    expect(closed.told(0).content).toMatch(/onFailure is "block"/);
    expect(closed.result.permission_denials?.map((d) => d.tool_use_id)).toEqual([anthropicToolUseId(0, 0)]);
    expect(closed.audit).toEqual([]); // staso never ran
    // control: the same crash without onFailure is a non-blocking hook error, and the call runs
    const open = await crash(false);
    expect(readFileSync(join(open.ws.project, "everyday.txt"), "utf8"), describeRun(open.r)).toBe("everyday\n");
  });
});
