// The user's own network policy: only HTTPS, only some domains, never some others.
import { defineRule } from "../../engine/rule.js";
import { callTargets } from "./targets.js";
import { matchesAny, showTarget } from "./policy.js";

interface Params {
  require_https: boolean;
  allow_domains: string[];
  deny_domains: string[];
}

const PLAIN = new Set(["http", "ws", "ftp", "gopher", "telnet"]);

export default defineRule<Params>({
  meta: {
    id: "network/domain-policy",
    description:
      "Applies the policy's domain deny-list, allow-list and HTTPS requirement to fetched URLs, shell network commands and MCP arguments.",
    defaultAction: "block",
    kinds: ["fetch", "shell", "mcp"],
    params: {
      require_https: {
        type: "boolean",
        default: false,
        description: "Block plain-text schemes (http, ws, ftp) except to loopback.",
      },
      allow_domains: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "When not empty, only these domains (and their subdomains), IPs or CIDR ranges may be reached.",
      },
      deny_domains: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Domains (and their subdomains), IPs or CIDR ranges that may never be reached.",
      },
    },
    examples: () => ({
      block: [
        { fetch: "https://paste.evil.example/", params: { deny_domains: ["evil.example"] } },
        { shell: "curl https://example.org/", params: { allow_domains: ["github.com"] } },
        { fetch: "http://example.com/", params: { require_https: true } },
      ],
      allow: [
        { fetch: "https://example.com/", note: "no lists set: everything public is reachable" },
        { fetch: "https://api.github.com/", params: { allow_domains: ["github.com"] } },
      ],
    }),
  },
  check(call, { params }) {
    for (const t of callTargets(call)) {
      if (matchesAny(t, params.deny_domains))
        return {
          reason: `${showTarget(t)} is on the policy's deny-list. Find the information elsewhere or ask the user.`,
        };
      if (
        Array.isArray(params.allow_domains) &&
        params.allow_domains.length > 0 &&
        t.class !== "loopback" &&
        !matchesAny(t, params.allow_domains)
      ) {
        return {
          reason: `${showTarget(t)} is not on the policy's allow-list (${params.allow_domains.slice(0, 8).join(", ")}). Use an allowed source or ask the user to add this domain.`,
        };
      }
      if (params.require_https && t.scheme && PLAIN.has(t.scheme) && t.class !== "loopback") {
        return {
          reason: `${showTarget(t)} uses ${t.scheme}://, and the policy requires encrypted connections. Use the https:// (or wss://) URL instead.`,
        };
      }
    }
    return null;
  },
});
