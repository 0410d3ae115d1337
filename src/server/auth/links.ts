// One-time sign-in links, for `staso dashboard`: the local server started with the embedded database
// keeps a random secret in <data dir>/server/link-secret (0600), so only the OS user who owns STASO_HOME
// can make a link. A link names one person, expires after 10 minutes, and works once (its nonce is kept
// when used). A server on PostgreSQL for a team has no such secret, and no link works there.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stasoPaths } from "../../paths.js";

const LIFETIME_MS = 10 * 60_000;

const linkSecretFile = (env: NodeJS.ProcessEnv = process.env): string =>
  join(stasoPaths(env).dataDir, "server", "link-secret");

export function readLinkSecret(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  try {
    const s = Buffer.from(readFileSync(linkSecretFile(env), "utf8").trim(), "base64url");
    return s.length >= 32 ? s : undefined;
  } catch {
    return undefined;
  }
}

/** The secret, made on first use. */
export function ensureLinkSecret(env: NodeJS.ProcessEnv = process.env): Buffer {
  const have = readLinkSecret(env);
  if (have) return have;
  const file = linkSecretFile(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readLinkSecret(env)!;
}

const sign = (secret: Buffer, payload: string) => createHmac("sha256", secret).update(payload).digest("base64url");

export function makeSignInLink(secret: Buffer, email: string, now = Date.now()): string {
  const payload = Buffer.from(
    JSON.stringify({ e: email, x: now + LIFETIME_MS, n: randomBytes(16).toString("hex") }),
  ).toString("base64url");
  return `${payload}.${sign(secret, payload)}`;
}

/** The link's person and nonce when it is genuine and not expired (whether it was used is the caller's check). */
export function readSignInLink(
  secret: Buffer,
  token: string,
  now = Date.now(),
): { email: string; nonce: string } | undefined {
  const [payload, sig] = token.split(".");
  if (!payload || !sig || token.length > 1000) return undefined;
  const want = Buffer.from(sign(secret, payload));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
  try {
    const v = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      e?: unknown;
      x?: unknown;
      n?: unknown;
    };
    if (typeof v.e !== "string" || typeof v.x !== "number" || typeof v.n !== "string" || now > v.x) return undefined;
    return { email: v.e, nonce: v.n };
  } catch {
    return undefined;
  }
}
