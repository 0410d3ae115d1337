// One whole-file change that setup or uninstall would make: planned first (so the user sees every file's
// before and after, and a problem anywhere stops it all), written by setup/apply.ts.

export interface FileChange {
  /** The path as the user knows it (a symlink stays a symlink: its target is written). */
  path: string;
  /** What the summary calls it, e.g. "Claude Code hooks (user)". */
  label: string;
  /** The text the plan was made from (null: the file did not exist). */
  before: string | null;
  /** The new text, or null to delete the file. */
  after: string | null;
  /** Mode of a new file (an existing one keeps its own). */
  mode: number;
  /** Give an existing file `mode` too (secrets). */
  forceMode?: boolean;
  /** Mode of directories created for it. */
  dirMode?: number;
  /** Secret contents: the summary shows no diff. */
  sensitive?: boolean;
  /** After deleting the file, remove its directory too when nothing else is left in it. */
  removeEmptyDir?: boolean;
  /** With removeEmptyDir: go on up through folders left empty, until this one (kept): what setup created for a project. */
  removeEmptyDirsUpTo?: string;
}

/**
 * A change to an agent's config file: private folders in the user's home, and in a project the folders
 * setup created go again when uninstall leaves them empty (up to the project folder, given as `project`).
 */
export function configFileChange(
  path: string,
  label: string,
  before: string | null,
  after: string | null,
  userScope: boolean,
  mode = 0o644,
  project?: string,
): FileChange {
  return {
    path,
    label,
    before,
    after,
    mode,
    dirMode: userScope ? 0o700 : 0o755,
    removeEmptyDir: !userScope,
    ...(!userScope && project ? { removeEmptyDirsUpTo: project } : {}),
  };
}
