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
  [".config/gh/hosts.yml", "GitHub CLI credentials"], // config.yml holds preferences and aliases only
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
  [".config/glab-cli/config.yml", "GitLab CLI credentials"],
  [".composer/auth.json", "Composer registry credentials"],
  [".config/composer/auth.json", "Composer registry credentials"],
  [".gradle/gradle.properties", "Gradle publishing and signing credentials"],
  [".m2/settings.xml", "Maven server credentials"],
  [".nuget/NuGet/NuGet.Config", "NuGet feed credentials"],
  [".config/NuGet/NuGet.Config", "NuGet feed credentials"],
  [".config/pypoetry/auth.toml", "Poetry repository credentials"],
  [".config/containers/auth.json", "container registry credentials"],
  [".config/helm/repositories.yaml", "Helm repository credentials"],
  [".config/rclone/rclone.conf", "rclone remote credentials"],
  [".config/configstore/firebase-tools.json", "Firebase CLI token"],
  [".wrangler/config/default.toml", "Cloudflare Wrangler token"],
  [".config/.wrangler/config/default.toml", "Cloudflare Wrangler token"],
  [".cloudflared", "Cloudflare tunnel credentials"],
  [".netlify/config.json", "Netlify CLI token"],
  [".config/netlify/config.json", "Netlify CLI token"],
  [".vercel/auth.json", "Vercel CLI token"],
  [".local/share/com.vercel.cli/auth.json", "Vercel CLI token"],
  ["Library/Application Support/com.vercel.cli/auth.json", "Vercel CLI token"],
  [".fly/config.yml", "Fly.io token"],
  [".config/stripe/config.toml", "Stripe CLI keys"],
  [".ngrok2/ngrok.yml", "ngrok authtoken"],
  [".config/ngrok/ngrok.yml", "ngrok authtoken"],
  [".databrickscfg", "Databricks token"],
  [".snowsql/config", "Snowflake credentials"],
  [".pulumi/credentials.json", "Pulumi token"],
  [".config/hcloud/cli.toml", "Hetzner Cloud token"],
  [".config/linode-cli", "Linode token"],
  [".aliyun/config.json", "Alibaba Cloud credentials"],
  [".tsh", "Teleport credentials"],
  [".sentryclirc", "Sentry token"],
  [".circleci/cli.yml", "CircleCI token"],
  [".config/gh-copilot", "coding-agent login credentials"],
];

const SYSTEM_FILES: Array<[RegExp, string]> = [
  [/^\/etc\/(?:g?shadow-?|security\/opasswd|master\.passwd|sudoers\.d\/.*)$/, "system password hashes"],
  [/^\/etc\/ssh\/ssh_host_[a-z0-9]+_key$/, "SSH host private key"],
  [/^\/etc\/(?:ssl|pki)\/private(?:\/|$)/, "TLS private keys"],
  [/^\/var\/run\/secrets(?:\/|$)|^\/run\/secrets(?:\/|$)/, "mounted service secrets"],
  // /proc/self, /proc/1, /proc/$$ and /proc/$(pgrep …) (unresolved: an empty component), /proc/*.
  [/^\/proc\/(?:[^/]+\/)?environ$/, "a process environment"],
  // A cluster's admin kubeconfigs (kubeadm's, k3s', RKE2's): cluster-admin client keys.
  [
    /^\/etc\/kubernetes\/(?:admin|super-admin|kubelet|controller-manager|scheduler)\.conf$|^\/etc\/rancher\/(?:k3s\/k3s|rke2\/rke2)\.yaml$/,
    "Kubernetes cluster-admin credentials",
  ],
];

/** Home-relative history files: ~/.bash_history, ~/.zsh_history, ~/.python_history, ~/.psql_history, fish's. */
const HISTORY_FILE =
  /^(?:\.[\w-]*_history|\.[\w-]*histfile|\.zhistory|\.local\/share\/fish\/fish_history|\.config\/fish\/fish_history|\.irb_history|\.pry_history)$/i;

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
  const rel = homeRelative(p, home);
  if (rel !== undefined && !isExampleFile(p)) {
    for (const [entry, what] of HOME_FILES) if (rel === entry || rel.startsWith(`${entry}/`)) return what;
    if (BROWSER_STORE.test(rel)) return "browser saved passwords or cookies";
    // Shell and REPL histories hold what was typed: export TOKEN=…, mysql -p…, PGPASSWORD=… psql.
    if (HISTORY_FILE.test(rel)) return "shell or REPL history (typed secrets)";
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

/**
 * The path inside a home folder: this user's, root's or another user's (`/root/.aws/credentials`,
 * `/home/ci/.netrc`, `/Users/dev/.ssh/…` are the same credentials of another account).
 */
function homeRelative(path: string, home: string): string | undefined {
  if (home && path.startsWith(`${home}/`)) return path.slice(home.length + 1);
  const m = /^\/(?:root|home\/[^/]+|Users\/[^/]+)\/(.+)$/.exec(path);
  return m ? m[1] : undefined;
}

/** Browsers' saved-password and cookie stores (Firefox profiles, Chrome, Chromium, Brave, Edge). */
const BROWSER_STORE =
  /^(?:\.mozilla\/firefox|Library\/Application Support\/Firefox)\/[^/]+\/(?:logins\.json|key[34]\.db|signons\.sqlite|cookies\.sqlite)$|^(?:\.config\/(?:google-chrome|chromium|BraveSoftware\/Brave-Browser|microsoft-edge)|Library\/Application Support\/(?:Google\/Chrome|Chromium|BraveSoftware\/Brave-Browser|Microsoft Edge))\/[^/]+\/(?:Login Data|Cookies|Web Data|Network\/Cookies)$/;

/** Credential folders a search or listing might walk (the home-relative entries that are folders). */
export function credentialDirKind(path: string, home: string): string | undefined {
  if (/(?:^|\/)\.ssh$/.test(path)) return "SSH keys folder";
  const rel = homeRelative(path, home);
  if (rel !== undefined)
    for (const [entry, what] of HOME_FILES) if (rel === entry || rel.startsWith(`${entry}/`)) return what;
  if (/^\/etc\/(?:ssl|pki)\/private$/.test(path) || /^\/(?:var\/)?run\/secrets$/.test(path)) return "secrets folder";
  return undefined;
}

/**
 * A folder that holds credential files without being one (`~/.docker` holds config.json, `~/.kube` holds
 * config): searching it for secrets, or archiving it whole, reaches them. The home folder itself, and the
 * catch-alls ~/.config and ~/.local, are left to the callers that judge what is looked for there.
 */
export function credentialParentKind(path: string, home: string): string | undefined {
  if (!home || !path.startsWith(`${home}/`)) return undefined;
  const rel = path.slice(home.length + 1);
  if (rel === ".config" || rel === ".local" || rel === ".local/share") return undefined;
  for (const [entry, what] of HOME_FILES) if (entry.startsWith(`${rel}/`)) return `folder holding ${what}`;
  return undefined;
}

/** Patterns that look for a secret's shape or name. */
export const SECRET_PATTERN =
  /secret|token|passw|api[_\-[\]]*key|private|AKIA|ASIA|sk_live|sk_test|ghp_|gho_|github_pat|xox[abp]|glpat|BEGIN|credential|(?:^|[^a-z])auth(?![a-z])|_auth|auth_?token|authorization|aws_|bearer|id_(?:rsa|ed25519|ecdsa)/i;
/** Patterns that match every line (or nearly): a search printing them prints whole files. */
export const MATCH_ALL = /^(?:|\.|\^|\$|\.\*|\^\.\*|\.\+|\w?\*|\[\^?\\?s\]\*?)$/;

/** Whether a search root holds credential files: /, /etc, /root, the home folder or a folder above it, a credential folder. */
export function holdsCredentials(path: string, home: string): boolean {
  if (
    path === "/" ||
    path === "/etc" ||
    path === "/root" ||
    path === "/home" ||
    path === "/Users" ||
    path === "/var/run/secrets"
  )
    return true;
  if (home && (path === home || home.startsWith(`${path}/`))) return true;
  if (home && (path === `${home}/.config` || path === `${home}/.local/share`)) return true;
  return !!(credentialDirKind(path, home) ?? credentialParentKind(path, home) ?? credentialPathKind(path, home));
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

const SSH_KEY_NAMES = ["id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", "id_ed25519_sk", "id_ecdsa_sk"];
const SYSTEM_CANDIDATES = [
  "/etc/shadow",
  "/etc/gshadow",
  "/etc/master.passwd",
  "/etc/security/opasswd",
  ...["rsa", "ecdsa", "ed25519", "dsa"].map((t) => `/etc/ssh/ssh_host_${t}_key`),
  "/etc/ssl/private/server.key",
  "/etc/pki/private/server.key",
  "/run/secrets/token",
  "/var/run/secrets/kubernetes.io/serviceaccount/token",
  "/proc/self/environ",
  "/proc/1/environ",
  "/etc/kubernetes/admin.conf",
  "/etc/rancher/k3s/k3s.yaml",
  ...SSH_KEY_NAMES.map((n) => `/root/.ssh/${n}`),
];

/**
 * Concrete credential paths a glob anywhere in a path could stand for (`~/.a*\/cred*`, `~/.*rc`,
 * `/etc/ssh/ssh_host_*_key`, `/home/*\/.ssh/id_*`): every known credential file of this home and the
 * system, and the sample names inside each credential folder.
 */
let candidateCache: { home: string; list: string[] } | undefined;
function globCandidates(home: string): string[] {
  if (candidateCache?.home === home) return candidateCache.list;
  const out = [...SYSTEM_CANDIDATES];
  candidateCache = { home, list: out };
  if (!home) return out;
  for (const n of SSH_KEY_NAMES) out.push(`${home}/.ssh/${n}`);
  for (const n of ["bash", "zsh", "python", "node_repl", "psql", "mysql", "sqlite", "rediscli"])
    out.push(`${home}/.${n}_history`);
  for (const [entry] of HOME_FILES) {
    out.push(`${home}/${entry}`);
    for (const n of SAMPLE_NAMES) out.push(`${home}/${entry}/${n}`);
  }
  return out;
}

/** The credential a path names, also when it holds a glob (`~/.aws/*`, `.env*`, `~/.a*\/cred*`). */
export function credentialPathKind(path: string, home: string): string | undefined {
  const direct = credentialFileKind(path, home);
  if (direct) return direct;
  if (!/[*?[{]/.test(path)) return undefined;
  const base = posix.basename(path);
  const dir = posix.dirname(path);
  // A bare wildcard (`public/*`, `logs/*.*`) names no file in particular: it only stands for a key in a
  // folder where keys live (`~/.ssh/*`, `~/.aws/*`, the home folder itself), not in any project folder.
  if (
    /^[*?.]+$/.test(base) &&
    !/[*?[{]/.test(dir) &&
    !credentialDirKind(dir, home) &&
    dir !== home &&
    !/^\/(?:etc|root)(?:\/|$)/.test(dir)
  )
    return undefined;
  if (/[*?[{]/.test(base) && !/[*?[{]/.test(dir)) {
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
  }
  // A glob elsewhere in the path, or one the sample names do not meet: the known credential files it matches.
  let whole: RegExp;
  try {
    whole = globToRegExp(path);
  } catch {
    return undefined;
  }
  for (const c of globCandidates(home)) {
    if (!whole.test(c)) continue;
    const kind = credentialFileKind(c, home);
    if (kind) return kind;
  }
  if (/[*?[{]/.test(dir)) return credentialDirKind(dir.replace(/\/[^/]*[*?[{].*$/, ""), home);
  return undefined;
}
