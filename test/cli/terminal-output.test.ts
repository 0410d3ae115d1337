// What humans read is what is there. An agent (or a repository's config) puts terminal control sequences,
// C1 controls, bidi overrides, zero-width characters and newlines into what staso later prints; every
// command must show them as visible marks, never let them act on the terminal (erase the line a human is
// about to approve, move the cursor, retitle the window, make a link, reorder or hide text, fake a row).
// JSON output keeps the data exact.
import { describe, expect, it } from "vitest";
import { forTerminal, jsonForTerminal } from "../../src/util/terminal-text.js";
import { codexPayload } from "../support/calls.js";
import { cli as escalationCli, hook, stasoHome, stored } from "../escalation/support.js";
import { cli } from "../policy/cli-support.js";
import { sandbox } from "../policy/support.js";

/** Everything an attacker would try on a terminal, in one string. */
const HOSTILE = [
  "\x1b[2K\x1b[1A\r", // erase the line, move up, carriage return
  "\x1b]0;innocent title\x07", // retitle the window (OSC)
  "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", // a hyperlink that hides its target
  "\x1b[8mhidden\x1b[0m", // conceal
  "\x1b[30;40mblack on black\x1b[0m",
  "\u009b2J", // C1 CSI: clear the screen on terminals that read 8-bit controls
  "\u202erm -rf ~\u202c", // right-to-left override: the text reads reversed
  "\u2066isolated\u2069\u200b\u200d\ufeff\u00ad", // isolates, zero-width, BOM, soft hyphen
  "\u{E0041}\u{E0042}", // tag characters
  "\x7f\x08\x00",
  "\nALLOW  fake row the human trusts",
].join("");

/** The same without NUL, which a command-line argument cannot hold. */
const HOSTILE_ARG = HOSTILE.replace("\x00", "");

/** The output with staso's own colour sequences removed: what remains must have no control or invisible character. */
function expectShownAsIs(output: string, where: string): void {
  const withoutColours = output.replace(/\x1b\[(?:[0-9;]*)m/g, (m) =>
    /^\x1b\[(?:0|1|2|3|4|22|23|24|3[1-7]|39|9[0-7])?(?:;(?:0|1|2|22|3[1-7]|39))*m$/.test(m) ? "" : m,
  );
  const bad = withoutColours.match(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu)?.filter((c) => c !== "\n" && c !== "\t") ?? [];
  expect(
    bad.map((c) => `U+${c.codePointAt(0)!.toString(16)}`),
    `${where}: ${JSON.stringify(output.slice(0, 400))}`,
  ).toEqual([]);
  // The fake row never starts a line of its own.
  expect(output, where).not.toMatch(/^ALLOW {2}fake row/m);
}

describe("forTerminal", () => {
  it("shows every control, escape, bidi and invisible character as a visible mark", () => {
    const shown = forTerminal(HOSTILE);
    expectShownAsIs(shown, "forTerminal");
    expect(shown).toContain("␛[2K");
    expect(shown).toContain("⟨U+202E⟩rm -rf ~⟨U+202C⟩");
    expect(shown).toContain("⟨U+009B⟩2J");
    expect(shown).toContain("⏎ALLOW");
  });

  it("keeps staso's own colours (and only those) when asked, and newlines in a block", () => {
    expect(forTerminal("\x1b[1m\x1b[31mblocked\x1b[39m\x1b[22m", { colours: true })).toBe(
      "\x1b[1m\x1b[31mblocked\x1b[39m\x1b[22m",
    );
    expect(forTerminal("\x1b[8mhidden\x1b[0m", { colours: true })).toBe("␛[8mhidden\x1b[0m");
    expect(forTerminal("a\nb\tc", { multiline: true })).toBe("a\nb\tc");
    expect(forTerminal("a\nb")).toBe("a⏎b");
  });

  it("the exact marks", () => {
    expect(forTerminal("rm -rf ~\u001b[2K\rls")).toBe("rm -rf ~␛[2K␍ls");
    expect(forTerminal("a\u202eb\u200bc\u009bd\u007f")).toBe("a⟨U+202E⟩b⟨U+200B⟩c⟨U+009B⟩d␡");
    expect(forTerminal("one\ntwo")).toBe("one⏎two");
    expect(forTerminal("one\ntwo\tx", { multiline: true })).toBe("one\ntwo\tx");
    expect(forTerminal("tag\u{e0041}")).toBe("tag⟨U+E0041⟩");
  });

  it("leaves everyday text alone: accents, CJK, emoji, box drawing", () => {
    for (const t of ["café naïve", "日本語のコマンド", "deploy 🚀 done", "│ ok ✓ — …", "git commit -m 'fix: a\\nb'"])
      expect(forTerminal(t)).toBe(t);
  });

  it("JSON keeps the data exact (\\u escapes), with no raw control or invisible character", () => {
    const value = { command: HOSTILE, nested: [HOSTILE] };
    const text = jsonForTerminal(value, 2);
    expect(JSON.parse(text)).toEqual(value);
    expectShownAsIs(text, "jsonForTerminal");
  });
});

describe("every command shows what the agent sent as it is", () => {
  it("staso logs (table, colours on, and --json) and staso stats, after a hostile call", async () => {
    const home = stasoHome();
    await hook(home, codexPayload("Bash", { command: `echo ${HOSTILE}` }));
    await hook(home, codexPayload(`mcp__x${HOSTILE}__y`, { q: HOSTILE }));
    for (const env of [{}, { NO_COLOR: undefined, FORCE_COLOR: "1" }]) {
      const table = await escalationCli(home, ["logs"], env);
      expect(table.code, table.stderr).toBe(0);
      expectShownAsIs(table.stdout, "logs");
      const stats = await escalationCli(home, ["stats"], env);
      expectShownAsIs(stats.stdout, "stats");
    }
    const json = await escalationCli(home, ["logs", "--json"]);
    expectShownAsIs(json.stdout, "logs --json");
    const first = JSON.parse(json.stdout.split("\n")[0]!);
    expect(first.input.command).toBe(`echo ${HOSTILE}`);
  });

  it("staso escalations list and show: the call a human approves is shown as it is", async () => {
    const home = stasoHome();
    const r = await hook(home, codexPayload("Bash", { command: `kubectl delete pod web-1 # ${HOSTILE}` }));
    expect(r.json?.hookSpecificOutput?.permissionDecision).toBe("deny");
    const [e] = stored(home);
    for (const env of [{}, { NO_COLOR: undefined, FORCE_COLOR: "1" }]) {
      const list = await escalationCli(home, ["escalations"], env);
      expect(list.code, list.stderr).toBe(0);
      expectShownAsIs(list.stdout, "escalations");
      const show = await escalationCli(home, ["escalations", "show", e!.id], env);
      expectShownAsIs(show.stdout, "escalations show");
      expect(show.stdout).toContain("⟨U+202E⟩rm -rf ~⟨U+202C⟩");
    }
    const json = await escalationCli(home, ["escalations", "show", e!.id, "--json"]);
    expectShownAsIs(json.stdout, "escalations show --json");
    expect(JSON.parse(json.stdout).summary).toContain("\u202erm -rf ~\u202c");
  });

  it("staso check, explain, rules and test: a hostile command and a hostile project config", () => {
    const HOSTILE = HOSTILE_ARG;
    const sb = sandbox();
    sb.projectConfig({
      customRules: [
        {
          id: "team/no-x",
          description: `describes ${HOSTILE}`,
          reason: `because ${HOSTILE}`,
          action: "block",
          when: { shell: { program: "xyz" } },
        },
      ],
      tests: [{ name: `a test named ${HOSTILE}`, tool: "Bash", input: { command: `xyz ${HOSTILE}` }, expect: "allow" }],
    });
    const opts = { env: sb.env, cwd: sb.project };
    const input = JSON.stringify({ command: `xyz ${HOSTILE}` });
    const runs = [
      ["check", cli(["check", "--tool", "Bash", "--input", input, "--cwd", sb.project], opts)],
      ["check --json", cli(["check", "--tool", "Bash", "--input", input, "--cwd", sb.project, "--json"], opts)],
      ["explain", cli(["explain", `xyz ${HOSTILE}`, "--cwd", sb.project], opts)],
      ["explain --json", cli(["explain", `xyz ${HOSTILE}`, "--cwd", sb.project, "--json"], opts)],
      ["rules", cli(["rules", "--cwd", sb.project], opts)],
      ["rules --json", cli(["rules", "--cwd", sb.project, "--json"], opts)],
      ["test", cli(["test", "--cwd", sb.project, "--no-builtin"], opts)],
      ["test --json", cli(["test", "--cwd", sb.project, "--no-builtin", "--json"], opts)],
    ] as const;
    for (const [name, r] of runs) {
      expect(r.stdout.length, `${name}: ${r.stderr}`).toBeGreaterThan(0);
      expectShownAsIs(r.stdout, name);
      expectShownAsIs(r.stderr, `${name} (stderr)`);
    }
    const check = runs[0][1];
    expect(check.stdout).toContain("because ␛[2K");
  });

  it("staso doctor, reporting a path that holds control sequences", () => {
    const sb = sandbox();
    const home = `${sb.root}/home\x1b[2K\u202e`;
    const r = cli(["doctor"], { env: { ...sb.env, STASO_HOME: home } });
    expect(r.stdout.length + r.stderr.length).toBeGreaterThan(0);
    expectShownAsIs(r.stdout, "doctor");
    expectShownAsIs(r.stderr, "doctor (stderr)");
    const json = cli(["doctor", "--json"], { env: { ...sb.env, STASO_HOME: home } });
    expectShownAsIs(json.stdout, "doctor --json");
  });

  it("an error message quoting hostile input (stderr)", () => {
    const HOSTILE = HOSTILE_ARG;
    const sb = sandbox();
    const r = cli(["check", "--tool", "Bash", "--input", `{"command": 1}${HOSTILE}`], { env: sb.env });
    expect(r.code).not.toBe(0);
    expectShownAsIs(r.stderr, "check error");
  });
});
