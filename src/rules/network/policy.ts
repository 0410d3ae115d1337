// Matching hosts against the lists users write in a policy: names ("example.com" also covers its
// subdomains, "*.example.com" only them), IP addresses in any spelling, CIDR ranges, each with an
// optional ":port".
import { ipInCidr, parseIp, normalizeHost, type NetTarget } from "../../analysis/net/index.js";

function hostMatches(t: NetTarget, entry: string): boolean {
  let e = entry.trim().toLowerCase();
  if (!e) return false;
  let port: number | undefined;
  const pm = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(e);
  if (pm) {
    e = pm[1]!;
    port = Number(pm[2]);
  }
  if (port !== undefined && t.port !== undefined && t.port !== port) return false;
  if (port !== undefined && t.port === undefined) return false;
  e = e.replace(/^\[|\]$/g, "");
  if (e.includes("/"))
    return t.ip ? ipInCidr(t.ip.address, e) || (!!t.ip.embedded && ipInCidr(t.ip.embedded, e)) : false;
  const ip = parseIp(e);
  if (ip) return !!t.ip && (t.ip.address === ip.address || t.ip.embedded === ip.address);
  const name = normalizeHost(e);
  if (name.startsWith("*.")) return t.host.endsWith(name.slice(1));
  return t.host === name || t.host.endsWith(`.${name}`);
}

export const matchesAny = (t: NetTarget, entries: unknown): boolean =>
  Array.isArray(entries) && entries.some((e) => typeof e === "string" && hostMatches(t, e));

/** How a target is shown in a reason: host[:port], never the path or query (which may hold tokens). */
export function showTarget(t: NetTarget): string {
  const host = t.host.includes(":") ? `[${t.host}]` : t.host;
  return `${t.scheme ? `${t.scheme}://` : ""}${host}${t.port !== undefined ? `:${t.port}` : ""}`;
}
