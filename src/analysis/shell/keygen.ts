// Keys and secrets a command generates (not reads): `wg genkey`, `openssl rand`, `openssl genpkey`,
// inline code calling generateKeyPairSync or token_hex. Writing what such a command prints into a
// credential folder under a new name loses nothing and grants nothing; the names a credential folder is
// known by (id_rsa, authorized_keys, config, credentials) stay guarded.
import type { SimpleCommand } from "./types.js";

/** The files a credential folder is known by: overwriting one of them loses the user's key or setup. */
export const KNOWN_CREDENTIAL_FILES =
  /^(?:rc|environment|id_[\w-]+|identity|authorized_keys2?|known_hosts|config|credentials|config\.json|pubring\.\w+|secring\.\w+|trustdb\.gpg|[\w.-]*\.(?:kbx|gpg)|sshcontrol|[\w-]*\.conf|application_default_credentials\.json)$/;
/** Commands that print a key or a secret they generate (not one read from disk). */
function generatesKey(cmd: SimpleCommand): boolean {
  const a = cmd.args[0];
  switch (cmd.program) {
    case "wg":
      return a === "genkey" || a === "genpsk" || a === "pubkey";
    case "openssl":
      return a === "rand" || a === "genpkey" || a === "genrsa" || (a === "ecparam" && cmd.args.includes("-genkey"));
    case "age-keygen":
    case "mkpasswd":
    case "pwgen":
      return true;
    case "head":
      return cmd.args.some((x) => /^\/dev\/u?random$/.test(x));
    case "uuidgen":
      return true;
    default:
      return false;
  }
}
/** Inline code that generates a key or a random secret. */
const KEYGEN_CODE =
  /generateKeyPair(?:Sync)?|generateKey(?:Sync)?\(|generate_private_key|PrivateKey\.generate|\brsa\.generate|RSA\.generate|randomBytes|token_(?:hex|bytes|urlsafe)|os\.urandom|SecureRandom/;

/** What the command writes is a key or a secret it (or the command piped into it) generates. */
export function writesFreshKey(cmd: SimpleCommand, inline: { code: string }[]): boolean {
  if (generatesKey(cmd)) return true;
  if (cmd.stdin?.kind === "pipe" && cmd.stdin.from?.length && cmd.stdin.from.every(generatesKey)) return true;
  return cmd.context === "inline-code" && inline.length > 0 && inline.every((c) => KEYGEN_CODE.test(c.code));
}
