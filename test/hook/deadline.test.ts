// The answer leaves before the deadline, whatever the input and whatever a project's regexes cost: the
// worst inputs found (a pipeline of thousands of commands, a 1 MiB line of `;`, deep nesting, a heredoc of
// thousands of substitutions, xargs items past the commands' limit, a project regex over 50,000 short
// arguments) through both hooks (Node and native) in both agents' payload shapes, with a 2 s deadline.
// Each answer must come within the deadline (plus a generous margin for a loaded machine) and follow the
// fail mode; everyday long commands next to them are still analysed, not unsure.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claudePayload, codexPayload } from "../support/calls.js";
import { HOOK_IMPLS, type HookImpl, nativeHookAvailable, runHook, tempHome } from "../support/hook-process.js";

const DEADLINE_S = 2;
/** Generous: the process starts, answers and ends on a loaded 2-core machine. */
const IN_TIME_MS = DEADLINE_S * 1000 + 1500;

/** A project whose config has a regex that costs a lot per argument (linear, but large). */
function projectWithCostlyRegex(): string {
  const dir = mkdtempSync(join(tmpdir(), "staso-deadline-proj-"));
  mkdirSync(join(dir, ".git"));
  writeFileSync(
    join(dir, ".stasorc.json"),
    JSON.stringify({
      customRules: [
        {
          id: "team/costly",
          reason: "a costly pattern",
          action: "block",
          when: { shell: { args: { regex: "(?:[ab]{0,1000}){1,6}[yz]" } } },
        },
      ],
    }),
  );
  return dir;
}

const WORST: [string, () => { command: string; cwd?: string }][] = [
  [
    "a project regex over 75,000 short arguments",
    () => ({
      command: `echo ${Array.from({ length: 75_000 }, () => "aaaaaaaaaaaa").join(" ")}`,
      cwd: projectWithCostlyRegex(),
    }),
  ],
  ["a 1 MiB command of many `;`", () => ({ command: `${"x;".repeat(520_000)}rm -rf ~` })],
  ["nesting 5,000 substitutions deep", () => ({ command: `${"$(".repeat(5000)}rm -rf ~${")".repeat(5000)}` })],
  ["a heredoc of 30,000 substitutions", () => ({ command: `cat <<EOF\n${"$(echo x)\n".repeat(30_000)}EOF\nrm -rf ~` })],
  [
    "a pipeline of 25,000 commands",
    () => ({ command: Array.from({ length: 25_000 }, (_, i) => `tr a b${i}`).join(" | ") }),
  ],
  [
    "xargs items past the commands' limit",
    () => ({ command: `printf '%s\\n' ${"a ".repeat(25_000)}| xargs -d '\\n' -I{} rm -rf {}` }),
  ],
];

const impls = HOOK_IMPLS.filter((impl) => impl === "node" || nativeHookAvailable());
const payloadFor = (host: "claude" | "codex", command: string, cwd?: string) =>
  (host === "claude" ? claudePayload : codexPayload)("Bash", { command }, cwd ? { cwd } : {});

async function hook(
  impl: HookImpl,
  host: "claude" | "codex",
  failMode: "open" | "closed",
  input: ReturnType<(typeof WORST)[number][1]>,
) {
  return runHook(payloadFor(host, input.command, input.cwd), {
    impl,
    env: { STASO_HOME: tempHome(), STASO_GUARD_TIMEOUT: String(DEADLINE_S), STASO_FAIL_MODE: failMode },
    timeoutMs: 30_000,
  });
}

describe("the answer leaves before the deadline", () => {
  // Each worst input through each hook: closed in one agent's shape, open in the other's.
  const runs = impls.flatMap((impl) =>
    WORST.flatMap(([name, make]) => [
      [name, impl, impl === "node" ? "claude" : "codex", "closed", make] as const,
      [name, impl, impl === "node" ? "codex" : "claude", "open", make] as const,
    ]),
  );

  it.each(runs)("%s: %s hook, %s payload, fail mode %s", async (_, impl, host, failMode, make) => {
    const r = await hook(impl, host, failMode, make());
    expect(r.code).toBe(0);
    expect(r.ms, r.stderr).toBeLessThan(IN_TIME_MS);
    // The fail mode's answer: closed blocks, saying why; open allows, saying why in one sentence on stderr.
    if (failMode === "closed") {
      expect(r.json?.hookSpecificOutput?.permissionDecision, r.stdout + r.stderr).toBe("deny");
      expect(r.json.hookSpecificOutput.permissionDecisionReason).toMatch(/could not check this call safely/);
    } else {
      expect(r.stdout, r.stderr).toBe("");
      expect(r.stderr).toMatch(/^staso: .*(did not finish|could not|more than).*\.$/m);
    }
  });
});

describe("everyday long commands next to them", () => {
  const LONG: [string, string][] = [
    [
      "a build script of 300 steps",
      Array.from({ length: 300 }, (_, i) => `mkdir -p out/${i} && cp src/${i}.txt out/${i}/`).join(" && "),
    ],
    [
      "a pipeline of 50 filters",
      ["cat access.log", ...Array.from({ length: 50 }, (_, i) => `grep -v skip${i}`)].join(" | "),
    ],
    ["git add of 2,000 files", `git add ${Array.from({ length: 2000 }, (_, i) => `src/m${i}/index.ts`).join(" ")}`],
  ];

  it.each(impls.flatMap((impl) => LONG.map(([name, command]) => [name, impl, command] as const)))(
    "%s: %s hook allows it, analysed",
    async (_, impl, command) => {
      // The everyday deadline (a loaded machine must not turn an everyday command into a fail-mode answer).
      for (const host of ["claude", "codex"] as const) {
        const r = await runHook(payloadFor(host, command), {
          impl,
          env: { STASO_HOME: tempHome(), STASO_FAIL_MODE: "closed" },
        });
        expect(r.stdout, r.stderr).toBe("");
        expect(r.stderr).toBe("");
      }
    },
  );

  it.each(impls)("a long command with a dangerous end is judged by its end (%s hook)", async (impl) => {
    const command = `${Array.from({ length: 300 }, (_, i) => `echo step${i}`).join(" && ")} && rm -rf ~`;
    const r = await runHook(payloadFor("codex", command), { impl, env: { STASO_HOME: tempHome(), HOME: "/home/dev" } });
    expect(r.json?.hookSpecificOutput?.permissionDecision).toBe("deny");
    expect(r.json.hookSpecificOutput.permissionDecisionReason).toMatch(/home directory/);
  });
});
