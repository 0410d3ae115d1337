import { defineConfig } from "vitest/config";
// @ts-expect-error: a plain .mjs build script without declarations
import { workerDefines } from "./scripts/worker-sources.mjs";

export default defineConfig({
  // Worker programs are bundled into strings, as the build does (scripts/worker-sources.mjs).
  define: workerDefines(),
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    testTimeout: 20000,
    pool: "forks",
  },
});
