// Bundle entry of the hook fast path (dist/hook.cjs): nothing but the pipeline is loaded.
import { hookMain, ranShellRules } from "./run.js";

export function runHookProcess(argv: string[]): Promise<void> {
  return hookMain(argv);
}

/** For the launcher's code cache (bin/staso.js): whether this call compiled the code every call runs. */
export function codeCacheComplete(): boolean {
  return ranShellRules;
}
