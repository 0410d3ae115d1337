// Random secrets and how they are stored: session tokens and API keys carry 256 random bits, so a plain
// sha256 of them is enough to keep (nothing to guess); comparing is done on the hashes.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(sha256(a));
  const y = Buffer.from(sha256(b));
  return timingSafeEqual(x, y);
}

/** A new API key: ak_ and 43 base64url characters (256 bits). */
export const newApiKey = (): string => `ak_${randomToken(32)}`;

/** What the dashboard shows of a key: its first characters, enough to tell keys apart. */
export const keyPrefix = (key: string): string => key.slice(0, 10);

/** esc_ and 12 hex digits, as the local store names escalations. */
export const newEscalationId = (): string => `esc_${randomBytes(6).toString("hex")}`;
