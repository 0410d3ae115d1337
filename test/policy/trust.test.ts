// A repository's own code (JS/TS configs, plugins) runs inside staso only for a project the user trusted,
// and only as it was trusted. Written as the attacker would try it: a repository that plants code which
// would leave a marker file (and could have rewritten the user's config), run through both hooks (Node and
// native) with both hosts' payloads and through every command that loads a policy; then a trusted
// project whose files change afterwards, by edit, by a new import, by a swapped symlink, by a file flipped
// back and forth while hooks run, behind a restored mtime. Next to each: a trusted project's code runs.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { claudePayload, codexPayload } from "../support/calls.js";
import { HOOK_IMPLS, type HookImpl, nativeHookAvailable, runHook } from "../support/hook-process.js";
import { cli } from "./cli-support.js";
import { sandbox, type Sandbox } from "./support.js";

const IMPLS: HookImpl[] = HOOK_IMPLS.filter((i) => i === "node" || nativeHookAvailable());
const HOSTS = [
  ["claude-code", claudePayload],
  ["codex", codexPayload],
] as const;
/** Each hook with each host's payload, in two runs: Node with Claude Code's shape, native with Codex's (Node when there is no native build). */
const PAIRS: [HookImpl, (typeof HOSTS)[number]][] = [
  ["node", HOSTS[0]],
  [IMPLS[IMPLS.length - 1]!, HOSTS[1]],
];

/** Code that leaves `marker` when it runs, and a rule that blocks `deploy` when its result is used. */
const markingModule = (marker: string, extra = "") =>
  `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(marker)}, "ran\\n");\n${extra}`;
const DEPLOY_RULE = {
  id: "team/no-deploy",
  reason: "CI deploys",
  action: "block",
  when: { shell: { program: "deploy" } },
};
const markingConfig = (marker: string) =>
  `${markingModule(marker)}export default ${JSON.stringify({ customRules: [DEPLOY_RULE] })};\n`;
const markingPlugin = (marker: string) =>
  `${markingModule(marker)}export default [{ meta: { id: "acme/no-psql", description: "d", defaultAction: "block", kinds: ["shell"] }, check: (c) => (String(c.input.command).startsWith("psql") ? { reason: "no psql from an agent" } : null) }];\n`;

function hook(sb: Sandbox, impl: HookImpl, host: (typeof HOSTS)[number], command: string, env = {}) {
  return runHook(host[1]("Bash", { command }, { cwd: sb.project }), {
    impl,
    args: ["--target", host[0]],
    env: { STASO_HOME: sb.home, HOME: sb.root, ...env },
  });
}
const denied = (r: { json: any }) => r.json?.hookSpecificOutput?.permissionDecision === "deny";
const reason = (r: { json: any }) => String(r.json?.hookSpecificOutput?.permissionDecisionReason ?? "");
const ran = (marker: string) =>
  existsSync(marker) ? readFileSync(marker, "utf8").split("\n").filter(Boolean).length : 0;
const trust = (sb: Sandbox, dir = sb.project, env: Record<string, string> = {}) =>
  cli(["trust", dir], { env: { STASO_HOME: sb.home, HOME: sb.root, ...env } });

describe("an untrusted repository's code never runs", () => {
  it.each([
    "staso.config.mjs",
    "staso.config.js",
    ".stasorc.cjs",
    ".stasorc.mjs",
    ".config/stasorc.mjs",
    "staso.config.ts",
  ])(
    "%s: not run by either hook for either host; the dangerous call is still blocked; stderr says how to trust it",
    async (name) => {
      const sb = sandbox();
      const marker = join(sb.root, "ran.log");
      const source = name.endsWith(".cjs")
        ? `require("node:fs").appendFileSync(${JSON.stringify(marker)}, "ran\\n"); module.exports = {};`
        : markingConfig(marker);
      if (name === "staso.config.js") sb.write("proj/package.json", { name: "x", type: "module" });
      const file = sb.write(`proj/${name}`, source);
      for (const [impl, host] of PAIRS) {
        const r = await hook(sb, impl, host, "rm -rf ~");
        expect(denied(r), `${impl} ${host[0]}`).toBe(true);
        expect(reason(r)).toMatch(/filesystem\/rm-root-or-home/);
        expect(r.stderr).toBe(
          `staso: ${file} not run: the project is not trusted. A project's code runs only once you trust it: \`staso trust ${sb.project}\`.\n`,
        );
        const everyday = await hook(sb, impl, host, "ls -la");
        expect(everyday.stdout, `${impl} ${host[0]}`).toBe("");
      }
      expect(ran(marker)).toBe(0);
    },
  );

  it("plugins named by a JSON, YAML or package.json#staso config, local or from node_modules, are not run; the data config still tightens", async () => {
    const configs: [string, (plugin: string) => string | object][] = [
      ["proj/staso.config.json", (p) => ({ plugins: [p], customRules: [DEPLOY_RULE] })],
      [
        "proj/.stasorc.yaml",
        (p) =>
          `plugins: [${JSON.stringify(p)}]\ncustomRules:\n  - { id: team/no-deploy, reason: CI deploys, action: block, when: { shell: { program: deploy } } }\n`,
      ],
      ["proj/package.json", (p) => ({ name: "app", staso: { plugins: [p], customRules: [DEPLOY_RULE] } })],
    ];
    for (const [configPath, content] of configs)
      for (const spec of ["./evil.mjs", "@evil/guards"]) {
        const sb = sandbox();
        const marker = join(sb.root, "ran.log");
        sb.write("proj/evil.mjs", markingPlugin(marker));
        sb.write("proj/node_modules/@evil/guards/package.json", { name: "@evil/guards", type: "module", main: "i.js" });
        sb.write("proj/node_modules/@evil/guards/i.js", markingPlugin(marker));
        const file = sb.write(configPath, content(spec));
        for (const impl of IMPLS) {
          const r = await hook(sb, impl, HOSTS[0], "deploy --prod");
          expect(reason(r), `${configPath} ${spec} ${impl}`).toMatch(/\[rule team\/no-deploy\]/);
          expect(r.stderr).toContain(`${file}: plugins ${JSON.stringify(spec)} not run: the project is not trusted.`);
          expect((await hook(sb, impl, HOSTS[1], "psql -h prod")).stdout).toBe("");
        }
        expect(ran(marker), `${configPath} ${spec}`).toBe(0);
      }
  });

  it("no command that loads a policy runs it: rules, check, test, explain, doctor, demo; nor the library's guard()", async () => {
    const sb = sandbox();
    const marker = join(sb.root, "ran.log");
    sb.write("proj/evil.mjs", markingPlugin(marker));
    sb.write("proj/.config/stasorc.mjs", `${markingModule(marker)}export default { plugins: ["../evil.mjs"] };\n`);
    const env = { STASO_HOME: sb.home, HOME: sb.root };
    const rules = cli(["rules", "--cwd", sb.project, "--json"], { env });
    expect(rules.json.untrusted[0]).toMatch(/stasorc\.mjs not run: the project is not trusted/);
    const text = cli(["rules", "--cwd", sb.project], { env });
    expect(text.stdout).toMatch(/^Not run \(the project's own code\):$/m);
    cli(["check", "--tool", "Bash", "--input", '{"command":"psql -h prod"}', "--cwd", sb.project], { env });
    cli(["test", "--cwd", sb.project, "--no-builtin"], { env });
    cli(["explain", "psql -h prod", "--cwd", sb.project], { env });
    const doctor = cli(["doctor", "--json"], { env, cwd: sb.project });
    expect(JSON.stringify(doctor.json)).toMatch(/stasorc\.mjs not run: the project is not trusted/);
    cli(["demo", "--json"], { env, cwd: sb.project });
    const lib = fileURLToPath(new URL("../../dist/lib.mjs", import.meta.url));
    const g = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { guard } = await import(${JSON.stringify(lib)}); const r = await guard("Bash", { command: "psql -h prod" }, { context: { cwd: ${JSON.stringify(sb.project)} }, onWarning: (w) => console.error(w) }); console.log(r.action);`,
      ],
      { env: { PATH: process.env.PATH, ...env }, encoding: "utf8" },
    );
    expect(g.stdout.trim()).toBe("allow");
    expect(g.stderr).toMatch(/stasorc\.mjs not run: the project is not trusted/);
    expect(ran(marker)).toBe(0);
  });

  it("an executable config planted beside the team's data config does not switch the data config off", async () => {
    const sb = sandbox();
    const marker = join(sb.root, "ran.log");
    sb.write("proj/staso.config.json", { customRules: [DEPLOY_RULE] });
    sb.write("proj/.stasorc.mjs", `${markingModule(marker)}export default {};\n`); // found first, shadows the JSON
    for (const impl of IMPLS) {
      const r = await hook(sb, impl, HOSTS[0], "deploy");
      expect(reason(r), impl).toMatch(/\[rule team\/no-deploy\]/);
      expect(r.stderr).toMatch(/\.stasorc\.mjs not run: the project is not trusted/);
    }
    expect(ran(marker)).toBe(0);
  });

  it("an agent cannot trust the project itself: the hook blocks `staso trust`, the command refuses in an agent's session, and .config/stasorc.* cannot be written", async () => {
    const sb = sandbox();
    for (const impl of IMPLS)
      for (const command of [
        "staso trust .",
        `node ${fileURLToPath(new URL("../../bin/staso.js", import.meta.url))} trust`,
        "npx staso trust --json .",
        "env FOO=1 bash -c 'staso trust'",
      ]) {
        const r = await hook(sb, impl, HOSTS[0], command);
        expect(reason(r), `${impl}: ${command}`).toMatch(
          /runs `staso trust`, and only a human may do that.*\[rule paths\/escalation-self-approval\]/,
        );
      }
    for (const impl of IMPLS) {
      const w = await runHook(
        claudePayload(
          "Write",
          { file_path: `${sb.project}/.config/stasorc.mjs`, content: "export default {}" },
          { cwd: sb.project },
        ),
        { impl, env: { STASO_HOME: sb.home } },
      );
      expect(reason(w)).toMatch(/staso's configuration.*\[rule paths\/protected-write\]/);
      const s = await hook(sb, impl, HOSTS[1], "echo 'export default {}' > .config/stasorc.js");
      expect(reason(s)).toMatch(/\[rule paths\/protected-write\]/);
    }
    sb.write("proj/staso.config.mjs", "export default {};");
    const r = cli(["trust", sb.project], { env: { STASO_HOME: sb.home, CLAUDECODE: "1" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refuses to run inside an agent's session \(CLAUDECODE is set\)/);
    expect(existsSync(join(sb.home, "trust.json"))).toBe(false);
  });
});

describe("staso trust: the project's code runs, exactly as it was trusted", () => {
  function trustedProject() {
    const sb = sandbox();
    const marker = join(sb.root, "ran.log");
    sb.write("proj/lib/helper.mjs", `${markingModule(marker)}export const program = "deploy";\n`);
    sb.write("proj/lib/data.cjs", `module.exports = { reason: "CI deploys" };\n`);
    sb.write(
      "proj/staso.config.mjs",
      `import { program } from "./lib/helper.mjs";\nimport { createRequire } from "node:module";\nconst { reason } = createRequire(import.meta.url)("./lib/data.cjs");\nexport default { plugins: ["./guards.mjs"], customRules: [{ id: "team/no-deploy", reason, action: "block", when: { shell: { program } } }] };\n`,
    );
    sb.write("proj/guards.mjs", markingPlugin(marker));
    const t = trust(sb);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(
      new RegExp(`^Trusted ${sb.project}: its config and plugins \\(\\./guards\\.mjs\\) now run`, "m"),
    );
    for (const f of ["staso.config.mjs", "lib/helper.mjs", "lib/data.cjs", "guards.mjs"])
      expect(t.stdout).toContain(join(sb.project, f));
    return { sb, marker };
  }

  it("a trusted project's JS config, the modules it imports and its plugins run, in both hooks and for both hosts", async () => {
    const { sb, marker } = trustedProject();
    const before = ran(marker);
    for (const impl of IMPLS)
      for (const host of HOSTS) {
        const d = await hook(sb, impl, host, "deploy --prod", { STASO_GUARD_TIMEOUT: "5" });
        expect(reason(d), `${impl} ${host[0]}`).toMatch(/CI deploys \[rule team\/no-deploy\]/);
        expect(d.stderr).toBe("");
        const p = await hook(sb, impl, host, "psql -h prod");
        expect(reason(p), `${impl} ${host[0]}`).toMatch(/no psql from an agent \[rule acme\/no-psql\]/);
        expect((await hook(sb, impl, host, "ls")).stdout).toBe("");
      }
    expect(ran(marker)).toBeGreaterThan(before);
    const list = cli(["trust", "--list", "--json"], { env: { STASO_HOME: sb.home, HOME: sb.root } });
    expect(list.json.projects).toMatchObject([{ dir: sb.project, files: 4, changed: [] }]);
  });

  it("a trusted CommonJS config (module.exports, require of a .cjs module and of JSON) loads alike in both hooks", async () => {
    const sb = sandbox();
    sb.write(
      "proj/rules/deploy.cjs",
      `module.exports = function rule(program) { return { id: "team/no-" + program, reason: require("./reason.json").text, action: "block", when: { shell: { program } } }; };\n`,
    );
    sb.write("proj/rules/reason.json", { text: "CI deploys" });
    sb.write(
      "proj/.stasorc.cjs",
      `"use strict";\nconst rule = require("./rules/deploy.cjs");\nmodule.exports = { customRules: [rule("deploy")] };\n`,
    );
    expect(trust(sb).code).toBe(0);
    for (const [impl, host] of PAIRS) {
      const r = await hook(sb, impl, host, "deploy");
      expect(reason(r), impl).toMatch(/CI deploys \[rule team\/no-deploy\]/);
      expect(r.stderr).toBe("");
    }
  });

  it("a changed config, a changed or new module it imports, a changed plugin: not run until trusted again", async () => {
    // Each edit's new bytes would leave a mark of their own when run: they never may.
    const edits: [string, string, (sb: Sandbox, mark: string) => void][] = [
      [
        "the config",
        "deploy",
        (sb, mark) => writeFileSync(join(sb.project, "staso.config.mjs"), `${markingModule(mark)}export default {};\n`),
      ],
      [
        "an imported module",
        "deploy",
        (sb, mark) =>
          writeFileSync(
            join(sb.project, "lib/helper.mjs"),
            `${markingModule(mark)}export const program = "nothing";\n`,
          ),
      ],
      [
        "a required CommonJS module",
        "deploy",
        (sb, mark) =>
          writeFileSync(
            join(sb.project, "lib/data.cjs"),
            `require("node:fs").appendFileSync(${JSON.stringify(mark)}, "x\\n"); module.exports = { reason: "x" };\n`,
          ),
      ],
      [
        "a new module the plugin imports",
        "psql -h prod",
        (sb, mark) => {
          sb.write("proj/lib/new.mjs", markingModule(mark));
          writeFileSync(
            join(sb.project, "guards.mjs"),
            `import "./lib/new.mjs";\n${readFileSync(join(sb.project, "guards.mjs"), "utf8")}`,
          );
        },
      ],
      ["the plugin", "psql -h prod", (sb, mark) => writeFileSync(join(sb.project, "guards.mjs"), markingPlugin(mark))],
    ];
    for (const [what, command, edit] of edits) {
      const { sb } = trustedProject();
      const mark = join(sb.root, "changed.log");
      edit(sb, mark);
      for (const [impl, host] of PAIRS) {
        const d = await hook(sb, impl, host, command);
        expect(d.stdout, `${what}: ${impl} ${host[0]}`).toBe("");
        expect(d.stderr, `${what}: ${impl} ${host[0]}`).toMatch(
          /not run: .*(changed since the project was trusted|is not among the files trusted for this project)\. A project's code runs only once you trust it: `staso trust /,
        );
      }
      expect(denied(await hook(sb, "node", HOSTS[0], "rm -rf /"))).toBe(true);
      expect(ran(mark), what).toBe(0);
      const list = cli(["trust", "--list", "--json"], { env: { STASO_HOME: sb.home, HOME: sb.root } });
      expect(list.json.projects[0].changed.length, what).toBe(1);
      // Trusted again, the new code is what runs.
      expect(trust(sb).code).toBe(0);
      const again = await hook(sb, IMPLS[IMPLS.length - 1]!, HOSTS[0], command);
      expect(again.stderr, what).toBe("");
      expect(ran(mark), what).toBeGreaterThan(0);
    }
  }, 120_000);

  it("the policy cache never keeps a trusted config's result once its file changed (mtime restored) or the project is untrusted", async () => {
    const { sb } = trustedProject();
    const file = join(sb.project, "staso.config.mjs");
    for (const impl of IMPLS) expect(reason(await hook(sb, impl, HOSTS[0], "deploy"))).toMatch(/team\/no-deploy/);
    // Same size, same mtime, different bytes: no cache hit, and the new bytes are not trusted.
    const st = statSync(file);
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('action: "block"', 'action: "allow"'.padEnd('action: "block"'.length)));
    expect(statSync(file).size).toBe(st.size);
    utimesSync(file, st.atime, st.mtime);
    for (const impl of IMPLS) {
      const r = await hook(sb, impl, HOSTS[0], "deploy");
      expect(r.stdout, impl).toBe("");
      expect(r.stderr).toMatch(/staso\.config\.mjs changed since the project was trusted/);
    }
    writeFileSync(file, text);
    utimesSync(file, st.atime, st.mtime);
    for (const impl of IMPLS) expect(reason(await hook(sb, impl, HOSTS[0], "deploy"))).toMatch(/team\/no-deploy/);
    // Untrusted: the cached result of its code is not used either.
    const u = cli(["untrust", sb.project], { env: { STASO_HOME: sb.home, HOME: sb.root } });
    expect(u.stdout).toMatch(/is no longer trusted/);
    for (const impl of IMPLS) {
      const r = await hook(sb, impl, HOSTS[1], "deploy");
      expect(r.stdout, impl).toBe("");
      expect(r.stderr).toMatch(/not run: the project is not trusted/);
    }
  });

  it("a file flipped between trusted and other bytes while hooks run: the other bytes never run", async () => {
    const { sb } = trustedProject();
    const evilMarker = join(sb.root, "evil.log");
    const file = join(sb.project, "lib/helper.mjs");
    const good = readFileSync(file, "utf8");
    const evil = `${markingModule(evilMarker)}export const program = "nothing";\n`;
    writeFileSync(`${file}.good`, good);
    writeFileSync(`${file}.evil`, evil);
    // Another process swaps the file back and forth (rename: each version appears whole) as fast as it can.
    const flipper = spawn(
      process.execPath,
      [
        "-e",
        `const fs = require("fs"); const f = ${JSON.stringify(file)}; const end = Date.now() + 20000;
         while (Date.now() < end) { for (const v of ["evil", "good"]) { fs.copyFileSync(f + "." + v, f + ".tmp"); fs.renameSync(f + ".tmp", f); } }`,
      ],
      { stdio: "ignore" },
    );
    try {
      const outcomes = new Set<string>();
      for (let i = 0; i < 8; i++)
        for (const impl of IMPLS) {
          const r = await hook(sb, impl, HOSTS[i % 2]!, "deploy");
          outcomes.add(
            denied(r) ? "ran trusted bytes" : r.stderr.includes("changed since") ? "refused" : r.stderr || "allowed",
          );
        }
      expect(
        [...outcomes].every((o) => o === "ran trusted bytes" || o === "refused"),
        [...outcomes].join("; "),
      ).toBe(true);
    } finally {
      flipper.kill("SIGKILL");
    }
    expect(ran(evilMarker)).toBe(0);
  }, 60_000);

  it("trust is per project: a sub-project's own config needs its own; a symlinked path is the same project; a retargeted symlink is not", async () => {
    const { sb, marker } = trustedProject();
    // A sub-project below the trusted one, with a config of its own.
    sb.write("proj/packages/app/staso.config.mjs", `${markingModule(marker)}export default {};\n`);
    const before = ran(marker);
    const sub = await runHook(claudePayload("Bash", { command: "deploy" }, { cwd: join(sb.project, "packages/app") }), {
      env: { STASO_HOME: sb.home, HOME: sb.root },
    });
    expect(sub.stderr).toMatch(/packages\/app\/staso\.config\.mjs not run: the project is not trusted/);
    expect(ran(marker)).toBe(before);
    // The same project reached through a symlink: trusted, its code runs.
    const link = join(sb.root, "link-to-proj");
    symlinkSync(sb.project, link);
    for (const impl of IMPLS) {
      const r = await runHook(claudePayload("Bash", { command: "deploy" }, { cwd: link }), {
        impl,
        env: { STASO_HOME: sb.home, HOME: sb.root },
      });
      expect(reason(r), impl).toMatch(/team\/no-deploy/);
    }
    // A plugin that is a symlink, pointed elsewhere after the project was trusted: not run.
    const sb2 = sandbox();
    const m2 = join(sb2.root, "ran.log");
    sb2.write("shared/good.mjs", markingPlugin(m2));
    sb2.write("shared/evil.mjs", `${markingModule(m2)}export default [];\n`);
    symlinkSync(join(sb2.root, "shared/good.mjs"), join(sb2.project, "guards.mjs"));
    sb2.projectConfig({ plugins: ["./guards.mjs"] });
    expect(trust(sb2, join(sb2.project)).code).toBe(0);
    for (const impl of IMPLS) expect(reason(await hook(sb2, impl, HOSTS[0], "psql x"))).toMatch(/acme\/no-psql/);
    rmSync(join(sb2.project, "guards.mjs"));
    symlinkSync(join(sb2.root, "shared/evil.mjs"), join(sb2.project, "guards.mjs"));
    const ranBefore = ran(m2);
    for (const impl of IMPLS) {
      const r = await hook(sb2, impl, HOSTS[1], "psql x");
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/shared\/evil\.mjs is not among the files trusted for this project/);
    }
    expect(ran(m2)).toBe(ranBefore);
  });

  it("trustedProjects in the user's config trusts every project under it, whatever its files hold", async () => {
    const sb = sandbox();
    const marker = join(sb.root, "ran.log");
    sb.write("proj/staso.config.mjs", markingConfig(marker));
    sb.user({ trustedProjects: [`${sb.root}/**`] });
    for (const impl of IMPLS) expect(reason(await hook(sb, impl, HOSTS[0], "deploy"))).toMatch(/team\/no-deploy/);
    expect(ran(marker)).toBeGreaterThan(0);
    const rules = cli(["rules", "--cwd", sb.project, "--json"], { env: { STASO_HOME: sb.home, HOME: sb.root } });
    expect(rules.json.project).toMatchObject({ trusted: true, trust: "trustedProjects" });
  });

  it("a data config of a trusted project may loosen; once it changes it only tightens again", async () => {
    const sb = sandbox();
    const file = sb.projectConfig({ failMode: "open" });
    const env = { STASO_HOME: sb.home, HOME: sb.root };
    expect(cli(["rules", "--cwd", sb.project, "--json"], { env }).json.failMode).toBe("closed");
    expect(trust(sb).code).toBe(0);
    expect(cli(["rules", "--cwd", sb.project, "--json"], { env }).json.failMode).toBe("open");
    writeFileSync(file, JSON.stringify({ failMode: "open", level: "standard" }));
    expect(cli(["rules", "--cwd", sb.project, "--json"], { env }).json.failMode).toBe("closed");
    // package.json: only its "staso" key is pinned, not the dependencies around it.
    const sb2 = sandbox();
    const pkg = sb2.write("proj/package.json", { name: "a", dependencies: {}, staso: { failMode: "open" } });
    expect(trust(sb2).code).toBe(0);
    writeFileSync(pkg, JSON.stringify({ name: "a", dependencies: { left: "1" }, staso: { failMode: "open" } }));
    const env2 = { STASO_HOME: sb2.home, HOME: sb2.root };
    expect(cli(["rules", "--cwd", sb2.project, "--json"], { env: env2 }).json.failMode).toBe("open");
  });

  it("trust says what is wrong in one sentence, and records nothing", () => {
    const sb = sandbox();
    const none = trust(sb);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^staso: there is no staso config in .* so there is nothing to trust\.\n$/);
    sb.write("proj/staso.config.mjs", "throw new Error('boom');\n");
    const broken = trust(sb);
    expect(broken.stderr).toMatch(/staso\.config\.mjs could not be loaded \(boom\)/);
    sb.write("proj/staso.config.mjs", "export default { plugins: ['./missing.mjs'] };\n");
    expect(trust(sb).stderr).toMatch(/plugins\[0\] \("\.\/missing\.mjs"\) does not exist/);
    expect(existsSync(join(sb.home, "trust.json"))).toBe(false);
  });
});
