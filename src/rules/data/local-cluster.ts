// A Kubernetes command aimed at a throwaway cluster on this machine (kind, k3d, minikube, Docker Desktop,
// Rancher Desktop, OrbStack, Colima, MicroK8s): deleting in it is everyday development. The context is
// named on the command line by the tools' own naming (kind-<name>, k3d-<name>, minikube); anything that
// could point that name elsewhere on the same line (another kubeconfig, server, cluster, user or token) makes
// it unknown again, and so does the kubeconfig kubectl will read when it says the context's cluster is
// elsewhere: a name is only a name, and an earlier call may have run
// `kubectl config set-context kind-dev --cluster=production`.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SimpleCommand } from "../../analysis/shell/types.js";
import { userHome } from "../../analysis/shell/index.js";
import { parseUrlTarget } from "../../analysis/net/index.js";
import { yamlParser } from "../../analysis/fs/yaml.js";

const LOCAL_CONTEXT =
  /^(?:kind-[\w.-]+|k3d-[\w.-]+|minikube|docker-desktop|docker-for-desktop|rancher-desktop|orbstack|colima|microk8s)$/;
const OVERRIDES = /^(?:--kubeconfig|--server|-s|--cluster|--user|--token|--as)(?:=|$)/;

/** The value of `--context X`, `--context=X` (helm: `--kube-context`), when given once. */
function contextOf(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const name of ["--context", "--kube-context"]) {
      if (a === name) return args[i + 1];
      if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
    }
  }
  return undefined;
}

/** A kubeconfig larger than this is not read (a real one is a few KiB): its contexts count as unknown. */
const MAX_KUBECONFIG_BYTES = 1 << 20;

type Named = { name?: unknown; context?: { cluster?: unknown }; cluster?: { server?: unknown } };

/**
 * The server of the context `name` in the kubeconfig kubectl reads (KUBECONFIG's files in order, the first
 * that defines it wins, else ~/.kube/config): a URL; null when no file defines the context (kubectl then
 * stops with "context not found"); undefined when a file cannot be read or parsed.
 */
export function contextServer(name: string, env: NodeJS.ProcessEnv, home: string): string | null | undefined {
  const files = (env.KUBECONFIG ? env.KUBECONFIG.split(":") : [join(home, ".kube", "config")]).filter(Boolean);
  for (const file of files) {
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st) continue;
    if (!st.isFile() || st.size > MAX_KUBECONFIG_BYTES) return undefined;
    let doc: { contexts?: Named[]; clusters?: Named[] } | undefined;
    try {
      doc = yamlParser()(readFileSync(file, "utf8"), file) as typeof doc;
    } catch {
      return undefined;
    }
    const ctx = Array.isArray(doc?.contexts) ? doc.contexts.find((c) => c?.name === name) : undefined;
    if (!ctx) continue;
    const clusterName = ctx.context?.cluster;
    // The cluster may be defined in any of the files (kubectl merges them).
    for (const f of files) {
      const cdoc = f === file ? doc : readKubeconfig(f);
      if (cdoc === undefined) return undefined;
      const cluster = Array.isArray(cdoc?.clusters) ? cdoc.clusters.find((c) => c?.name === clusterName) : undefined;
      const server = cluster?.cluster?.server;
      if (cluster) return typeof server === "string" ? server : undefined;
    }
    return undefined; // a context whose cluster no file defines: kubectl fails, but say "unknown"
  }
  return null;
}

function readKubeconfig(file: string): { clusters?: Named[] } | null | undefined {
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) return null;
  if (!st.isFile() || st.size > MAX_KUBECONFIG_BYTES) return undefined;
  try {
    return yamlParser()(readFileSync(file, "utf8"), file) as { clusters?: Named[] };
  } catch {
    return undefined;
  }
}

/** A cluster server on this machine, or minikube's VM network (192.168.0.0/16) for the minikube context. */
function localServer(server: string, ctx: string): boolean {
  const t = parseUrlTarget(server);
  if (!t) return false;
  if (t.class === "loopback") return true;
  if (/^(?:localhost|host\.docker\.internal|kubernetes\.docker\.internal)$|\.(?:localhost|orb\.local)$/.test(t.host))
    return true;
  return ctx === "minikube" && /^192\.168\.\d+\.\d+$/.test(t.host);
}

/** True when `cmd` (kubectl, oc, helm, kubecolor, or a local distribution's own kubectl) targets a local cluster. */
export function localCluster(cmd: SimpleCommand, env: NodeJS.ProcessEnv = process.env, home = userHome()): boolean {
  if (cmd.program === "minikube" || cmd.program === "microk8s") return true;
  if (Object.keys(cmd.assignments).some((k) => k === "KUBECONFIG")) return false;
  if (cmd.args.some((a) => OVERRIDES.test(a))) return false;
  const ctx = contextOf(cmd.args);
  if (ctx === undefined || !LOCAL_CONTEXT.test(ctx)) return false;
  const server = contextServer(ctx, env, home);
  // No kubeconfig defines it: kubectl stops before reaching any cluster.
  return server === null || (server !== undefined && localServer(server, ctx));
}
