// The `staso setup` wizard driven for real in a terminal: tmux runs it, send-keys types, capture-pane reads
// the screen. Skipped (with a message) where tmux is not installed.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { shellJoin } from "../../src/config-files/hook-command.js";
import { installCopy, read, workspace, type Ws } from "./support.js";

const hasTmux = spawnSync("tmux", ["-V"], { encoding: "utf8" }).status === 0;
if (!hasTmux)
  console.warn(
    "test/setup/wizard.test.ts: tmux is not installed, so the wizard is not driven in a terminal (apt-get install -y tmux).",
  );

// a private tmux server: nothing here touches anyone else's sessions
const SOCKET = `staso-wizard-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
const install = hasTmux ? installCopy() : undefined;
const LAUNCHER = install?.launcher ?? "";
afterAll(() => {
  if (hasTmux) spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
  install?.cleanup();
});

let sessions = 0;

/** Starts `staso setup` in a tmux pane with the workspace's env; returns the session name. */
function startWizard(w: Ws, args: string[] = []): string {
  const name = `wiz${++sessions}`;
  const env = {
    HOME: w.home,
    CODEX_HOME: w.codexHome,
    STASO_HOME: w.staso,
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    TERM: "xterm-256color",
    LANG: "C.UTF-8",
  };
  const cmd = `cd ${shellJoin([w.project])} && env -i ${Object.entries(env)
    .map(([k, v]) => `${k}=${shellJoin([v])}`)
    .join(" ")} ${shellJoin([process.execPath, LAUNCHER, "setup", ...args])}; echo "EXIT=$?"; sleep 60`;
  tmux("new-session", "-d", "-s", name, "-x", "150", "-y", "50", cmd);
  cleanups.push(() => spawnSync("tmux", ["-L", SOCKET, "kill-session", "-t", name]));
  return name;
}

const screen = (name: string) => tmux("capture-pane", "-p", "-J", "-S", "-", "-t", name);

async function waitFor(name: string, what: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = screen(name);
    if (typeof what === "string" ? s.includes(what) : what.test(s)) return s;
    if (Date.now() > until) throw new Error(`timed out waiting for ${String(what)}; the screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const keys = (name: string, ...k: string[]) => tmux("send-keys", "-t", name, ...k);

/** A Staso server set up on this machine (credentials.json's server): only then is an API key asked for. */
const SERVER = "http://127.0.0.1:8787";
function withServer(w: Ws): void {
  mkdirSync(w.staso, { recursive: true });
  writeFileSync(join(w.staso, "credentials.json"), `${JSON.stringify({ server: SERVER })}\n`, { mode: 0o600 });
}

describe.skipIf(!hasTmux)("the setup wizard in a terminal (tmux)", () => {
  it("asks agents, scope, fail mode and (a server being set up) the API key, shows the diffs, writes on yes, then the approval passphrase", async () => {
    const w = workspace();
    cleanups.push(w.cleanup);
    withServer(w);
    const s = startWizard(w);
    await waitFor(s, "Which agents should staso guard?");
    keys(s, "Space"); // Claude Code
    keys(s, "Down");
    keys(s, "Space"); // Codex
    await waitFor(s, /◉ Codex/);
    keys(s, "Enter");
    await waitFor(s, "Where should the hooks go?");
    keys(s, "Enter"); // For me, in every project
    await waitFor(s, "When staso cannot decide");
    keys(s, "Enter"); // closed
    await waitFor(s, "Staso API key");
    keys(s, "-l", "ak_wizard_12345678");
    keys(s, "Enter");
    const summary = await waitFor(s, "Write these 4 changes?");
    expect(summary).toContain(`${join(w.home, ".claude", "settings.json")} (Claude Code settings (user): new file)`);
    expect(summary).toMatch(/\+\s+"onFailure": "block"/);
    expect(summary).toMatch(/\+\[hooks\.state\.".*hooks\.json:pre_tool_use:0:0"\]/);
    expect(summary).toContain("(contents not shown: it holds a secret; mode 0600)");
    expect(summary).not.toContain("ak_wizard_12345678"); // the password prompt masks it, the summary hides it
    keys(s, "y");
    keys(s, "Enter");
    // Then the approval passphrase, typed at the terminal without echo (twice).
    await waitFor(s, "Choose an approval passphrase now?");
    keys(s, "Enter");
    await waitFor(s, "New approval passphrase (at least 10 characters): ");
    keys(s, "-l", "wizard passphrase");
    keys(s, "Enter");
    await waitFor(s, "The same again: ");
    keys(s, "-l", "wizard passphrase");
    keys(s, "Enter");
    const done = await waitFor(s, "EXIT=", 60_000);
    expect(done).toContain("EXIT=0");
    expect(done).toContain("staso now checks every tool call of Claude Code and Codex");
    expect(done).toContain("Approval passphrase set");
    expect(done).not.toContain("wizard passphrase");
    expect(JSON.parse(read(join(w.staso, "approval-key.json"))!)).toMatchObject({ kdf: "scrypt", N: 131072 });
    const settings = JSON.parse(read(join(w.home, ".claude", "settings.json"))!);
    expect(settings.hooks.PreToolUse[0].hooks[0]).toMatchObject({ onFailure: "block", timeout: 30 });
    expect(read(join(w.codexHome, "config.toml"))).toMatch(/trusted_hash = "sha256:[0-9a-f]{64}"/);
    expect(JSON.parse(read(join(w.staso, "credentials.json"))!)).toEqual({
      server: SERVER,
      apiKey: "ak_wizard_12345678",
    });
    expect(statSync(join(w.staso, "credentials.json")).mode & 0o777).toBe(0o600);
  });

  it("project scope with Claude Code's local file and fail mode open; a bad key is refused until fixed", async () => {
    const w = workspace();
    cleanups.push(w.cleanup);
    withServer(w);
    const s = startWizard(w, ["--target", "claude-code"]);
    await waitFor(s, "Where should the hooks go?");
    keys(s, "Down");
    keys(s, "Enter");
    await waitFor(s, "Which Claude Code project file?");
    keys(s, "Down");
    keys(s, "Enter"); // .claude/settings.local.json
    await waitFor(s, "When staso cannot decide");
    keys(s, "Down");
    keys(s, "Enter"); // open
    await waitFor(s, "Staso API key");
    keys(s, "-l", "sk-nope");
    keys(s, "Enter");
    await waitFor(s, "a Staso API key starts with ak_");
    keys(s, "C-u"); // clear the line
    keys(s, "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace");
    keys(s, "Enter"); // skip
    await waitFor(s, /Write these \d changes?|Write this change\?/);
    keys(s, "Enter"); // default yes
    await waitFor(s, "Choose an approval passphrase now?");
    keys(s, "n");
    keys(s, "Enter");
    const done = await waitFor(s, "EXIT=");
    expect(done).toContain("EXIT=0");
    expect(done).toContain("No approval passphrase yet: escalations cannot be approved until you choose one");
    expect(existsSync(join(w.staso, "approval-key.json"))).toBe(false);
    const local = JSON.parse(read(join(w.project, ".claude", "settings.local.json"))!);
    expect(local.hooks.PreToolUse[0].hooks[0].onFailure).toBeUndefined();
    expect(existsSync(join(w.project, ".claude", "settings.json"))).toBe(false);
    expect(JSON.parse(read(join(w.staso, "config.json"))!)).toEqual({ failMode: "open" });
    expect(JSON.parse(read(join(w.staso, "credentials.json"))!)).toEqual({ server: SERVER });
  });

  it("checks the files it would edit before asking: a choice it cannot write is greyed out with the reason", async () => {
    const w = workspace();
    cleanups.push(w.cleanup);
    mkdirSync(join(w.home, ".claude"), { recursive: true });
    writeFileSync(join(w.home, ".claude", "settings.json"), '{\n  // mine\n  "model": "opus"\n}\n');
    // the scope already chosen by a flag: refused before the first question
    const early = startWizard(w, ["--target", "claude-code", "--scope", "user"]);
    const screenEarly = await waitFor(early, "EXIT=");
    expect(screenEarly).toMatch(/settings\.json:2:3: the file is not valid JSON[\s\S]*EXIT=1/);
    expect(screenEarly).not.toContain("When staso cannot decide");
    // the scope asked: "for me" cannot be chosen, and says why; the project can
    const s = startWizard(w, ["--target", "claude-code"]);
    const asked = await waitFor(s, "Where should the hooks go?");
    expect(asked).toMatch(/For me, in every project \(cannot: .*settings\.json:2:3: the file is not valid JSON/);
    keys(s, "Enter"); // the default is the project now
    await waitFor(s, "Which Claude Code project file?");
    keys(s, "C-c");
    await waitFor(s, "EXIT=");
  });

  it("answering no, or Ctrl-C, writes nothing", async () => {
    const w = workspace();
    cleanups.push(w.cleanup);
    const s = startWizard(w, ["--target", "codex", "--scope", "user", "--fail-mode", "closed"]);
    // no Staso server is set up here, so no API key is asked for
    expect(await waitFor(s, /Write these \d changes\?/)).not.toContain("Staso API key");
    keys(s, "n");
    keys(s, "Enter");
    expect(await waitFor(s, "EXIT=")).toMatch(/Nothing was written\.[\s\S]*EXIT=0/);
    const c = startWizard(w);
    await waitFor(c, "Which agents should staso guard?");
    keys(c, "C-c");
    expect(await waitFor(c, "EXIT=")).toMatch(/Setup cancelled; nothing was written\.[\s\S]*EXIT=130/);
    expect(existsSync(w.codexHome)).toBe(false);
    expect(existsSync(join(w.home, ".claude"))).toBe(false);
  });
});
