// The secret detectors, as data. Provider formats follow the published token formats (the same ones
// gitleaks' rule set and secretlint's recommended preset encode; test/analysis/secrets checks this list
// against secretlint's preset on the case tables). Every pattern is linear in the text: no nested
// unbounded quantifiers, every repetition that could rescan is bounded.
//
// Order matters: where two detectors match overlapping text, the earlier one wins (providers before the
// generic "name = value" detector).

export interface SecretDetector {
  id: string;
  /** What the secret is, for reasons shown to the model ("GitHub token"). */
  description: string;
  /** Global regex. */
  pattern: RegExp;
  /** Capture group(s) holding the secret: the first one that matched wins (default: the whole match). */
  group?: number | number[];
  /** The placeholder a redaction puts in place of the secret. */
  placeholder: string;
  /**
   * Lower-case literals, one of which must occur in the text for the pattern to run at all. Every match
   * contains one of them (case-insensitively), at most `lead` characters after the match's start.
   */
  keywords?: string[];
  /** The most characters a match can start before the keyword it contains (default 0). */
  lead?: number;
  /**
   * The most characters the pattern can look at from a match's start, lookaheads and failed tries
   * included, counted from its bounded repetitions; absent when a repetition is unbounded. A large text
   * is then searched only around its keywords (detect.ts), with exactly the matches a whole-text search
   * would find. test/analysis/secrets/large-text.test.ts checks each bound against the pattern.
   */
  span?: number;
  /**
   * What must follow a keyword occurrence that a match contains, as a sticky case-insensitive regex tried
   * where the keyword starts (the pattern's own text after its keyword): an occurrence it rejects is no
   * place to search. Spares the search around the many "key"s and URLs of ordinary code.
   */
  near?: RegExp;
  /** A further check on the candidate (the match gives access to the other groups). */
  validate?: (value: string, match: RegExpMatchArray) => boolean;
  /** Where such a secret should come from instead, for the reason ("the GITHUB_TOKEN environment variable"). */
  loadFrom?: string;
}

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const classes = (s: string) =>
  Number(/[a-z]/.test(s)) + Number(/[A-Z]/.test(s)) + Number(/[0-9]/.test(s)) + Number(/[^A-Za-z0-9]/.test(s));

/** Base64url-decoded JSON object, or undefined. */
function jwtPart(part: string): Record<string, unknown> | undefined {
  try {
    const json = Buffer.from(part.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
    const v: unknown = JSON.parse(json);
    return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Names that hold a value *about* a secret, not the secret: API_KEY_ID, token_url, password_length, … */
const NOT_A_SECRET_NAME =
  /(?:^|[_.-])(?:id|ids|name|names|file|path|dir|url|uri|endpoint|type|types|length|len|size|count|env|var|field|header|prefix|suffix|format|pattern|regex|label|expiry|expires|expiration|ttl|version|mode|enabled|required|policy|hint|placeholder|example|location|ref|arn|index|limit|min|max)$|(?:Id|Name|File|Path|Url|Uri|Type|Length|Size|Count|Field|Header|Prefix|Format|Pattern|Label|Version|Mode|Enabled|Required|Policy|Ref|Arn|Index)$/;
const PASSWORD_NAME = /(?:passw(?:or)?d|pwd|passphrase)$/i;
/** A value that refers to a secret kept elsewhere, or says nothing: $VAR, ${VAR}, process.env.X, a.b.c, f(x). */
const REFERENCE =
  /^(?:\$|%|\{|<|@|&|\*)|process\.env|os\.environ|getenv|ENV\[|secrets\.|vault:|^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$|\(|^(?:true|false|null|none|nil|undefined|string|number|boolean|int|str|bytes|required|optional|env|secret|password|token)$/i;

/**
 * A file's path: from home, the working folder or a system folder (`~/.ssh/id_ed25519`, `./keys/ci.pem`,
 * `/home/dev/.ssh/ci_key`), or a relative path to a key-like file (`keys/staging.pem`). A base64 secret can
 * hold slashes, but not these starts nor only name-like segments ending in a file extension.
 */
const FILE_PATH =
  /^(?:~|\.{1,2})\/[\w.@/-]+$|^\/(?:home|Users|root|etc|tmp|var|opt|srv|run|mnt|usr|private)\/[\w.@/-]+$|^[\w-]+(?:\/[\w.-]+)*\/[\w-]+\.(?:pem|pub|key|crt|cer|der|p12|pfx|jks|json|asc|gpg|ppk)$/;

function genericValue(value: string, match: RegExpMatchArray): boolean {
  const name = match[1] ?? "";
  if (NOT_A_SECRET_NAME.test(name)) return false;
  const quoted = match[3] !== undefined;
  if (/\s/.test(value) && !quoted) return false;
  if (/\s/.test(value.trim())) return false; // sentences and prose are not secrets
  if (REFERENCE.test(value)) return false;
  if (/^[a-z]+(?:[-_][a-z]+)*$/i.test(value) && classes(value) === 1) return false; // a word: "password", "bearer"
  if (/^https?:\/\//i.test(value)) return false; // URLs: the connection-string detector handles credentials in them
  if (FILE_PATH.test(value)) return false; // `--private-key=~/.ssh/deploy_key`: where the key is, not the key
  if (/^(?:pk_(?:live|test)_|[sr]k_test_)/.test(value)) return false; // Stripe publishable and test-mode keys
  if (PASSWORD_NAME.test(name)) return value.length >= 8 && classes(value) >= 2 && entropy(value) >= 2.5;
  return value.length >= 16 && classes(value) >= 2 && entropy(value) >= 3.5;
}

const PLACEHOLDER_PASSWORDS = new Set([
  "password",
  "passwd",
  "pass",
  "pwd",
  "pw",
  "secret",
  "changeme",
  "mypassword",
  "yourpassword",
  "example",
  "test",
  "dummy",
  "xxx",
  "****",
  "p@ssw0rd",
  "redacted",
]);

export const secretDetectors: SecretDetector[] = [
  {
    id: "private-key",
    description: "private key",
    // A whole block, or a header followed by a key body whose END line was cut off.
    pattern:
      /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]{0,30000}?-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s\\:,-]{64,30000})/g,
    keywords: ["private key"],
    lead: 50,
    span: 30160,
    validate: (v) =>
      (v
        .replace(/-----[^-]*-----/g, "")
        .replace(/\\n/g, "")
        .match(/[A-Za-z0-9+/]/g)?.length ?? 0) >= 64,
    placeholder: "REDACTED_PRIVATE_KEY",
    loadFrom: "a key file outside the repository (referenced by path) or a secret manager",
  },
  {
    id: "aws-access-key-id",
    description: "AWS access key id",
    pattern: /\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b/g,
    group: 1,
    keywords: ["akia", "asia", "abia", "acca", "a3t"],
    span: 22,
    placeholder: "REDACTED_AWS_ACCESS_KEY_ID",
    loadFrom: "the AWS_ACCESS_KEY_ID environment variable, an AWS profile or an IAM role",
  },
  {
    id: "aws-secret-access-key",
    description: "AWS secret access key",
    pattern:
      /aws_?secret_?(?:access_?)?key\\{0,3}["']?[ \t]{0,4}(?:=|:=|=>|:)[ \t]{0,4}\\{0,3}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
    keywords: ["secret"],
    lead: 4,
    span: 96,
    validate: (v) => entropy(v) >= 3.5,
    placeholder: "REDACTED_AWS_SECRET_ACCESS_KEY",
    loadFrom: "the AWS_SECRET_ACCESS_KEY environment variable, an AWS profile or an IAM role",
  },
  {
    id: "github-token",
    description: "GitHub token",
    pattern: /\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59,})\b/g,
    group: 1,
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
    placeholder: "REDACTED_GITHUB_TOKEN",
    loadFrom: "the GITHUB_TOKEN environment variable (or `gh auth` at run time)",
  },
  {
    id: "gitlab-token",
    description: "GitLab token",
    pattern:
      /\b((?:glpat|gldt|glrt|glptt|glcbt|gloas|glft|glimt|glagent|glsoat|glffct)-[A-Za-z0-9_.-]{20,300}|GR1348941[A-Za-z0-9_-]{20,})/g,
    group: 1,
    keywords: [
      "glpat-",
      "gldt-",
      "glrt-",
      "glptt-",
      "glcbt-",
      "gloas-",
      "glft-",
      "glimt-",
      "glagent-",
      "glsoat-",
      "glffct-",
      "gr1348941",
    ],
    placeholder: "REDACTED_GITLAB_TOKEN",
    loadFrom: "the GITLAB_TOKEN environment variable or the CI's masked variables",
  },
  {
    id: "slack-token",
    description: "Slack token",
    pattern:
      /\b(xox[abposre]-[0-9]{6,}-[A-Za-z0-9-]{8,250}|xapp-\d-[A-Z0-9]{6,}-\d{6,}-[a-z0-9]{16,})|(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{30,200})/g,
    group: [1, 2],
    keywords: ["xox", "xapp-", "hooks.slack.com"],
    placeholder: "REDACTED_SLACK_TOKEN",
    loadFrom: "the SLACK_TOKEN (or SLACK_WEBHOOK_URL) environment variable",
  },
  {
    id: "stripe-live-key",
    description: "Stripe live key",
    pattern: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,247})\b/g,
    group: 1,
    keywords: ["_live_"],
    lead: 2,
    span: 260,
    placeholder: "REDACTED_STRIPE_LIVE_KEY",
    loadFrom: "the STRIPE_SECRET_KEY environment variable",
  },
  {
    id: "anthropic-api-key",
    description: "Anthropic API key",
    pattern: /\b(sk-ant-(?:api|admin|oat|sid)\d{2}-[A-Za-z0-9_-]{32,300})/g,
    group: 1,
    keywords: ["sk-ant-"],
    span: 320,
    placeholder: "REDACTED_ANTHROPIC_API_KEY",
    loadFrom: "the ANTHROPIC_API_KEY environment variable",
  },
  {
    id: "openai-api-key",
    description: "OpenAI API key",
    pattern:
      /\b(sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,300}|sk-[A-Za-z0-9_-]{16,150}T3BlbkFJ[A-Za-z0-9_-]{16,150})/g,
    group: 1,
    keywords: ["sk-proj-", "sk-svcacct-", "sk-admin-", "sk-none-", "t3blbkfj"],
    lead: 153,
    span: 320,
    placeholder: "REDACTED_OPENAI_API_KEY",
    loadFrom: "the OPENAI_API_KEY environment variable",
  },
  {
    id: "google-api-key",
    description: "Google API key",
    pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g,
    group: 1,
    keywords: ["aiza"],
    span: 41,
    placeholder: "REDACTED_GOOGLE_API_KEY",
    loadFrom: "the GOOGLE_API_KEY environment variable",
  },
  {
    id: "google-oauth-client-secret",
    description: "Google OAuth client secret",
    pattern: /\b(GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])/g,
    group: 1,
    keywords: ["gocspx-"],
    span: 37,
    placeholder: "REDACTED_GOOGLE_CLIENT_SECRET",
    loadFrom: "an environment variable or a secret manager",
  },
  {
    id: "npm-token",
    description: "npm token",
    pattern: /\b(npm_[A-Za-z0-9]{36})\b/g,
    group: 1,
    keywords: ["npm_"],
    span: 42,
    placeholder: "REDACTED_NPM_TOKEN",
    loadFrom: "the NPM_TOKEN environment variable (`//registry.npmjs.org/:_authToken=${NPM_TOKEN}` in .npmrc)",
  },
  {
    id: "pypi-token",
    description: "PyPI token",
    pattern: /\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000})/g,
    group: 1,
    keywords: ["pypi-ageichlwas5vcmc"],
    span: 1024,
    placeholder: "REDACTED_PYPI_TOKEN",
    loadFrom: "the TWINE_PASSWORD environment variable or a trusted publisher",
  },
  {
    id: "huggingface-token",
    description: "Hugging Face token",
    pattern: /\b(hf_[A-Za-z]{34,40})\b/g,
    group: 1,
    keywords: ["hf_"],
    span: 45,
    validate: (v) => entropy(v) >= 3.5 && /[A-Z]/.test(v) && /[a-z]/.test(v.slice(3)),
    placeholder: "REDACTED_HUGGINGFACE_TOKEN",
    loadFrom: "the HF_TOKEN environment variable",
  },
  {
    id: "sendgrid-api-key",
    description: "SendGrid API key",
    pattern: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
    group: 1,
    keywords: ["sg."],
    span: 71,
    placeholder: "REDACTED_SENDGRID_API_KEY",
    loadFrom: "the SENDGRID_API_KEY environment variable",
  },
  {
    id: "shopify-token",
    description: "Shopify token",
    pattern: /\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/g,
    group: 1,
    keywords: ["shpat_", "shpca_", "shppa_", "shpss_"],
    span: 40,
    placeholder: "REDACTED_SHOPIFY_TOKEN",
    loadFrom: "an environment variable or a secret manager",
  },
  {
    id: "digitalocean-token",
    description: "DigitalOcean token",
    pattern: /\b(do[opr]_v1_[a-f0-9]{64})\b/g,
    group: 1,
    keywords: ["_v1_"],
    lead: 3,
    span: 73,
    placeholder: "REDACTED_DIGITALOCEAN_TOKEN",
    loadFrom: "the DIGITALOCEAN_TOKEN environment variable",
  },
  {
    id: "docker-hub-token",
    description: "Docker Hub token",
    pattern: /\b(dckr_pat_[A-Za-z0-9_-]{27,100})/g,
    group: 1,
    keywords: ["dckr_pat_"],
    span: 110,
    placeholder: "REDACTED_DOCKER_TOKEN",
    loadFrom: "`docker login` with a credential helper, or a CI secret",
  },
  {
    id: "vault-token",
    description: "HashiCorp Vault token",
    pattern: /\b(hv[sbr]\.[A-Za-z0-9_-]{24,300})/g,
    group: 1,
    keywords: ["hvs.", "hvb.", "hvr."],
    span: 305,
    validate: (v) => entropy(v) >= 3.5,
    placeholder: "REDACTED_VAULT_TOKEN",
    loadFrom: "the VAULT_TOKEN environment variable (from `vault login` at run time)",
  },
  {
    id: "groq-api-key",
    description: "Groq API key",
    pattern: /\b(gsk_[A-Za-z0-9]{52})\b/g,
    group: 1,
    keywords: ["gsk_"],
    span: 58,
    placeholder: "REDACTED_GROQ_API_KEY",
    loadFrom: "the GROQ_API_KEY environment variable",
  },
  {
    id: "linear-api-key",
    description: "Linear API key",
    pattern: /\b(lin_api_[A-Za-z0-9]{40})\b/g,
    group: 1,
    keywords: ["lin_api_"],
    span: 50,
    placeholder: "REDACTED_LINEAR_API_KEY",
    loadFrom: "the LINEAR_API_KEY environment variable",
  },
  {
    id: "databricks-token",
    description: "Databricks token",
    pattern: /\b(dapi[a-f0-9]{32}(?:-\d)?)\b/g,
    group: 1,
    keywords: ["dapi"],
    span: 40,
    placeholder: "REDACTED_DATABRICKS_TOKEN",
    loadFrom: "the DATABRICKS_TOKEN environment variable",
  },
  {
    id: "telegram-bot-token",
    description: "Telegram bot token",
    pattern: /\b(\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/g,
    group: 1,
    keywords: [":aa"],
    lead: 10,
    span: 48,
    placeholder: "REDACTED_TELEGRAM_BOT_TOKEN",
    loadFrom: "an environment variable",
  },
  {
    id: "age-secret-key",
    description: "age secret key",
    pattern: /\b(AGE-SECRET-KEY-1[0-9A-Z]{58})\b/g,
    group: 1,
    keywords: ["age-secret-key-1"],
    span: 76,
    placeholder: "REDACTED_AGE_SECRET_KEY",
    loadFrom: "a key file outside the repository",
  },
  {
    id: "jwt",
    description: "JSON web token",
    pattern: /\b(eyJ[A-Za-z0-9_-]{8,4000}\.eyJ[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{16,2000})(?![A-Za-z0-9_-])/g,
    group: 1,
    keywords: ["eyj"],
    span: 14012,
    validate: (v) => {
      const header = jwtPart(v.slice(0, v.indexOf(".")));
      return !!header && typeof header.alg === "string" && header.alg.toLowerCase() !== "none";
    },
    placeholder: "REDACTED_JWT",
    loadFrom: "an environment variable, or obtain a fresh token at run time",
  },
  {
    id: "connection-string-password",
    description: "password in a connection string",
    // scheme://user:password@host — the password is group 3.
    pattern: /\b([a-z][a-z0-9+.-]{1,20}):\/\/([^\s:@/'"`<>]{1,128}):([^\s@/'"`<>]{1,256})@(?=[A-Za-z0-9[_-])/gi,
    group: 3,
    keywords: ["://"],
    lead: 21,
    span: 420,
    near: /:\/\/[^\s:@/'"`<>]{1,128}:[^\s@/'"`<>]{1,256}@/iy,
    validate: (v, m) => {
      const p = v.toLowerCase();
      if (PLACEHOLDER_PASSWORDS.has(p) || p === (m[2] ?? "").toLowerCase()) return false;
      return !/^(?:\$|%|\{|<|\*+$|x+$|\.+$)/i.test(v) && !/\$\{|\{\{/.test(v);
    },
    placeholder: "REDACTED_PASSWORD",
    loadFrom: "an environment variable holding the whole connection string (e.g. DATABASE_URL)",
  },
  {
    id: "authorization-header",
    description: "credential in an authorization header",
    pattern:
      /\b(?:proxy-)?(?:authorization|x-api-key|api-key|x-auth-token|private-token|x-access-token)\\{0,3}["']?[ \t]{0,4}[:=][ \t]{0,4}\\{0,3}["']?(?:(?:bearer|token|basic|apikey)[ \t]{1,4})?([A-Za-z0-9._~+/=-]{16,4000})/gi,
    group: 1,
    keywords: ["authorization", "api-key", "x-auth-token", "private-token", "x-access-token"],
    lead: 8,
    span: 4100,
    near: /(?:authorization|api-key|x-auth-token|private-token|x-access-token)\\{0,3}["']?[ \t]{0,4}[:=]/iy,
    validate: (v) => entropy(v) >= 3.2 && classes(v) >= 2,
    placeholder: "REDACTED_TOKEN",
    loadFrom: 'an environment variable expanded at run time (e.g. -H "Authorization: Bearer $API_TOKEN")',
  },
  {
    id: "secret-assignment",
    description: "secret value assigned to a key, secret, token or password name",
    pattern:
      /(?<![A-Za-z0-9_])([A-Za-z0-9_.-]{0,40}?(?:key|secret|token|passw(?:or)?d|pwd|passphrase|credentials?)[A-Za-z0-9_-]{0,16})\\{0,3}["']?[ \t]{0,4}(?:=|:=|=>|:|\?=)[ \t]{0,4}(?:\\{0,3}(["'`])([^"'`\r\n\\]{6,512})\\{0,3}\2|([^\s"'`,;)\]}<>\\]{6,512}))/gi,
    group: [3, 4],
    keywords: ["key", "secret", "token", "passw", "pwd", "passphrase", "credential"],
    lead: 40,
    span: 620,
    near: /(?:key|secret|token|passw(?:or)?d|pwd|passphrase|credentials?)[A-Za-z0-9_-]{0,16}\\{0,3}["']?[ \t]{0,4}(?:=|:=|=>|:|\?=)/iy,
    validate: genericValue,
    placeholder: "REDACTED_SECRET",
    loadFrom: "an environment variable or a secret manager",
  },
];

/** Documented example values that are not secrets, whatever detector matches them. */
export const KNOWN_EXAMPLES = new Set([
  "AKIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
]);

/**
 * Placeholder shapes: xxx, <your-key>, ${VAR}, {{var}}, changeme, …EXAMPLE…, REDACTED_…, runs of one
 * character, and values that say they protect nothing (Django's generated `django-insecure-…` dev key,
 * `test-only-not-a-secret`).
 */
export const PLACEHOLDER =
  /example|placeholder|changeme|change_me|redacted|dummy|sample|insecure|not[_-]?a[_-]?(?:real[_-]?)?secret|your[_-]?(?:api[_-]?)?(?:key|token|secret|password)|x{5,}|X{5,}|\*{3,}|<[^>]*>|\$\{|\{\{|^(?:your|my)[_-]/i;
