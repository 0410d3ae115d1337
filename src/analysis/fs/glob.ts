// Glob patterns in a path: what they match on disk now (the shell expands them the same way a moment
// later), and whether they could match a given path by name (for what does not exist yet). Bounded: a
// pattern that would walk more of the disk than a hook can afford says so instead of guessing.
import { readdirSync } from "node:fs";

/** Folder entries read while expanding one pattern, at most. */
const MAX_ENTRIES = 4000;
/** Matches kept, at most. */
const MAX_MATCHES = 500;

const GLOB = /[*?[]/;

/**
 * One path component's pattern as a regex. `*` and `?` match within the component, never a leading
 * dot (the shell's default, dotglob off); U+0000 stands for an unknown expansion, which may hold
 * anything, `/` included.
 */
function componentSource(pattern: string, glob: boolean): string {
  let src = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const leading = i === 0;
    if (c === "\u0000") src += "[\\s\\S]*";
    else if (glob && c === "*") src += leading ? "(?:(?!\\.)[^/]*)?" : "[^/]*";
    else if (glob && c === "?") src += leading ? "[^/.]" : "[^/]";
    else if (glob && c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) src += "\\[";
      else {
        let cls = pattern.slice(i + 1, end);
        if (cls.startsWith("!") || cls.startsWith("^")) cls = `^${cls.slice(1)}`;
        src += `[${cls.replace(/\\/g, "\\\\").replace(/\//g, "")}]`;
        i = end;
      }
    } else src += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return src;
}

/** A whole path pattern (absolute) as an anchored regex; undefined when it cannot be compiled. */
export function pathPattern(pattern: string, glob: boolean, flags = ""): RegExp | undefined {
  try {
    const parts = pattern.split("/").map((c) => componentSource(c, glob));
    return new RegExp(`^${parts.join("/")}$`, flags);
  } catch {
    return undefined;
  }
}

export interface GlobMatches {
  /** Existing paths the pattern matches (absolute, as spelled from the pattern's folders). */
  matches: string[];
  /** False when the walk stopped at its bounds: there may be more. */
  complete: boolean;
}

/** Expands an absolute glob pattern against the filesystem, the way the shell would (no dotglob). */
export function expandGlob(pattern: string, caseInsensitive = false): GlobMatches {
  const comps = pattern.split("/").filter(Boolean);
  let dirs = ["/"];
  let read = 0;
  let complete = true;
  for (let i = 0; i < comps.length; i++) {
    const comp = comps[i]!;
    const next: string[] = [];
    if (!GLOB.test(comp)) {
      for (const d of dirs) next.push(`${d === "/" ? "" : d}/${comp}`);
    } else {
      let re: RegExp;
      try {
        re = new RegExp(`^${componentSource(comp, true)}$`, caseInsensitive ? "i" : "");
      } catch {
        return { matches: [], complete: false };
      }
      for (const d of dirs) {
        let names: string[];
        try {
          names = readdirSync(d);
        } catch {
          continue; // not a folder, or not readable: nothing matches there
        }
        read += names.length;
        if (read > MAX_ENTRIES) return { matches: [], complete: false };
        for (const n of names) if (re.test(n)) next.push(`${d === "/" ? "" : d}/${n}`);
      }
    }
    if (next.length > MAX_MATCHES) {
      complete = false;
      next.length = MAX_MATCHES;
    }
    dirs = next;
    if (dirs.length === 0) break;
  }
  // Literal components after the last pattern are not checked for existence: the caller resolves them.
  return { matches: dirs, complete };
}
