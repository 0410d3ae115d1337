#!/usr/bin/env node
"use strict";
// Tiny launcher (CommonJS: see bin/package.json). `staso hook` runs before every tool call an agent
// makes, so it takes a fast path: only the bundled hook pipeline (dist/hook.cjs) is loaded — never the
// CLI, commander or prompts, and never Node's ESM loader — and it is compiled from a V8 code cache.
const args = process.argv.slice(2);
const isHook = args[0] === "hook" && !args.includes("--help") && !args.includes("-h");

function answerUnstartable(err) {
  // The bundle is missing or broken, so no agent's own protocol can be spoken: exit 2 with the reason on
  // stderr is the one deny every agent staso guards takes (Claude Code, Codex and Gemini CLI show the
  // reason to the model; Copilot CLI and Cursor block; the opencode plugin throws it). Fail mode open: allow.
  const what = err?.message ? String(err.message).split("\n")[0] : String(err);
  if (/^open$/i.test(process.env.STASO_FAIL_MODE || "")) {
    process.stderr.write(
      `staso: the hook could not start (${what}); run \`staso setup\` again (or \`npm run build\` in a checkout).\n`,
    );
    process.exitCode = 0;
    return;
  }
  process.stderr.write(
    `staso: the guard could not start (${what}), so this call was blocked (fail mode closed). Ask the user to run \`staso doctor\`.\n`,
  );
  process.exitCode = 2;
}

/**
 * Loads dist/hook.cjs through a V8 code cache: compiling the bundle from source costs more than
 * anything the hook does (measured: ~20-40% of the hook's time over bare node). The cache sits next
 * to the bundle (made by `npm run build`) or, when that one does not fit this Node or the package dir
 * is read-only, in the user's cache dir. V8 rejects a cache that does not match the source or the
 * engine, and then a fresh one is written when the process exits.
 */
function loadHook() {
  const fs = require("node:fs");
  const path = require("node:path");
  const file = path.join(__dirname, "..", "dist", "hook.cjs");
  const source = fs.readFileSync(file, "utf8");
  let vm;
  let Module;
  try {
    vm = require("node:vm");
    Module = require("node:module");
  } catch {
    return require(file);
  }
  // V8 only checks a cache against the source's length, so the file name must change with the bundle:
  // the file's identity (inode, size, mtime) plus this Node's version.
  const st = fs.statSync(file);
  const stamp = `${process.version}-${process.arch}-${st.ino}-${st.size}-${Math.floor(st.mtimeMs)}`;
  const distCache = path.join(__dirname, "..", "dist", `hook.${stamp}.v8cache`);
  // The fallback (a read-only package dir, another Node) is in the user's cache dir under the account's
  // home, not under HOME or XDG_CACHE_HOME: a project's agent settings can set those for the hook, and a
  // cache file of their making would be compiled code run as staso. Looked up only when it is needed.
  const userCache = () => {
    try {
      const home = require("node:os").userInfo().homedir;
      return home ? [path.join(home, ".cache", "staso", `hook.${stamp}.v8cache`)] : [];
    } catch {
      return [];
    }
  };
  // A cache made by a call that ran the rules over a shell command holds the code nearly every call runs;
  // one made by another call (a Read) is partial, used until such a call makes the complete one.
  const partialOf = (c) => c.replace(/\.v8cache$/, ".partial.v8cache");
  let cachedData;
  let partial = false;
  for (const c of [distCache, partialOf(distCache)]) {
    try {
      cachedData = fs.readFileSync(c);
      partial = c !== distCache;
      break;
    } catch {}
  }
  if (!cachedData) {
    search: for (const c of userCache()) {
      for (const f of [c, partialOf(c)]) {
        try {
          cachedData = fs.readFileSync(f);
          partial = f !== c;
          break search;
        } catch {}
      }
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected || partial) {
    process.once("exit", () => {
      // After the run, so the cache also holds the functions the hook really compiled.
      let complete = false;
      try {
        complete = mod.exports.codeCacheComplete() === true;
      } catch {}
      if (cachedData && !script.cachedDataRejected && !complete) return; // the partial one in use stands
      for (const c of [distCache, ...userCache()]) {
        const target = complete ? c : partialOf(c);
        try {
          fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
          const tmp = `${target}.${process.pid}.tmp`;
          fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
          fs.renameSync(tmp, target);
          // Caches of earlier builds or Node versions, or the partial one this replaces, are dead weight.
          for (const old of fs.readdirSync(path.dirname(target))) {
            if (/^hook\..*\.v8cache$/.test(old) && old !== path.basename(target))
              fs.rmSync(path.join(path.dirname(target), old), { force: true });
          }
          return;
        } catch {}
      }
    });
  }
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, file, path.dirname(file));
  return mod.exports;
}

/**
 * STASO_GUARD_ENABLED=false switches the guard off, when the user set it: a project's agent settings can
 * put it into the hook's environment too (Claude Code's project `env` block), and that does not count.
 * When no Claude Code settings file from here up names the variable, nothing but the user can have set it
 * (a look at a few files); otherwise one small bundle tells the two apart (src/policy/agent-env.ts).
 */
function guardOffByUser() {
  const fs = require("node:fs");
  const path = require("node:path");
  let named = false;
  const seen = new Set();
  let cwd = "/";
  try {
    cwd = process.cwd();
  } catch {}
  for (const start of [cwd, process.env.CLAUDE_PROJECT_DIR].filter(Boolean)) {
    for (let d = path.resolve(start); !named && !seen.has(d); d = path.dirname(d)) {
      seen.add(d);
      const claude = path.join(d, ".claude");
      // existsSync, not a read that throws: a thrown ENOENT per folder costs more than the look itself.
      if (fs.existsSync(claude))
        for (const name of ["settings.json", "settings.local.json"]) {
          try {
            if (fs.readFileSync(path.join(claude, name), "utf8").includes("STASO_GUARD_ENABLED")) named = true;
          } catch {}
        }
      if (path.dirname(d) === d) break;
    }
  }
  if (!named) return true;
  try {
    return require("../dist/guard-switch.cjs").guardOffByUser(args.slice(1));
  } catch {
    return false; // cannot tell: the hook runs, and decides
  }
}

/**
 * The CLI: this package's, or — for the copy of the hook `staso setup` installs (no CLI in it; see
 * src/native/hook-install.ts) — the CLI of the package it was installed from, named in its install.json.
 * The background exporter the hook starts runs through here.
 */
function cli() {
  return import("../dist/cli.mjs").catch((err) => {
    let from;
    try {
      from = JSON.parse(
        require("node:fs").readFileSync(require("node:path").join(__dirname, "..", "install.json"), "utf8"),
      ).from;
    } catch {}
    if (!from || err?.code !== "ERR_MODULE_NOT_FOUND") throw err;
    return import(require("node:url").pathToFileURL(require("node:path").join(from, "dist", "cli.mjs")).href);
  });
}

if (isHook && /^(false|0|no|off)$/i.test(process.env.STASO_GUARD_ENABLED || "") && guardOffByUser()) {
  // Guard disabled: allow at once. Drain stdin so the host's write never fails on a closed pipe.
  process.stdin.on("data", () => {});
  process.stdin.on("error", () => {});
} else if (isHook) {
  let hook;
  try {
    hook = loadHook();
  } catch (err) {
    answerUnstartable(err);
  }
  if (hook) hook.runHookProcess(args.slice(1)).catch(answerUnstartable);
} else {
  cli()
    .then(({ main }) => main(process.argv))
    .catch((err) => {
      const notBuilt = err && err.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("cli.mjs");
      process.stderr.write(
        notBuilt
          ? "staso: the CLI is not built; run `npm run build` in the staso package.\n"
          : `staso: ${err?.message ? err.message : err}\n`,
      );
      process.exitCode = 1;
    });
}
