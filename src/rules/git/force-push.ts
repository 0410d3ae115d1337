// A force push rewrites shared history. To a protected branch it is blocked; elsewhere it is rewritten
// to --force-with-lease (which refuses to overwrite commits the agent has not seen), or escalated when
// it cannot be rewritten safely. Deleting a protected remote branch is blocked too.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import type { ToolCall } from "../../engine/types.js";
import { projectOf, shellOf } from "../../analysis/shell/index.js";
import { describe, matchesAny } from "../../analysis/shell/commands.js";
import { currentBranch } from "../../analysis/shell/paths.js";
import { gitCalls, type GitCall } from "./git-call.js";

const PUSH_VALUE = new Set(["--repo", "-o", "--push-option", "--receive-pack", "--exec", "--signed"]);
const DEFAULT_PROTECTED = [
  "main",
  "master",
  "trunk",
  "develop",
  "development",
  "production",
  "prod",
  "stable",
  "release",
  "release/*",
  "releases/*",
  "gh-pages",
];

interface PushShape {
  forceWords: number[]; // indexes in rest of -f / --force / clusters with f
  leased: boolean;
  plusRefs: number[]; // indexes in rest of +refspecs
  deleteFlag: boolean;
  mirror: boolean;
  all: boolean;
  refspecs: { text: string; index: number }[];
}

function shape(rest: string[]): PushShape {
  const s: PushShape = {
    forceWords: [],
    leased: false,
    plusRefs: [],
    deleteFlag: false,
    mirror: false,
    all: false,
    refspecs: [],
  };
  const positional: { text: string; index: number }[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === "--") {
      for (let k = i + 1; k < rest.length; k++) positional.push({ text: rest[k]!, index: k });
      break;
    }
    if (a === "--force" || a === "-f") s.forceWords.push(i);
    else if (a.startsWith("--force-with-lease") || a === "--force-if-includes") s.leased = true;
    else if (a === "--delete" || a === "-d") s.deleteFlag = true;
    else if (a === "--mirror") s.mirror = true;
    else if (a === "--all" || a === "--branches") s.all = true;
    else if (PUSH_VALUE.has(a)) i++;
    else if (/^-[a-zA-Z]+$/.test(a)) {
      if (a.includes("f")) s.forceWords.push(i);
      if (a.includes("d")) s.deleteFlag = true;
    } else if (!a.startsWith("-")) positional.push({ text: a, index: i });
  }
  // The first positional is the remote; the others are refspecs.
  s.refspecs = positional.slice(1);
  for (const r of s.refspecs) if (r.text.startsWith("+")) s.plusRefs.push(r.index);
  return s;
}

/** The remote branch a refspec writes to (or deletes), "HEAD" / undefined when it is the current branch. */
function destination(refspec: string): string | undefined {
  const r = refspec.replace(/^\+/, "");
  const dst = r.includes(":") ? r.slice(r.indexOf(":") + 1) : r;
  if (!dst || dst === "HEAD" || dst === "@") return undefined;
  return dst.replace(/^refs\/heads\//, "");
}

/** Splices the rewrite into the original command line, or undefined when the push cannot be rewritten in place. */
function rewrite(call: ToolCall, g: GitCall, s: PushShape): string | undefined {
  const cmd = g.cmd;
  const command = call.shell?.command;
  if (!command || cmd.context !== "top" || cmd.wrappers.length || !cmd.wordSpans) return undefined;
  const edits: { span: [number, number]; text: string }[] = [];
  const spanOf = (restIndex: number) => cmd.wordSpans![g.restStart + restIndex];
  for (const i of s.forceWords) {
    const span = spanOf(i);
    const word = g.rest[i]!;
    if (!span || command.slice(span[0], span[1]) !== word) return undefined;
    const others = word.startsWith("--") ? "" : word.slice(1).replace(/f/g, "");
    edits.push({ span, text: `${others ? `-${others} ` : ""}--force-with-lease` });
  }
  for (const i of s.plusRefs) {
    const span = spanOf(i);
    const word = g.rest[i]!;
    if (!span || command.slice(span[0], span[1]) !== word) return undefined;
    edits.push({ span, text: word.slice(1) });
  }
  if (s.forceWords.length === 0) {
    // Only +refspecs: add the lease after "push".
    const pushSpan = cmd.wordSpans[g.restStart - 1];
    if (!pushSpan) return undefined;
    edits.push({ span: [pushSpan[1], pushSpan[1]], text: " --force-with-lease" });
  }
  edits.sort((a, b) => b.span[0] - a.span[0]);
  let out = command;
  for (const e of edits) out = out.slice(0, e.span[0]) + e.text + out.slice(e.span[1]);
  return out;
}

export default defineRule<{ protectedBranches: string[] }>({
  meta: {
    id: "git/force-push",
    description:
      "Blocks force pushes to (and deletion of) protected branches; rewrites other force pushes to --force-with-lease, or escalates them.",
    defaultAction: "escalate",
    actions: ["block", "modify", "escalate"],
    kinds: ["shell"],
    looksAt: { programs: ["git", "git-*"], subcommands: { git: ["push"] } },
    params: {
      protectedBranches: {
        type: "array",
        items: { type: "string" },
        default: DEFAULT_PROTECTED,
        description: "Branches (globs allowed) that are never force-pushed or deleted.",
      },
    },
    examples: () => ({
      block: [
        { shell: "git push --force origin main", action: "block" },
        { shell: "git push origin +HEAD:main", action: "block" },
        { shell: "git -C ../repo push -f origin release/1.2", action: "block" },
        { shell: "git push origin --delete main", action: "block" },
        { shell: "git push --force origin feature/login", action: "modify" },
        { shell: "git push --force-with-lease origin main", action: "escalate" },
        { shell: "git push --mirror backup", action: "escalate" },
        {
          shell: "git push --force origin qa",
          action: "block",
          params: { protectedBranches: ["qa"] },
          note: "a branch the policy protects",
        },
      ],
      allow: [
        { shell: "git push --force-with-lease origin feature/login" },
        { shell: "git push origin main" },
        { shell: "git push origin --delete old-feature" },
        { shell: "git commit -m 'never git push --force origin main'" },
      ],
    }),
  },
  check(call, { params }) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const protectedBranches = params.protectedBranches ?? DEFAULT_PROTECTED;
    let fallback: RuleFinding | undefined;
    for (const g of gitCalls(analysis)) {
      if (g.sub !== "push") continue;
      const s = shape(g.rest);
      const forced = s.forceWords.length > 0 || s.plusRefs.length > 0;
      const dests = s.refspecs.map((r) => destination(r.text));
      const deleting = s.refspecs
        .filter((r) => r.text.startsWith(":") || s.deleteFlag)
        .map((r) => destination(r.text.startsWith(":") ? r.text : `:${r.text}`));
      const deletedProtected = deleting.find((d) => d !== undefined && matchesAny(d, protectedBranches));
      if (deletedProtected) {
        return {
          reason: `${describe(g.cmd)} deletes the protected branch ${deletedProtected} on the remote. Never delete it; ask the user if it really must go.`,
          action: "block",
        };
      }
      if (s.mirror) {
        fallback ??= {
          reason: `${describe(g.cmd)} mirrors every ref to the remote, overwriting and deleting its branches. Push the branches you mean instead, or ask the user.`,
          action: "escalate",
        };
        continue;
      }
      if (!forced && !s.leased) continue;
      // Which branches does it write? With no refspec (or HEAD), the current branch.
      let targets = dests.filter((d): d is string => d !== undefined);
      const impliesCurrent = s.refspecs.length === 0 || dests.some((d) => d === undefined);
      if (impliesCurrent && !s.all) {
        const sameRepo = g.chdir === undefined && g.cmd.cwd === call.session.cwd && !g.cmd.remote;
        const branch = sameRepo ? currentBranch(projectOf(call)) : undefined;
        if (branch) targets.push(branch);
        else targets.push("(the current branch)");
      }
      if (s.all) targets = ["(every branch)"];
      const hitProtected = targets.find((t) => t.startsWith("(") || matchesAny(t, protectedBranches));
      const isKnownProtected =
        targets.find((t) => !t.startsWith("(") && matchesAny(t, protectedBranches)) ??
        (s.all ? "every branch" : undefined);
      if (isKnownProtected) {
        if (forced)
          return {
            reason: `${describe(g.cmd)} force-pushes to the protected branch ${isKnownProtected}, rewriting history others rely on. Push a new branch and open a pull request instead.`,
            action: "block",
          };
        fallback ??= {
          reason: `${describe(g.cmd)} force-pushes (with lease) to the protected branch ${isKnownProtected}. Ask the user to approve rewriting it.`,
          action: "escalate",
        };
        continue;
      }
      if (!forced) continue; // --force-with-lease to an unprotected branch: fine
      if (hitProtected) {
        fallback ??= {
          reason: `${describe(g.cmd)} force-pushes to a branch staso cannot determine, which may be protected. Name the branch (\`git push --force-with-lease origin my-branch\`) or ask the user.`,
          action: "escalate",
        };
        continue;
      }
      const rewritten = rewrite(call, g, s);
      if (rewritten) {
        return {
          reason: `${describe(g.cmd)} force-pushes; staso runs it as \`${rewritten}\` so it cannot overwrite commits you have not fetched.`,
          action: "modify",
          input: { ...call.input, command: rewritten },
        };
      }
      fallback ??= {
        reason: `${describe(g.cmd)} force-pushes and can destroy commits others rely on. Use \`git push --force-with-lease\` or ask the user to approve.`,
        action: "escalate",
      };
    }
    return fallback ?? null;
  },
});
