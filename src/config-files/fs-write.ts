// Reading and writing agent config files safely: symlinks are followed (the link stays a link), writes
// are atomic (temp file in the same directory, then rename) and keep the file's mode and owner.
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { SetupError } from "./errors.js";

export interface FileState {
  path: string;
  /** Where the bytes live: the path itself, or the end of its symlink chain. */
  target: string;
  isSymlink: boolean;
  text: string | null;
  /** Permission bits of the existing file. */
  mode: number | null;
  uid: number | null;
  gid: number | null;
}

/** The end of a symlink chain, also when the final target does not exist yet. */
function resolveTarget(path: string): string {
  let p = resolve(path);
  for (let i = 0; i < 40; i++) {
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(p);
    } catch {
      return p; // does not exist: write here
    }
    if (!st.isSymbolicLink()) {
      try {
        return realpathSync(p);
      } catch {
        return p;
      }
    }
    const link = readlinkSync(p);
    p = isAbsolute(link) ? link : resolve(dirname(p), link);
  }
  throw new SetupError(`${path}: too many levels of symbolic links.`);
}

export function readFileState(path: string): FileState {
  const target = resolveTarget(path);
  let isSymlink = false;
  try {
    isSymlink = lstatSync(path).isSymbolicLink();
  } catch {
    // missing
  }
  try {
    const st = statSync(target);
    if (st.isDirectory()) throw new SetupError(`${path} is a directory, not a file; staso changed nothing.`);
    const text = readFileSync(target, "utf8");
    return { path, target, isSymlink, text, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (err) {
    if (err instanceof SetupError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { path, target, isSymlink, text: null, mode: null, uid: null, gid: null };
    throw new SetupError(`${path} cannot be read (${code ?? (err as Error).message}); staso changed nothing.`);
  }
}

/** A file nobody may write (mode without any w bit) is left alone, even by root. */
export function checkWritable(state: FileState): void {
  if (state.mode !== null && (state.mode & 0o222) === 0) {
    throw new SetupError(
      `${state.path}${state.isSymlink ? ` (→ ${state.target})` : ""} is read-only (mode ${state.mode.toString(8).padStart(4, "0")}), so staso changed nothing. Make it writable (chmod u+w ${state.target}) and run the command again, or add staso's hooks to it by hand.`,
    );
  }
}

/** Writes `text` to `target` atomically; an existing file keeps its mode and owner, a new one gets `mode`. */
export function writeFileAtomic(
  target: string,
  text: string,
  o: { mode: number; forceMode?: boolean; dirMode?: number; keepFrom?: FileState },
): void {
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true, mode: o.dirMode ?? 0o755 });
  const mode = o.forceMode ? o.mode : (o.keepFrom?.mode ?? o.mode);
  const tmp = join(dir, `.${basename(target)}.staso-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  const fd = openSync(tmp, "wx", mode);
  try {
    try {
      writeSync(fd, text);
      fchmodSync(fd, mode); // the umask may have narrowed it
      const { uid, gid } = o.keepFrom ?? {};
      if (uid != null && gid != null && typeof process.getuid === "function" && process.getuid() === 0) {
        try {
          fchownSync(fd, uid, gid);
        } catch {
          // best effort
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw err;
  }
}
