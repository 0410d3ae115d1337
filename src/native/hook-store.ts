// Where `staso setup` installs the hook the agents run: <data dir>/hook/<version>-<content hash>/ (see
// hook-install.ts). Small and node:path/fs only: the protected-path rule on the hook path uses it.
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The file that marks a whole installed version (written last, before the folder is renamed into place). */
export const MANIFEST = "install.json";

/** The folder that holds every installed version. */
export const hookStore = (dataDir: string): string => join(dataDir, "hook");

/** The store an installed version folder sits in (`dir` is a staso package folder), if it is one. */
export function hookStoreOf(dir: string): string | undefined {
  return basename(dirname(dir)) === "hook" && existsSync(join(dir, MANIFEST)) ? dirname(dir) : undefined;
}

/** The installed-hook folder a hook command runs from (`…/hook/<id>/bin/staso.js` or its native binary). */
export function installedHookDirIn(command: string): string | undefined {
  const m = /(\/[^\s'"]*\/hook\/[^/\s'"]+)\/(?:bin\/staso\.js|dist\/native\/staso-hook(?:\.exe)?)(?=['"\s]|$)/.exec(
    command,
  );
  return m?.[1];
}
