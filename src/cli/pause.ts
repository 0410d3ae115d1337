// `staso pause --for 30m` and `staso resume`: the guard off for a while, for the user, with an end. The
// pause is a file in staso's own state (escalation/pause.ts) that the hook reads on every call; only a human
// at their terminal may write it (cli/human.ts), and it ends by itself.
import { userInfo } from "node:os";
import { stasoPaths } from "../paths.js";
import { activePause, MAX_PAUSE_SECONDS, pauseFile, removePause, writePause } from "../escalation/pause.js";
import { signPause } from "../escalation/pause-proof.js";
import { formatSeconds, parseDuration } from "../util/duration.js";
import { paintFor } from "../util/terminal.js";
import { UsageError } from "./errors.js";
import { noPassphraseFor, notHere, unlockAtTerminal } from "./human.js";

const DEFAULT_PAUSE = "30m";

export interface PauseFlags {
  for?: string;
  reason?: string;
  json?: boolean;
}

export async function pauseCommand(flags: PauseFlags): Promise<void> {
  const text = flags.for ?? DEFAULT_PAUSE;
  const seconds = parseDuration(text);
  if (seconds === undefined)
    throw new UsageError(`--for must be a duration like 10m, 1h or 1h30m, not ${JSON.stringify(text)}.`);
  if (seconds > MAX_PAUSE_SECONDS)
    throw new UsageError(
      `--for ${text} is longer than a pause may last (24 h): a forgotten pause would leave the agents unguarded. Turn rules off in the config instead (staso rules).`,
    );
  const refused = notHere("Pausing the guard");
  if (refused) {
    process.stderr.write(`staso: ${refused}\n`);
    process.exitCode = 1;
    return;
  }
  // The same proof as approving an escalation: the approval passphrase, typed at this terminal.
  const proof = await unlockAtTerminal(
    [`Pause staso for ${formatSeconds(seconds)}: every agent's tool calls run unchecked until then.`],
    { act: "pausing the guard", nothing: "staso was not paused", noPassphrase: noPassphraseFor("pausing the guard") },
  );
  if (!proof) return;
  const paths = stasoPaths();
  const now = Date.now();
  // Signed with the key the passphrase just unlocked: the hook honours no pause without it.
  const pause = signPause(proof, {
    since: new Date(now).toISOString(),
    until: new Date(now + seconds * 1000).toISOString(),
    by: safeUser(),
    ...(flags.reason ? { reason: flags.reason } : {}),
  });
  const file = writePause(paths, pause);
  if (flags.json) {
    const { proof: _signed, ...shown } = pause;
    process.stdout.write(`${JSON.stringify({ paused: true, ...shown, file })}\n`);
    return;
  }
  const s = paintFor(process.stdout);
  process.stdout.write(
    `${s.yellow("⏸")} staso is paused for ${formatSeconds(seconds)}, until ${new Date(pause.until).toLocaleTimeString()}: every tool call of the agents runs unchecked (and is still recorded in the audit trail).\n${s.dim(`Run ${s.bold("staso resume")} to turn the guard back on sooner. (${file})`)}\n`,
  );
}

export async function resumeCommand(flags: { json?: boolean }): Promise<void> {
  const paths = stasoPaths();
  const { pause } = await activePause(paths);
  const removed = removePause(paths);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ paused: false, wasPaused: pause !== undefined })}\n`);
    return;
  }
  const s = paintFor(process.stdout);
  process.stdout.write(
    pause
      ? `${s.green("✓")} staso guards the agents again (the pause would have lasted until ${new Date(pause.until).toLocaleTimeString()}).\n`
      : `${s.green("✓")} staso was not paused${removed ? ` (an expired or unreadable ${pauseFile(paths)} was removed)` : ""}; it guards every call.\n`,
  );
}

function safeUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
