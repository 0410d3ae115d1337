// The approval key: what makes an answer to an escalation a human's. The human chooses a passphrase
// (`staso setup`, `staso escalations passphrase set`); staso keeps only what it derives from it slowly:
//
//   seed       = scrypt(passphrase, salt, N=2^17, r=8, p=1, 32 bytes)    (~0.3-1 s and 128 MiB, on purpose)
//   signing    = the Ed25519 private key whose seed that is                (never stored)
//   publicKey  = its public key                                            (stored: approval-key.json, 0600)
//
// An approval or denial is signed with the signing key, over the escalation's id, the call's signature
// and the whole answer (status, scope, until, time, who, reason); the escalation store counts an answer
// only when its signature verifies against the stored public key. So the hook, which must check answers,
// holds nothing that can make one: an agent that writes resolution.json into the store itself, or replays
// another escalation's answer, or an expired one, has a file that counts for nothing. Making a valid one
// takes the passphrase, typed at the terminal (/dev/tty), never read from stdin or the environment.
//
// Other keys can be trusted beside the passphrase's (`trustedKeys`): a Staso server that signs answers
// its logged-in humans give, with a key pinned here, counts as a human the same way (proof kind "server").
import {
  createPrivateKey,
  createPublicKey,
  createHash,
  randomBytes,
  scrypt,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { StasoPaths } from "../paths.js";
import type { Resolution, ResolutionProof } from "./types.js";

/** scrypt's cost: 2^17 × 8 × 128 bytes = 128 MiB and about a second per guess (OWASP's floor is 2^17). */
const SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
/** The shortest passphrase accepted: it is the one thing between an agent and an approval. */
export const MIN_PASSPHRASE_LENGTH = 10;

export interface ApprovalKeyFile {
  v: 1;
  kdf: "scrypt";
  N: number;
  r: number;
  p: number;
  /** base64. */
  salt: string;
  /** The Ed25519 public key (SPKI DER, base64) of the passphrase's signing key. */
  publicKey: string;
  createdAt: string;
  changedAt?: string;
  /** Other signers whose answers count as a human's (a Staso server), by key id. */
  trustedKeys?: { id: string; publicKey: string; label: string }[];
}

export const approvalKeyPath = (p: StasoPaths): string => join(p.configDir, "approval-key.json");
export const approvalFailuresPath = (p: StasoPaths): string => join(p.dataDir, "approval-failures.json");

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** The short id of a public key, as proofs name it. */
const keyId = (publicKey: string): string =>
  createHash("sha256").update(Buffer.from(publicKey, "base64")).digest("hex").slice(0, 16);

function deriveSeed(passphrase: string, f: Pick<ApprovalKeyFile, "N" | "r" | "p" | "salt">): Promise<Buffer> {
  const maxmem = 128 * f.N * f.r + 64 * 1024 * 1024;
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase.normalize("NFC"),
      Buffer.from(f.salt, "base64"),
      32,
      { N: f.N, r: f.r, p: f.p, maxmem },
      (err, k) => (err ? reject(err) : resolve(k)),
    ),
  );
}

const signingKeyOf = (seed: Buffer): KeyObject =>
  createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });

const publicKeyOf = (k: KeyObject): string =>
  createPublicKey(k).export({ type: "spki", format: "der" }).toString("base64");

/** A new key file for a passphrase. `cost` is for tests only: the CLI always uses SCRYPT_COST. */
export async function createApprovalKey(
  passphrase: string,
  cost: { N: number; r: number; p: number } = SCRYPT_COST,
  now = new Date(),
): Promise<ApprovalKeyFile> {
  const base = { v: 1 as const, kdf: "scrypt" as const, ...cost, salt: randomBytes(SALT_BYTES).toString("base64") };
  const seed = await deriveSeed(passphrase, base);
  return { ...base, publicKey: publicKeyOf(signingKeyOf(seed)), createdAt: now.toISOString() };
}

/** The signing key, when `passphrase` is the one the key file was made from; undefined otherwise. */
export async function unlockApprovalKey(passphrase: string, f: ApprovalKeyFile): Promise<KeyObject | undefined> {
  const key = signingKeyOf(await deriveSeed(passphrase, f));
  const a = Buffer.from(publicKeyOf(key), "base64");
  const b = Buffer.from(f.publicKey, "base64");
  return a.length === b.length && timingSafeEqual(a, b) ? key : undefined;
}

/** The key file, undefined when there is none; throws when it is there but unreadable or malformed. */
export function readApprovalKey(path: string): ApprovalKeyFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const f = JSON.parse(text) as ApprovalKeyFile;
  if (
    f?.v !== 1 ||
    f.kdf !== "scrypt" ||
    typeof f.salt !== "string" ||
    typeof f.publicKey !== "string" ||
    ![f.N, f.r, f.p].every((n) => Number.isInteger(n) && n > 0)
  )
    throw new Error(`${path} is not an approval key staso wrote`);
  return f;
}

/** Writes the key file whole (temp file + rename), 0600 in a 0700 folder. */
export function writeApprovalKey(path: string, f: ApprovalKeyFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(f, null, 2)}\n`, { mode: 0o600, flag: "w" });
  renameSync(tmp, path);
}

/** What a proof signs: the escalation, the call, and every field of the answer. */
function signedText(e: { id: string; signature: string }, r: Resolution): Buffer {
  return Buffer.from(
    ["staso-approval-v1", e.id, e.signature, r.status, r.scope ?? "", r.until ?? "", r.at, r.by, r.reason ?? ""].join(
      "\n",
    ),
  );
}

export function signResolution(key: KeyObject, e: { id: string; signature: string }, r: Resolution): ResolutionProof {
  return proveWith(key, signedText(e, r));
}

/** A proof, made with the passphrase's signing key, over `text` (which names what it is, e.g. "staso-pause-v1"). */
export function proveWith(key: KeyObject, text: Buffer): ResolutionProof {
  return { kind: "passphrase", key: keyId(publicKeyOf(key)), sig: sign(null, text, key).toString("base64") };
}

/**
 * Whether `proof` is a signature over `text` by a key the user trusts: the passphrase's, and (when `kinds`
 * allows "server") a Staso server's pinned key.
 */
export function verifyProof(
  f: ApprovalKeyFile | undefined,
  proof: Partial<ResolutionProof> | undefined,
  text: Buffer,
  kinds: readonly ResolutionProof["kind"][] = ["passphrase", "server"],
): boolean {
  if (!f || !proof || typeof proof.sig !== "string" || typeof proof.key !== "string") return false;
  if (!kinds.includes(proof.kind as ResolutionProof["kind"])) return false;
  const keys = [{ id: keyId(f.publicKey), publicKey: f.publicKey, kind: "passphrase" }].concat(
    (f.trustedKeys ?? []).map((k) => ({ ...k, kind: "server" })),
  );
  const k = keys.find((x) => x.id === proof.key && x.kind === proof.kind);
  if (!k) return false;
  try {
    const pub = createPublicKey({ key: Buffer.from(k.publicKey, "base64"), format: "der", type: "spki" });
    return verify(null, text, pub, Buffer.from(proof.sig, "base64"));
  } catch {
    return false;
  }
}

/**
 * Whether an answer carries a proof that a key the user trusts made it. Only a human's answers need one:
 * a timeout is staso's own, and it can only stop a call.
 */
export function verifyResolution(
  f: ApprovalKeyFile | undefined,
  e: { id: string; signature: string },
  r: Resolution,
): boolean {
  if (r.status === "timeout") return true;
  return verifyProof(f, r.proof, signedText(e, { ...r, proof: undefined }));
}

/** The store's check of answers, against the key file in `configDir` (read when first needed). */
export function approvalVerifier(path: string): (e: { id: string; signature: string }, r: Resolution) => boolean {
  let file: ApprovalKeyFile | undefined | null = null;
  return (e, r) => {
    if (r.status === "timeout") return true;
    if (file === null) {
      try {
        file = readApprovalKey(path);
      } catch {
        file = undefined; // unreadable: nothing verifies, so nothing a human did not sign counts
      }
    }
    return verifyResolution(file, e, r);
  };
}

// ---- failed attempts -----------------------------------------------------------------------------

interface Failures {
  count: number;
  last: string;
}

/** Free tries before the wait, and the longest wait. */
const FREE_TRIES = 3;
const MAX_WAIT_SECONDS = 3600;

/** Seconds to wait before the next try is accepted (0: now): 30 s after the third failure, doubling, at most an hour. */
export function approvalWaitSeconds(path: string, now = Date.now()): number {
  let f: Failures;
  try {
    f = JSON.parse(readFileSync(path, "utf8")) as Failures;
  } catch {
    return 0;
  }
  if (!(f.count >= FREE_TRIES)) return 0;
  const wait = Math.min(MAX_WAIT_SECONDS, 30 * 2 ** (f.count - FREE_TRIES));
  return Math.max(0, Math.ceil((Date.parse(f.last) + wait * 1000 - now) / 1000));
}

export function recordApprovalFailure(path: string, now = Date.now()): void {
  let count = 0;
  try {
    count = (JSON.parse(readFileSync(path, "utf8")) as Failures).count || 0;
  } catch {
    // first failure
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify({ count: count + 1, last: new Date(now).toISOString() })}\n`, { mode: 0o600 });
}

export function clearApprovalFailures(path: string): void {
  rmSync(path, { force: true });
}
