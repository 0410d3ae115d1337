// Where `staso setup` installs the hook the agents run: <data dir>/hook/<version>-<content hash>/ (see
// hook-install.ts). Small and node:path/fs only: the protected-path rule on the hook path uses it.
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The file that marks a whole installed version (written last, before the folder is renamed into place). */
export const MANIFEST = "install.json";

/** The folder that holds every installed version. */
export const hookStore = (dataDir: string): string => join(dataDir, "hook");

/** The store an installed version folder sits in (`dir` is a staso package folder), if it is one. */
export function hookStoreOf(dir: string): string | undefined {
  return basename(dirname(dir)) === "hook" && existsSync(join(dir, MANIFEST)) ? dirname(dir) : undefined;
}

/**
 * The staso package an installed version was installed from (its install.json's `from`): the installed
 * launcher runs that package's CLI for every other command (the background export the hook starts).
 */
export function installedFrom(dir: string): string | undefined {
  try {
    const from = (JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as { from?: unknown }).from;
    return typeof from === "string" && from.startsWith("/") ? from : undefined;
  } catch {
    return undefined;
  }
}

/** The installed-hook folder a hook command runs from (`…/hook/<id>/bin/staso.js` or its native binary). */
export function installedHookDirIn(command: string): string | undefined {
  const m = /(\/[^\s'"]*\/hook\/[^/\s'"]+)\/(?:bin\/staso\.js|dist\/native\/staso-hook(?:\.exe)?)(?=['"\s]|$)/.exec(
    command,
  );
  return m?.[1];
}
