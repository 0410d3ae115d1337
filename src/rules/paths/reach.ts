// What a written path really reaches, for the protected-path rule: resolved through the links on disk and
// those the same command makes, expanded when it is a glob, and judged "unsure" when part of it is only
// known at run time and that part could make it a protected file. Spelling a protected file differently
// (a link, a glob, a variable, `..` through a link, upper case on macOS) reaches the same verdict.
import { statSync } from "node:fs";
import { posix } from "node:path";
import { normalizePath } from "../../analysis/shell/paths.js";
import { realPath, type PlannedLinks } from "../../analysis/fs/real-path.js";
import { expandGlob, pathPattern } from "../../analysis/fs/glob.js";
import type { WordInfo } from "../../analysis/shell/index.js";
import {
  caseInsensitiveFs,
  protectedPathKind,
  protectedSamples,
  type PathOp,
  type ProtectedScope,
} from "./protected.js";

export type Reach =
  /** `path`: where the spelling led, when that and not the spelling itself is protected. */
  { protected: string; path?: string } | { unsure: string } | undefined;

export interface ReachContext {
  home: string;
  scope: Partial<ProtectedScope>;
  planned: PlannedLinks;
}

const UNKNOWN = "\u0000";

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A literal absolute path (may hold "." and ".."): protected as spelled, or where it leads. "link-to":
 * the path a new link points at (followed to its end; a protected folder itself counts).
 */
export function reachLiteral(raw: string, op: PathOp | "link-to", ctx: ReachContext): Reach {
  const spelled = normalizePath(raw);
  const real = realPath(raw, { followLast: op === "write" || op === "link-to", planned: ctx.planned });
  // A folder already there is filled, not replaced (cp x dir/, mv x dir/): judge it as written into.
  const effective: PathOp = op === "link-to" ? "replace" : op === "replace" && isDir(real.path) ? "write" : op;
  const own = protectedPathKind(spelled, ctx.home, ctx.scope, effective);
  if (own) return { protected: own };
  if (real.path !== spelled) {
    const kind = protectedPathKind(real.path, ctx.home, ctx.scope, effective);
    if (kind) return { protected: kind, path: real.path };
  }
  if (real.incomplete)
    return { unsure: `${raw} goes through more than 40 symbolic links, so staso cannot tell where it leads` };
  return undefined;
}

/** The folder part of a pattern before its first unknown or glob character (absolute, or "" when unknown). */
function fixedDir(template: string): string {
  const i = template.search(/[\u0000*?[]/);
  const head = i < 0 ? template : template.slice(0, i);
  const slash = head.lastIndexOf("/");
  return slash <= 0 ? (head.startsWith("/") ? "/" : "") : normalizePath(head.slice(0, slash));
}

/**
 * A word's pattern as it would be handed to the kernel: environment variables filled in from the
 * environment the hook runs in (the agent's tools get the same one), U+0000 for what only the command
 * computes, "~" expanded, joined to the cwd (or behind an unknown folder when the cwd is lost).
 */
function wordPattern(word: string, info: WordInfo, cwd: string | undefined, ctx: ReachContext): string {
  const env = ctx.scope.env ?? process.env;
  let t = info.dynamic ? (info.template ?? UNKNOWN) : word;
  t = t.replace(/\u0003([A-Za-z_][A-Za-z0-9_]*)\u0003/g, (_, name: string) => env[name] ?? "");
  if (t === "~" || t.startsWith("~/")) t = ctx.home + t.slice(1);
  if (t.startsWith("/")) return t;
  if (t.startsWith(UNKNOWN)) return t;
  return cwd ? `${cwd.replace(/\/+$/, "")}/${t}` : `${UNKNOWN}/${t}`;
}

/**
 * A word with unknown parts or a glob, or one whose folder is unknown. Variables of the user's
 * environment are filled in; a glob is expanded on disk (each match judged as a literal); and the
 * pattern, with each computed part standing for anything, is matched against the protected locations:
 * a possible hit is unsure (the engine's fail mode decides), never "elsewhere".
 */
export function reachPattern(
  word: string,
  info: WordInfo,
  op: PathOp,
  ctx: ReachContext,
  cwd: string | undefined,
): Reach {
  const fold = caseInsensitiveFs(ctx.scope.platform ?? process.platform);
  const pattern = wordPattern(word, info, cwd, ctx);
  const computed = pattern.includes(UNKNOWN);
  // What the word became (a variable filled in, a glob's match) is named beside it in the verdict.
  const named = (r: Reach, path: string): Reach => (r && "protected" in r && !r.path ? { ...r, path } : r);
  if (!computed && !info.glob) return named(reachLiteral(pattern, op, ctx), normalizePath(pattern));
  if (info.glob && !computed) {
    const g = expandGlob(normalizePath(pattern), fold);
    for (const m of g.matches) {
      const r = named(reachLiteral(m, op, ctx), m);
      if (r) return r;
    }
    // Deleting acts on the names themselves (a link is removed, not followed): when the folder has more
    // entries than staso reads, the pattern is matched against the protected names below instead.
    if (!g.complete && op !== "delete" && op !== "remove")
      return { unsure: `the glob ${word} matches more files than staso checks, so it may reach a protected file` };
  }
  const re = pathPattern(fold ? pattern.toLowerCase() : pattern, info.glob === true, fold ? "i" : "");
  if (!re) return { unsure: `staso cannot read the pattern ${word}` };
  const dir = pattern.startsWith("/") ? fixedDir(pattern) : "";
  for (const sample of protectedSamples(ctx.home, dir, ctx.scope, op)) {
    if (!re.test(sample)) continue;
    const what = computed
      ? `${word || "the target"} is only known when the command runs (computed by the command or its inline code), and it could be ${sample}`
      : `the glob ${word} could match ${sample}`;
    return { unsure: what };
  }
  return undefined;
}

/** Where a symbolic link made by `ln -s TARGET DEST` sits, and the absolute place its text points to. */
export function plannedLink(dest: string, target: string, home: string): { at: string; to: string } {
  const at = isDir(dest) ? `${dest.replace(/\/+$/, "")}/${posix.basename(target.replace(/\/+$/, ""))}` : dest;
  let to = target;
  if (to === "~" || to.startsWith("~/")) to = home + to.slice(1);
  if (!to.startsWith("/")) to = `${posix.dirname(at)}/${to}`;
  return { at: realPath(at, { followLast: false }).path, to };
}
