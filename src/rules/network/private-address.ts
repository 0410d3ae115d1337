// Loopback, link-local and private addresses reach services that trust the local network (databases,
// admin panels, other containers): the classic SSRF targets. Blocked unless the policy allows them.
// Loopback (the agent's own dev server) is allowed by default from every tool, so curl, WebFetch and a
// browser get one verdict; the services on loopback that hand over the machine are network/loopback-service's.
// Private hosts reached by logging in (ssh, scp, rsync over ssh) are allowed too: they ask for a key, not
// trust the network.
import { defineRule } from "../../engine/rule.js";
import { callTargets } from "./targets.js";
import { matchesAny, showTarget } from "./policy.js";

interface Params {
  allow_loopback: boolean;
  allow_loopback_in_shell: boolean;
  allow_private: boolean;
  allowed_hosts: string[];
}

const LABEL: Record<string, string> = {
  loopback: "this machine (loopback)",
  "link-local": "a link-local address",
  private: "a private-network address",
  reserved: "a reserved address",
};

export default defineRule<Params>({
  meta: {
    id: "network/private-address",
    description:
      "Blocks requests to link-local, private and reserved addresses (after normalising every IP spelling), and to loopback when allow_loopback is off, unless allowed.",
    defaultAction: "block",
    kinds: ["fetch", "shell", "mcp"],
    params: {
      allow_loopback: {
        type: "boolean",
        default: true,
        description:
          "Allow loopback targets (localhost, 127.0.0.0/8, ::1: dev servers) from every tool; infrastructure services there stay blocked by network/loopback-service.",
      },
      allow_loopback_in_shell: {
        type: "boolean",
        default: true,
        description:
          "Allow loopback targets in shell commands (curl localhost:3000 against the agent's own dev server).",
      },
      allow_private: {
        type: "boolean",
        default: false,
        description: "Allow private, link-local and reserved targets.",
      },
      allowed_hosts: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
          "Hosts, IPs or CIDR ranges (optionally with :port) that may be reached even though they are local.",
      },
    },
    examples: () => ({
      block: [
        { fetch: "http://10.0.0.1/" },
        { shell: "curl http://10.1.2.3:9000/minio/health" },
        { fetch: "http://localhost:8080/admin", params: { allow_loopback: false } },
        { fetch: "http://jenkins.corp/", params: { allow_private: false } },
        { shell: "curl -s http://api:8080/health", note: "a single-label name resolved on this machine's network" },
        { shell: "kubectl run tmp --rm -it --image=busybox --restart=Never -- wget -qO- http://10.0.0.5:8080/" },
        { shell: "http GET 10.0.0.5:9000/minio/health X-Debug:1", note: "httpie's URL before its request items" },
        { shell: "xh 192.168.1.20:8080/admin Accept:application/json" },
        { shell: "http post 10.0.0.5:2375/containers/create Image=alpine" },
      ],
      allow: [
        { fetch: "https://example.com/" },
        { fetch: "http://localhost:8080/", note: "loopback: a dev server" },
        { shell: "curl http://localhost:3000/health", note: "the agent's own dev server" },
        {
          shell: "zap-baseline.py -t http://host.docker.internal:3000 -r zap.html",
          note: "the host, from a container",
        },
        { fetch: "http://10.0.0.1/", params: { allowed_hosts: ["10.0.0.0/8"] } },
        {
          shell: "kubectl run tmp --rm -it --image=busybox --restart=Never -- wget -qO- http://api:8080/health",
          note: "a service name of the cluster the command runs in",
        },
        { shell: "docker compose exec web curl -s http://db:5432/" },
        { shell: "http --print=hHb GET https://httpbin.org/headers X-Debug:1", note: "a header after the URL" },
        { shell: "xh post https://api.example.com/v1/items Retry:3 qty:=2 name=book" },
        { shell: "kubectl exec deploy/web -- curl -s http://payments.default.svc.cluster.local/health" },
        {
          shell: "NPM_TOKEN=$(op read op://dev/npm/token) npm publish --dry-run",
          note: "a 1Password secret reference names a vault, not a host",
        },
        {
          shell: "godot --headless --path . -s addons/gut/gut_cmdln.gd -gdir=res://test -gexit",
          note: "an application's own resource namespace (Godot's res://), resolved inside the program",
        },
        { shell: "adb shell content query --uri content://settings/system", note: "an Android content provider" },
      ],
    }),
  },
  check(call, { params }) {
    for (const t of callTargets(call)) {
      if (t.class === "public" || t.class === "metadata") continue;
      if (matchesAny(t, params.allowed_hosts)) continue;
      if (t.class === "loopback" && (params.allow_loopback || (t.via === "shell" && params.allow_loopback_in_shell)))
        continue;
      if (t.class !== "loopback" && params.allow_private) continue;
      if (t.class === "private" && t.login) continue; // ssh to the user's own hosts: a login, not an SSRF
      const spelled =
        t.ip && !t.raw.toLowerCase().includes(t.host) ? ` (that is ${t.ip.embedded ?? t.ip.address})` : "";
      return {
        reason: `${showTarget(t)}${spelled} is ${LABEL[t.class] ?? "a local address"}; requests there can reach services that trust the local network. Use a public URL, or ask the user to allow this host (network/private-address allowed_hosts).`,
      };
    }
    return null;
  },
});
