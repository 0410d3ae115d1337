#!/usr/bin/env node
// Installs the pinned agent CLIs used by the end-to-end tests (Claude Code, Codex,
// Gemini CLI, GitHub Copilot CLI, opencode) into a cache directory outside this
// package's node_modules, and prints the paths of their binaries.
//
//   node scripts/install-agents.mjs            install if missing, print paths
//   node scripts/install-agents.mjs --json     same, print {"claude":…,"codex":…,"gemini":…,"copilot":…,"opencode":…}
//   node scripts/install-agents.mjs --check    never install; exit 1 if missing
//
// Cache directory: $STASO_E2E_CACHE, else ~/.cache/staso-e2e/agents.
//
// npm is run with --ignore-scripts: npm 11 blocks install scripts by default
// anyway, and no CLI needs its script. Claude Code's and opencode's postinstalls
// only copy the native binary from their platform package over a placeholder,
// Codex's and Copilot's launchers exec the binary in their platform package, and
// Gemini CLI is one bundled Node script. This script returns those binaries
// directly and checks that each one runs (`--version`).

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const CLAUDE_PACKAGE = "@anthropic-ai/claude-code";
export const CLAUDE_VERSION = "2.1.329";
export const CODEX_PACKAGE = "@openai/codex";
export const CODEX_VERSION = "0.169.0";
export const GEMINI_PACKAGE = "@google/gemini-cli";
export const GEMINI_VERSION = "0.61.0";
export const COPILOT_PACKAGE = "@github/copilot";
export const COPILOT_VERSION = "1.0.102";
export const OPENCODE_PACKAGE = "opencode-ai";
export const OPENCODE_VERSION = "1.18.33";

const LOCK_STALE_MS = 10 * 60 * 1000;
const LOCK_WAIT_MS = 15 * 60 * 1000;
const NPM_TIMEOUT_MS = 15 * 60 * 1000;

export function defaultCacheDir() {
  const fromEnv = process.env.STASO_E2E_CACHE;
  if (fromEnv && fromEnv.trim() !== "") return resolve(fromEnv);
  return join(homedir(), ".cache", "staso-e2e", "agents");
}

function isMusl() {
  if (process.platform !== "linux") return false;
  const report = typeof process.report?.getReport === "function" ? process.report.getReport() : null;
  // glibcVersionRuntime is absent on musl
  return report != null && report.header?.glibcVersionRuntime === undefined;
}

/** Path of the Claude Code native binary inside its platform package. */
export function claudeBinaryPath(cacheDir) {
  const key = `${process.platform}-${process.arch}${isMusl() ? "-musl" : ""}`;
  const exe = process.platform === "win32" ? "claude.exe" : "claude";
  return join(cacheDir, "node_modules", "@anthropic-ai", `claude-code-${key}`, exe);
}

const CODEX_TRIPLES = {
  "linux-x64": "x86_64-unknown-linux-musl",
  "linux-arm64": "aarch64-unknown-linux-musl",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
  "win32-x64": "x86_64-pc-windows-msvc",
  "win32-arm64": "aarch64-pc-windows-msvc",
};

/** Path of the Codex native binary inside its platform package. */
export function codexBinaryPath(cacheDir) {
  const platform = process.platform === "android" ? "linux" : process.platform;
  const key = `${platform}-${process.arch}`;
  const triple = CODEX_TRIPLES[key];
  if (!triple) throw new Error(`install-agents: Codex has no binary for ${key}`);
  const exe = process.platform === "win32" ? "codex.exe" : "codex";
  return join(cacheDir, "node_modules", "@openai", `codex-${key}`, "vendor", triple, "bin", exe);
}

/**
 * Where Copilot CLI unpacks its 235 MB package on first run (COPILOT_PKG_CACHE_HOME): once per cache,
 * not once per throwaway home.
 */
export function copilotPackageCache(cacheDir) {
  return join(cacheDir, "copilot-pkg");
}

/** Gemini CLI: one bundled script (`#!/usr/bin/env node`). */
export function geminiBinaryPath(cacheDir) {
  return join(cacheDir, "node_modules", "@google", "gemini-cli", "bundle", "gemini.js");
}

/** Copilot CLI: the native binary of its platform package. */
export function copilotBinaryPath(cacheDir) {
  const exe = process.platform === "win32" ? "copilot.exe" : "copilot";
  return join(cacheDir, "node_modules", "@github", `copilot-${process.platform}-${process.arch}`, exe);
}

/** opencode: its platform package's binary; the baseline build on x64 without AVX2 (as its postinstall picks). */
export function opencodeBinaryPath(cacheDir) {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  let avx2 = process.arch !== "x64";
  if (process.arch === "x64" && platform === "linux") {
    try {
      avx2 = /(^|\s)avx2(\s|$)/i.test(readFileSync("/proc/cpuinfo", "utf8"));
    } catch {
      avx2 = false;
    }
  }
  const name = `opencode-${platform}-${process.arch}${avx2 ? "" : "-baseline"}${isMusl() ? "-musl" : ""}`;
  const exe = process.platform === "win32" ? "opencode.exe" : "opencode";
  return join(cacheDir, "node_modules", name, "bin", exe);
}

/** Every agent: [key, package, version, binary path]. */
function agents(cacheDir) {
  return [
    ["claude", CLAUDE_PACKAGE, CLAUDE_VERSION, claudeBinaryPath(cacheDir)],
    ["codex", CODEX_PACKAGE, CODEX_VERSION, codexBinaryPath(cacheDir)],
    ["gemini", GEMINI_PACKAGE, GEMINI_VERSION, geminiBinaryPath(cacheDir)],
    ["copilot", COPILOT_PACKAGE, COPILOT_VERSION, copilotBinaryPath(cacheDir)],
    ["opencode", OPENCODE_PACKAGE, OPENCODE_VERSION, opencodeBinaryPath(cacheDir)],
  ];
}

function installedVersion(cacheDir, pkg) {
  try {
    const manifest = JSON.parse(readFileSync(join(cacheDir, "node_modules", pkg, "package.json"), "utf8"));
    return typeof manifest.version === "string" ? manifest.version : null;
  } catch {
    return null;
  }
}

/** Runs `<bin> --version`; returns null when it prints the expected version, else a reason. */
function probe(bin, version, cacheDir) {
  if (!existsSync(bin)) return `${bin} does not exist`;
  // A home of the cache's own: a first run unpacks or writes state there, never in the user's home.
  const home = join(cacheDir, "probe-home");
  mkdirSync(home, { recursive: true });
  const r = spawnSync(bin, ["--version"], {
    encoding: "utf8",
    timeout: 60_000,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? "/usr/bin:/bin"}`,
      HOME: home,
      COPILOT_PKG_CACHE_HOME: copilotPackageCache(cacheDir),
    },
  });
  if (r.error) return `${bin} --version failed: ${r.error.message}`;
  if (r.status !== 0) return `${bin} --version exited ${r.status}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`;
  if (!r.stdout.includes(version))
    return `${bin} --version printed ${JSON.stringify(r.stdout.trim())}, expected ${version}`;
  return null;
}

/** Checks the cache; returns {claude, codex, gemini, copilot, opencode, problems}. Never installs. */
export function checkAgents(cacheDir = defaultCacheDir()) {
  const problems = [];
  const out = { cacheDir };
  for (const [key, pkg, version, bin] of agents(cacheDir)) {
    out[key] = bin;
    const v = installedVersion(cacheDir, pkg);
    if (v !== version) problems.push(`${pkg} is ${v ?? "not installed"} (want ${version})`);
    else {
      const p = probe(bin, version, cacheDir);
      if (p) problems.push(p);
    }
  }
  return { ...out, problems };
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A lock directory so that two concurrent runs do not run npm in the same prefix. */
function withLock(cacheDir, fn) {
  const lock = join(cacheDir, ".install.lock");
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // removed meanwhile: retry at once
      }
      if (age > LOCK_STALE_MS) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`install-agents: timed out waiting for ${lock}`);
      sleepSync(500);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function npmInstall(cacheDir) {
  const manifest = join(cacheDir, "package.json");
  if (!existsSync(manifest)) {
    writeFileSync(manifest, `${JSON.stringify({ name: "staso-e2e-agents", private: true }, null, 2)}\n`);
  }
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const args = [
    "install",
    "--prefix",
    cacheDir,
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    "--save-exact",
    "--include=optional",
    "--engine-strict=false",
    "--loglevel=error",
    ...agents(cacheDir).map(([, pkg, version]) => `${pkg}@${version}`),
  ];
  process.stderr.write(`install-agents: npm ${args.join(" ")}\n`);
  // npm's own output ("added 4 packages in 8s") goes to stderr: stdout carries only this script's answer,
  // which --json callers parse.
  const r = spawnSync(npm, args, { stdio: ["ignore", 2, 2], timeout: NPM_TIMEOUT_MS, cwd: cacheDir });
  if (r.error) throw new Error(`install-agents: could not run npm: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`install-agents: npm install exited ${r.status ?? r.signal}`);
}

/** Installs when needed; returns {claude, codex, gemini, copilot, opencode} (absolute paths of runnable binaries). */
export function ensureAgents({ cacheDir = defaultCacheDir(), install = true } = {}) {
  let state = checkAgents(cacheDir);
  if (state.problems.length === 0) return state;
  if (!install) {
    throw new Error(
      `install-agents: agents missing in ${cacheDir}:\n  ${state.problems.join("\n  ")}\n` +
        `Run: node scripts/install-agents.mjs`,
    );
  }
  mkdirSync(cacheDir, { recursive: true });
  state = withLock(cacheDir, () => {
    const again = checkAgents(cacheDir); // another process may have finished it
    if (again.problems.length === 0) return again;
    npmInstall(cacheDir);
    return checkAgents(cacheDir);
  });
  if (state.problems.length > 0) {
    throw new Error(`install-agents: still not runnable after npm install:\n  ${state.problems.join("\n  ")}`);
  }
  return state;
}

function main(argv) {
  const json = argv.includes("--json");
  const checkOnly = argv.includes("--check");
  const unknown = argv.filter((a) => a !== "--json" && a !== "--check");
  if (unknown.length > 0) {
    process.stderr.write(`install-agents: unknown argument(s): ${unknown.join(" ")}\n`);
    return 2;
  }
  try {
    const { problems: _, cacheDir, ...bins } = ensureAgents({ install: !checkOnly });
    if (json) process.stdout.write(`${JSON.stringify({ cacheDir, ...bins })}\n`);
    else for (const [key, bin] of Object.entries(bins)) process.stdout.write(`${key} ${bin}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
