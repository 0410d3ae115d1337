// Destroying the reflog and unreachable objects, which make mistakes recoverable. Expiring the reflog is
// blocked: it is the safety net itself. Pruning unreachable objects now (`git gc --prune=now`, how a repo
// is shrunk after filter-repo) leaves every ref and reflog entry: what it takes is what is already
// unreachable (a dropped stash, a deleted branch never checked out), so a human's approval will do.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { gitCalls } from "./git-call.js";

const NOW = /^(now|all|0|0\.\w+|0 \w+)$/i;

const gcReason = (cmd: Parameters<typeof describe>[0]) =>
  `${describe(cmd)} makes garbage collection expire the reflog at once: the safety net for recovering lost work goes with it. Leave gc.reflogExpire at git's default, or ask the user.`;

export default defineRule({
  meta: {
    id: "git/reflog-expire-prune",
    description:
      "Blocks git reflog expire --expire=now and reflog delete --all; blocks git lfs prune --no-verify-remote; asks about git gc --prune=now and git prune --expire now (they destroy what makes mistakes recoverable).",
    defaultAction: "block",
    actions: ["block", "escalate"],
    kinds: ["shell"],
    looksAt: { programs: ["git", "git-*"], subcommands: { git: ["reflog", "gc", "prune", "config", "lfs"] } },
    examples: () => ({
      block: [
        { shell: "git reflog expire --expire=now --all" },
        { shell: "git gc --prune=now --aggressive", action: "escalate" },
        { shell: "git prune --expire now", action: "escalate" },
        { shell: "git reflog expire --expire-unreachable=now --all && git gc --prune=now" },
        { shell: "git gc --prune=now; git reflog expire --expire=now --all" },
        { shell: "git -c gc.reflogExpire=now -c gc.reflogExpireUnreachable=now gc --prune=now" },
        { shell: "git config gc.reflogExpireUnreachable now", note: "every later gc, auto gc too" },
        { shell: "git reflog delete --all" },
        { shell: "git lfs prune --no-verify-remote" },
        { shell: "git -c lfs.pruneverifyremotealways=false lfs prune" },
      ],
      allow: [
        { shell: "git gc" },
        { shell: "git reflog" },
        { shell: "git reflog expire --expire=90.days.ago --all" },
        { shell: "git config gc.reflogExpire 180.days.ago" },
        { shell: "git -c gc.auto=0 commit -m wip" },
        { shell: "git lfs prune" },
        { shell: "git lfs prune --dry-run --no-verify-remote" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let asked: RuleFinding | undefined;
    for (const g of gitCalls(analysis)) {
      const r = g.rest;
      const expiresNow = (names: string[]) =>
        r.some((a, i) =>
          names.some(
            (n) => (a.startsWith(`${n}=`) && NOW.test(a.slice(n.length + 1))) || (a === n && NOW.test(r[i + 1] ?? "")),
          ),
        );
      let hit = false;
      let ask = false;
      if (g.sub === "reflog" && (r[0] === "expire" || r[0] === "delete"))
        hit = r[0] === "delete" ? r.includes("--all") : expiresNow(["--expire", "--expire-unreachable"]);
      // gc expires the reflog itself as gc.reflogExpire(Unreachable) says: `-c gc.reflogExpire=now` on
      // the command line, or `git config gc.reflogExpire now` for every later gc (auto gc too).
      const globals = g.cmd.args.slice(0, Math.max(0, g.restStart - 2));
      const reflogNow = (pairs: string[]) =>
        pairs.some((p) => {
          const m = /^gc\.(?:[^.]+\.)?reflogexpire(?:unreachable)?=(.*)$/i.exec(p);
          return m !== null && NOW.test(m[1]!);
        });
      const configured = globals.flatMap((a, i) =>
        a === "-c" ? [globals[i + 1] ?? ""] : a.startsWith("-c") ? [a.slice(2)] : [],
      );
      if (g.sub === "gc" && reflogNow(configured)) return { reason: gcReason(g.cmd) };
      // git lfs prune deletes local LFS objects; told not to check the remote holds them first (an option,
      // or lfs.pruneverifyremotealways=false), it deletes the only copy of files never pushed.
      if (
        g.sub === "lfs" &&
        r[0] === "prune" &&
        !r.some((a) => a === "--dry-run" || a === "-d") &&
        (r.includes("--no-verify-remote") ||
          configured.some((p) => /^lfs\.pruneverifyremotealways=(?:false|0|no|off)$/i.test(p)))
      )
        return {
          reason: `${describe(g.cmd)} deletes local Git LFS objects without checking the remote holds them: files never pushed are lost for good. Run git lfs prune (it verifies), or ask the user.`,
        };
      if (g.sub === "config") {
        const words = r.filter((a) => !a.startsWith("-") && a !== "set");
        if (words.length >= 2 && reflogNow([`${words[0]}=${words[1]}`])) return { reason: gcReason(g.cmd) };
      }
      if (g.sub === "gc") hit = ask = expiresNow(["--prune"]);
      if (g.sub === "prune") hit = ask = expiresNow(["--expire"]);
      if (!hit) continue;
      const finding = {
        reason: `${describe(g.cmd)} permanently deletes the reflog or unreachable commits, the safety net for recovering lost work. Leave garbage collection to git's defaults, or ask the user.`,
      };
      // An expired reflog later in the line still blocks the whole line.
      if (!ask) return finding;
      asked ??= { ...finding, action: "escalate" as const };
    }
    return asked ?? null;
  },
});
