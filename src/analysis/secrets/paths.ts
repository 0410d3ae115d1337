// Files that hold credentials, recognised by path: what the credential rules guard against reading,
// copying or printing. Paths are matched after resolution (absolute, "~" expanded, "." and ".." folded).
import { posix } from "node:path";

/** An absolute, normalised path for a word a command or tool gave ("~" and relative paths resolved). */
export function resolvePath(word: string, cwd: string | undefined, home: string): string {
  let p = word;
  if (p === "~" || p.startsWith("~/")) p = home + p.slice(1);
  else if (p.startsWith("$HOME/") || p === "$HOME") p = home + p.slice(5);
  else if (p.startsWith("${HOME}/") || p === "${HOME}") p = home + p.slice(7);
  if (!p.startsWith("/")) p = `${(cwd ?? "/").replace(/\/+$/, "")}/${p}`;
  return posix.normalize(p).replace(/(.)\/+$/, "$1");
}

const ENV_EXAMPLE =
  /^\.env\.(?:example|sample|template|dist|defaults?|schema|tpl|tmpl|skel|ci\.example|test\.example)$|\.(?:example|sample|template|dist|tpl|tmpl)$/i;

/** .env.example, config.sample.json, secrets.template, …: files meant to hold placeholders. */
export function isExampleFile(path: string): boolean {
  const base = posix.basename(path);
  return ENV_EXAMPLE.test(base) || /(?:^|[._-])(?:example|sample|template|dummy|fixture|mock)s?(?:[._-]|$)/i.test(base);
}

/** Home-relative files and folders that hold credentials (a folder covers everything inside it). */
const HOME_FILES: Array<[string, string]> = [
  [".aws", "AWS credentials"],
  [".config/gcloud", "Google Cloud credentials"],
  [".azure", "Azure credentials"],
  [".kube/config", "Kubernetes credentials"],
  [".docker/config.json", "Docker registry credentials"],
  [".netrc", "netrc credentials"],
  ["_netrc", "netrc credentials"],
  [".npmrc", "npm credentials"],
  [".yarnrc.yml", "Yarn registry credentials"],
  [".pypirc", "PyPI credentials"],
  [".pgpass", "PostgreSQL passwords"],
  [".my.cnf", "MySQL credentials"],
  [".vault-token", "Vault token"],
  [".config/gh", "GitHub CLI credentials"],
  [".config/hub", "GitHub credentials"],
  [".git-credentials", "git credentials"],
  [".config/git/credentials", "git credentials"],
  [".terraform.d/credentials.tfrc.json", "Terraform credentials"],
  [".terraformrc", "Terraform credentials"],
  [".gnupg", "GnuPG private keys"],
  [".password-store", "pass password store"],
  [".local/share/keyrings", "desktop keyring"],
  [".config/op", "1Password CLI credentials"],
  [".config/doctl", "DigitalOcean credentials"],
  [".config/heroku", "Heroku credentials"],
  [".oci", "Oracle Cloud credentials"],
  [".cargo/credentials", "Cargo registry token"],
  [".cargo/credentials.toml", "Cargo registry token"],
  [".gem/credentials", "RubyGems credentials"],
  [".m2/settings-security.xml", "Maven master password"],
  [".claude/.credentials.json", "coding-agent login credentials"],
  [".codex/auth.json", "coding-agent login credentials"],
  [".config/claude/.credentials.json", "coding-agent login credentials"],
  [".config/github-copilot", "coding-agent login credentials"],
];

const SYSTEM_FILES: Array<[RegExp, string]> = [
  [/^\/etc\/(?:g?shadow-?|security\/opasswd|master\.passwd|sudoers\.d\/.*)$/, "system password hashes"],
  [/^\/etc\/ssh\/ssh_host_[a-z0-9]+_key$/, "SSH host private key"],
  [/^\/etc\/(?:ssl|pki)\/private(?:\/|$)/, "TLS private keys"],
  [/^\/var\/run\/secrets(?:\/|$)|^\/run\/secrets(?:\/|$)/, "mounted service secrets"],
  [/^\/proc\/(?:self|\d+)\/environ$/, "a process environment"],
];

/** Private-key and keystore file names. Certificates (cert.pem, chain.pem, ca.pem) are public and not listed. */
function keyFileKind(base: string): string | undefined {
  const b = base.toLowerCase();
  if (/\.(?:p12|pfx|jks|keystore|bks|p8|ppk|kdbx|gpg-key|asc\.key)$/.test(b)) return "private key or keystore";
  if (b.endsWith(".key") && !/\.pub\.key$|^public/.test(b)) return "private key";
  if (b.endsWith(".pem") && !/cert|chain|\bca\b|^ca[._-]|cacert|bundle|pub|public|\.crt/.test(b))
    return "private key (PEM)";
  if (/^id_(?:rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk|xmss)$/.test(b)) return "SSH private key";
  return undefined;
}

/** What credential a path holds, or undefined when it is not a known credential file. */
export function credentialFileKind(path: string, home: string): string | undefined {
  const p = path;
  const base = posix.basename(p);
  // .env, .env.local, .env.production, prod.env, .envrc — but not .env.example and friends.
  if ((/^\.env(?:\..+)?$/.test(base) || /^\.envrc$/.test(base) || /^[\w.-]+\.env$/.test(base)) && !isExampleFile(p))
    return "environment file with secrets";
  // Anything in an .ssh folder except public keys, known_hosts and config.
  const ssh = /(?:^|\/)\.ssh\/(.+)$/.exec(p);
  if (ssh) {
    const name = ssh[1]!;
    if (
      !/\.pub$|^known_hosts(?:\.old)?$|^config$|^authorized_keys2?$|^config\.d\/|^rc$|^environment$/.test(name) &&
      !name.includes("/")
    )
      return "SSH private key";
  }
  for (const [re, what] of SYSTEM_FILES) if (re.test(p)) return what;
  if (home && (p === home || p.startsWith(`${home}/`))) {
    const rel = p.slice(home.length + 1);
    for (const [entry, what] of HOME_FILES) if (rel === entry || rel.startsWith(`${entry}/`)) return what;
  }
  // Test fixtures and chart templates stand in for keys and secrets: a project's `tests/fixtures/key.pem`
  // or `charts/api/templates/secret.yaml` is code under test, not the user's credential.
  if (/\/(?:fixtures|__fixtures__|testdata|test-data|test_data)\/|\/templates\/[^/]+\.(?:ya?ml|tpl)$/.test(p))
    return undefined;
  const key = keyFileKind(base);
  if (key) return key;
  const b = base.toLowerCase();
  if (
    /service[-_]?account.*\.json$|^[\w.-]*-sa-key\.json$|^application_default_credentials\.json$|^client_secrets?[\w.-]*\.json$|^credentials\.json$|^gcp[-_]?key\.json$/.test(
      b,
    )
  )
    return "service-account or OAuth credentials";
  if (/^terraform\.tfstate(?:\.backup)?$|\.tfstate$/.test(b)) return "Terraform state (holds resource secrets)";
  // What the approval passphrase is checked against: read, it lets a passphrase be guessed offline.
  if (b === "approval-key.json") return "staso's approval key";
  if (
    /^(?:\.?htpasswd|\.?secrets?\.(?:ya?ml|json|toml|env)|secrets\.auto\.tfvars|\.boto|\.s3cfg|\.dockercfg|wp-config\.php|\.pgpass|\.git-credentials|credentials\.(?:toml|xml|ya?ml))$/.test(
      b,
    )
  )
    return "credentials file";
  return undefined;
}

/** Credential folders a search or listing might walk (the home-relative entries that are folders). */
export function credentialDirKind(path: string, home: string): string | undefined {
  if (/(?:^|\/)\.ssh$/.test(path)) return "SSH keys folder";
  if (home && path.startsWith(`${home}/`)) {
    const rel = path.slice(home.length + 1);
    for (const [entry, what] of HOME_FILES) if (rel === entry || rel.startsWith(`${entry}/`)) return what;
  }
  if (/^\/etc\/(?:ssl|pki)\/private$/.test(path) || /^\/(?:var\/)?run\/secrets$/.test(path)) return "secrets folder";
  return undefined;
}

/** Names a glob in a credential-prone folder could stand for: `cat ~/.ssh/*` reads id_rsa. */
const SAMPLE_NAMES = [
  "id_rsa",
  "id_ed25519",
  "credentials",
  "config",
  "config.json",
  "hosts.yml",
  ".env",
  ".env.local",
  ".env.production",
  "key.pem",
  "server.key",
  "service-account.json",
  "shadow",
  "auth.json",
  ".credentials.json",
  "approval-key.json",
];

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close > i) {
        re +=
          "[" +
          glob
            .slice(i + 1, close)
            .replace(/^!/, "^")
            .replace(/\\/g, "\\\\") +
          "]";
        i = close;
      } else re += "\\[";
    } else if (c === "{") {
      const close = glob.indexOf("}", i + 1);
      if (close > i) {
        re +=
          "(?:" +
          glob
            .slice(i + 1, close)
            .split(",")
            .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\*/g, "[^/]*"))
            .join("|") +
          ")";
        i = close;
      } else re += "\\{";
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** The credential a path names, also when its last component is a glob (`~/.aws/*`, `.env*`). */
export function credentialPathKind(path: string, home: string): string | undefined {
  const direct = credentialFileKind(path, home);
  if (direct) return direct;
  const base = posix.basename(path);
  if (!/[*?[{]/.test(base)) return undefined;
  const dir = posix.dirname(path);
  if (/[*?[{]/.test(dir)) return credentialDirKind(dir.replace(/\/[^/]*[*?[{].*$/, ""), home);
  // A bare wildcard (`public/*`, `logs/*.*`) names no file in particular: it only stands for a key in a
  // folder where keys live (`~/.ssh/*`, `~/.aws/*`, the home folder itself), not in any project folder.
  if (/^[*?.]+$/.test(base) && !credentialDirKind(dir, home) && dir !== home && !/^\/(?:etc|root)(?:\/|$)/.test(dir))
    return undefined;
  let re: RegExp;
  try {
    re = globToRegExp(base);
  } catch {
    return undefined;
  }
  for (const name of SAMPLE_NAMES) {
    if (!re.test(name)) continue;
    const kind = credentialFileKind(`${dir}/${name}`, home);
    if (kind) return kind;
  }
  return undefined;
}
