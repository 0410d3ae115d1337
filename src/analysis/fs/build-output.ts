// Folders that hold what a build, a test run or a package manager regenerates on its own: deleting one
// loses nothing a command cannot bring back. Matched by a path's last component, so `packages/api/dist`
// counts and `src` never does. `bin` and `vendor` are left out on purpose: many repositories commit them.
const NAMES = new Set([
  "dist",
  "build",
  "out",
  "target",
  "node_modules",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".turbo",
  ".cache",
  ".parcel-cache",
  ".vite",
  "coverage",
  "htmlcov",
  ".nyc_output",
  "__pycache__",
  ".pytest_cache",
  ".mypy_cache",
  ".ruff_cache",
  ".tox",
  ".nox",
  ".gradle",
  "obj",
  "storybook-static",
  "playwright-report",
  "test-results",
  ".angular",
  ".expo",
  ".dart_tool",
  ".eslintcache",
  "tsconfig.tsbuildinfo",
  // Scratch and the output of other ecosystems' tools (Rails' tmp/, Sphinx's and Mix's _build,
  // PlatformIO, Docusaurus, Allure, Playwright's blob reports, Zig, Stack).
  "tmp",
  "_build",
  ".pio",
  ".docusaurus",
  "allure-results",
  "allure-report",
  "blob-report",
  "zig-cache",
  ".zig-cache",
  "zig-out",
  ".stack-work",
]);

/** Whether `path` (relative or absolute, a trailing slash allowed) names a build-output or cache folder. */
export function isBuildOutput(path: string): boolean {
  const last = path.replace(/\/+$/, "").split("/").pop() ?? "";
  return NAMES.has(last) || /^cmake-build-[\w-]+$/.test(last) || /^[\w.-]+\.egg-info$/.test(last);
}
