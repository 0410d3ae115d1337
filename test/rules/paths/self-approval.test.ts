// paths/escalation-self-approval, as an agent would try to answer its own escalation (or change the guard
// through staso's own commands), in both hosts' payload shapes and through both real hooks, next to the
// everyday staso and text commands it must leave alone. The rule is a fence: the lock is the passphrase
// (test/escalation/cli.test.ts shows a spelling the rule misses still approves nothing).
import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { claudeCall, claudePayload, codexCall, codexPayload, ruleAction } from "../../support/calls.js";
import { HOOK_IMPLS, nativeHookAvailable, runHook } from "../../support/hook-process.js";
import selfApproval from "../../../src/rules/paths/escalation-self-approval.js";

const PKG = realpathSync(fileURLToPath(new URL("../../..", import.meta.url)));
const project = realpathSync(mkdtempSync(join(tmpdir(), "staso-selfapp-")));
afterAll(() => rmSync(project, { recursive: true, force: true }));
mkdirSync(join(project, "scripts"));
writeFileSync(join(project, "scripts", "ok.sh"), "#!/bin/sh\nstaso escalations approve esc_0123456789ab\n");
writeFileSync(join(project, "scripts", "build.sh"), "#!/bin/sh\nnpm run build\n");
writeFileSync(join(project, "Makefile"), "approve:\n\tstaso escalations approve $(ID)\nbuild:\n\ttsc\n");
writeFileSync(
  join(project, "package.json"),
  JSON.stringify({ scripts: { build: "tsc", approve: "node node_modules/staso/bin/staso.js escalations approve" } }),
);
mkdirSync(join(project, "clean"));
writeFileSync(join(project, "clean", "package.json"), JSON.stringify({ scripts: { test: "vitest run" } }));
writeFileSync(join(project, "clean", "Makefile"), "build:\n\ttsc\n");

const ID = "esc_0123456789ab";
const ATTEMPTS: [string, string][] = [
  ["staso on PATH", `staso escalations approve ${ID}`],
  ["deny too", `staso escalations deny ${ID} --reason ok`],
  ["an absolute path", `/usr/local/bin/staso escalations approve ${ID}`],
  ["the launcher with node", `node ${PKG}/bin/staso.js escalations approve ${ID}`],
  ["a copy of the launcher", `cp ${PKG}/bin/staso.js /tmp/s.js && node /tmp/s.js escalations approve ${ID}`],
  ["a link to the launcher, run", `ln -s ${PKG}/bin/staso.js ./s && ./s escalations approve ${ID}`],
  ["an existing link to the installation", `${PKG}/bin/staso.js escalations approve ${ID}`],
  [
    "node -e loads the CLI bundle",
    `node -e "import('${PKG}/dist/cli.mjs').then((m) => m.main(['node', 's', 'escalations', 'approve', '${ID}']))"`,
  ],
  [
    "node -e with the words split",
    `node -e "require('child_process').execFileSync('staso', ['escalations', 'approve', '${ID}'])"`,
  ],
  ["python subprocess", `python3 -c "import subprocess; subprocess.run(['staso', 'escalations', 'approve', '${ID}'])"`],
  ["npx", `npx staso escalations approve ${ID}`],
  ["pnpm dlx", `pnpm dlx staso escalations approve ${ID}`],
  ["a variable for the program", `S=staso; $S escalations approve ${ID}`],
  ["base64 of the program", `$(echo c3Rhc28= | base64 -d) escalations approve ${ID}`],
  ["a shell function", `f() { staso "$@"; }; f escalations approve ${ID}`],
  ["bash -c", `bash -c 'staso escalations approve ${ID}'`],
  ["script(1) for a terminal", `script -qc 'staso escalations approve ${ID}' /dev/null`],
  ["expect", `expect -c 'spawn staso escalations approve ${ID}; expect ":"; send "guess\\r"; interact'`],
  ["tmux new-session", `tmux new-session -d 'staso escalations approve ${ID}'`],
  ["tmux send-keys", `tmux send-keys -t 0 'staso escalations approve ${ID}' Enter`],
  ["at, from a pipe", `echo 'staso escalations approve ${ID}' | at now`],
  ["at, from a here-string", `at now <<< 'staso escalations approve ${ID}'`],
  ["ssh to this machine", `ssh localhost staso escalations approve ${ID}`],
  ["a script written, then run", `printf '#!/bin/sh\\nstaso escalations approve ${ID}\\n' > a.sh && sh a.sh`],
  ["a script already there", "sh scripts/ok.sh"],
  ["the same script through bun", "bun scripts/ok.sh"],
  ["a Makefile target", `make approve ID=${ID}`],
  ["a package.json script", "npm run approve"],
  ["setting the approval passphrase", "staso escalations passphrase set"],
  ["setup with fail mode open", "staso setup --target claude-code --fail-mode open --yes"],
  ["uninstall", "staso uninstall --yes"],
  ["trusting the project", "staso trust ."],
];
const EVERYDAY: [string, string][] = [
  ["listing escalations", "staso escalations"],
  ["showing one", `staso escalations show ${ID}`],
  ["the logs", "staso logs --since 1h"],
  ["doctor", "staso doctor"],
  ["explain", `staso explain "rm -rf /"`],
  ["grep for the words", 'grep -rn "escalations approve" docs/'],
  ["a commit message", 'git commit -m "docs: how staso escalations approve asks for the passphrase"'],
  ["telling the user", `echo "Please run: staso escalations approve ${ID}"`],
  ["npm test", "npm test"],
  ["make build", "make build"],
  ["a project script", "sh scripts/build.sh"],
];

const cwdOf = (name: string) => (/npm test|make build/.test(name) ? join(project, "clean") : project);

describe.each(["claude", "codex"] as const)("paths/escalation-self-approval (%s)", (host) => {
  const call = (command: string, cwd: string) =>
    host === "claude" ? claudeCall("Bash", { command }, { cwd }) : codexCall("Bash", { command }, { cwd });
  it.each(ATTEMPTS)("blocks: %s", async (_n, command) => {
    const d = await ruleAction(selfApproval, call(command, project));
    expect(d.action, command).toBe("block");
    expect(d.reason).toMatch(/only a human may do that/);
  });
  it.each(EVERYDAY)("allows: %s", async (n, command) => {
    expect((await ruleAction(selfApproval, call(command, cwdOf(n)))).action).toBe("allow");
  });
});

describe.each(HOOK_IMPLS.filter((i) => i === "node" || nativeHookAvailable()))("through the %s hook", (impl) => {
  it.each(["claude", "codex"] as const)(
    "%s payloads: every attempt is denied by the rule",
    async (host) => {
      const missed: string[] = [];
      for (const [name, command] of ATTEMPTS) {
        const payload = (host === "claude" ? claudePayload : codexPayload)("Bash", { command }, { cwd: project });
        const r = await runHook(payload, { impl, cwd: project });
        const out = r.json?.hookSpecificOutput;
        if (out?.permissionDecision !== "deny" || !/escalation-self-approval/.test(out.permissionDecisionReason))
          missed.push(`${name}: ${r.stdout || "(allowed)"}`);
      }
      expect(missed).toEqual([]);
    },
    120_000,
  );
});
