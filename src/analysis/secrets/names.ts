// Whether a name says that its value is a secret: a JSON field (an MCP tool's `password`, `api_key`,
// `headers.Authorization`), an environment variable (`PGPASSWORD`, `GITHUB_TOKEN`), a command-line option
// (`--db-password`, `-storepass`, `--//registry.npmjs.org/:_authToken`). The masking of the audit trail,
// escalations and exports hides such values whatever they look like, where the detectors (detect.ts)
// only recognise secrets by their form.

/** Words that make a name secret wherever they stand in it. */
const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "pass",
  "secret",
  "secrets",
  "token",
  "apikey",
  "authorization",
  "auth",
  "credential",
  "credentials",
  "cookie",
  "bearer",
  "privatekey",
  "secretkey",
  "accesskey",
  "storepass",
  "keypass",
  "passin",
  "passout",
]);

/** "key" is secret only after one of these (`api_key`, `private-key`; a plain `key` or `--key file.pem` is not). */
const SECRET_KEY_PREFIXES = new Set([
  "api",
  "private",
  "secret",
  "access",
  "signing",
  "encryption",
  "master",
  "client",
  "auth",
  "license",
  "service",
  "account",
]);

/** A last word that makes the name about a secret, not the secret: `token_type`, `password_file`, `api_key_id`. */
const ABOUT_A_SECRET = new Set([
  "id",
  "ids",
  "name",
  "names",
  "file",
  "files",
  "path",
  "dir",
  "url",
  "uri",
  "endpoint",
  "type",
  "types",
  "kind",
  "length",
  "len",
  "size",
  "count",
  "env",
  "var",
  "field",
  "header",
  "prefix",
  "suffix",
  "format",
  "pattern",
  "regex",
  "label",
  "expiry",
  "expires",
  "expiration",
  "ttl",
  "version",
  "mode",
  "method",
  "methods",
  "provider",
  "scheme",
  "strategy",
  "enabled",
  "required",
  "policy",
  "hint",
  "placeholder",
  "example",
  "location",
  "ref",
  "arn",
  "index",
  "limit",
  "min",
  "max",
  "stdin",
  "prompt",
  "command",
  "cmd",
  "source",
  "status",
  "level",
  "database",
  "db",
  "budget",
  "usage",
]);

/** The words of a name: split at non-alphanumerics and camelCase humps, lower-cased. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Every secret name holds one of these; most field names (`command`, `file_path`) hold none, and are
 * answered by a few substring tests (no case-insensitive regex to compile on the hook's everyday call).
 */
const MAY_BE_SECRET = ["pass", "pwd", "token", "secret", "key", "auth", "cred", "cookie", "bearer"];

export function isSecretName(name: string): boolean {
  if (name.length > 200) return false;
  const lower = name.toLowerCase();
  if (!MAY_BE_SECRET.some((w) => lower.includes(w))) return false;
  const words = wordsOf(name);
  if (words.length === 0 || words[0] === "no" || ABOUT_A_SECRET.has(words.at(-1)!)) return false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (SECRET_WORDS.has(w)) return true;
    // `apiKey`, `api_key`, `x-api-key`, `private-key`; also the joined forms (`apikey`, `privatekey`).
    if (w === "key" && i > 0 && SECRET_KEY_PREFIXES.has(words[i - 1]!)) return true;
    // and glued words: `srcstorepass`, `dbpassword`, `_authToken` after a URL path.
    if (/(?:authtoken|password|passwd|passphrase|storepass|keypass)$/.test(w)) return true;
  }
  return false;
}
