// Bundle entry of the hook fast path (dist/hook.mjs): nothing but the pipeline is loaded.
import { hookMain } from "./run.js";

export function runHookProcess(argv: string[]): Promise<void> {
  return hookMain(argv);
}
