import { defineConfig } from "vitest/config";

// End-to-end tests: they drive the real Claude Code and Codex binaries against
// mock model servers (see test/e2e/support/). Files run one at a time: each
// agent run is a few hundred MB of native binary doing real work, and the
// machine has 2 cores.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.test.ts"],
    globalSetup: ["test/support/tmp-root.ts", "test/e2e/support/global-setup.ts"],
    pool: "forks",
    fileParallelism: false,
    maxWorkers: 1,
    maxConcurrency: 1,
    sequence: { concurrent: false },
    // one agent run normally takes 1-3 s; runAgent kills it after 30 s
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // installing the agents (first run only) is done in global setup
    teardownTimeout: 30_000,
  },
});
