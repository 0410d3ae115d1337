// The project a call ran in: the nearest folder at or above cwd holding a .git (folder, or file for a
// worktree), else cwd itself. A handful of stat calls, once per hook process.
import { statSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";

export function projectOf(cwd: string): string {
  if (!isAbsolute(cwd)) return cwd;
  let dir = cwd;
  for (let i = 0; i < 64; i++) {
    try {
      if (statSync(join(dir, ".git"), { throwIfNoEntry: false })) return dir;
    } catch {
      return cwd; // unreadable: stop looking
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return cwd;
}
