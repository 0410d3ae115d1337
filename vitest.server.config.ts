import { defineConfig } from "vitest/config";
// @ts-expect-error: a plain .mjs build script without declarations
import { workerDefines } from "./scripts/worker-sources.mjs";

// The Staso server's slow suites (npm run test:server): the real dashboard in Debian's Chromium through
// playwright-core, with a real `codex exec` waiting in the hook, against the embedded database; then the
// same suite, and the server's own tests, against a throwaway PostgreSQL cluster
// (STASO_SERVER_TEST_DB=postgres: test/server-e2e/global-setup.ts starts and stops it).
const postgres = process.env.STASO_SERVER_TEST_DB === "postgres";

export default defineConfig({
  // Worker programs are bundled into strings, as the build does (scripts/worker-sources.mjs).
  define: workerDefines(),
  test: {
    include: postgres
      ? ["test/server/**/*.test.ts", "test/server-e2e/**/*.e2e.test.ts"]
      : ["test/server-e2e/**/*.e2e.test.ts"],
    globalSetup: ["test/support/tmp-root.ts", "test/server-e2e/global-setup.ts"],
    pool: "forks",
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    passWithNoTests: true,
  },
});
