// Entry of the native hook binary (`bun build --compile --bytecode`): the same pipeline as
// dist/hook.cjs, started by Bun in a few milliseconds instead of Node's ~50. Accepts
// `staso-hook hook --target x` (the form setup writes, the Node command but for the program) and
// `staso-hook --target x`. No top-level await: bytecode compilation needs a CommonJS-shaped bundle.
import { hookMain } from "./run.js";
import { VERSION } from "../version.js";
import { MAX_PAYLOAD_BYTES, readStdin } from "./stdin.js";
import { guardOffByUser } from "./guard-switch.js";

const args = process.argv.slice(2);
const rest = args[0] === "hook" ? args.slice(1) : args;

if (guardOffByUser(rest)) {
  // Guard disabled by the user (not by a project's settings): allow at once (drain stdin so the host's
  // write never fails on a closed pipe).
  readStdin(MAX_PAYLOAD_BYTES, 5000).then(
    () => process.exit(0),
    () => process.exit(0),
  );
} else if (rest.includes("--version") || rest.includes("-v")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  void hookMain(rest);
}
