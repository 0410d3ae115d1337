import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  emptiesRuntimeEnv,
  hookCommand,
  hookInvocation,
  isStasoHookCommand,
  RUNTIME_ENV,
  shellQuote,
} from "../../src/config-files/hook-command.js";
import { codexTrustHash } from "../../src/hosts/codex/trust.js";
import { codexHookTrustHash } from "../e2e/support/agents.js";
import { LAUNCHER } from "../support/hook-process.js";
import { hostTimeoutSecondsFor } from "../../src/escalation/settings.js";

describe("the hook command", () => {
  it("is node and the launcher of this installation's hook as installed under staso's data dir, absolute, with --target", () => {
    const env = { ...process.env, STASO_HOME: "/home/me/staso home" };
    const argv = hookInvocation("codex", { nativeBinary: null, env }).argv;
    expect(argv[0]).toBe(process.execPath);
    // <data dir>/hook/<version>-<content hash>/bin/staso.js: never the package's own launcher (a rebuild deletes it)
    expect(argv[1]).toMatch(/^\/home\/me\/staso home\/hook\/(\d+\.\d+\.\d+[^/]*)-[0-9a-f]{12}\/bin\/staso\.js$/);
    expect(argv[1]).not.toBe(LAUNCHER);
    expect(argv.slice(2)).toEqual(["hook", "--target", "codex"]);
    expect(hookCommand("codex", { nativeBinary: null, env })).toContain("'/home/me/staso home/hook/");
    expect(
      hookCommand("claude-code", {
        nodePath: "/usr/bin/node",
        launcher: "/opt/staso/bin/staso.js",
        nativeBinary: null,
      }),
    ).toBe("NODE_OPTIONS= /usr/bin/node /opt/staso/bin/staso.js hook --target claude-code");
    expect(
      hookCommand("codex", { nativeBinary: null, platform: "win32", nodePath: "C:\\node.exe", launcher: "C:\\s.js" }),
    ).toBe("C:\\node.exe C:\\s.js hook --target codex");
  });

  it("empties the variables that would make the hook's runtime run a project's code, for the hook alone", () => {
    const dir = mkdtempSync(join(tmpdir(), "staso-hook-command-"));
    try {
      const marker = join(dir, "preloaded");
      const evil = join(dir, "evil.cjs");
      writeFileSync(evil, `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");`);
      const cmd = hookCommand("claude-code", { nativeBinary: null, launcher: LAUNCHER });
      expect(emptiesRuntimeEnv(cmd)).toBe(true);
      const payload = JSON.stringify({
        session_id: "s",
        cwd: dir,
        hook_event_name: "PreToolUse",
        tool_name: "Bash",
        tool_input: { command: "ls" },
      });
      const env = { ...process.env, NODE_OPTIONS: `--require ${evil}`, STASO_HOME: dir };
      execFileSync("/bin/sh", ["-c", cmd], { input: payload, env });
      expect(existsSync(marker)).toBe(false);
      // Without the emptying, Node runs it before staso (what an older setup's command allowed).
      execFileSync("/bin/sh", ["-c", cmd.replace(/^NODE_OPTIONS= /, "")], {
        input: payload,
        env,
        stdio: ["pipe", "pipe", "ignore"],
      });
      expect(existsSync(marker)).toBe(true);
      expect(emptiesRuntimeEnv(cmd.replace(/^NODE_OPTIONS= /, ""))).toBe(false);
      const native = hookCommand("codex", { nativeBinary: process.execPath });
      expect(native.startsWith(`${RUNTIME_ENV.native.map((n) => `${n}=`).join(" ")} `)).toBe(true);
      expect(
        isStasoHookCommand(
          `${RUNTIME_ENV.native.map((n) => `${n}=`).join(" ")} /opt/staso/dist/native/staso-hook hook`,
        ),
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prefers a native hook binary when one is there", () => {
    expect(hookInvocation("codex", { nativeBinary: process.execPath })).toEqual({
      argv: [process.execPath, "hook", "--target", "codex"],
      kind: "native",
    });
    expect(hookInvocation("codex", { nativeBinary: "/nonexistent/staso-hook" }).kind).toBe("node");
  });

  it("quotes paths with spaces, quotes and dollar signs so that sh gets them back exactly", () => {
    for (const path of [
      "/Users/me/Library/Application Support/staso/bin/staso.js",
      '/tmp/it\'s $HOME `x` \\ "q"/staso.js',
      "/plain/path-1.2_x/staso.js",
    ]) {
      const cmd = `printf '%s\\n' ${shellQuote(path)}`;
      expect(execFileSync("/bin/sh", ["-c", cmd], { encoding: "utf8" })).toBe(`${path}\n`);
    }
    expect(shellQuote("/a b/c", "win32")).toBe('"/a b/c"');
  });

  it("recognises staso hook commands of any installation, and nothing else", () => {
    for (const c of [
      "staso hook",
      "staso hook --target codex",
      "npx staso hook --target claude-code",
      "npx -y staso@0.3.1 hook",
      "/usr/bin/node /opt/staso/bin/staso.js hook --target codex",
      "'/opt/my node/node' '/home/me/.npm/staso/bin/staso.js' hook --target claude-code",
      "/opt/staso/dist/native/staso-hook hook --target codex",
      "C:\\staso\\staso.cmd hook",
    ])
      expect(isStasoHookCommand(c), c).toBe(true);
    for (const c of [
      "mystaso hook",
      "staso logs",
      "echo staso",
      "/bin/guard.sh --staso hook",
      "staso-hooks-backup.sh",
      "node staso.js hooks",
    ])
      expect(isStasoHookCommand(c), c).toBe(false);
  });

  it("gives the agent more time than staso's own deadline", () => {
    expect(hostTimeoutSecondsFor(10)).toBe(30);
    expect(hostTimeoutSecondsFor(10.5)).toBe(31);
    expect(hostTimeoutSecondsFor(120)).toBe(140);
  });
});

describe("the Codex trust hash", () => {
  it("matches the e2e harness's implementation (checked against Codex 0.169.0) for every handler shape", () => {
    const cases: Array<[string, string | undefined, Record<string, unknown>]> = [
      ["PreToolUse", "*", { type: "command", command: "/usr/bin/node /x/staso.js hook --target codex", timeout: 30 }],
      ["PostToolUse", undefined, { type: "command", command: "a b 'c'" }],
      ["PreToolUse", "Bash|apply_patch", { type: "command", command: "x", timeout: 5, statusMessage: "checking" }],
    ];
    for (const [event, matcher, handler] of cases) {
      expect(codexTrustHash(event, matcher, handler)).toBe(codexHookTrustHash(event, matcher, handler as never));
    }
  });
});
