// Doctor: is the hook an agent runs the installed copy of this staso (native/hook-install.ts), or an older
// one, or a package's own files (which a rebuild or an upgrade deletes under running calls)?
import { readInstalledManifest } from "../native/hook-install.js";
import { installedHookDirIn } from "../native/hook-store.js";
import { VERSION } from "../version.js";

interface InstalledHookCheck {
  id: string;
  ok: boolean;
  message: string;
  fix?: string;
}

/** -1, 0 or 1 as semver core versions compare (a pre-release sorts before its release). */
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = "", pre] = v.split("+")[0]!.split(/-(.*)/s);
    return { nums: core.split(".").map((n) => Number.parseInt(n, 10) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/**
 * `command` is the hook command found in `file`; `current` is the id this staso would install now
 * (undefined when it cannot tell, e.g. a package without its hook bundle). `fix` is the setup command.
 */
export function installedHookCheck(
  file: string,
  command: string,
  fix: string,
  current: string | undefined,
): InstalledHookCheck {
  const dir = installedHookDirIn(command);
  if (!dir)
    return {
      id: "hook-installed",
      ok: false,
      message: `the hook in ${file} runs staso from its package folder, which a rebuild or an upgrade replaces while calls are running`,
      fix: `${fix} (installs the hook in staso's own folder and points the agent there)`,
    };
  const m = readInstalledManifest(dir);
  if (!m)
    return {
      id: "hook-installed",
      ok: false,
      message: `the hook in ${file} runs from ${dir}, which has no install.json: not a hook staso setup installed, or a damaged one`,
      fix,
    };
  if (compareVersions(m.version, VERSION) < 0)
    return {
      id: "hook-stale",
      ok: false,
      message: `the hook in ${file} is staso ${m.version}, older than this staso ${VERSION}`,
      fix: `${fix} (installs this version's hook; after an upgrade, run it for every agent you set up)`,
    };
  if (current && m.id !== current && m.version === VERSION)
    return {
      id: "hook-stale",
      ok: false,
      message: `the hook in ${file} (${m.id}) was installed from another build of staso ${VERSION} than this one`,
      fix,
    };
  return { id: "hook-installed", ok: true, message: `the hook is staso ${m.version}, installed in ${dir}` };
}
