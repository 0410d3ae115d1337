// Injected into the Node hook bundle only (scripts/build.mjs): stands in for `performance.now()`.
// Node's global `performance` loads perf_hooks and ten internal modules on first use, ~2 ms of every
// tool call (measured: process.moduleLoadList, CPU time), while the hook reads nothing of it but now().
// process.uptime() reads the same monotonic clock, counted from the process's start as the hook's
// deadlines are (src/hook/run.ts). The native hook keeps Bun's own performance.now(), which loads nothing.
const now = (): number => process.uptime() * 1000;
export { now as "performance.now" };
