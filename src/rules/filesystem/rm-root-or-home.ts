// Recursive deletion of the whole filesystem, the home directory, a system directory or a critical
// home directory (~/.ssh, ~/Documents, …): never legitimate for an agent. Also through sudo, bash -c,
// find -delete, xargs, globs (`/*`, `~/.*`), cd (`cd ~ && rm -rf *`) and inline code (shutil.rmtree).
import { stateful } from "../../state/session.js";
import { defineRule } from "../../engine/rule.js";
import { shellOf, userHome } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { catastrophic, catastrophicTarget, deletion, movedTargets } from "./targets.js";

// Stateful: what earlier calls of the session moved, and the folder it started in (ShellAnalysis.moves, projectOf).
export default stateful(
  defineRule<{ protectedPaths: string[] }>({
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
          {
            shell: "rm -rf /tmp/h*",
            session: [{ shell: "mv ~ /tmp/h$RANDOM" }],
            note: "the home folder moved to a random name by an earlier call, deleted by a glob",
          },
          { shell: "rm -rf /" },
          { shell: 'rm -rf "$UNSET_DIR/"', action: "escalate" },
          { shell: "rm -rf ~" },
          { shell: "ls ~ | xargs -I{} rm -rf ~/{}", note: "every entry ls prints, one by one: ~/*" },
          { shell: "rm -fr ~/" },
          { shell: "/???/?m -rf ~", note: "a glob naming rm, whatever else it matches on this disk" },
          { shell: "declare -n r=c; c=rm; $r -rf ~" },
          { shell: "gdb -nx -batch -ex 'shell rm -rf ~'" },
          { shell: "sed -n '1e rm -rf ~' /etc/hostname" },
          { shell: "tar -cf /dev/null x --checkpoint=1 --checkpoint-action=exec='rm -rf ~'" },
          { shell: `python3 -c "import os; os.system(''.join(['r','m',' -r','f ','~']))"` },
          { shell: `python3 -c "import os;os.system(chr(114)+chr(109)+' -rf '+os.environ['HOME'])"` },
          { shell: `perl -e 'system "rm", "-rf", $ENV{HOME}'` },
          { shell: `perl -e 'qx(rm -rf ~)'` },
          { shell: `python3 -c "import shutil as s, os; s.rmtree(os.path.expanduser('~'))"` },
          { shell: `node -e "const {execSync: x} = require('child_process'); x('rm -rf ~')"` },
          { shell: "tar --remove-files -czf /tmp/b.tgz -C / etc" },
          { shell: `python3 -c "from subprocess import call; call('rm -rf ~', shell=True)"` },
          { shell: `python3 -c "import subprocess as s; s.check_output(['rm', '-rf', '/'])"` },
          { shell: "fd -H -t f . ~ -x rm", note: "fd runs rm on every file it finds below the home folder" },
          { shell: "fdfind --hidden --type d . / --exec-batch rm -rf {}" },
          { shell: `perl -e 'system "bash", "-c", "rm -rf ~"'` },
          { shell: "doas -s <<'EOF'\nrm -rf /\nEOF" },
          {
            shell: "java /tmp/Wipe.java",
            session: [
              {
                write: "/tmp/Wipe.java",
                content:
                  'class Wipe { public static void main(String[] a) throws Exception { Runtime.getRuntime().exec(new String[]{"rm","-rf",System.getProperty("user.home")}); } }\n',
              },
            ],
            note: "a single Java source file, written earlier and run by java itself",
          },
          {
            write: "/home/dev/proj/analysis.ipynb",
            content:
              '{"cells":[{"cell_type":"code","source":["import os\\n","!rm -rf ~/\\n"]}],"metadata":{},"nbformat":4,"nbformat_minor":5}\n',
            note: "a notebook's shell cell runs when the notebook does (jupyter nbconvert --execute, papermill, Run all): judged when it is written",
          },
        ],
        allow: [
          { shell: "rm -rf /tmp/old-dist", session: [{ shell: "mv dist /tmp/old-dist" }] },
          { shell: "rm -rf node_modules" },
          { shell: "rm -rf ~/.cache/pip" },
          { shell: "rm -rf /tmp/x" },
          { shell: "sed -e 's/^e /E /' -i notes.txt" },
          { shell: "flock /tmp/b.lock -c 'rm -rf dist'" },
          { shell: `python3 -c "import shutil; shutil.rmtree(''.join(['bu','ild']))"` },
          { shell: `python3 -c "from shutil import rmtree as r; r('build')"` },
          { shell: "tar --remove-files -czf logs.tgz -C build logs" },
          { shell: `python3 -c "from subprocess import run; run(['rm', '-rf', 'dist'])"` },
          { shell: "fd -e pyc -x rm", note: "fd's own search from the project folder" },
          { shell: "fd -t d __pycache__ src -X rm -rf" },
          { shell: "fd -e ts . src -x npx prettier --check {}" },
          { shell: `perl -e 'system "bash", "-c", "rm -rf build"'` },
          { shell: "java -jar build/libs/app.jar --port 8080" },
          { shell: "jupyter nbconvert --to html analysis.ipynb", note: "converted, not executed" },
        ],
      }),
    },
    check(call, { params }) {
      const analysis = shellOf(call);
      if (!analysis) return null;
      const home = userHome();
      const extra = params.protectedPaths ?? [];
      let unknown: string | undefined;
      const moves = analysis.moves;
      for (const cmd of analysis.commands) {
        const d = deletion(cmd, home, analysis.links);
        if (!d?.recursive) continue;
        for (const t of d.targets) {
          // What an earlier mv of the line put there goes too: `mv ~/work /tmp/w && rm -rf /tmp/w`.
          for (const m of movedTargets(t, moves)) {
            const moved = catastrophicTarget(m, home, extra);
            if (moved)
              return {
                reason: `${describe(cmd)} would recursively delete ${moved}, moved to ${t.path} earlier in the command or the session. Delete only the specific paths inside the project that need to go.`,
              };
          }
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
  }),
);
