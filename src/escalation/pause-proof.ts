// The signature that makes a pause the human's (pause.ts says why): made by `staso pause` with the key the
// approval passphrase unlocks, checked by the hook against the stored public key. Its own module, loaded
// only while a pause file exists, so that the everyday call loads no node:crypto.
import type { KeyObject } from "node:crypto";
import type { StasoPaths } from "../paths.js";
import { approvalKeyPath, proveWith, readApprovalKey, verifyProof, type ApprovalKeyFile } from "./approval-key.js";
import type { Pause } from "./types.js";

/** What a pause's proof signs: every field, under a name no escalation answer's text can take. */
const signedText = (p: Pause): Buffer =>
  Buffer.from(["staso-pause-v1", p.since, p.until, p.by ?? "", p.reason ?? ""].join("\n"));

/** The pause, signed with the key `staso pause` unlocked at the human's terminal. */
export const signPause = (key: KeyObject, p: Omit<Pause, "proof">): Pause => ({
  ...p,
  proof: proveWith(key, signedText(p)),
});

/** Whether the pause carries the approval passphrase's signature (a server's key does not count here). */
export function signedByPassphrase(p: StasoPaths, pause: Pause): boolean {
  let keyFile: ApprovalKeyFile | undefined;
  try {
    keyFile = readApprovalKey(approvalKeyPath(p));
  } catch {
    keyFile = undefined; // an unreadable key verifies nothing: the guard stays on
  }
  return verifyProof(keyFile, pause.proof, signedText(pause), ["passphrase"]);
}
