// Writing a planned set of file changes: everything checked first, a backup of each file before it is
// changed, atomic writes, and if one write fails the ones already done are put back.
import { mkdirSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { SetupError } from "../config-files/errors.js";
import { checkWritable, readFileState, writeFileAtomic, type FileState } from "../config-files/fs-write.js";
import type { FileChange } from "../config-files/file-change.js";

export type { FileChange };

export interface ApplyResult {
  written: string[];
  deleted: string[];
  /** Where the originals were copied, when any existed. */
  backupDir: string | null;
}

function backupName(path: string): string {
  return `${basename(path)}.${createHash("sha256").update(path).digest("hex").slice(0, 10)}`;
}

/** Removes `dir` when nothing is left in it, then its parents the same way while they are under `upTo`. */
function removeEmptyDirs(dir: string, upTo: string | undefined): void {
  for (let d = dir; ; d = dirname(d)) {
    try {
      if (readdirSync(d).length > 0) return;
      rmdirSync(d);
    } catch {
      return; // not empty, or not ours to remove
    }
    const parent = dirname(d);
    if (!upTo || parent === d || parent === upTo || !parent.startsWith(`${upTo}/`)) return;
  }
}

export function applyChanges(changes: FileChange[], o: { backupRoot: string; now?: Date }): ApplyResult {
  const todo = changes.filter((c) => c.before !== c.after);
  // 1. check everything before touching anything
  const states = new Map<FileChange, FileState>();
  for (const c of todo) {
    const st = readFileState(c.path);
    if (st.text !== c.before)
      throw new SetupError(`${c.path} changed while staso was planning; nothing was written. Run the command again.`);
    if (st.text !== null) checkWritable(st);
    states.set(c, st);
  }
  // 2. backups of the originals
  let backupDir: string | null = null;
  const existing = todo.filter((c) => c.before !== null && !c.sensitive);
  if (existing.length > 0) {
    const stamp = (o.now ?? new Date()).toISOString().replace(/[:.]/g, "-");
    backupDir = join(o.backupRoot, stamp);
    try {
      mkdirSync(backupDir, { recursive: true, mode: 0o700 });
      const index: Record<string, string> = {};
      for (const c of existing) {
        const name = backupName(c.path);
        writeFileSync(join(backupDir, name), c.before!, { mode: 0o600 });
        index[name] = c.path;
      }
      writeFileSync(join(backupDir, "index.json"), `${JSON.stringify(index, null, 2)}\n`, { mode: 0o600 });
    } catch (err) {
      throw new SetupError(
        `the backups could not be written to ${backupDir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was changed.`,
      );
    }
  }
  // 3. the writes, undone on the first failure
  const done: FileChange[] = [];
  const result: ApplyResult = { written: [], deleted: [], backupDir };
  try {
    for (const c of todo) {
      const st = states.get(c)!;
      if (c.after === null) {
        unlinkSync(st.target);
        result.deleted.push(c.path);
        if (c.removeEmptyDir) removeEmptyDirs(dirname(c.path), c.removeEmptyDirsUpTo);
      } else {
        writeFileAtomic(st.target, c.after, {
          mode: c.mode,
          forceMode: c.forceMode,
          dirMode: c.dirMode,
          keepFrom: st.text !== null ? st : undefined,
        });
        result.written.push(c.path);
      }
      done.push(c);
    }
  } catch (err) {
    const undone: string[] = [];
    for (const c of done.reverse()) {
      const st = states.get(c)!;
      try {
        if (c.before === null) unlinkSync(st.target);
        else writeFileAtomic(st.target, c.before, { mode: c.mode, keepFrom: st });
        undone.push(c.path);
      } catch {
        // reported below through the backup
      }
    }
    const code = (err as NodeJS.ErrnoException).code;
    const failed = todo[done.length]?.path ?? "a file";
    throw new SetupError(
      `${failed} could not be written (${code ?? (err as Error).message}); ${undone.length > 0 ? `the changes already made were undone (${undone.join(", ")})` : "nothing was changed"}.${backupDir ? ` Backups: ${backupDir}` : ""}`,
    );
  }
  return result;
}
