// Where a secret may go. A token belongs to one service (GITHUB_TOKEN to GitHub, OPENAI_API_KEY to
// OpenAI): sent there, or to this machine and the local network, it is everyday work. Sent to a request
// collector, a tunnel, a paste site or a bare public address, it is exfiltration whatever it is called.
// Anywhere else it depends on the secret: a provider's token has no business there; a generic one
// ($API_TOKEN) in an auth header is how the project calls its own API; a connection string never goes
// into a request at all.
import type { NetTarget } from "../../analysis/net/index.js";
import { isSecretName } from "../../analysis/secrets/index.js";

/** Variable-name prefixes (after an optional `PREFIX_`) of provider tokens, and the domains they belong to. */
const OWNERS: [RegExp, string[]][] = [
  [/^(?:GITHUB|GH|GHE|GHCR)_/, ["github.com", "githubusercontent.com", "ghcr.io", "github.io", "githubapp.com"]],
  [/^(?:GITLAB|GL|CI_JOB)_/, ["gitlab.com"]],
  [/^BITBUCKET_/, ["bitbucket.org", "atlassian.com"]],
  [/^OPENAI_/, ["openai.com", "openai.azure.com"]],
  [/^(?:ANTHROPIC|CLAUDE)_/, ["anthropic.com"]],
  [/^AWS_/, ["amazonaws.com", "aws.amazon.com", "amazonaws.com.cn", "aws"]],
  [/^STRIPE_/, ["stripe.com"]],
  [/^SLACK_/, ["slack.com"]],
  [/^VERCEL_/, ["vercel.com", "vercel.app"]],
  [/^(?:CLOUDFLARE|CF)_/, ["cloudflare.com", "workers.dev"]],
  [/^(?:NPM|NODE_AUTH)_/, ["npmjs.org", "npmjs.com"]],
  [/^(?:GOOGLE|GCP|GCLOUD|FIREBASE|GEMINI)_/, ["googleapis.com", "google.com", "firebaseio.com"]],
  [/^(?:AZURE|ARM)_/, ["azure.com", "azure.net", "windows.net", "microsoft.com", "microsoftonline.com"]],
  [/^HEROKU_/, ["heroku.com"]],
  [/^NETLIFY_/, ["netlify.com", "netlify.app"]],
  [/^SENTRY_/, ["sentry.io"]],
  [/^(?:DATADOG|DD)_/, ["datadoghq.com", "datadoghq.eu"]],
  [/^TWILIO_/, ["twilio.com"]],
  [/^SENDGRID_/, ["sendgrid.com", "sendgrid.net"]],
  [/^(?:HF|HUGGING_?FACE)_/, ["huggingface.co"]],
  [/^(?:DOCKER|DOCKERHUB)_/, ["docker.com", "docker.io"]],
  [/^(?:DIGITALOCEAN|DO)_/, ["digitalocean.com"]],
  [/^SUPABASE_/, ["supabase.co", "supabase.com"]],
  [/^LINEAR_/, ["linear.app"]],
  [/^NOTION_/, ["notion.com", "notion.so"]],
  [/^DISCORD_/, ["discord.com", "discordapp.com"]],
  [/^TELEGRAM_/, ["telegram.org"]],
  [/^(?:PYPI|TWINE)_/, ["pypi.org"]],
  [/^CODECOV_/, ["codecov.io"]],
  [/^(?:CIRCLE|CIRCLECI)_/, ["circleci.com"]],
  [/^(?:MISTRAL)_/, ["mistral.ai"]],
  [/^(?:GROQ)_/, ["groq.com"]],
  [/^(?:COHERE|CO)_/, ["cohere.ai", "cohere.com"]],
  [/^REPLICATE_/, ["replicate.com"]],
  [/^PINECONE_/, ["pinecone.io"]],
  [/^(?:JIRA|ATLASSIAN|CONFLUENCE)_/, ["atlassian.net", "atlassian.com"]],
  [/^SHOPIFY_/, ["myshopify.com", "shopify.com"]],
  [/^MAILGUN_/, ["mailgun.net", "mailgun.org"]],
  [/^POSTMARK_/, ["postmarkapp.com"]],
  [/^OPENROUTER_/, ["openrouter.ai"]],
  [/^(?:TF|TFE|TERRAFORM)_/, ["terraform.io", "hashicorp.cloud"]],
  [/^(?:SNYK)_/, ["snyk.io"]],
  [/^(?:SONAR)_/, ["sonarcloud.io", "sonarqube.org"]],
  [/^(?:ALGOLIA)_/, ["algolia.net", "algolia.com"]],
  [/^(?:PAYPAL)_/, ["paypal.com"]],
];

/**
 * Out-of-band interaction servers (interactsh's oast.*, Burp Collaborator, dnslog, canarytokens,
 * requestrepo): every request to, and every DNS lookup of, a name under them is logged for the caller.
 */
export const OUT_OF_BAND_COLLECTORS: readonly string[] = [
  "interact.sh",
  "interactsh.com",
  "oast.fun",
  "oast.pro",
  "oast.live",
  "oast.site",
  "oast.online",
  "oast.me",
  "oastify.com",
  "burpcollaborator.net",
  "dnslog.cn",
  "dnslog.link",
  "ceye.io",
  "canarytokens.com",
  "canarytokens.org",
  "requestrepo.com",
  "dnsbin.zhack.ca",
];

/**
 * Services that exist to collect what is sent to them (request bins, out-of-band interaction servers,
 * tunnels to someone's laptop, paste and anonymous file drops). A domain matches itself and its subdomains.
 */
const COLLECTORS = [
  ...OUT_OF_BAND_COLLECTORS,
  "webhook.site",
  "webhook.cool",
  "requestbin.net",
  "requestbin.io",
  "requestbin.com",
  "requestbin.fullcontact.com",
  "pipedream.net",
  "pipedream.com",
  "hookbin.com",
  "requestcatcher.com",
  "beeceptor.com",
  "mockbin.org",
  "mockbin.io",
  "postb.in",
  "ptsv2.com",
  "ptsv3.com",
  "httpdump.app",
  "requestinspector.com",
  "ngrok.io",
  "ngrok.app",
  "ngrok.dev",
  "ngrok-free.app",
  "ngrok-free.dev",
  "trycloudflare.com",
  "serveo.net",
  "serveousercontent.com",
  "localhost.run",
  "lhr.life",
  "lhr.rocks",
  "loca.lt",
  "localtunnel.me",
  "pagekite.me",
  "bore.pub",
  "telebit.cloud",
  "pinggy.link",
  "pinggy.io",
  "tunnelmole.net",
  "pastebin.com",
  "paste.ee",
  "hastebin.com",
  "dpaste.com",
  "dpaste.org",
  "ghostbin.com",
  "termbin.com",
  "ix.io",
  "sprunge.us",
  "0x0.st",
  "transfer.sh",
  "file.io",
  "catbox.moe",
  "litterbox.catbox.moe",
  "temp.sh",
  "bashupload.com",
  "gofile.io",
  "anonfiles.com",
  "filebin.net",
  "tmpfiles.org",
  "oshi.at",
  "keep.sh",
];

/** Words test and attack write-ups give collecting hosts, as a whole label or a dash-separated part of one. */
const HOSTILE_WORDS = new Set([
  "evil",
  "attacker",
  "attack",
  "exfil",
  "exfiltrate",
  "malicious",
  "malware",
  "hacker",
  "steal",
  "stealer",
  "stolen",
  "loot",
  "pwn",
  "pwned",
  "c2",
  "phish",
  "leak",
  "leaks",
]);

const matchesDomain = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** The domains a secret variable belongs to, when its name says which provider issued it. */
export function secretOwner(name: string): string[] | undefined {
  const upper = name.toUpperCase();
  for (const [re, domains] of OWNERS) {
    // GITHUB_TOKEN, MY_GITHUB_TOKEN, CI_GITHUB_TOKEN: the provider may follow a prefix of the project's.
    if (re.test(upper)) return domains;
    const i = upper.indexOf("_");
    if (i > 0 && i < upper.length - 1 && re.test(upper.slice(i + 1))) return domains;
  }
  return undefined;
}

/** A connection string with its password in it: DATABASE_URL, REDIS_URL, MONGODB_URI, SENTRY_DSN's kin. */
export function isConnectionString(name: string): boolean {
  return /^(?:[A-Z0-9_]*_)?(?:DATABASE|DB|MONGO|MONGODB|REDIS|POSTGRES|POSTGRESQL|PG|MYSQL|MARIADB|AMQP|RABBITMQ|CELERY_BROKER|BROKER)_(?:URL|URI|DSN)$|_CONNECTION_?STRING$|^(?:[A-Z0-9_]*_)?CONN_?STR$/i.test(
    name,
  );
}

/** Whether an environment variable's name says its value is a secret. */
export function isSecretVariable(name: string): boolean {
  if (/^SSH_AUTH_SOCK$|^GPG_AGENT_INFO$/i.test(name)) return false;
  return isSecretName(name) || isConnectionString(name);
}

/** A request collector, a tunnel, a paste site, a bare public address, or a host named for attacks. */
export function isCollectingHost(t: NetTarget): boolean {
  if (t.class !== "public") return false;
  if (t.ip) return true;
  if (COLLECTORS.some((d) => matchesDomain(t.host, d))) return true;
  return t.host.split(".").some((label) => label.split("-").some((w) => HOSTILE_WORDS.has(w)));
}

export type Destination = "local" | "own" | "collector" | "public";

/** Labels that end a domain name: one of them inside a host (github.com.x.io) spoofs a provider. */
const TLD_LABELS = new Set([
  "com",
  "net",
  "org",
  "io",
  "co",
  "dev",
  "app",
  "ai",
  "cloud",
  "me",
  "sh",
  "us",
  "uk",
  "de",
]);

/** The registrable part of a host name, roughly: its last two labels (three under co.uk-like suffixes). */
function registrable(host: string): string {
  const labels = host.split(".");
  const n = labels.length >= 3 && labels.at(-2)!.length <= 3 && labels.at(-1)!.length === 2 ? 3 : 2;
  return labels.slice(-n).join(".");
}

/** Words of a secret's name that say whose it is: OPENWEATHER_API_KEY → openweather; generic words dropped. */
const GENERIC_NAME_WORDS = new Set([
  "api",
  "key",
  "keys",
  "token",
  "tokens",
  "secret",
  "secrets",
  "access",
  "auth",
  "private",
  "client",
  "app",
  "service",
  "role",
  "pat",
  "bot",
  "password",
  "pass",
  "passwd",
  "credentials",
  "credential",
  "my",
  "the",
  "prod",
  "production",
  "staging",
  "dev",
  "test",
  "live",
  "server",
  "admin",
  "user",
  "session",
  "master",
  "root",
  "db",
  "database",
  "url",
  "uri",
  "dsn",
  "id",
  "sid",
  "anon",
  "public",
  "personal",
  "write",
  "read",
]);

/**
 * The host belongs to the secret's service by its name: the registrable domain holds the provider word
 * (OPENWEATHER_API_KEY → api.openweathermap.org), or a self-hosted instance is named after the provider
 * (CI_JOB_TOKEN → gitlab.acme-corp.com) without spoofing a domain inside the name (github.com.evil.io).
 */
function namedFor(host: string, secret: string, owner: string[] | undefined): boolean {
  const reg = registrable(host).replace(/[^a-z0-9]/g, "");
  const words = secret
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 4 && !GENERIC_NAME_WORDS.has(w));
  if (words.some((w) => reg.includes(w))) return true;
  if (!owner) return false;
  const labels = host.split(".");
  const inner = labels.slice(0, -2);
  if (inner.some((l) => TLD_LABELS.has(l))) return false;
  const providers = owner.map((d) => d.split(".")[0]!);
  return inner.some((l) => providers.includes(l));
}

/** What a target is to the secret sent there. */
export function destinationFor(t: NetTarget, secret: string): Destination {
  if (t.class !== "public") return "local";
  const owner = secretOwner(secret);
  if (owner?.some((d) => matchesDomain(t.host, d))) return "own";
  if (isCollectingHost(t)) return "collector";
  if (!t.ip && namedFor(t.host, secret, owner)) return "own";
  return "public";
}

/** Environment variable names in a word's template (U+0003 NAME U+0003, see the shell analysis). */
export function envNames(template: string | undefined): string[] {
  if (!template?.includes("\u0003")) return [];
  return [...template.matchAll(/\u0003([A-Za-z_][A-Za-z0-9_]*)\u0003/g)].map((m) => m[1]!);
}
