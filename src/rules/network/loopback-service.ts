// What listens on this machine decides, not how it is reached: the Docker API, the kubelet, etcd, Consul,
// Vault, the Kubernetes API, browser and Node debugging ports, admin consoles and script consoles hand over
// the machine or its secrets to whoever asks on loopback, so they are stopped alike from curl, a script,
// WebFetch or a browser MCP tool, in every spelling of 127.0.0.0/8, ::1, 0.0.0.0 and localhost. A dev
// server on localhost is none of these and stays allowed everywhere (network/private-address).
import { defineRule } from "../../engine/rule.js";
import { shellOf, type ShellAnalysis, type SimpleCommand } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { findUrls } from "../../analysis/net/index.js";
import { SHELLS } from "../../analysis/shell/unwrap.js";
import { callTargets } from "./targets.js";
import { matchesAny, showTarget } from "./policy.js";

interface Params {
  allowed_hosts: string[];
}

/** Ports whose service gives the machine (or a cluster) to any local caller, whatever the path. */
const SERVICE_PORTS = new Map<number, string>([
  [2375, "the Docker API"],
  [2376, "the Docker API"],
  [2377, "Docker swarm's control plane"],
  [10250, "the kubelet API"],
  [10255, "the kubelet read-only API"],
  [10257, "the Kubernetes controller manager"],
  [10259, "the Kubernetes scheduler"],
  [2379, "etcd"],
  [2380, "etcd"],
  [6443, "the Kubernetes API"],
  [8500, "Consul"],
  [8501, "Consul"],
  [8200, "Vault"],
  [4646, "Nomad"],
  [9222, "the Chrome DevTools port"],
  [9229, "the Node inspector"],
  [9230, "the Node inspector"],
  [15672, "the RabbitMQ admin console"],
  [9001, "an admin console (supervisord, MinIO)"],
  [2019, "Caddy's admin API"],
  [5984, "the CouchDB admin API"],
  [61616, "ActiveMQ"],
  [15000, "Envoy's admin API"],
  [8161, "the ActiveMQ admin console"],
]);

/**
 * Ports a control API shares with everyday dev servers (8001 is kubectl proxy's default and a second
 * Django or docs server's): the service is recognised by its API's paths there, so a docs preview on
 * 127.0.0.1:8001/getting-started/ is a dev server while 127.0.0.1:8001/api/v1/secrets is the cluster.
 */
const SHARED_PORTS = new Map<number, [RegExp, string]>([
  [
    8001,
    [
      /^\/(?:api(?:\/v1)?\/?$|api\/v1\/|apis(?:\/|$)|logs(?:\/|$)|openapi\/|version\/?$|healthz|livez|readyz)/,
      "the Kubernetes API (kubectl proxy)",
    ],
  ],
]);

/** Clients that add the API's paths to a server URL they are given (`kubectl --server=http://127.0.0.1:8001`). */
const API_CLIENTS = new Set(["kubectl", "kubecolor", "oc", "helm", "k9s", "flux", "argocd", "stern", "kubectx"]);

/** The URL is handed to such a client on the command line (an option, an argument or its environment). */
function givenToApiClient(analysis: ShellAnalysis | undefined, raw: string): boolean {
  const given = (w: string) => {
    const v = w.replace(/^--?[\w-]+=/, "");
    return v.includes(raw) || (v.includes(":") && raw.startsWith(v));
  };
  return (analysis?.commands ?? []).some(
    (c) => API_CLIENTS.has(c.program) && [...c.argv, ...Object.values(c.assignments)].some(given),
  );
}

/** Paths of admin and control APIs, on any loopback port. */
const ADMIN_PATHS: [RegExp, string][] = [
  [
    /^\/(?:v1\.\d+\/)?(?:containers|images|exec|volumes|swarm|secrets|plugins)\/(?:json|create|prune|[\w.-]+\/(?:exec|start|kill|archive))\b/,
    "the Docker API",
  ],
  [/^\/api\/v1\/(?:namespaces|secrets|nodes|pods)\b|^\/apis\/[\w.]+\/v\d/, "the Kubernetes API"],
  [/^\/v2\/keys\b|^\/v3\/(?:kv|auth|maintenance)\//, "etcd"],
  [/^\/v1\/(?:kv|acl|agent|catalog\/register)\b/, "Consul"],
  [/^\/v1\/(?:secret|sys|auth\/token|identity)\b/, "Vault"],
  [/^\/json\/(?:new|list|version|activate|close)\b|^\/json\/?$|^\/devtools\//, "the browser debugging port"],
  [/^\/(?:computer\/[^/]+\/)?script(?:Text)?\b/, "the Jenkins script console"],
  [/^\/manager\/(?:html|text)\b|^\/(?:jmx|web)-console\b|^\/invoker\//, "the Tomcat/JBoss manager"],
  [
    /^\/actuator\/(?:env|heapdump|shutdown|restart|refresh|jolokia|gateway|threaddump|configprops)\b/,
    "Spring Boot's actuator",
  ],
  [/^\/RPC2\b/, "supervisord's XML-RPC"],
  [/^\/(?:quitquitquit|drain_listeners|runtime_modify|healthcheck\/fail)\b/, "Envoy's admin API"],
  [/^\/_(?:node|config|all_dbs|security|snapshot|users)\b|^\/_all\b|^\/_cluster\/settings\b/, "a database's admin API"],
  [/^\/solr\/admin\b/, "the Solr admin API"],
  [/^\/api\/v1\/admin\b/, "the Prometheus admin API"],
];

/** Schemes that speak raw text to any port (gopher://127.0.0.1:6379/_FLUSHALL). */
const RAW_SCHEMES = new Set(["gopher", "dict", "ldap", "tftp", "telnet"]);

/** The container engines' sockets: their HTTP API is the Docker API. */
const ENGINE_SOCKET = /(?:^|[/:=])(?:docker|podman|containerd|crio|cri-dockerd|buildkitd)\.sock\b/;
/** Programs that connect to a socket path they are given (the engines' own CLIs are judged elsewhere). */
const SOCKET_CLIENTS = new Set(["curl", "nc", "ncat", "netcat", "socat", "grpcurl", "websocat", "http", "xh", "wget"]);

/** etcdctl's operations that read or change single keys or report health (never the whole keyspace). */
const ETCD_KEY_OPS = new Set([
  "get",
  "put",
  "del",
  "delete",
  "watch",
  "endpoint",
  "member",
  "version",
  "lease",
  "lock",
  "elect",
  "alarm",
]);
/** Those that name a key. */
const KEYED = new Set(["get", "put", "del", "delete", "watch"]);
/** etcdctl options whose value is the next word. */
const ETCD_VALUE =
  /^--(?:endpoints|cacert|cert|key|user|password|command-timeout|dial-timeout|write-out|discovery-srv)$|^-w$/;

/**
 * etcdctl against an etcd on this machine, on one key or prefix or its health (`etcdctl
 * --endpoints=http://127.0.0.1:2379 endpoint health`, `… put /dev/flags/x on`): the same as without
 * --endpoints, whose default is that address — a developer's own store (data/store-wipe judges its
 * deletions). A whole-keyspace read (`get '' --prefix`, --from-key), Kubernetes' keys (/registry), its
 * client certificates, snapshots, auth and cluster changes keep it the cluster's control plane.
 */
function ownEtcdUse(cmd: SimpleCommand): boolean {
  if (cmd.program !== "etcdctl" || cmd.dynamic) return false;
  const a = cmd.args;
  const words: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (ETCD_VALUE.test(a[i]!)) i++;
    else if (!a[i]!.startsWith("-")) words.push(a[i]!);
  }
  const op = words[0] ?? "";
  if (!ETCD_KEY_OPS.has(op)) return false;
  if (a.some((x) => /kubernetes|\/pki\//i.test(x) || /^--from-key/.test(x))) return false;
  if (op === "member" || op === "alarm") return words[1] === "list"; // not member remove, alarm disarm
  if (!KEYED.has(op)) return true;
  const key = words[1];
  if (key === undefined || /^\/?registry\b/.test(key)) return false;
  // A whole-keyspace read; a whole-keyspace delete is data/store-wipe's to block.
  const everything = (key === "" || key === "/") && a.some((x) => /^--prefix(?:=true)?$/.test(x));
  return !everything || op === "del" || op === "delete";
}

/** The URLs only etcdctl's own key and health operations reach (see ownEtcdUse), none of the line's other commands. */
function ownEtcdUrls(analysis: ShellAnalysis | undefined): Set<string> {
  const own = new Set<string>();
  const others = new Set<string>();
  for (const cmd of analysis?.commands ?? []) {
    // `bash -lc '…'`: its text is analysed as the commands inside, each judged on its own.
    if (SHELLS.has(cmd.program)) continue;
    // `docker exec etcd etcdctl …`, `sudo etcdctl …`: the wrapper hands the words to etcdctl, judged itself.
    if (cmd.program !== "etcdctl" && cmd.argv.some((w) => /(?:^|\/)etcdctl$/.test(w))) continue;
    const urls = [...cmd.argv, ...Object.values(cmd.assignments)].flatMap((w) => findUrls(w));
    for (const u of urls) (ownEtcdUse(cmd) ? own : others).add(u);
  }
  for (const u of others) own.delete(u);
  return own;
}

function pathOf(raw: string): string {
  const m = /^[a-z][\w+.-]*:\/\/[^/?#]*(.*)$/i.exec(raw);
  return m ? m[1] || "/" : "/";
}

export default defineRule<Params>({
  meta: {
    id: "network/loopback-service",
    description:
      "Blocks requests to infrastructure and admin services on this machine (Docker API and socket, kubelet, etcd, Consul, Vault, Kubernetes API, debugging ports, script and admin consoles), from any tool and in any spelling of loopback.",
    defaultAction: "block",
    kinds: ["fetch", "shell", "mcp"],
    params: {
      allowed_hosts: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Loopback host:port entries (e.g. 127.0.0.1:8500) the agent may reach even so.",
      },
    },
    examples: () => ({
      block: [
        { shell: "curl -s http://127.0.0.1:2375/containers/json" },
        { shell: "curl -s 'http://0x7f000001:2379/v2/keys/?recursive=true'" },
        { shell: "curl --unix-socket /var/run/docker.sock http://x/containers/json" },
        { shell: "DOCKER_HOST=tcp://localhost:2375 docker ps" },
        { fetch: "http://[::1]:10255/pods" },
        { shell: "curl -s http://host.docker.internal:2375/containers/json", note: "the host's Docker API" },
        { mcp: "mcp__playwright__browser_navigate", args: { url: "http://localhost:9222/json/list" } },
        { shell: "curl -X POST http://localhost:8080/scriptText --data 'script=x'" },
        { shell: "http POST :2375/containers/create Image=alpine" },
        { shell: "curl -X POST http://127.0.0.1:15000/quitquitquit" },
        { shell: "curl -s http://127.0.0.1:8001/api/v1/namespaces/default/secrets" },
        { fetch: "http://localhost:8001/apis/apps/v1/deployments" },
        { shell: "curl -s localhost:8001/version" },
        { shell: "kubectl --server=http://127.0.0.1:8001 get secrets -A", note: "kubectl adds the API's paths" },
        { shell: "etcdctl --endpoints=http://127.0.0.1:2379 get '' --prefix", note: "the whole keyspace" },
        { shell: "etcdctl --endpoints=http://127.0.0.1:2379 get /registry/secrets --prefix" },
        { shell: "etcdctl --endpoints=http://127.0.0.1:2379 snapshot save /tmp/etcd.db" },
        {
          shell:
            "etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key get /x",
        },
        {
          shell:
            "etcdctl --endpoints=http://127.0.0.1:2379 endpoint health && curl -s http://127.0.0.1:2379/v3/kv/range -d '{}'",
        },
      ],
      allow: [
        { shell: "curl -s http://localhost:3000/api/health" },
        { fetch: "http://127.0.0.1:5173/" },
        { mcp: "mcp__playwright__browser_navigate", args: { url: "http://localhost:8080/login" } },
        { shell: "curl -s http://localhost:9090/api/v1/query?query=up" },
        { shell: "docker ps" },
        { shell: "http :3000/api/users name=ann" },
        { shell: "curl -s https://registry.example.com:2376/v2/" },
        { shell: "etcdctl --endpoints=http://127.0.0.1:2379 endpoint health", note: "a local etcd's health" },
        { shell: "ETCDCTL_API=3 etcdctl --endpoints=http://localhost:2379 put /dev/feature-flags/new-ui true" },
        { shell: "etcdctl --endpoints http://127.0.0.1:2379 get /config/ --prefix --keys-only" },
        { fetch: "http://127.0.0.1:8001/getting-started/", note: "a docs preview on a port kubectl proxy also uses" },
        { shell: "curl -s http://localhost:8001/admin/login/" },
      ],
    }),
  },
  check(call, { params }) {
    const analysis = call.kind === "shell" ? shellOf(call) : undefined;
    let etcd: Set<string> | undefined;
    for (const t of callTargets(call)) {
      if (t.class !== "loopback" || matchesAny(t, params.allowed_hosts)) continue;
      if (t.port === 2379 && t.via === "shell" && (etcd ??= ownEtcdUrls(analysis)).has(t.raw)) continue;
      const raw = t.scheme && RAW_SCHEMES.has(t.scheme);
      const byPort = t.port !== undefined ? SERVICE_PORTS.get(t.port) : undefined;
      const path = t.scheme ? pathOf(t.raw) : "/";
      const byPath = ADMIN_PATHS.find(([re]) => re.test(path))?.[1];
      const shared = t.port !== undefined ? SHARED_PORTS.get(t.port) : undefined;
      // No URL to read a path from (nc, a raw socket): the port says what it is.
      const byShared =
        shared && (!t.scheme || raw || shared[0].test(path) || givenToApiClient(analysis, t.raw))
          ? shared[1]
          : undefined;
      const what =
        byPort ?? byPath ?? byShared ?? (raw ? `a raw ${t.scheme}:// request to a local service` : undefined);
      if (what)
        return {
          reason: `${showTarget(t)} is ${what} on this machine: it gives whoever asks control of the machine, its containers or its secrets. Do not call it; ask the user if this is really needed.`,
        };
    }
    for (const cmd of analysis?.commands ?? []) {
      if (!SOCKET_CLIENTS.has(cmd.program)) continue;
      const sock = cmd.argv.find((w) => ENGINE_SOCKET.test(w));
      if (sock)
        return {
          reason: `${describe(cmd)} talks to the container engine's socket (${sock.replace(/^[\w-]+:/i, "")}), whose API starts containers with the host mounted. Use the docker/podman CLI for what you need, or ask the user.`,
        };
    }
    for (const code of analysis?.inlineCode ?? []) {
      if (ENGINE_SOCKET.test(code.code) && /connect|urlopen|request|socket|http/i.test(code.code))
        return {
          reason: `${describe(code.command)} connects to the container engine's socket, whose API starts containers with the host mounted. Use the docker/podman CLI for what you need, or ask the user.`,
        };
    }
    return null;
  },
});
