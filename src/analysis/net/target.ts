// Network targets (URLs, host[:port], user@host, [v6]:port) parsed once and classified, so every rule
// sees 169.254.169.254, 0xa9fea9fe, [::ffff:a9fe:a9fe] and metadata.google.internal. alike.
import { parseIp, type AddressClass, type IpInfo } from "./ip.js";

export interface NetTarget {
  /** The text the target was read from. */
  raw: string;
  /** Lower-case scheme without ":", when the target was a URL. */
  scheme?: string;
  /** Host, normalised: lower case, no brackets, no trailing dot; canonical address for IP literals. */
  host: string;
  port?: number;
  /** Set when the host is an IP literal (or a name that embeds one, such as 10.0.0.1.nip.io). */
  ip?: IpInfo;
  /** What the host reaches. Names are classified by their form only (no DNS lookup): see hostClass. */
  class: AddressClass;
}

const METADATA_NAMES = new Set([
  "metadata.google.internal",
  "metadata.goog",
  "metadata",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.tencentyun.com",
  "metadata.platformequinix.com",
]);
const LOOPBACK_NAMES = new Set([
  "localhost",
  "ip6-localhost",
  "ip6-loopback",
  "localhost.localdomain",
  "localtest.me",
  "lvh.me",
  "vcap.me",
  "lacolhost.com",
  // The machine a container runs on, by the name Docker Desktop, Podman and Lima give it inside: a dev
  // server there is the user's own (curl from a container or zap-baseline against :3000), and its admin
  // ports are this machine's admin ports.
  "host.docker.internal",
  "gateway.docker.internal",
  "host.containers.internal",
  "host.lima.internal",
  // LocalStack's public name for 127.0.0.1 (and its buckets' virtual hosts under it).
  "localhost.localstack.cloud",
]);
/** Public DNS names that resolve to the address written inside them. */
const IP_ECHO_SUFFIXES = [".nip.io", ".sslip.io", ".xip.io", ".traefik.me", ".localtest.me", ".lvh.me", ".vcap.me"];
const INTERNAL_SUFFIXES = [
  ".localhost",
  ".internal",
  ".local",
  ".localdomain",
  ".lan",
  ".home.arpa",
  ".intranet",
  ".corp",
  ".private",
  ".svc",
  ".cluster.local",
];

/** Lower case, no brackets, no trailing dots, percent-escapes decoded. */
export function normalizeHost(host: string): string {
  let h = host.trim();
  if (h.includes("%") && !h.includes(":")) {
    try {
      h = decodeURIComponent(h);
    } catch {
      // keep as is
    }
  }
  h = h.toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  return h.replace(/\.+$/, "");
}

/** What a host (name or IP literal, any spelling) reaches, judged from its text alone. */
export function classifyHost(rawHost: string): { host: string; ip?: IpInfo; class: AddressClass } {
  const host = normalizeHost(rawHost);
  const ip = parseIp(host);
  if (ip) return { host: ip.address, ip, class: ip.class };
  if (METADATA_NAMES.has(host)) return { host, class: "metadata" };
  if (LOOPBACK_NAMES.has(host) || host.endsWith(".localhost.localstack.cloud")) return { host, class: "loopback" };
  for (const suffix of IP_ECHO_SUFFIXES) {
    if (!host.endsWith(suffix)) continue;
    const label = host.slice(0, -suffix.length);
    // 10.0.0.1.nip.io, app.10.0.0.1.nip.io, 10-0-0-1.nip.io, app-0a000001.nip.io
    const dotted = /(?:^|[.-])(\d{1,3}(?:[.-]\d{1,3}){3})$/.exec(label);
    const hex = /(?:^|[.-])([0-9a-f]{8})$/.exec(label);
    const embedded = dotted ? parseIp(dotted[1]!.replace(/-/g, ".")) : hex ? parseIp(`0x${hex[1]}`) : undefined;
    if (embedded) return { host, ip: embedded, class: embedded.class };
    if (suffix === ".localtest.me" || suffix === ".lvh.me" || suffix === ".vcap.me") return { host, class: "loopback" };
  }
  if (host.endsWith(".localhost")) return { host, class: "loopback" };
  if (INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return { host, class: "private" };
  // A single-label name (db, api, redis) is resolved by a local resolver: a container or LAN host.
  if (/^[a-z0-9_-]+$/.test(host) && !/^\d+$/.test(host)) return { host, class: "private" };
  return { host, class: "public" };
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\s]*@)?(\[[^\]]*\]|[^:/?#\s]*)(?::(\d+))?/i;

function target(raw: string, rawHost: string, port: number | undefined, scheme?: string): NetTarget | undefined {
  if (!rawHost) return undefined;
  const c = classifyHost(rawHost);
  if (!c.host) return undefined;
  return {
    raw,
    ...(scheme ? { scheme } : {}),
    host: c.host,
    ...(port !== undefined && Number.isFinite(port) ? { port } : {}),
    ...(c.ip ? { ip: c.ip } : {}),
    class: c.class,
  };
}

/**
 * Schemes whose "host" part names a bucket, container, account or image, not a host the client connects
 * to (`aws s3 ls s3://my-bucket` talks to the provider's endpoint; `op read op://dev/npm/token` reads a
 * vault): they are no network target.
 */
const RESOURCE_SCHEMES = new Set([
  "s3",
  "s3a",
  "s3n",
  "gs",
  "gcs",
  "az",
  "abfs",
  "abfss",
  "wasb",
  "wasbs",
  "adl",
  "r2",
  "oss",
  "cos",
  "hf",
  "file",
  "docker",
  "oci",
  // 1Password secret references (op://vault/item/field): the first part names a vault.
  "op",
  // An application's own resource namespaces, resolved inside the program, never dialled: Godot's res://,
  // user:// and uid:// (`godot -s gut_cmdln.gd -gdir=res://test`), Android's content:// providers and
  // android.resource:// (`adb shell content query --uri content://settings/system`), ROS and Gazebo's
  // package:// and model://, fsspec's in-process memory://, zip:// and tar://, browsers' and desktop
  // shells' own pages (chrome://, about://, app://, tauri://, capacitor://), and SPIFFE identities.
  "res",
  "user",
  "uid",
  "content",
  "android.resource",
  "package",
  "model",
  "memory",
  "zip",
  "tar",
  "chrome",
  "chrome-extension",
  "moz-extension",
  "about",
  "app",
  "tauri",
  "capacitor",
  "spiffe",
]);

/** A URL with a scheme ("http://…", "gopher://…", "ssh://…"), parsed the way a client would. */
export function parseUrlTarget(raw: string): NetTarget | undefined {
  const m = SCHEME.exec(raw);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  if (RESOURCE_SCHEMES.has(scheme)) return undefined;
  try {
    const u = new URL(raw);
    // WHATWG leaves hosts of non-special schemes (gopher:, ssh:, …) as written: classifyHost normalises them.
    return target(raw, u.hostname, u.port ? Number(u.port) : undefined, scheme);
  } catch {
    const a = AUTHORITY.exec(raw);
    return a ? target(raw, a[1]!, a[2] ? Number(a[2]) : undefined, scheme) : undefined;
  }
}

/**
 * A host word as command-line clients take it: "host", "host:port", "user@host", "user@host:path",
 * "[v6]:port", "host/path", or a URL. Undefined when the word does not look like a network host.
 */
export function parseHostWord(word: string): NetTarget | undefined {
  const w = word.trim();
  if (!w || w.length > 2048) return undefined;
  if (SCHEME.test(w)) return parseUrlTarget(w);
  let rest = w;
  const at = rest.lastIndexOf("@");
  if (at >= 0) rest = rest.slice(at + 1);
  let host: string;
  let port: number | undefined;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) return undefined;
    host = rest.slice(0, close + 1);
    const after = rest.slice(close + 1);
    const pm = /^:(\d+)/.exec(after);
    if (pm) port = Number(pm[1]);
  } else {
    const slash = rest.search(/[/?#]/);
    const authority = slash >= 0 ? rest.slice(0, slash) : rest;
    const colons = authority.split(":").length - 1;
    if (colons > 1) {
      // A bare IPv6 literal (::1, fe80::1%eth0), or host:port:something (scp host:path has one colon).
      if (!parseIp(authority)) return undefined;
      host = authority;
    } else if (colons === 1) {
      const [h, p] = authority.split(":") as [string, string];
      host = h;
      if (/^\d+$/.test(p)) port = Number(p);
    } else host = authority;
  }
  if (!/^\[?[A-Za-z0-9._%:-]+\]?$/.test(host)) return undefined;
  return target(word, host, port);
}

/** Every URL with a scheme written in a text (a command line, inline code, a JSON argument). Linear. */
export function findUrls(text: string): string[] {
  if (!text.includes("://")) return [];
  const out: string[] = [];
  for (const m of text.matchAll(/\b[a-z][a-z0-9+.-]{0,15}:\/\/[^\s'"`<>()\\{}|^]{1,2048}/gi)) out.push(m[0]);
  return out;
}
