// Entry of the native hook binary (`bun build --compile`): the same pipeline as dist/hook.cjs, started
// by Bun in a few milliseconds instead of Node's ~50. Accepts `staso-hook hook --target x` (the form
// setup writes, identical to the Node command but for the program) and `staso-hook --target x`.
import { hookMain } from "./run.js";

const args = process.argv.slice(2);
const rest = args[0] === "hook" ? args.slice(1) : args;

if (/^(false|0|no|off)$/i.test(process.env.STASO_GUARD_ENABLED ?? "")) {
  // Guard disabled: allow at once (drain stdin so the host's write never fails on a closed pipe).
  process.stdin.resume();
  process.stdin.on("error", () => {});
  process.stdin.on("end", () => process.exit(0));
} else if (rest.includes("--version") || rest.includes("-v")) {
  const { VERSION } = await import("../version.js");
  process.stdout.write(`${VERSION}\n`);
} else {
  await hookMain(rest);
}
