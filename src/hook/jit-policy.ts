// The native hook starts with JavaScriptCore's tier-up thresholds raised 1000x (scripts/build-native.mjs,
// --compile-jit-policy): an everyday call runs each function a few times and is over in milliseconds, so
// compiling any of it costs more than it saves (measured: 1000x saves ~2 ms of CPU per everyday call and
// per 1 MiB Write over 100x). A very long shell command is the one call with work enough for the JIT (the
// analysis and every rule run per command: 400 commands took ~25 % more CPU at 1000x than at 10x, while
// up to ~150 commands 1000x stays the faster), so for it the thresholds come down again.
// Under Node (no Bun global) this does nothing: V8 has its own tiers.
import type { ToolCall } from "../engine/types.js";

/** Shell commands longer than this get the JIT back (a few hundred commands; measured crossover 14-38 KiB). */
export const LONG_COMMAND_CHARS = 32 * 1024;

/** The tier-up scale for such a call (10x the normal thresholds: the fastest of 1, 10 and 100 there). */
export const WORK_JIT_POLICY = 10;

interface BunUnsafe {
  unsafe?: { setJITPolicy?: (scale: number) => void };
}

/** Lowers the JIT's thresholds for a call with real work for it; everyday calls keep the start-up policy. */
export function tuneJitFor(call: Pick<ToolCall, "shell">): void {
  const setPolicy = (globalThis as { Bun?: BunUnsafe }).Bun?.unsafe?.setJITPolicy;
  if (setPolicy && (call.shell?.command.length ?? 0) > LONG_COMMAND_CHARS) setPolicy(WORK_JIT_POLICY);
}
