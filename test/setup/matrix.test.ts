// The matrix of existing configs, for both agents and both scopes: none, empty, other hooks and matchers
// (with comments), comments and tricky layout in config.toml, malformed, read-only, symlinked, an old staso
// entry. Each case: the exact file after setup, after a second setup (no byte changes), after uninstall.
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SetupError } from "../../src/config-files/errors.js";
import type { HostId } from "../../src/hosts/index.js";
import { CMD, read, setup, stasoGroupJson, uninstall, workspaces, type Ws } from "./support.js";

const { ws } = workspaces();

/** The reference's algorithm, written out independently of src/. */
function trustHash(
  event: "pre_tool_use" | "post_tool_use",
  command: string,
  timeout = 30,
  matcher: string | undefined = "*",
): string {
  const m = matcher === undefined ? "" : `,"matcher":${JSON.stringify(matcher)}`;
  const json = `{"event_name":"${event}","hooks":[{"async":false,"command":${JSON.stringify(command)},"timeout":${timeout},"type":"command"}]${m}}`;
  return `sha256:${createHash("sha256").update(json).digest("hex")}`;
}

type Scope2 = "user" | "project";
const SCOPES: Scope2[] = ["user", "project"];

function claudeFile(w: Ws, scope: Scope2): string {
  return scope === "user" ? join(w.home, ".claude", "settings.json") : join(w.project, ".claude", "settings.json");
}
function codexHooksFile(w: Ws, scope: Scope2): string {
  return scope === "user" ? join(w.codexHome, "hooks.json") : join(w.project, ".codex", "hooks.json");
}
const configToml = (w: Ws) => join(w.codexHome, "config.toml");

/**
 * The file setup creates from nothing, written out by hand: Claude Code gets PostToolUseFailure too (a failed
 * call, for the session rules); Codex has no such event.
 */
function fresh(target: HostId): string {
  const group = (event: "PreToolUse" | "PostToolUse" | "PostToolUseFailure") =>
    `    "${event}": [\n      ${stasoGroupJson(target, event, { indent: "      " })}\n    ]`;
  const events =
    target === "claude-code"
      ? [group("PreToolUse"), group("PostToolUse"), group("PostToolUseFailure")]
      : [group("PreToolUse"), group("PostToolUse")];
  return `{\n  "hooks": {\n${events.join(",\n")}\n  }\n}\n`;
}

function trustBlock(
  source: string,
  event: "pre_tool_use" | "post_tool_use",
  group: number,
  hash = trustHash(event, CMD.codex!),
): string {
  return `[hooks.state.${JSON.stringify(`${source}:${event}:${group}:0`)}]\ntrusted_hash = ${JSON.stringify(hash)}\n`;
}

/** Runs setup twice (the second must change no byte) and returns the files' texts after the first. */
async function setupTwice(
  w: Ws,
  target: HostId,
  scope: Scope2,
  files: string[],
): Promise<Record<string, string | null>> {
  await setup(w, target, scope);
  const after = Object.fromEntries(files.map((f) => [f, read(f)]));
  const again = await setup(w, target, scope);
  expect(again.changes).toEqual([]);
  for (const f of files) expect(read(f), `second setup changed ${f}`).toBe(after[f]);
  return after;
}

describe.each(SCOPES)("Claude Code, %s scope", (scope) => {
  it("none: creates the settings file; uninstall removes it again", async () => {
    const w = ws();
    const file = claudeFile(w, scope);
    const after = await setupTwice(w, "claude-code", scope, [file]);
    expect(after[file]).toBe(fresh("claude-code"));
    await uninstall(w, "claude-code", [scope]);
    expect(existsSync(file)).toBe(false);
    if (scope === "project") expect(existsSync(join(w.project, ".claude"))).toBe(false);
  });

  it("empty: an empty file becomes staso's hooks; after uninstall nothing is left of it", async () => {
    for (const empty of ["", "{}\n"]) {
      const w = ws();
      const file = claudeFile(w, scope);
      mkdirSync(join(file, ".."), { recursive: true });
      writeFileSync(file, empty);
      const after = await setupTwice(w, "claude-code", scope, [file]);
      expect(after[file]).toBe(fresh("claude-code"));
      await uninstall(w, "claude-code", [scope]);
      expect(existsSync(file)).toBe(false);
    }
  });

  it("other hooks (the user's own PostToolUseFailure included), matchers and keys, in the user's own layout: appended after them, and uninstall gives the original bytes back", async () => {
    const w = ws();
    const file = claudeFile(w, scope);
    const original = [
      "{",
      '    "model": "opus",',
      '    "permissions": { "allow": ["Bash(npm test:*)"] },',
      '    "hooks": {',
      '        "PreToolUse": [',
      '            { "matcher": "Bash", "hooks": [ { "type": "command", "command": "~/bin/audit.sh" } ] },',
      '            { "matcher": "mcp__.*", "hooks": [ { "type": "command", "command": "mcp-guard", "timeout": 5 } ] }',
      "        ],",
      '        "PostToolUseFailure": [',
      '            { "matcher": "Bash", "hooks": [ { "type": "command", "command": "~/bin/on-failure.sh", "timeout": 10 } ] }',
      "        ],",
      '        "Stop": [ { "hooks": [ { "type": "command", "command": "notify-send done" } ] } ]',
      "    },",
      '    "env": { "FOO": "1" }',
      "}",
      "",
    ].join("\n");
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, original);
    const after = await setupTwice(w, "claude-code", scope, [file]);
    const u = "    ";
    const expected = original
      .replace(
        '"mcp-guard", "timeout": 5 } ] }\n',
        `"mcp-guard", "timeout": 5 } ] },\n            ${stasoGroupJson("claude-code", "PreToolUse", { unit: u, indent: "            " })}\n`,
      )
      .replace(
        '"~/bin/on-failure.sh", "timeout": 10 } ] }\n',
        `"~/bin/on-failure.sh", "timeout": 10 } ] },\n            ${stasoGroupJson("claude-code", "PostToolUseFailure", { unit: u, indent: "            " })}\n`,
      )
      .replace(
        '"notify-send done" } ] } ]\n',
        `"notify-send done" } ] } ],\n        "PostToolUse": [\n            ${stasoGroupJson("claude-code", "PostToolUse", { unit: u, indent: "            " })}\n        ]\n`,
      );
    expect(after[file]).toBe(expected);
    await uninstall(w, "claude-code", [scope]);
    expect(read(file)).toBe(original);
  });

  it("set up before staso subscribed PostToolUseFailure: setup adds only that event, a second run changes nothing, uninstall removes all", async () => {
    const w = ws();
    const file = claudeFile(w, scope);
    const before = `{\n  "hooks": {\n    "PreToolUse": [\n      ${stasoGroupJson("claude-code", "PreToolUse", { indent: "      " })}\n    ],\n    "PostToolUse": [\n      ${stasoGroupJson("claude-code", "PostToolUse", { indent: "      " })}\n    ]\n  }\n}\n`;
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, before);
    const after = await setupTwice(w, "claude-code", scope, [file]);
    expect(after[file]).toBe(
      before.replace(
        /\n {4}\]\n {2}\}\n\}\n$/,
        `\n    ],\n    "PostToolUseFailure": [\n      ${stasoGroupJson("claude-code", "PostToolUseFailure", { indent: "      " })}\n    ]\n  }\n}\n`,
      ),
    );
    expect(after[file]).toBe(fresh("claude-code"));
    await uninstall(w, "claude-code", [scope]);
    expect(existsSync(file)).toBe(false);
  });

  it("comments: Claude Code ignores a settings file with comments, so setup stops at the comment's line", async () => {
    const w = ws();
    const file = claudeFile(w, scope);
    const original = '{\n  "model": "opus",\n  // my note\n  "env": {}\n}\n';
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, original);
    await expect(setup(w, "claude-code", scope)).rejects.toThrow(
      /settings\.json:3:3: the file is not valid JSON \(a comment: the agent ignores a file with comments, hooks included\), so staso changed nothing/,
    );
    expect(read(file)).toBe(original);
  });

  it("malformed: stops with the file and line, writes nothing anywhere", async () => {
    const w = ws();
    const file = claudeFile(w, scope);
    const original = '{\n  "model": "opus",\n  "hooks": {\n    "PreToolUse": [\n  }\n}\n';
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, original);
    await expect(setup(w, "claude-code", scope, { failMode: "open" })).rejects.toThrow(SetupError);
    await expect(setup(w, "claude-code", scope)).rejects.toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:5:3: the file is not valid JSON`),
    );
    expect(read(file)).toBe(original);
    expect(existsSync(w.staso)).toBe(false); // not even staso's own config or a backup
    await expect(uninstall(w, "claude-code", [scope])).rejects.toThrow(/not valid JSON/);
    expect(read(file)).toBe(original);
  });

  it("read-only: stops and changes nothing; once set up, a read-only file needs no write", async () => {
    const w = ws();
    const file = claudeFile(w, scope);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, '{ "model": "opus" }\n');
    chmodSync(file, 0o444);
    await expect(setup(w, "claude-code", scope)).rejects.toThrow(
      /is read-only \(mode 0444\), so staso changed nothing/,
    );
    expect(read(file)).toBe('{ "model": "opus" }\n');
    chmodSync(file, 0o644);
    await setup(w, "claude-code", scope);
    const done = read(file);
    chmodSync(file, 0o444);
    expect((await setup(w, "claude-code", scope)).changes).toEqual([]);
    expect(read(file)).toBe(done);
    await expect(uninstall(w, "claude-code", [scope])).rejects.toThrow(/read-only/);
    expect(read(file)).toBe(done);
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });

  it("symlinked: the link stays a link, its target is edited, its mode kept", async () => {
    const w = ws();
    const file = claudeFile(w, scope);
    const dotfiles = join(w.root, "dotfiles");
    mkdirSync(dotfiles);
    const target = join(dotfiles, "claude.json");
    const original = '{\n  "model": "opus"\n}\n';
    writeFileSync(target, original, { mode: 0o640 });
    chmodSync(target, 0o640);
    mkdirSync(join(file, ".."), { recursive: true });
    symlinkSync("../../dotfiles/claude.json", file); // relative, as dotfile managers write them
    expect(read(file)).toBe(original);
    await setupTwice(w, "claude-code", scope, [file, target]);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readlinkSync(file)).toContain("dotfiles/claude.json");
    expect(read(target)).toBe(
      `{\n  "model": "opus",\n  "hooks": {\n    "PreToolUse": [\n      ${stasoGroupJson("claude-code", "PreToolUse", { indent: "      " })}\n    ],\n    "PostToolUse": [\n      ${stasoGroupJson("claude-code", "PostToolUse", { indent: "      " })}\n    ],\n    "PostToolUseFailure": [\n      ${stasoGroupJson("claude-code", "PostToolUseFailure", { indent: "      " })}\n    ]\n  }\n}\n`,
    );
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readdirSync(dotfiles)).toEqual(["claude.json"]); // no temp file left behind
    await uninstall(w, "claude-code", [scope]);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(read(target)).toBe(original);
  });

  it("an old staso entry: replaced where it stands (PostToolUseFailure's too), strays taken out of the user's groups; uninstall leaves only the others", async () => {
    const w = ws();
    const file = claudeFile(w, scope);
    const original = `{
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "a.sh" } ] },
      { "matcher": "Bash|Write", "hooks": [ { "type": "command", "command": "npx -y staso@0.0.9 hook --target claude-code", "timeout": 5 } ] },
      { "matcher": "Write", "hooks": [ { "type": "command", "command": "b.sh" } ] }
    ],
    "PostToolUse": [
      { "matcher": "*", "hooks": [ { "type": "command", "command": "c.sh" }, { "type": "command", "command": "staso hook" } ] }
    ],
    "PostToolUseFailure": [
      { "hooks": [ { "type": "command", "command": "'/old/node' '/old/staso/bin/staso.js' hook --target claude-code" } ] },
      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "on-failure.sh" }, { "type": "command", "command": "staso hook" } ] }
    ]
  }
}
`;
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, original);
    const after = await setupTwice(w, "claude-code", scope, [file]);
    const pre = JSON.stringify({
      matcher: "*",
      hooks: [{ type: "command", command: CMD["claude-code"], timeout: 30, onFailure: "block" }],
    });
    expect(after[file]).toBe(`{
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "a.sh" } ] },
      ${pre},
      { "matcher": "Write", "hooks": [ { "type": "command", "command": "b.sh" } ] }
    ],
    "PostToolUse": [
      { "matcher": "*", "hooks": [ { "type": "command", "command": "c.sh" } ] },
      ${stasoGroupJson("claude-code", "PostToolUse", { indent: "      " })}
    ],
    "PostToolUseFailure": [
      ${JSON.stringify({ matcher: "*", hooks: [{ type: "command", command: CMD["claude-code"], timeout: 30 }] })},
      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "on-failure.sh" } ] }
    ]
  }
}
`);
    await uninstall(w, "claude-code", [scope]);
    expect(read(file)).toBe(`{
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "a.sh" } ] },
      { "matcher": "Write", "hooks": [ { "type": "command", "command": "b.sh" } ] }
    ],
    "PostToolUse": [
      { "matcher": "*", "hooks": [ { "type": "command", "command": "c.sh" } ] }
    ],
    "PostToolUseFailure": [
      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "on-failure.sh" } ] }
    ]
  }
}
`);
  });
});

describe("Claude Code options", () => {
  it("fail mode open: no onFailure; a longer staso deadline lengthens the agent's timeout", async () => {
    const w = ws();
    const plan = await setup(w, "claude-code", "user", { failMode: "open", timeout: 45 });
    const v = JSON.parse(read(claudeFile(w, "user"))!);
    expect(v.hooks.PreToolUse[0].hooks[0]).toEqual({ type: "command", command: CMD["claude-code"], timeout: 65 });
    expect(plan.targets[0]).toMatchObject({ hostTimeout: 65, stasoTimeout: 45 });
    expect(JSON.parse(read(join(w.staso, "config.json"))!)).toEqual({ failMode: "open", timeout: 45 });
  });

  it("local scope writes .claude/settings.local.json", async () => {
    const w = ws();
    await setup(w, "claude-code", "local");
    expect(read(join(w.project, ".claude", "settings.local.json"))).toBe(fresh("claude-code"));
    expect(existsSync(join(w.project, ".claude", "settings.json"))).toBe(false);
    await uninstall(w, "claude-code", ["local"]);
    expect(existsSync(join(w.project, ".claude"))).toBe(false);
  });
});

describe.each(SCOPES)("Codex, %s scope", (scope) => {
  const source = (w: Ws) => codexHooksFile(w, scope);

  it("none: hooks.json and the trust entries are created; uninstall removes both", async () => {
    const w = ws();
    const hooks = codexHooksFile(w, scope);
    const after = await setupTwice(w, "codex", scope, [hooks, configToml(w)]);
    expect(after[hooks]).toBe(fresh("codex"));
    expect(after[configToml(w)]).toBe(
      `${trustBlock(source(w), "pre_tool_use", 0)}\n${trustBlock(source(w), "post_tool_use", 0)}`,
    );
    await uninstall(w, "codex", [scope]);
    expect(existsSync(hooks)).toBe(false);
    expect(existsSync(configToml(w))).toBe(false);
  });

  it("empty: {} hooks.json and an empty config.toml", async () => {
    const w = ws();
    const hooks = codexHooksFile(w, scope);
    mkdirSync(join(hooks, ".."), { recursive: true });
    mkdirSync(w.codexHome, { recursive: true });
    writeFileSync(hooks, "{}\n");
    writeFileSync(configToml(w), "");
    const after = await setupTwice(w, "codex", scope, [hooks, configToml(w)]);
    expect(after[hooks]).toBe(fresh("codex"));
    expect(after[configToml(w)]).toBe(
      `${trustBlock(source(w), "pre_tool_use", 0)}\n${trustBlock(source(w), "post_tool_use", 0)}`,
    );
    await uninstall(w, "codex", [scope]);
    expect(existsSync(hooks)).toBe(false);
    expect(existsSync(configToml(w))).toBe(false);
  });

  it("other hooks and matchers, comments in config.toml: staso goes last, other trust stays; uninstall gives both files back byte for byte", async () => {
    const w = ws();
    const hooks = codexHooksFile(w, scope);
    const original = `{
  "description": "team hooks",
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [
          {
            "type": "command",
            "command": "guard.sh",
            "timeout": 10
          }
        ]
      }
    ],
    "SessionStart": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "hello.sh"
          }
        ]
      }
    ]
  }
}
`;
    const toml = `# Codex config, by hand
model = "gpt-5.5" # the default
check_for_update_on_startup = false

notes = """
[hooks.state."not-a-table"]
"""

[features]
plugins = false   # no network
remote_plugin = false

# my guard is trusted
[hooks.state."${source(w)}:pre_tool_use:0:0"]
trusted_hash = "sha256:1111"

[projects."${w.project}"]
trust_level = "trusted"
`;
    mkdirSync(join(hooks, ".."), { recursive: true });
    mkdirSync(w.codexHome, { recursive: true });
    writeFileSync(hooks, original);
    writeFileSync(configToml(w), toml);
    const after = await setupTwice(w, "codex", scope, [hooks, configToml(w)]);
    const ind = "      ";
    expect(after[hooks]).toBe(
      original
        .replace(
          '            "timeout": 10\n          }\n        ]\n      }\n    ],',
          `            "timeout": 10\n          }\n        ]\n      },\n${ind}${stasoGroupJson("codex", "PreToolUse", { indent: ind })}\n    ],`,
        )
        .replace(
          '            "command": "hello.sh"\n          }\n        ]\n      }\n    ]\n',
          `            "command": "hello.sh"\n          }\n        ]\n      }\n    ],\n    "PostToolUse": [\n${ind}${stasoGroupJson("codex", "PostToolUse", { indent: ind })}\n    ]\n`,
        ),
    );
    expect(after[configToml(w)]).toBe(
      `${toml}\n${trustBlock(source(w), "pre_tool_use", 1)}\n${trustBlock(source(w), "post_tool_use", 0)}`,
    );
    await uninstall(w, "codex", [scope]);
    expect(read(hooks)).toBe(original);
    expect(read(configToml(w))).toBe(toml);
  });

  it("malformed hooks.json or config.toml: stops with the file and line, writes nothing", async () => {
    const w = ws();
    const hooks = codexHooksFile(w, scope);
    mkdirSync(join(hooks, ".."), { recursive: true });
    mkdirSync(w.codexHome, { recursive: true });
    writeFileSync(hooks, '{\n  "hooks": {\n    // a comment Codex would reject\n  }\n}\n');
    await expect(setup(w, "codex", scope)).rejects.toThrow(
      /hooks\.json:3:5: the file is not valid JSON \(a comment: the agent ignores a file with comments, hooks included\)/,
    );
    writeFileSync(hooks, '{ "hooks": {} }\n');
    const toml = 'model = "gpt-5.5"\n[features]\nplugins = fals\n';
    writeFileSync(configToml(w), toml);
    await expect(setup(w, "codex", scope)).rejects.toThrow(/config\.toml:3:\d+: the file is not valid TOML/);
    expect(read(hooks)).toBe('{ "hooks": {} }\n');
    expect(read(configToml(w))).toBe(toml);
    expect(existsSync(w.staso)).toBe(false);
  });

  it("read-only config.toml: nothing is written, hooks.json included", async () => {
    const w = ws();
    mkdirSync(w.codexHome, { recursive: true });
    writeFileSync(configToml(w), 'model = "gpt-5.5"\n', { mode: 0o444 });
    chmodSync(configToml(w), 0o444);
    await expect(setup(w, "codex", scope)).rejects.toThrow(/config\.toml is read-only/);
    expect(existsSync(codexHooksFile(w, scope))).toBe(false);
    expect(read(configToml(w))).toBe('model = "gpt-5.5"\n');
  });

  it("symlinked hooks.json and config.toml: links kept, targets edited", async () => {
    const w = ws();
    const hooks = codexHooksFile(w, scope);
    const dot = join(w.root, "dotfiles");
    mkdirSync(dot);
    writeFileSync(join(dot, "hooks.json"), '{\n  "description": "mine"\n}\n');
    writeFileSync(join(dot, "config.toml"), "# mine\n");
    mkdirSync(join(hooks, ".."), { recursive: true });
    mkdirSync(w.codexHome, { recursive: true });
    symlinkSync(join(dot, "hooks.json"), hooks);
    symlinkSync(join(dot, "config.toml"), configToml(w));
    await setupTwice(w, "codex", scope, [hooks, configToml(w)]);
    expect(lstatSync(hooks).isSymbolicLink() && lstatSync(configToml(w)).isSymbolicLink()).toBe(true);
    expect(read(join(dot, "config.toml"))).toBe(
      `# mine\n\n${trustBlock(source(w), "pre_tool_use", 0)}\n${trustBlock(source(w), "post_tool_use", 0)}`,
    );
    await uninstall(w, "codex", [scope]);
    expect(lstatSync(hooks).isSymbolicLink() && lstatSync(configToml(w)).isSymbolicLink()).toBe(true);
    expect(read(join(dot, "config.toml"))).toBe("# mine\n");
    expect(read(join(dot, "hooks.json"))).toBe('{\n  "description": "mine"\n}\n');
  });

  it("an old staso entry: replaced in place (same trust key, new hash); on uninstall the hook after it keeps its trust at its new position", async () => {
    const w = ws();
    const hooks = codexHooksFile(w, scope);
    const group = (matcher: string, command: string) => ({ matcher, hooks: [{ type: "command", command }] });
    const original = `${JSON.stringify(
      {
        hooks: {
          PreToolUse: [group("Bash", "a.sh"), group("*", "staso hook --target codex"), group("apply_patch", "b.sh")],
        },
      },
      null,
      2,
    )}\n`;
    const src = source(w);
    const toml = `[hooks.state."${src}:pre_tool_use:0:0"]\ntrusted_hash = "sha256:aaaa"\n\n[hooks.state."${src}:pre_tool_use:1:0"]\ntrusted_hash = "sha256:old-staso"\n\n[hooks.state."${src}:pre_tool_use:2:0"]\ntrusted_hash = "sha256:bbbb"\nenabled = true\n`;
    mkdirSync(join(hooks, ".."), { recursive: true });
    mkdirSync(w.codexHome, { recursive: true });
    writeFileSync(hooks, original);
    writeFileSync(configToml(w), toml);
    const after = await setupTwice(w, "codex", scope, [hooks, configToml(w)]);
    const v = JSON.parse(after[hooks]!);
    expect(v.hooks.PreToolUse.map((g: { hooks: Array<{ command: string }> }) => g.hooks[0]!.command)).toEqual([
      "a.sh",
      CMD.codex,
      "b.sh",
    ]);
    expect(after[configToml(w)]).toBe(
      toml.replace('"sha256:old-staso"', JSON.stringify(trustHash("pre_tool_use", CMD.codex!))) +
        `\n${trustBlock(src, "post_tool_use", 0)}`,
    );
    await uninstall(w, "codex", [scope]);
    expect(
      JSON.parse(read(hooks)!).hooks.PreToolUse.map((g: { hooks: Array<{ command: string }> }) => g.hooks[0]!.command),
    ).toEqual(["a.sh", "b.sh"]);
    // b.sh moved from group 2 to group 1: its trust entry followed it, staso's entries are gone
    expect(read(configToml(w))).toBe(
      `[hooks.state."${src}:pre_tool_use:0:0"]\ntrusted_hash = "sha256:aaaa"\n\n[hooks.state."${src}:pre_tool_use:1:0"]\ntrusted_hash = "sha256:bbbb"\nenabled = true\n`,
    );
  });
});

describe("Codex trust details", () => {
  it("trust keys use the canonical CODEX_HOME when it is a symlink (as Codex does)", async () => {
    const w = ws();
    const real = join(w.root, "real-codex");
    mkdirSync(real);
    const link = join(w.home, "codex-link");
    symlinkSync(real, link);
    w.env.CODEX_HOME = link;
    await setup(w, "codex", "user");
    const toml = read(join(real, "config.toml"))!;
    expect(toml).toContain(`[hooks.state."${join(real, "hooks.json")}:pre_tool_use:0:0"]`);
    expect(read(join(real, "hooks.json"))).toBe(fresh("codex"));
  });

  it("without CODEX_HOME the trust keys use $HOME/.codex", async () => {
    const w = ws();
    delete w.env.CODEX_HOME;
    await setup(w, "codex", "user");
    expect(read(join(w.home, ".codex", "config.toml"))).toContain(
      `[hooks.state."${join(w.home, ".codex", "hooks.json")}:pre_tool_use:0:0"]`,
    );
  });

  it("--no-trust writes no trust entry and says how to trust", async () => {
    const w = ws();
    const plan = await setup(w, "codex", "user", { writeTrust: false });
    expect(existsSync(configToml(w))).toBe(false);
    expect(plan.notes.join("\n")).toMatch(/open \/hooks and trust the staso hooks/);
  });

  it("a changed command gets a new hash at the same key", async () => {
    const w = ws();
    await setup(w, "codex", "user");
    await setup(w, "codex", "user", {
      command: () => "/usr/local/bin/node '/opt/new staso/bin/staso.js' hook --target codex",
    });
    const toml = read(configToml(w))!;
    expect(toml).toBe(
      `${trustBlock(codexHooksFile(w, "user"), "pre_tool_use", 0, trustHash("pre_tool_use", "/usr/local/bin/node '/opt/new staso/bin/staso.js' hook --target codex"))}\n${trustBlock(codexHooksFile(w, "user"), "post_tool_use", 0, trustHash("post_tool_use", "/usr/local/bin/node '/opt/new staso/bin/staso.js' hook --target codex"))}`,
    );
  });

  it("an entry written as a dotted key cannot be edited in place: stops with the lines to add by hand", async () => {
    const w = ws();
    mkdirSync(w.codexHome, { recursive: true });
    const src = codexHooksFile(w, "user");
    writeFileSync(configToml(w), `[hooks.state]\n"${src}:pre_tool_use:0:0".trusted_hash = "sha256:x"\n`);
    await expect(setup(w, "codex", "user")).rejects.toThrow(
      /not written as its own \[hooks\.state\.".*"\] table.*Add these lines to it by hand/s,
    );
    expect(existsSync(src)).toBe(false);
  });

  it("the project scope warns when Codex does not trust the project", async () => {
    const w = ws();
    const plan = await setup(w, "codex", "project");
    expect(plan.warnings.join("\n")).toMatch(/only in a trusted project/);
  });
});

describe("staso's own config and the API key", () => {
  it("the key goes to credentials.json (0600) and never into the agent's files", async () => {
    const w = ws();
    const key = "ak_test_1234567890abcdef";
    await setup(w, "claude-code", "project", { apiKey: key });
    await setup(w, "codex", "project", { apiKey: key });
    const cred = join(w.staso, "credentials.json");
    expect(JSON.parse(read(cred)!)).toEqual({ apiKey: key });
    expect(statSync(cred).mode & 0o777).toBe(0o600);
    for (const f of [claudeFile(w, "project"), codexHooksFile(w, "project"), configToml(w)])
      expect(read(f)).not.toContain(key);
  });

  it("keeps a backup of every file it changes", async () => {
    const w = ws();
    const file = claudeFile(w, "user");
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, '{ "model": "opus" }\n');
    await setup(w, "claude-code", "user");
    const root = join(w.staso, "backups");
    const [stamp] = readdirSync(root);
    const index = JSON.parse(read(join(root, stamp!, "index.json"))!) as Record<string, string>;
    const [name] = Object.keys(index);
    expect(index[name!]).toBe(file);
    expect(read(join(root, stamp!, name!))).toBe('{ "model": "opus" }\n');
  });
});
