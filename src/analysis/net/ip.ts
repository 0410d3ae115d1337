// IP literals, however they are spelled, reduced to one canonical address and a class. The parsing is
// ipaddr.js's (it accepts what inet_aton accepts: decimal, hex, octal and short forms such as 127.1);
// this module adds what it leaves to the caller: brackets, trailing dots, zone ids, and the IPv4
// addresses hidden inside IPv6 ones (mapped, compatible, NAT64, 6to4, Teredo).
import { runtimeRequire } from "../../builtin.js";
import type ipaddr from "ipaddr.js";

declare const require: NodeJS.Require | undefined;

let ipaddrLib: typeof ipaddr | undefined;

/**
 * ipaddr.js, loaded with the first address to classify: most tool calls name no host, and evaluating the
 * library costs a fresh process ~0.4 ms (measured under Bun). The literal require() is what bundlers
 * follow (the hook bundle and the native binary carry the library); vitest runs these sources as ESM.
 */
function ipLib(): typeof ipaddr {
  return (ipaddrLib ??= typeof require === "function" ? require("ipaddr.js") : runtimeRequire("ipaddr.js"));
}

/** What an address reaches, from the most to the least sensitive. */
export type AddressClass =
  | "metadata" // a cloud instance-metadata endpoint (credentials live there)
  | "loopback" // this machine (127/8, ::1, and 0.0.0.0 / ::, which reach it too)
  | "link-local" // 169.254/16, fe80::/10
  | "private" // RFC 1918, unique-local fc00::/7, carrier-grade NAT 100.64/10
  | "reserved" // multicast, broadcast, benchmarking and other special-purpose ranges
  | "public";

export interface IpInfo {
  /** Canonical text: dotted decimal for IPv4 (also when it was embedded in IPv6), RFC 5952 for IPv6. */
  address: string;
  kind: "ipv4" | "ipv6";
  class: AddressClass;
  /** The IPv4 address an IPv6 literal carries (mapped, NAT64, 6to4, Teredo), when it carries one. */
  embedded?: string;
}

/** Instance-metadata services of the clouds (AWS, GCP, Azure, Oracle, DigitalOcean, Alibaba, ECS tasks). */
const METADATA_IPS = new Set([
  "169.254.169.254",
  "169.254.170.2",
  "169.254.170.23",
  "100.100.100.200",
  "192.0.0.192",
  "168.63.129.16",
  "fd00:ec2::254",
  "fd00:ec2::23",
]);

const RANK: Record<AddressClass, number> = {
  metadata: 5,
  loopback: 4,
  "link-local": 3,
  private: 2,
  reserved: 1,
  public: 0,
};

/** The more sensitive of two classes. */
function worseClass(a: AddressClass, b: AddressClass): AddressClass {
  return RANK[a] >= RANK[b] ? a : b;
}

function classOf(addr: ipaddr.IPv4 | ipaddr.IPv6, text: string): AddressClass {
  if (METADATA_IPS.has(text)) return "metadata";
  const range = addr.range();
  switch (range) {
    case "loopback":
    case "unspecified":
      return "loopback";
    case "linkLocal":
      return "link-local";
    case "private":
    case "uniqueLocal":
    case "carrierGradeNat":
      return "private";
    case "unicast":
      return "public";
    default:
      return "reserved";
  }
}

/** Strips what may surround an IP literal in a host position: brackets, trailing dots, a zone id. */
function bare(host: string): string {
  let h = host.trim();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  h = h.replace(/\.+$/, "");
  const zone = h.indexOf("%");
  if (zone > 0 && h.includes(":")) h = h.slice(0, zone);
  return h;
}

function v4FromParts(hi: number, lo: number): ipaddr.IPv4 {
  return new (ipLib().IPv4)([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

/** The IPv4 address an IPv6 address carries, if any. */
function embeddedV4(v6: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = v6.parts;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  // IPv4-compatible ::a.b.c.d (deprecated but still routed by some stacks); not :: or ::1.
  if (p.slice(0, 6).every((x) => x === 0) && (p[6]! !== 0 || p[7]! > 1)) return v4FromParts(p[6]!, p[7]!);
  switch (v6.range()) {
    case "rfc6052": // NAT64 64:ff9b::/96
    case "rfc6145":
      return v4FromParts(p[6]!, p[7]!);
    case "6to4": // 2002:AABB:CCDD::/48
      return v4FromParts(p[1]!, p[2]!);
    case "teredo": // client address is the last 32 bits, inverted
      return v4FromParts(~p[6]! & 0xffff, ~p[7]! & 0xffff);
  }
  return undefined;
}

/** The address an IP literal names, or undefined when `host` is not an IP literal. */
export function parseIp(host: string): IpInfo | undefined {
  const h = bare(host);
  if (!h || !/^[0-9a-fA-FxX.:]+$/.test(h)) return undefined;
  if (!ipLib().isValid(h)) return undefined;
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipLib().parse(h);
  } catch {
    return undefined;
  }
  if (addr.kind() === "ipv4") {
    const text = addr.toString();
    return { address: text, kind: "ipv4", class: classOf(addr, text) };
  }
  const v6 = addr as ipaddr.IPv6;
  const v4 = embeddedV4(v6);
  if (v4 && v6.isIPv4MappedAddress()) {
    const text = v4.toString();
    return { address: text, kind: "ipv4", class: classOf(v4, text), embedded: text };
  }
  const text = v6.toRFC5952String();
  let cls = classOf(v6, text);
  if (v4) cls = worseClass(cls === "reserved" ? "public" : cls, classOf(v4, v4.toString()));
  return { address: text, kind: "ipv6", class: cls, ...(v4 ? { embedded: v4.toString() } : {}) };
}

/** True when `ip` (any spelling) lies in `cidr` ("10.0.0.0/8", "fd00::/8", or a single address). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const info = parseIp(ip);
  if (!info) return false;
  try {
    const [net, bits] = cidr.includes("/") ? ipLib().parseCIDR(cidr) : [ipLib().parse(bare(cidr)), -1];
    const addr = ipLib().parse(info.address);
    if (addr.kind() !== net.kind()) return false;
    if (bits < 0)
      return (
        addr.toString() === (net.kind() === "ipv6" ? (net as ipaddr.IPv6).toRFC5952String() : net.toString()) ||
        addr.toString() === net.toString()
      );
    return (addr as ipaddr.IPv4).match(net as ipaddr.IPv4, bits);
  } catch {
    return false;
  }
}
