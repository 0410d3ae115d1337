// An agent must not be able to switch its guard off or plant code that runs outside its session: block
// writes, edits, moves and deletions of protected paths, by file tools, patches and shell commands.
import { defineRule } from "../../engine/rule.js";
import { userHome } from "../../analysis/shell/index.js";
import { protectedFolderKind, protectedPathKind } from "./protected.js";
import { shellWrittenPaths } from "./shell-writes.js";

function reason(word: string, kind: string, verb: string): string {
  return `${word} is ${kind}. An agent may not ${verb} it: that could switch off the guard or run code outside this session. If the change is really needed, show the user the exact change and ask them to make it themselves.`;
}

export default defineRule({
  meta: {
    id: "paths/protected-write",
    description:
      "Blocks writes, edits, moves and deletions of shell start-up files, ~/.ssh, /etc, git hooks and .git/config, agent settings and hook files, and staso's own config and state.",
    defaultAction: "block",
    kinds: ["write", "edit", "patch", "shell"],
  },
  check(call) {
    const home = userHome();
    for (const f of call.files) {
      const verb =
        f.op === "delete"
          ? "delete"
          : f.op === "move" || f.moveTo
            ? "move"
            : f.op === "edit" || f.op === "update"
              ? "edit"
              : "write";
      for (const p of [f.path, f.moveTo]) {
        if (!p) continue;
        const kind = protectedPathKind(p, home);
        if (kind) return { reason: reason(p, kind, verb) };
      }
    }
    if (call.kind !== "shell") return null;
    for (const w of shellWrittenPaths(call)) {
      if (w.into) {
        const folder = protectedFolderKind(w.path, home);
        if (folder?.certain) return { reason: reason(w.word, folder.kind, w.verb) };
        if (folder) {
          return {
            action: "escalate",
            reason: `${w.word} is ${folder.kind}. What would ${w.verb.replace(/ into$/, "")} there is not named, so it could replace a file that runs code or grants access (a shell start-up file, a git hook, an agent's settings). Unpack into a new folder inside the project instead, or let the user approve this.`,
          };
        }
        continue;
      }
      const kind = protectedPathKind(w.path, home);
      if (kind) return { reason: reason(w.word, kind, w.verb) };
    }
    return null;
  },
});
