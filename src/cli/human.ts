// What only the human at their own terminal may do: answer an escalation, choose the approval passphrase,
// pause the guard, make an exception to a rule. An agent that could run these would let through what a
// human was asked to decide, or switch off what is there to stop it. The fences, outermost first:
//   1. the hook blocks an agent's shell command that runs them (paths/escalation-self-approval);
//   2. notHere(): refused inside an agent's session (its markers in the environment, or an agent's program
//      among this process's ancestors): a fence an agent can get around;
//   3. unlockAtTerminal(): the lock. The approval passphrase, typed at the controlling terminal (/dev/tty,
//      never stdin, arguments or the environment), checked against the approval key;
//   4. the files they write sit in staso's own state and config, which paths/protected-write keeps agents
//      from writing.
import type { KeyObject } from "node:crypto";
import { stasoPaths } from "../paths.js";
import {
  approvalFailuresPath,
  approvalKeyPath,
  approvalWaitSeconds,
  clearApprovalFailures,
  readApprovalKey,
  recordApprovalFailure,
  unlockApprovalKey,
  type ApprovalKeyFile,
} from "../escalation/approval-key.js";
import { agentAncestor, agentMarker } from "./agent-session.js";
import { openTerminal } from "./terminal.js";
import { printError } from "./output.js";
import { formatSeconds } from "../util/duration.js";

const warn = (m: string) => printError(m.endsWith("\n") ? m : `${m}\n`);

/**
 * Why this process may not do what only a human does, if it may not: it runs inside an agent's session
 * (a fence an agent can get around: the lock is the passphrase).
 */
export function notHere(what: string): string | undefined {
  const marker = agentMarker(process.env);
  const ancestor = marker ? undefined : agentAncestor();
  if (marker || ancestor)
    return `${what} is a human's, not an agent's (${marker ? `${marker} is set` : `it runs under ${ancestor}`}: this is an agent's session). Run the command in your own terminal.`;
  return undefined;
}

export interface UnlockWording {
  /** What needs the passphrase: "answering an escalation", "pausing the guard". */
  act: string;
  /** What did not happen when it is not given: "nothing was answered". */
  nothing: string;
  /** Said when no passphrase is set. */
  noPassphrase: string;
}

/**
 * The approval passphrase, asked at the terminal and checked: the signing key, or undefined (and why,
 * said on stderr, with exit code 1).
 */
export async function unlockAtTerminal(heading: string[], w: UnlockWording): Promise<KeyObject | undefined> {
  const paths = stasoPaths();
  let key: ApprovalKeyFile | undefined;
  try {
    key = readApprovalKey(approvalKeyPath(paths));
  } catch (err) {
    warn(`staso: ${(err as Error).message}; delete it and set a new passphrase (staso escalations passphrase set).`);
    process.exitCode = 1;
    return undefined;
  }
  if (!key) {
    warn(`staso: ${w.noPassphrase}.`);
    process.exitCode = 1;
    return undefined;
  }
  const failures = approvalFailuresPath(paths);
  const wait = approvalWaitSeconds(failures);
  if (wait > 0) {
    warn(`staso: too many wrong approval passphrases; try again in ${formatSeconds(wait)}.`);
    process.exitCode = 1;
    return undefined;
  }
  const tty = openTerminal();
  if ("error" in tty) {
    warn(
      `staso: ${w.act} needs your terminal, to ask for the approval passphrase (/dev/tty: ${tty.error}). Run the command in your own terminal.`,
    );
    process.exitCode = 1;
    return undefined;
  }
  try {
    for (const line of heading) tty.write(`${line}\r\n`);
    const typed = await tty.readSecret("Approval passphrase: ");
    if (typed === undefined) {
      warn(`staso: cancelled; ${w.nothing}.`);
      process.exitCode = 1;
      return undefined;
    }
    const signing = await unlockApprovalKey(typed, key);
    if (!signing) {
      recordApprovalFailure(failures);
      warn(`staso: that is not the approval passphrase; ${w.nothing}.`);
      process.exitCode = 1;
      return undefined;
    }
    clearApprovalFailures(failures);
    return signing;
  } finally {
    tty.close();
  }
}

/** For the commands that loosen the guard: no passphrase, no pause or exception (as no answer). */
export const noPassphraseFor = (what: string) =>
  `no approval passphrase is set (${approvalKeyPath(stasoPaths())}), and ${what} takes the same proof as approving an escalation. Choose one in your own terminal: staso escalations passphrase set`;
