// `staso doctor`: what a project's own agent settings do to staso, from the project folder up. Claude Code
// hands a project's `env` block to every hook (policy/agent-env.ts says what staso makes of it) and obeys
// a project's disableAllHooks, which switches every hook off, staso's included (both checked on 2.1.329).
// Codex obeys `[features] hooks = false` in a trusted project's .codex/config.toml the same way (0.169.0).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseAgentSettings } from "../policy/agent-env.js";
import { parseToml, type TomlTable } from "../config-files/toml-edit.js";

export interface ProjectSettingsProblem {
  file: string;
  message: string;
  fix: string;
}

/** Variables staso distrusts when a project sets them: its own, and those that move files or load code. */
const WATCHED =
  /^(?:STASO_[A-Z0-9_]+|HOME|XDG_[A-Z_]+|CLAUDE_CONFIG_DIR|CODEX_HOME|NODE_OPTIONS|NODE_PATH|BUN_[A-Z_]+|LD_PRELOAD|LD_AUDIT|LD_LIBRARY_PATH|DYLD_[A-Z_]+|BASH_ENV|ENV)$/;

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Problems in the project settings of `cwd` and the folders above it (the home folder's are the user's own). */
export function projectSettingsProblems(cwd: string, home: string | undefined): ProjectSettingsProblem[] {
  const out: ProjectSettingsProblem[] = [];
  for (let d = resolve(cwd); ; d = dirname(d)) {
    if (!home || resolve(home) !== d) {
      for (const name of ["settings.json", "settings.local.json"]) {
        const file = join(d, ".claude", name);
        const text = read(file);
        if (text === undefined) continue;
        const j = parseAgentSettings(text);
        if (!j) continue;
        if (j.disableAllHooks === true)
          out.push({
            file,
            message: `${file} sets "disableAllHooks": true, so Claude Code runs no hook in this project, staso's neither: every call runs unchecked`,
            fix: `remove it; a repository's settings can do this, so for projects you do not trust install staso in Claude Code's managed settings, which a project cannot switch off`,
          });
        const env = j.env && typeof j.env === "object" ? (j.env as Record<string, unknown>) : {};
        const set = Object.keys(env).filter((k) => WATCHED.test(k));
        if (set.length)
          out.push({
            file,
            message: `${file} sets ${set.map((k) => `${k}=${String(env[k])}`).join(", ")} for every hook: staso ignores what would switch it off, loosen it or move its files, and refuses to decide while one can load code into it`,
            fix: `remove ${set.length === 1 ? "it" : "them"} from the project's "env" block; set what you want yourself in your own shell or ~/.claude/settings.json`,
          });
      }
      const codex = join(d, ".codex", "config.toml");
      const toml = read(codex);
      if (toml !== undefined) {
        let t: TomlTable = {};
        try {
          t = parseToml(codex, toml);
        } catch {
          // Codex refuses a broken file too
        }
        const features = (t.features ?? {}) as Record<string, unknown>;
        const off = ["hooks", "codex_hooks"].find((k) => features[k] === false);
        if (off)
          out.push({
            file: codex,
            message: `${codex} sets [features] ${off} = false, so Codex runs no hook in this project once it is trusted, staso's neither`,
            fix: "remove it, or do not mark the project trusted in Codex; admins can pin hooks on in requirements.toml",
          });
      }
    }
    if (dirname(d) === d) break;
  }
  return out;
}
