// `staso completion`: scripts that real shells load and answer with staso's own commands and flags.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../policy/cli-support.js";

const script = (shell: string) => {
  const r = cli(["completion", shell]);
  expect(r.code, r.stderr).toBe(0);
  const file = join(mkdtempSync(join(tmpdir(), "staso-completion-")), `staso.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
};
const has = (shell: string) => spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;

describe("staso completion", () => {
  it("bash: completes commands, subcommands and each command's own options", () => {
    const file = script("bash");
    const complete = (...words: string[]) =>
      spawnSync(
        "bash",
        [
          "-c",
          `source '${file}'; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _staso_complete; echo "\${COMPREPLY[*]}"`,
        ],
        { encoding: "utf8" },
      ).stdout.trim();
    expect(complete("staso", "esc")).toBe("escalations");
    expect(complete("staso", "escalations", "ap")).toBe("approve");
    expect(complete("staso", "escalations", "approve", "--f")).toBe("--for");
    expect(complete("staso", "logs", "--si")).toBe("--since");
    expect(complete("staso", "check", "--verb")).toBe("--verbose");
    // Hidden flags stay hidden.
    expect(complete("staso", "hook", "--host")).toBe("");
  });

  it.runIf(has("zsh"))("zsh: the script parses and its function offers the subcommands", () => {
    const file = script("zsh");
    const r = spawnSync(
      "zsh",
      [
        "-c",
        `compdef() { :; }; source '${file}'; compadd() { shift; print -l -- "$@"; }; words=(staso escalations ap); CURRENT=3; _staso`,
      ],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")).toEqual(expect.arrayContaining(["list", "show", "approve", "deny"]));
  });

  it.runIf(has("fish"))("fish: the script parses and completes subcommands and options", () => {
    const file = script("fish");
    const r = spawnSync(
      "fish",
      ["-c", `source '${file}'; complete -C 'staso escalations ap'; complete -C 'staso logs --si'`],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^approve/m);
    expect(r.stdout).toMatch(/^--since/m);
  });

  it("an unknown shell is a usage error", () => {
    const r = cli(["completion", "tcsh"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bash, zsh and fish, not "tcsh"/);
  });
});
