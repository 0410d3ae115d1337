// Where the project config is found (cosmiconfig's names, from the call's cwd upward), each format, the
// compiled-policy cache, and the hook using the payload's cwd.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claudePayload, codexPayload } from "../support/calls.js";
import { runHook } from "../support/hook-process.js";
import { findProjectConfig } from "../../src/policy/discover.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { BUILD } from "../../src/version.js";
// @ts-expect-error: a build script, plain JavaScript without declarations
import { buildId } from "../../scripts/build-id.mjs";
import { load, sandbox } from "./support.js";

const RULE = (id: string) => ({
  customRules: [{ id, reason: `${id} blocks`, action: "block", when: { shell: { program: "deploy" } } }],
});
const ids = (p: { layers: { config: { customRules?: { id: string }[] } }[] }) =>
  p.layers.flatMap((l) => (l.config.customRules ?? []).map((r) => r.id));

describe("project config discovery", () => {
  it.each([
    ["package.json", JSON.stringify({ name: "x", staso: RULE("f/pkg") })],
    [".stasorc", JSON.stringify(RULE("f/rc"))],
    [".stasorc", "customRules:\n  - id: f/rc-yaml\n    reason: r\n    action: block\n    when: { tool: Bash }\n"],
    [".stasorc.json", JSON.stringify(RULE("f/rcjson"))],
    [".stasorc.yaml", "customRules:\n  - { id: f/rcyaml, reason: r, action: block, when: { tool: Bash } }\n"],
    [".stasorc.yml", "customRules:\n  - { id: f/rcyml, reason: r, action: block, when: { tool: Bash } }\n"],
    [".stasorc.mjs", `export default ${JSON.stringify(RULE("f/rcmjs"))};`],
    [".stasorc.cjs", `module.exports = ${JSON.stringify(RULE("f/rccjs"))};`],
    [".config/stasorc.json", JSON.stringify(RULE("f/dotconfig"))],
    ["staso.config.js", `export default ${JSON.stringify(RULE("f/js"))};`],
    ["staso.config.mjs", `export default async () => (${JSON.stringify(RULE("f/mjsfn"))});`],
    ["staso.config.json", JSON.stringify(RULE("f/json"))],
    ["staso.config.yaml", "customRules:\n  - { id: f/yaml, reason: r, action: block, when: { tool: Bash } }\n"],
  ])("%s", async (name, content) => {
    const sb = sandbox();
    sb.trustProjectDir(); // a JS config runs only for a trusted project (test/policy/trust.test.ts)
    if (name === "staso.config.js") sb.write("proj/package.json", { name: "x", type: "module" });
    const file = sb.write(`proj/${name}`, content);
    mkdirSync(join(sb.project, "src", "deep"), { recursive: true });
    const policy = await resolvePolicy({ cwd: join(sb.project, "src", "deep"), env: sb.env });
    expect(policy.project?.file).toBe(file);
    expect(ids(policy)).toHaveLength(1);
  });

  it("a package.json without a staso key is not a config; the search goes on upward", async () => {
    const sb = sandbox();
    sb.write("proj/packages/app/package.json", { name: "app" });
    const rc = sb.write("proj/.stasorc.json", RULE("f/root"));
    expect(findProjectConfig(join(sb.project, "packages", "app")).file).toBe(rc);
  });

  it("stops at the repository root and takes the first config in the nearest directory", async () => {
    const sb = sandbox();
    sb.write(".stasorc.json", RULE("f/outside")); // above the repository (proj/.git)
    expect(findProjectConfig(sb.project).file).toBeUndefined();
    sb.write("proj/staso.config.json", RULE("f/b"));
    const first = sb.write("proj/.stasorc.json", RULE("f/a"));
    const found = findProjectConfig(sb.project);
    expect(found.file).toBe(first);
    expect(found.shadowed).toEqual([join(sb.project, "staso.config.json")]);
    const policy = await resolvePolicy({ cwd: sb.project, env: sb.env });
    expect(policy.notes.join("\n")).toMatch(
      /staso\.config\.json: ignored: .*\.stasorc\.json is the project config in force/,
    );
  });

  it("a crowded directory (asked name by name) gives the same answer as an ordinary one", () => {
    const sb = sandbox();
    // Crowd the project folder until its size passes the threshold where discovery stops listing it
    // (bounded: a file system whose directories never grow ends the loop, and the test still checks).
    const crowd = join(sb.project, "crowd");
    mkdirSync(crowd);
    for (let i = 0; i < 20_000 && statSync(crowd).size <= 64 * 1024; i++)
      writeFileSync(join(crowd, `scratch-file-with-a-long-name-${i}`), "");
    sb.write("proj/crowd/package.json", { name: "app" }); // no staso key: not a config
    mkdirSync(join(crowd, "sub"));
    expect(findProjectConfig(join(crowd, "sub")).file).toBeUndefined(); // stops at proj/.git
    const rc = sb.write("proj/crowd/.config/stasorc.json", RULE("f/crowd-dotconfig"));
    expect(findProjectConfig(join(crowd, "sub")).file).toBe(rc);
    const first = sb.write("proj/crowd/.stasorc.json", RULE("f/crowd"));
    expect(findProjectConfig(join(crowd, "sub"))).toEqual({ file: first, shadowed: [rc] });
  });

  it("TypeScript configs need a runtime that loads TypeScript, and say so", async () => {
    const sb = sandbox();
    sb.trustProjectDir();
    sb.write("proj/staso.config.ts", `const c: object = ${JSON.stringify(RULE("f/ts"))};\nexport default c;\n`);
    const major = Number(process.versions.node.split(".")[0]);
    const run = resolvePolicy({ cwd: sb.project, env: sb.env });
    if (major >= 23) await expect(run).resolves.toBeTruthy();
    else
      await expect(run).rejects.toThrow(
        /staso\.config\.ts (is TypeScript, which this Node .* cannot load: use staso\.config\.mjs or \.json, or Node 22\.18\+ or Bun\.|could not be loaded)/,
      );
  });
});

describe("compiled-policy cache", () => {
  it("is keyed by the files' identity: a change to either file is seen at once", async () => {
    const sb = sandbox();
    const user = sb.user(RULE("c/user1"));
    const proj = sb.projectConfig(RULE("c/proj1"));
    expect(ids(await resolvePolicy({ cwd: sb.project, env: sb.env }))).toEqual(["c/user1", "c/proj1"]);
    const cacheDir = join(sb.home, "cache");
    expect(readdirSync(cacheDir).filter((f) => f.startsWith("policy-"))).toHaveLength(1);
    expect(ids(await resolvePolicy({ cwd: sb.project, env: sb.env }))).toEqual(["c/user1", "c/proj1"]);
    writeFileSync(proj, JSON.stringify(RULE("c/proj2")));
    expect(ids(await resolvePolicy({ cwd: sb.project, env: sb.env }))).toEqual(["c/user1", "c/proj2"]);
    writeFileSync(user, JSON.stringify(RULE("c/user2")));
    const later = new Date(Date.now() + 5000);
    utimesSync(user, later, later);
    expect(ids(await resolvePolicy({ cwd: sb.project, env: sb.env }))).toEqual(["c/user2", "c/proj2"]);
  });

  it("serves a hit from the cache alone while the file's identity holds; a change behind a restored mtime does not", async () => {
    const sb = sandbox();
    const proj = sb.projectConfig(RULE("c/real"));
    utimesSync(proj, 1_000_000_000, 1_000_000_000);
    await resolvePolicy({ cwd: sb.project, env: sb.env });
    // The cache answers without reading the file: a cache entry changed in place is what is served.
    const [entry] = readdirSync(join(sb.home, "cache")).filter((f) => f.startsWith("policy-"));
    const cached = join(sb.home, "cache", entry!);
    writeFileSync(cached, readFileSync(cached, "utf8").replaceAll("c/real", "c/hit"));
    expect(ids(await resolvePolicy({ cwd: sb.project, env: sb.env }))).toEqual(["c/hit"]);
    // Same size, mtime set back: the change time (which only the kernel sets) still gives it away.
    const size = statSync(proj).size;
    writeFileSync(proj, JSON.stringify(RULE("c/fake")).padEnd(size, " "));
    utimesSync(proj, 1_000_000_000, 1_000_000_000);
    expect(ids(await resolvePolicy({ cwd: sb.project, env: sb.env }))).toEqual(["c/fake"]);
    // Commands read the files fresh (and refresh the cache).
    writeFileSync(cached, readFileSync(cached, "utf8").replaceAll("c/fake", "c/stale"));
    expect(ids(await resolvePolicy({ cwd: sb.project, env: sb.env, fresh: true }))).toEqual(["c/fake"]);
  });

  it("is keyed by the build: another build of the same version does not read this one's entry", async () => {
    const sb = sandbox();
    sb.projectConfig(RULE("c/real"));
    await resolvePolicy({ cwd: sb.project, env: sb.env });
    const [entry] = readdirSync(join(sb.home, "cache")).filter((f) => f.startsWith("policy-"));
    const cached = join(sb.home, "cache", entry!);
    const text = readFileSync(cached, "utf8");
    expect(text).toContain(JSON.stringify(BUILD).slice(1, -1));
    writeFileSync(cached, text.replaceAll("c/real", "c/other-build").replaceAll(BUILD, `${BUILD}-other`));
    expect(ids(await resolvePolicy({ cwd: sb.project, env: sb.env }))).toEqual(["c/real"]);
  });

  it("a build's identity changes with any source file, not only with the version", () => {
    const root = mkdtempSync(join(tmpdir(), "staso-build-id-"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ version: "9.9.9" }));
    mkdirSync(join(root, "src", "a"), { recursive: true });
    writeFileSync(join(root, "src", "a", "b.ts"), "export const x = 1;\n");
    const first = buildId(root);
    expect(first).toMatch(/^9\.9\.9\+[0-9a-f]{12}$/);
    expect(buildId(root)).toBe(first);
    writeFileSync(join(root, "src", "a", "b.ts"), "export const x = 2;\n");
    expect(buildId(root)).not.toBe(first);
  });

  it("the environment is part of the key", async () => {
    const sb = sandbox();
    sb.user({ failMode: "closed" });
    expect((await resolvePolicy({ cwd: sb.project, env: sb.env })).failMode).toBe("closed");
    expect((await resolvePolicy({ cwd: sb.project, env: { ...sb.env, STASO_FAIL_MODE: "open" } })).failMode).toBe(
      "open",
    );
  });

  it("no config files: nothing read, nothing cached", async () => {
    const sb = sandbox();
    const loaded = await load(sb);
    expect(loaded.policy.sources).toEqual([]);
    expect(existsSync(join(sb.home, "cache"))).toBe(false);
  });
});

describe("the hook and project configs", () => {
  it("uses the config of the payload's cwd, not of the process's", async () => {
    const sb = sandbox();
    sb.projectConfig(RULE("h/deploy"));
    const r = await runHook(claudePayload("Bash", { command: "deploy --prod" }, { cwd: join(sb.project) }), {
      env: { STASO_HOME: sb.home },
      cwd: sb.root,
    });
    expect(r.json.hookSpecificOutput.permissionDecisionReason).toMatch(/h\/deploy blocks \[rule h\/deploy\]/);
    const c = await runHook(codexPayload("Bash", { command: "deploy --prod" }, { cwd: sb.project }), {
      env: { STASO_HOME: sb.home },
    });
    expect(c.json.hookSpecificOutput.permissionDecision).toBe("deny");
    const elsewhere = await runHook(claudePayload("Bash", { command: "deploy --prod" }, { cwd: sb.root }), {
      env: { STASO_HOME: sb.home },
      cwd: sb.project,
    });
    expect(elsewhere.stdout).toBe("");
  });

  it("a broken project config: the fail mode decides and stderr says why in one line", async () => {
    const sb = sandbox();
    const file = sb.projectConfig({
      customRules: [{ id: "h/x", reason: "r", action: "block", when: { input: { command: { regex: "(a" } } } }],
    });
    const closed = await runHook(claudePayload("Bash", { command: "ls" }, { cwd: sb.project }), {
      env: { STASO_HOME: sb.home },
    });
    const line = `staso: ${file}: customRules[0].when.input.command.regex must be a regular expression staso can match in linear time, not "(a" (unterminated group at position 2).\n`;
    expect(closed.stderr).toBe(line);
    expect(closed.json.hookSpecificOutput.permissionDecision).toBe("deny");
    // The user's own fail mode still applies when only the project's config is broken.
    sb.user({ failMode: "open" });
    const open = await runHook(claudePayload("Bash", { command: "ls" }, { cwd: sb.project }), {
      env: { STASO_HOME: sb.home },
    });
    expect(open.stderr).toBe(line);
    expect(open.stdout).toBe("");
  });

  it("a JS config loads in the real hook (in a worker), and one that never finishes follows the fail mode", async () => {
    const sb = sandbox();
    sb.trustProjectDir();
    const file = sb.write("proj/staso.config.mjs", `export default async () => (${JSON.stringify(RULE("h/js"))});`);
    const ok = await runHook(claudePayload("Bash", { command: "deploy" }, { cwd: sb.project }), {
      env: { STASO_HOME: sb.home },
    });
    expect(ok.json.hookSpecificOutput.permissionDecisionReason).toMatch(/\[rule h\/js\]/);
    writeFileSync(file, "for (;;) {}\nexport default {};\n");
    const hung = await runHook(claudePayload("Bash", { command: "ls" }, { cwd: sb.project }), {
      env: { STASO_HOME: sb.home, STASO_GUARD_TIMEOUT: "1" },
    });
    expect(hung.stderr).toBe(`staso: ${file} did not finish loading before the deadline.\n`);
    expect(hung.json.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(hung.ms).toBeLessThan(8000);
  });

  it("a broken user config follows the environment's fail mode", async () => {
    const sb = sandbox();
    const file = sb.user({ timeout: "soon" });
    const r = await runHook(claudePayload("Bash", { command: "ls" }, { cwd: sb.project }), {
      env: { STASO_HOME: sb.home, STASO_FAIL_MODE: "open" },
    });
    expect(r.stderr).toBe(`staso: ${file}: timeout must be a number of seconds above 0 and at most 600, not "soon".\n`);
    expect(r.stdout).toBe("");
  });
});
