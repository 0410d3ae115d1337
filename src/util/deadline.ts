// The call's deadline, for synchronous work. A timer cannot fire while the hook parses, walks or matches
// (JavaScript runs one thing at a time), so the deadline is enforced two ways:
//   - step budgets: the code that could run long (the shell parser, walker and unwrapper, inline code,
//     the linear-time regex engine, custom rules' matching, the secret scanners, the audit masking)
//     calls step(n) as it works; every CHECK_EVERY steps it reads the clock and, past the deadline,
//     throws DeadlineExceeded, which the engine turns into the fail mode's answer;
//   - a watchdog for what counts no steps: runBounded() runs a synchronous stretch (the rules between
//     two awaits) under the engine's own execution timeout (node:vm), a thread that stops the main thread
//     at the deadline whatever it is doing. It costs a thread per stretch (0.2 ms on an idle machine,
//     several ms on a loaded one, and loading node:vm costs Bun ~10 ms), so the engine arms it only for
//     large calls, the ones whose work could outgrow a deadline (see pipeline/decide.ts).
// One deadline is current at a time: a hook process decides one call, and the library's calls never
// interleave inside a synchronous stretch.
import type { Script } from "node:vm";

/** Thrown by step() and runBounded() once the current deadline has passed. */
export class DeadlineExceeded extends Error {
  constructor(message = "the time allowed for this call ran out") {
    super(message);
    this.name = "DeadlineExceeded";
  }
}

/** Steps between two readings of the clock (a step is roughly a word, a command or a character class test). */
const CHECK_EVERY = 256;

let current = Number.POSITIVE_INFINITY;
let left = CHECK_EVERY;

/** Counts `n` steps of work; past the current deadline (checked every CHECK_EVERY steps), throws DeadlineExceeded. */
export function step(n = 1): void {
  left -= n;
  if (left > 0) return;
  left = CHECK_EVERY;
  if (performance.now() >= current) throw new DeadlineExceeded();
}

/** The current deadline (a performance.now() time; Infinity when none is set). */
export function currentDeadline(): number {
  return current;
}

/**
 * Runs `fn` with `at` (a performance.now() time) as the current deadline, or the one already current when
 * that is earlier. Only the synchronous part of `fn` is covered.
 */
export function withDeadline<T>(at: number, fn: () => T): T {
  const outer = current;
  current = Math.min(outer, at);
  left = Math.min(left, CHECK_EVERY);
  try {
    return fn();
  } finally {
    current = outer;
  }
}

let script: Script | undefined;
let bounded = false;
const SLOT = "__stasoBoundedRun";

/**
 * Runs the synchronous function `fn` with `at` as the current deadline, and stops it at that time even if
 * it counts no steps (V8 terminates the stretch from a watchdog thread). Past the deadline, throws
 * DeadlineExceeded. A stopped stretch runs none of its `finally` blocks: use it for work whose half-done
 * state is thrown away (a decision that then follows the fail mode).
 */
export function runBounded<T>(at: number, fn: () => T): T {
  if (bounded || at === Number.POSITIVE_INFINITY) return withDeadline(at, fn);
  const ms = Math.ceil(Math.min(at, current) - performance.now());
  if (ms <= 0) throw new DeadlineExceeded();
  if (!script) {
    // Loaded on first use (never on the everyday call); Node before 20.16 has no getBuiltinModule, and
    // then the step budgets alone hold the deadline.
    const vm = process.getBuiltinModule?.("node:vm");
    if (!vm) return withDeadline(at, fn);
    script = new vm.Script(`globalThis.${SLOT}()`, { filename: "staso-deadline" });
  }
  const g = globalThis as Record<string, unknown>;
  const outer = current;
  current = Math.min(outer, at);
  left = Math.min(left, CHECK_EVERY);
  g[SLOT] = fn;
  bounded = true;
  try {
    return script.runInThisContext({ timeout: ms, displayErrors: false }) as T;
  } catch (err) {
    if ((err as { code?: string })?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw new DeadlineExceeded();
    throw err;
  } finally {
    // Restored here, not inside the stretch: a stretch the watchdog stopped ran none of its own finally blocks.
    bounded = false;
    current = outer;
    g[SLOT] = undefined;
  }
}
