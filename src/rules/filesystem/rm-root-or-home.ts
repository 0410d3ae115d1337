// Recursive deletion of the whole filesystem, the home directory, a system directory or a critical
// home directory (~/.ssh, ~/Documents, …): never legitimate for an agent. Also through sudo, bash -c,
// find -delete, xargs, globs (`/*`, `~/.*`), cd (`cd ~ && rm -rf *`) and inline code (shutil.rmtree).
import { defineRule } from "../../engine/rule.js";
import { shellOf, userHome } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { catastrophic, catastrophicTarget, deletion } from "./targets.js";

export default defineRule<{ protectedPaths: string[] }>({
  meta: {
    id: "filesystem/rm-root-or-home",
    description:
      "Blocks recursive deletion of /, ~, system directories and critical home directories (also through sudo, bash -c, find, xargs, globs, cd and inline code).",
    defaultAction: "block",
    kinds: ["shell"],
    params: {
      protectedPaths: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "More paths whose recursive deletion is blocked (e.g. ~/work).",
      },
    },
    actions: ["block", "escalate"],
    examples: () => ({
      block: [
        { shell: "rm -rf /" },
        { shell: 'rm -rf "$UNSET_DIR/"', action: "escalate" },
        { shell: "rm -rf ~" },
        { shell: "rm -fr ~/" },
        {
          shell: "/???/?m -rf ~",
          note: "a glob for the program: judged as every program it could name (rm on a machine without /bin/nm)",
        },
      ],
      allow: [{ shell: "rm -rf node_modules" }, { shell: "rm -rf ~/.cache/pip" }, { shell: "rm -rf /tmp/x" }],
    }),
  },
  check(call, { params }) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = userHome();
    const extra = params.protectedPaths ?? [];
    let unknown: string | undefined;
    for (const cmd of analysis.commands) {
      const d = deletion(cmd, home, analysis.links);
      if (!d?.recursive) continue;
      for (const t of d.targets) {
        const what = catastrophicTarget(t, home, extra);
        if (what && t.info.dynamic) {
          // /$X, ~/$X: the unknown part decides what goes.
          unknown ??= `${describe(cmd)} recursively deletes a path built from a variable or substitution staso cannot resolve; it may delete ${what}. Use a literal path inside the project.`;
          continue;
        }
        if (what) {
          return {
            reason: `${describe(cmd)} would recursively delete ${what}. Delete only the specific paths inside the project that need to go.`,
          };
        }
        // "$DIR/" or /$X with $DIR unknown: if it is empty, this is the root (or home, or a system dir).
        if (t.info.dynamic && !unknown && t.word !== "") {
          const staticPart = t.word.replace(/\/\*$/, "") || "/";
          const resolved =
            staticPart.startsWith("/") || staticPart.startsWith("~")
              ? staticPart.replace(/^~(?=\/|$)/, home).replace(/(.)\/+$/, "$1")
              : undefined;
          const risk = resolved ? catastrophic(resolved, home, extra) : undefined;
          if (risk)
            unknown = `${describe(cmd)} deletes a path built from a variable or substitution staso cannot resolve; if it is empty this deletes ${risk}. Check the variable first (\`\${VAR:?}\`) or use a literal path inside the project.`;
        }
      }
    }
    return unknown ? { reason: unknown, action: "escalate" } : null;
  },
});
