import { defineConfig } from "vitest/config";
// @ts-expect-error: a plain .mjs build script without declarations
import { workerDefines } from "./scripts/worker-sources.mjs";

export default defineConfig({
  // Worker programs are bundled into strings, as the build does (scripts/worker-sources.mjs).
  define: workerDefines(),
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "test/server-e2e/**", "node_modules/**"],
    // Generous: many tests spawn real hook and CLI processes, and a loaded 2-core machine makes each take seconds.
    testTimeout: 90_000,
    pool: "forks",
    globalSetup: ["test/support/tmp-root.ts"],
  },
});
