// A Kubernetes command aimed at a throwaway cluster on this machine (kind, k3d, minikube, Docker Desktop,
// Rancher Desktop, OrbStack, Colima, MicroK8s): deleting in it is everyday development. The context is
// named on the command line by the tools' own naming (kind-<name>, k3d-<name>, minikube); anything that
// could point that name elsewhere on the same line (another kubeconfig, server, cluster, user or token) makes
// it unknown again.
import type { SimpleCommand } from "../../analysis/shell/types.js";

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

/** True when `cmd` (kubectl, oc, helm, kubecolor, or a local distribution's own kubectl) targets a local cluster. */
export function localCluster(cmd: SimpleCommand): boolean {
  if (cmd.program === "minikube" || cmd.program === "microk8s") return true;
  if (Object.keys(cmd.assignments).some((k) => k === "KUBECONFIG")) return false;
  if (cmd.args.some((a) => OVERRIDES.test(a))) return false;
  const ctx = contextOf(cmd.args);
  return ctx !== undefined && LOCAL_CONTEXT.test(ctx);
}
