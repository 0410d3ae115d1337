// Where a path really leads: through the symbolic links that exist on disk now, and through those the
// same command creates before it uses them (`ln -s ~/.claude x && echo … > x/settings.json`). A rule that
// matches protected locations by their spelling is blind to `x/settings.json`; matched on what this returns,
// it is not. Dangling links count too: writing through one creates its target.
import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import { normalizePath } from "../shell/paths.js";

/** Links the analysed command creates, from the link's absolute path to what it points at (absolute). */
export type PlannedLinks = Map<string, string>;

/** More links than this on one path (a loop, or a chain built to exhaust the walk): stop resolving. */
const MAX_HOPS = 40;

export interface RealPathOptions {
  /**
   * Resolve the last component too. Writing a file follows a link at its name; deleting, moving or
   * replacing it acts on the link itself, so only the folders above it are resolved.
   */
  followLast: boolean;
  planned?: PlannedLinks;
}

export interface RealPath {
  path: string;
  /** A link loop or too long a chain: `path` is where resolving stopped. */
  incomplete?: boolean;
}

function linkTarget(path: string, planned: PlannedLinks | undefined): string | undefined {
  const p = planned?.get(path);
  if (p !== undefined) return p;
  try {
    // No exception for a missing entry: building one costs more than the call (writes often create files).
    if (!lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) return undefined;
    return readlinkSync(path);
  } catch {
    return undefined; // not readable: taken as spelled
  }
}

/**
 * The path an absolute `path` leads to, resolving links component by component the way the kernel does:
 * `..` after a link climbs from where the link points, not from where it is spelled. So `path` should be
 * given before any lexical normalisation (`x/../.claude`, with x a link, is not `./.claude`).
 */
export function realPath(path: string, o: RealPathOptions): RealPath {
  if (!path.startsWith("/")) return { path };
  // The usual case, in one system call: everything exists and no link is planned.
  if (!o.planned?.size) {
    const slash = path.lastIndexOf("/");
    const last = path.slice(slash + 1);
    const dirPart = path.slice(0, slash) || "/";
    try {
      if (o.followLast && existsSync(path)) return { path: realpathSync.native(path) };
      if (!o.followLast && last !== "" && last !== "." && last !== ".." && existsSync(dirPart)) {
        const dir = realpathSync.native(dirPart);
        return { path: `${dir === "/" ? "" : dir}/${last}` };
      }
    } catch {
      // something on the way is missing (or a loop): walked below, component by component
    }
  }
  let rest = path.split("/").filter((s) => s !== "" && s !== ".");
  const done: string[] = [];
  let hops = 0;
  while (rest.length > 0) {
    const name = rest.shift()!;
    if (name === "..") {
      done.pop();
      continue;
    }
    const here = `/${[...done, name].join("/")}`;
    if (rest.length === 0 && !o.followLast) {
      done.push(name);
      break;
    }
    const target = linkTarget(here, o.planned);
    if (target === undefined) {
      done.push(name);
      continue;
    }
    if (++hops > MAX_HOPS) return { path: normalizePath(`${here}/${rest.join("/")}`), incomplete: true };
    // The link's text is read from the folder holding it; what remains is walked again from there.
    if (target.startsWith("/")) done.length = 0;
    rest = [...target.split("/").filter((s) => s !== "" && s !== "."), ...rest];
  }
  return { path: `/${done.join("/")}` };
}
