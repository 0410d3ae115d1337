// The real Codex (`codex exec`, no trust-bypass flag) with staso installed by `staso setup` in a throwaway
// HOME/CODEX_HOME, against a mock OpenAI Responses API on 127.0.0.1 that scripts exec_command and the
// freeform apply_patch tool. Every test checks what really happened on disk, what the model was told (the
// function_call_output / custom_tool_call_output of the next request), and what staso recorded in its
// audit trail (`staso logs --json`).
//
// The core rows (everyday, block, modify, several calls in one turn) run with both hook programs: the
// Node launcher and the native build (skipped when the native build is absent).

import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { afterAll, afterEach, describe, expect, it } from "vitest";

import { createWorkspace, describeRun, runCodex, type AgentRunResult, type Workspace } from "./support/agents.js";
import { openaiCallId, startMockOpenAI, type MockOpenAI, type OpenAIScriptStep } from "./support/mock-openai.js";
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

interface CodexCase {
  ws: Workspace;
  mock: MockOpenAI;
  install: StasoInstall;
  home: ReturnType<typeof seedHome>;
  r: AgentRunResult;
  audit: AuditRecord[];
  /** The output the model got for the index-th call of a scripted turn. */
  told(index: number, turn?: number): string;
  /** The audit record of the index-th call of a scripted turn (event pre/post). */
  record(index: number, event?: "pre" | "post", turn?: number): AuditRecord;
}

interface CaseOptions {
  variant?: HookVariant;
  /** Runs after the workspace exists and staso is installed, before the agent (fixtures, config). */
  prepare?: (ws: Workspace) => void;
  /** Installs staso some other way (default: installStaso with `variant`). */
  install?: (ws: Workspace, mock: MockOpenAI) => StasoInstall;
}

/** Installs staso, runs `codex exec` once over the scripted turns (a final text turn is appended). */
async function codexCase(
  script: OpenAIScriptStep[] | ((ws: Workspace) => OpenAIScriptStep[]),
  o: CaseOptions = {},
): Promise<CodexCase> {
  const ws = createWorkspace({ prefix: "staso-e2e-codex-" });
  cleanups.push(() => ws.cleanup());
  const home = seedHome(ws);
  const turns = typeof script === "function" ? script(ws) : script;
  const mock = await startMockOpenAI({ turns: [...turns, { text: "finished" }] });
  cleanups.push(() => mock.close());
  const install = o.install
    ? o.install(ws, mock)
    : installStaso(ws, "codex", { codexBaseUrl: mock.baseUrl, ...(o.variant ? { variant: o.variant } : {}) });
  o.prepare?.(ws);
  const r = await runCodex({ workspace: ws, mock, env: stasoEnv(ws), writeConfig: false });
  expect(r.command.join(" ")).not.toContain("bypass-hook-trust");
  expect(r.timedOut, describeRun(r)).toBe(false);
  expect(r.exitCode, describeRun(r)).toBe(0);
  expect(mock.unscripted, `the agent asked the model more often than scripted\n${describeRun(r)}`).toBe(0);
  expect(mock.turnsUsed, describeRun(r)).toBe(turns.length + 1);
  const audit = auditRecords(ws);
  return {
    ws,
    mock,
    install,
    home,
    r,
    audit,
    told(index, turn = 0) {
      const out = mock.callOutput(openaiCallId(turn, index));
      expect(out, `no output for call ${turn}/${index}\n${describeRun(r)}`).toBeDefined();
      return out!.output;
    },
    record(index, event = "pre", turn = 0) {
      const id = openaiCallId(turn, index);
      const rec = audit.find((a) => a.toolUseId === id && a.event === event);
      expect(
        rec,
        `no ${event} audit record for ${id}; records: ${JSON.stringify(audit.map((a) => [a.toolUseId, a.event, a.span]))}\n${describeRun(r)}`,
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

/** What Codex tells the model for a PreToolUse deny. */
const blockedBy = (rec: AuditRecord): string => `Command blocked by PreToolUse hook: ${shown(rec)}`;

const AWS_KEY = fakeAwsSecret("codex-written");
const patchAddSecret = `*** Begin Patch\n*** Add File: aws.ini\n+[default]\n+region = eu-west-1\n+aws_secret_access_key = "${AWS_KEY}"\n*** End Patch\n`;
const REDACTED_INI = /^\[default\]\nregion = eu-west-1\naws_secret_access_key = "REDACTED[A-Z_]*"\n$/;

// The native rows are skipped when `npm run build` made no native hook (no Bun for this platform);
// STASO_E2E_REQUIRE_NATIVE=1 makes that a failure instead.
const native = nativeHookStatus();
const skipNative = !native.present && process.env.STASO_E2E_REQUIRE_NATIVE !== "1";
const variants: HookVariant[] = ["node", "native"];

for (const variant of variants) {
  describe.skipIf(variant === "native" && skipNative)(`Codex + staso (${variant} hook)`, () => {
    it("runs an everyday call, and its output reaches the model untouched", async () => {
      const c = await codexCase([{ calls: [{ exec: "echo everyday > everyday.txt && cat everyday.txt" }] }], {
        variant,
      });
      expect(c.install.variant).toBe(variant);
      expect(c.install.method).toMatch(setupAvailable() ? /^setup/ : /^harness$/);
      // the agent's hook file runs exactly this program
      expect(readFileSync(c.install.hooksFile, "utf8")).toContain(JSON.stringify(c.install.command));
      expect(c.install.command).toMatch(
        variant === "native" ? /\/dist\/native\/staso-hook hook --target / : /\/bin\/staso\.js hook --target /,
      );
      expect(readFileSync(join(c.ws.project, "everyday.txt"), "utf8")).toBe("everyday\n");
      expect(c.told(0)).toContain("everyday");
      expect(c.told(0)).not.toContain("staso");
      expect(c.record(0, "pre").span).toBe("guard:allowed:Bash");
      expect(c.record(0, "post").span).toBe("guard:allowed:Bash");
      expect(c.r.stderr).not.toMatch(/hook: \w+ Failed/);
    });

    // `rm -r ~`, not `rm -rf ~`: Codex itself rejects "rm -f style commands" before running them, so only a
    // form Codex would run proves that staso stopped it.
    it("never runs a blocked call (rm -r ~, cat ~/.ssh/id_ed25519), and the model sees staso's reason", async () => {
      const c = await codexCase([{ calls: [{ exec: "rm -r ~" }] }, { calls: [{ exec: "cat ~/.ssh/id_ed25519" }] }], {
        variant,
      });
      expect(readFileSync(c.home.canaryPath, "utf8"), describeRun(c.r)).toBe("still here\n");
      expect(readFileSync(c.home.sshKeyPath, "utf8")).toBe(c.home.sshKey);
      const rm = c.record(0, "pre");
      expect(rm.span).toBe("guard:blocked:Bash");
      expect(c.told(0)).toContain(blockedBy(rm));
      const cat = c.record(0, "pre", 1);
      expect(cat.span).toBe("guard:blocked:Bash");
      expect(c.told(0, 1)).toContain(blockedBy(cat));
      expect(c.audit.filter((a) => a.event === "post")).toEqual([]);
      expect(everythingSentToModel(c.mock)).not.toContain(c.home.sshKeyMarker);
      expect(c.r.stderr).toContain("hook: PreToolUse Blocked");
      expect(c.r.stderr).not.toMatch(/hook: \w+ Failed/);
    });

    it("runs a modified call in its modified form: an apply_patch adding an AWS secret writes it redacted", async () => {
      const c = await codexCase([{ calls: [{ applyPatch: patchAddSecret }] }], { variant });
      const written = readFileSync(join(c.ws.project, "aws.ini"), "utf8");
      expect(written, describeRun(c.r)).not.toContain(AWS_KEY);
      expect(written).toMatch(REDACTED_INI);
      const rec = c.record(0, "pre");
      expect(rec.span).toBe("guard:modified:apply_patch");
      expect(JSON.stringify(c.audit)).not.toContain(AWS_KEY);
      expect(c.told(0)).toMatch(/Success\. Updated the following files:\nA aws\.ini/);
      expect(c.r.stderr).not.toMatch(/hook: \w+ Failed/);
    });

    it("handles several tool calls in one turn, each on its own: allowed, blocked, modified patch, blocked read", async () => {
      const c = await codexCase(
        [
          {
            calls: [
              { exec: "echo one > one.txt" },
              { exec: "rm -r ~" },
              { applyPatch: patchAddSecret },
              { exec: "cat ~/.ssh/id_ed25519" },
              { exec: "echo two > two.txt" },
            ],
          },
        ],
        { variant },
      );
      expect(readFileSync(join(c.ws.project, "one.txt"), "utf8")).toBe("one\n");
      expect(readFileSync(join(c.ws.project, "two.txt"), "utf8")).toBe("two\n");
      expect(existsSync(c.home.canaryPath), describeRun(c.r)).toBe(true);
      expect(readFileSync(join(c.ws.project, "aws.ini"), "utf8")).toMatch(REDACTED_INI);
      expect(c.record(0).span).toBe("guard:allowed:Bash");
      expect(c.record(1).span).toBe("guard:blocked:Bash");
      expect(c.record(2).span).toBe("guard:modified:apply_patch");
      expect(c.record(3).span).toBe("guard:blocked:Bash");
      expect(c.record(4).span).toBe("guard:allowed:Bash");
      expect(c.told(0)).not.toContain("blocked");
      expect(c.told(1)).toContain(blockedBy(c.record(1)));
      expect(c.told(2)).toContain("A aws.ini");
      expect(c.told(3)).toContain(blockedBy(c.record(3)));
      expect(c.told(4)).not.toContain("blocked");
      expect(everythingSentToModel(c.mock)).not.toContain(c.home.sshKeyMarker);
    });
  });
}

describe("Codex + staso: apply_patch", () => {
  it("applies add, update, delete and move patches (each seen by staso as apply_patch)", async () => {
    const c = await codexCase(
      [
        { calls: [{ applyPatch: "*** Begin Patch\n*** Add File: added.txt\n+hello\n+world\n*** End Patch\n" }] },
        {
          calls: [
            { applyPatch: "*** Begin Patch\n*** Update File: notes.txt\n@@\n alpha\n-beta\n+gamma\n*** End Patch\n" },
          ],
        },
        { calls: [{ applyPatch: "*** Begin Patch\n*** Delete File: obsolete.txt\n*** End Patch\n" }] },
        {
          calls: [
            {
              applyPatch:
                "*** Begin Patch\n*** Update File: old-name.txt\n*** Move to: sub/new-name.txt\n@@\n-keep me\n+kept, moved\n*** End Patch\n",
            },
          ],
        },
      ],
      {
        prepare: (ws) => {
          writeFileSync(join(ws.project, "notes.txt"), "alpha\nbeta\n");
          writeFileSync(join(ws.project, "obsolete.txt"), "bye\n");
          writeFileSync(join(ws.project, "old-name.txt"), "keep me\n");
        },
      },
    );
    const p = c.ws.project;
    expect(readFileSync(join(p, "added.txt"), "utf8"), describeRun(c.r)).toBe("hello\nworld\n");
    expect(readFileSync(join(p, "notes.txt"), "utf8")).toBe("alpha\ngamma\n");
    expect(existsSync(join(p, "obsolete.txt"))).toBe(false);
    expect(existsSync(join(p, "old-name.txt"))).toBe(false);
    expect(readFileSync(join(p, "sub", "new-name.txt"), "utf8")).toBe("kept, moved\n");
    expect(c.told(0, 0)).toContain("A added.txt");
    expect(c.told(0, 1)).toContain("M notes.txt");
    expect(c.told(0, 2)).toContain("D obsolete.txt");
    expect(c.told(0, 3)).toMatch(/M sub\/new-name\.txt/);
    for (let turn = 0; turn < 4; turn++) {
      expect(c.record(0, "pre", turn)).toMatchObject({ tool: "apply_patch", span: "guard:allowed:apply_patch" });
      expect(c.record(0, "post", turn)).toMatchObject({ tool: "apply_patch", span: "guard:allowed:apply_patch" });
    }
  });

  it("blocks a whole patch when one of its files is protected (a git hook): no file of it is written", async () => {
    const c = await codexCase(
      [
        {
          calls: [
            {
              applyPatch:
                "*** Begin Patch\n*** Add File: harmless.txt\n+fine\n*** Add File: .git/hooks/pre-commit\n+#!/bin/sh\n+echo planted\n*** End Patch\n",
            },
          ],
        },
      ],
      { prepare: (ws) => gitRemoteFixture(ws, "main", "diverged") },
    );
    expect(existsSync(join(c.ws.project, ".git", "hooks", "pre-commit")), describeRun(c.r)).toBe(false);
    expect(existsSync(join(c.ws.project, "harmless.txt"))).toBe(false);
    const rec = c.record(0);
    expect(rec.span).toBe("guard:blocked:apply_patch");
    expect(c.told(0)).toContain(blockedBy(rec));
  });

  it("redacts a secret an update patch adds to an existing file, and keeps the rest of the patch", async () => {
    const secret = fakeAwsSecret("codex-update");
    const patch = `*** Begin Patch\n*** Update File: deploy.ini\n@@\n [prod]\n-aws_secret_access_key = "from-env"\n+aws_secret_access_key = "${secret}"\n*** Add File: plain.txt\n+nothing secret\n*** End Patch\n`;
    const c = await codexCase([{ calls: [{ applyPatch: patch }] }], {
      prepare: (ws) => writeFileSync(join(ws.project, "deploy.ini"), '[prod]\naws_secret_access_key = "from-env"\n'),
    });
    const ini = readFileSync(join(c.ws.project, "deploy.ini"), "utf8");
    expect(ini, describeRun(c.r)).not.toContain(secret);
    expect(ini).toMatch(/^\[prod\]\naws_secret_access_key = "REDACTED[A-Z_]*"\n$/);
    expect(readFileSync(join(c.ws.project, "plain.txt"), "utf8")).toBe("nothing secret\n");
    expect(c.record(0).span).toBe("guard:modified:apply_patch");
  });
});

describe("Codex + staso: escalation, audit, outputs, failures", () => {
  // Codex's write_stdin into a running exec_command is never hooked (agents-hooks.md): a shell started in a
  // terminal, then commands typed into it, would walk around every rule. staso stops the shell's start.
  // The second turn types into the session the first one opened (its id read from what Codex answered).
  const shellThenType = (): OpenAIScriptStep[] => [
    { calls: [{ exec: "bash --norc", extra: { tty: true, yield_time_ms: 500 } }] },
    (req) => {
      const id = /session[ _]?id\D{0,3}(\d+)/i.exec(req.rawBody)?.[1] ?? "1";
      return {
        calls: [
          {
            functionCall: {
              name: "write_stdin",
              arguments: { session_id: Number(id), chars: "echo viastdin > stdin.txt\n", yield_time_ms: 1000 },
            },
          },
        ],
      };
    },
  ];

  it("blocks starting a shell in a terminal the model would type into (write_stdin is not hooked)", async () => {
    const c = await codexCase(shellThenType());
    const start = c.record(0, "pre");
    expect(start.span).toBe("guard:blocked:Bash");
    expect(String(start.reason)).toContain("system/interactive-session");
    expect(c.told(0)).toContain(blockedBy(start));
    expect(existsSync(join(c.ws.project, "stdin.txt")), describeRun(c.r)).toBe(false);
  });

  it("(the same with that rule off: what is typed into the shell runs, and no hook sees it)", async () => {
    const c = await codexCase(shellThenType(), {
      prepare: (ws) => writeStasoConfig(ws, { rules: { "system/interactive-session": "off" } }),
    });
    expect(c.record(0, "pre").span).toBe("guard:allowed:Bash");
    expect(existsSync(join(c.ws.project, "stdin.txt")), describeRun(c.r)).toBe(true);
    expect(c.audit.filter((a) => JSON.stringify(a).includes("viastdin"))).toEqual([]);
  });

  it("escalates a force push to main: Codex has no ask, so it is denied with a human-approval reason; the remote is unchanged", async () => {
    let fx!: ReturnType<typeof gitRemoteFixture>;
    const c = await codexCase([{ calls: [{ exec: "git push --force-with-lease origin main" }] }], {
      prepare: (ws) => {
        fx = gitRemoteFixture(ws, "main", "diverged");
      },
    });
    expect(fx.remoteHead(), describeRun(c.r)).toBe(fx.remoteSha);
    const rec = c.record(0);
    expect(rec.span).toBe("guard:escalated:Bash");
    expect(c.told(0)).toContain(blockedBy(rec));
    expect(c.told(0)).toMatch(/human must approve/i);
    expect(c.r.stderr).toContain("hook: PreToolUse Blocked");
  });

  it("runs a call an audit-only rule would block (curl … | sh) and records guard:would-block", async () => {
    const c = await codexCase([{ calls: [{ exec: "curl -fsS file://$PWD/install.sh | sh" }] }], {
      prepare: (ws) => {
        writeStasoConfig(ws, { rules: { "remote-exec/curl-pipe-shell": "audit" } });
        writeFileSync(join(ws.project, "install.sh"), "echo installed > installed.txt\necho install-done\n");
      },
    });
    expect(readFileSync(join(c.ws.project, "installed.txt"), "utf8"), describeRun(c.r)).toBe("installed\n");
    const rec = c.record(0);
    expect(rec).toMatchObject({ action: "audit", span: "guard:would-block:Bash" });
    expect(rec.rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: "remote-exec/curl-pipe-shell", mode: "audit" })]),
    );
    expect(c.told(0)).toContain("install-done");
    expect(c.told(0)).not.toContain("staso");
  });

  it("PostToolUse: a secret in a tool output never reaches the model (Codex shows staso's reason and a redacted copy instead)", async () => {
    const secret = fakeAwsSecret("codex-output");
    const c = await codexCase([{ calls: [{ exec: "cat creds.ini" }] }], {
      prepare: (ws) => writeFileSync(join(ws.project, "creds.ini"), `[ci]\naws_secret_access_key = "${secret}"\n`),
    });
    expect(c.record(0, "pre").span).toBe("guard:allowed:Bash");
    const post = c.record(0, "post");
    expect(post.span).toBe("guard:modified:Bash");
    expect(c.told(0)).toContain(shown(post));
    expect(c.told(0)).toMatch(/aws_secret_access_key = "REDACTED[A-Z_]*"/);
    expect(everythingSentToModel(c.mock), "the secret reached the model").not.toContain(secret);
    expect(c.r.stderr).toContain("hook: PostToolUse Blocked");
    expect(readFileSync(join(c.ws.project, "creds.ini"), "utf8")).toContain(secret); // the tool itself ran
  });

  it("runs a rewritten Bash call in its rewritten form: git push --force becomes --force-with-lease (rejected: stale)", async () => {
    let fx!: ReturnType<typeof gitRemoteFixture>;
    const c = await codexCase([{ calls: [{ exec: "git push --force origin feature" }] }], {
      prepare: (ws) => {
        fx = gitRemoteFixture(ws, "feature", "stale");
      },
    });
    expect(c.record(0).span).toBe("guard:modified:Bash");
    // a plain --force would have overwritten their commit with ours; the lease refused
    expect(fx.remoteHead(), describeRun(c.r)).toBe(fx.remoteSha);
    expect(c.told(0)).toMatch(/stale info/);
  });

  it("fail mode closed: a broken staso config blocks the call (staso answers), and the model is told why", async () => {
    const c = await codexCase([{ calls: [{ exec: "echo everyday > everyday.txt" }] }], {
      prepare: (ws) => writeStasoConfig(ws, '{ "rules": { "remote-exec/curl-pipe-shell": "sometimes" } }\n'),
    });
    expect(existsSync(join(c.ws.project, "everyday.txt")), describeRun(c.r)).toBe(false);
    const rec = c.record(0);
    expect(rec.span).toBe("guard:blocked:Bash");
    expect(rec.reason).toContain("config.json");
    expect(c.told(0)).toContain(blockedBy(rec));
  });

  it("fail mode closed: a hook bundle that cannot load still blocks (the launcher answers a deny)", async () => {
    const c = await codexCase([{ calls: [{ exec: "echo everyday > everyday.txt" }] }], {
      install: (ws, mock) => {
        const pkg = copyStasoPackage(join(ws.root, "staso-pkg"));
        const inst = installStaso(ws, "codex", { root: pkg, variant: "node", codexBaseUrl: mock.baseUrl });
        const bundle = join(pkg, "dist", "hook.cjs");
        writeFileSync(bundle, readFileSync(bundle, "utf8").slice(0, 5000));
        return inst;
      },
    });
    expect(existsSync(join(c.ws.project, "everyday.txt")), describeRun(c.r)).toBe(false);
    expect(c.told(0)).toMatch(/Command blocked by PreToolUse hook: staso: the guard could not start/);
  });

  it("a hook that crashes (staso removed without uninstall) fails open on Codex, which has no onFailure", async () => {
    const c = await codexCase([{ calls: [{ exec: "echo everyday > everyday.txt" }] }], {
      install: (ws, mock) => {
        const pkg = copyStasoPackage(join(ws.root, "staso-pkg"));
        const inst = installStaso(ws, "codex", { root: pkg, variant: "node", codexBaseUrl: mock.baseUrl });
        rmSync(join(pkg, "bin", "staso.js"));
        return inst;
      },
    });
    // Codex's own rule (documented by setup): a hook that fails is ignored and the call runs
    expect(readFileSync(join(c.ws.project, "everyday.txt"), "utf8"), describeRun(c.r)).toBe("everyday\n");
    expect(c.r.stderr).toContain("hook: PreToolUse Failed");
    expect(c.audit).toEqual([]);
  });
});
