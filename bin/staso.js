#!/usr/bin/env node
"use strict";
// Tiny launcher (CommonJS: see bin/package.json). `staso hook` runs before every tool call an agent
// makes, so it takes a fast path: only the bundled hook pipeline (dist/hook.cjs) is loaded — never the
// CLI, commander or prompts, and never Node's ESM loader.
const args = process.argv.slice(2);
const isHook = args[0] === "hook" && !args.includes("--help") && !args.includes("-h");

function answerUnstartable(err) {
  // The bundle is missing or broken: still answer in a form both hosts accept, following the fail mode.
  const what = err && err.message ? String(err.message).split("\n")[0] : String(err);
  process.stderr.write(`staso: the hook could not start (${what}); run \`npm run build\` or reinstall staso.\n`);
  if (!/^open$/i.test(process.env.STASO_FAIL_MODE || "")) {
    const reason = "staso: the guard could not start, so this call was blocked (fail mode closed). Ask the user to run `staso doctor`.";
    process.stdout.write(JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: reason } }) + "\n");
  }
  process.exitCode = 0;
}

if (isHook && /^(false|0|no|off)$/i.test(process.env.STASO_GUARD_ENABLED || "")) {
  // Guard disabled: allow at once. Drain stdin so the host's write never fails on a closed pipe.
  process.stdin.on("data", () => {});
  process.stdin.on("error", () => {});
} else if (isHook) {
  let hook;
  try {
    hook = require("../dist/hook.cjs");
  } catch (err) {
    answerUnstartable(err);
  }
  if (hook) hook.runHookProcess(args.slice(1)).catch(answerUnstartable);
} else {
  import("../dist/cli.mjs")
    .then(({ main }) => main(process.argv))
    .catch((err) => {
      const notBuilt = err && err.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("cli.mjs");
      process.stderr.write(notBuilt ? "staso: the CLI is not built; run `npm run build` in the staso package.\n" : `staso: ${err && err.message ? err.message : err}\n`);
      process.exitCode = 1;
    });
}
