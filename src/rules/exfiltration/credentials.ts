// Which files hold credentials, and which commands read them or print secrets — for the exfiltration
// rules (whether they are sent to the network). Reading them is the credentials pack's business.
import type { SimpleCommand } from "../../analysis/shell/index.js";
import { operands } from "../../analysis/shell/commands.js";
import { resolvePathWord } from "../../analysis/shell/paths.js";

const HOME_CREDENTIALS = [
  /^\.ssh\/(?!.*\.pub$)(?!known_hosts)(?!config$)(?!authorized_keys)[^/]+$/,
  /^\.ssh\/?$/,
  /^\.aws(\/(credentials|config|sso(\/.*)?|cli\/cache(\/.*)?))?\/?$/,
  /^\.config\/gcloud(\/.*)?$/,
  /^\.azure(\/.*)?$/,
  /^\.kube(\/config)?\/?$/,
  /^\.docker\/config\.json$/,
  /^\.(npmrc|pypirc|netrc|git-credentials|vault-token|pgpass|my\.cnf|gem\/credentials|cargo\/credentials(\.toml)?)$/,
  /^\.gnupg(\/.*)?$/,
  /^\.config\/(gh|hub|rclone|doctl|op|1password)(\/.*)?$/,
  /^\.terraform\.d\/credentials\.tfrc\.json$/,
  /^\.password-store(\/.*)?$/,
  /^\.local\/share\/keyrings(\/.*)?$/,
  /^Library\/Keychains(\/.*)?$/,
  /^\.claude\/\.credentials\.json$/,
  /^\.codex\/auth\.json$/,
];

const ANYWHERE = [
  /(^|\/)\.env(\.(?!example$|sample$|template$|dist$|defaults?$)[\w.-]+)?$/,
  /\.(pem|key|p12|pfx|keystore|jks|ppk|asc|gpg|kdbx)$/i,
  /(^|\/)id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/,
  /(^|\/)(credentials|client_secrets?|service[-_]account[\w-]*|secrets?)\.(json|ya?ml|toml)$/i,
  /(^|\/)terraform\.tfstate(\.backup)?$/,
  /^\/etc\/(shadow|gshadow|sudoers)$/,
  /^\/etc\/ssh\/ssh_host_\w+_key$/,
];

/** Whether a path (resolved, absolute) names a credential file or directory. */
export function isCredentialPath(path: string, home: string): boolean {
  if (path.startsWith(`${home}/`)) {
    const rel = path.slice(home.length + 1);
    if (HOME_CREDENTIALS.some((re) => re.test(rel))) return true;
  }
  return ANYWHERE.some((re) => re.test(path));
}

/** Commands that print secrets on stdout (tokens, keychain items, secret keys). */
export function printsSecret(cmd: SimpleCommand): string | undefined {
  const p = cmd.program;
  const a = cmd.args;
  if (p === "security" && /^(find-generic-password|find-internet-password|dump-keychain|export)$/.test(a[0] ?? ""))
    return `the keychain (${a[0]})`;
  if (p === "gh" && a[0] === "auth" && a[1] === "token") return "the GitHub token";
  if (p === "glab" && a[0] === "auth" && a.includes("token")) return "the GitLab token";
  if (p === "gcloud" && a.includes("print-access-token")) return "a Google Cloud access token";
  if (p === "gcloud" && a.includes("print-identity-token")) return "a Google Cloud identity token";
  if (p === "az" && a[0] === "account" && a[1] === "get-access-token") return "an Azure access token";
  if (
    p === "aws" &&
    a[0] === "configure" &&
    (a[1] === "export-credentials" || (a[1] === "get" && /secret|token|key/i.test(a[2] ?? "")))
  )
    return "AWS credentials";
  if (p === "aws" && a[0] === "sts" && a[1] === "get-session-token") return "AWS session credentials";
  if ((p === "gpg" || p === "gpg2") && a.some((x) => x === "--export-secret-keys" || x === "--export-secret-subkeys"))
    return "GPG secret keys";
  if (p === "op" && (a[0] === "read" || (a[0] === "item" && a[1] === "get"))) return "a 1Password secret";
  if (p === "vault" && (a[0] === "read" || a[0] === "kv" || a[0] === "print")) return "a Vault secret";
  if (p === "kubectl" && a.includes("secret") && a.includes("get") && a.some((x) => /^-o|^--output/.test(x)))
    return "Kubernetes secrets";
  if (p === "pass" && a[0] !== "ls" && a[0] !== "insert" && a[0] !== "generate") return "a password-store entry";
  return undefined;
}

const READERS = new Set([
  "cat",
  "tac",
  "head",
  "tail",
  "less",
  "more",
  "nl",
  "base64",
  "base32",
  "xxd",
  "od",
  "hexdump",
  "strings",
  "tar",
  "bsdtar",
  "zip",
  "7z",
  "gzip",
  "bzip2",
  "xz",
  "zstd",
  "openssl",
  "gpg",
  "sed",
  "awk",
  "gawk",
  "grep",
  "rg",
  "cut",
  "jq",
  "yq",
  "tee",
  "sort",
  "uniq",
  "paste",
  "dd",
  "cp",
  "install",
  "uuencode",
  "python",
  "python3",
  "perl",
  "ruby",
  "node",
]);

/** The credential files a command reads (operands of readers, `< file` redirects). */
export function credentialsRead(cmd: SimpleCommand, home: string): string[] {
  const words: string[] = [];
  if (READERS.has(cmd.program)) for (const o of operands(cmd.args)) words.push(o.word.replace(/^if=/, ""));
  if (cmd.program === "dd") for (const a of cmd.args) if (a.startsWith("if=")) words.push(a.slice(3));
  for (const r of cmd.redirects) if (r.op === "<" || r.op === "<>") words.push(r.target);
  const out: string[] = [];
  for (const w of words) {
    if (!w) continue;
    const p = resolvePathWord(w, cmd.cwd, home);
    if (isCredentialPath(p, home)) out.push(w);
  }
  return out;
}
