// kubectl delete of namespaces or of everything (--all, -A) is blocked; a named delete, helm uninstall
// and deletes from manifests are escalated.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";
import { localCluster } from "./local-cluster.js";
import { allEphemeral } from "./ephemeral-env.js";

const KUBECTL_GLOBAL = new Set([
  "-n",
  "--namespace",
  "--context",
  "--cluster",
  "--kubeconfig",
  "--user",
  "-s",
  "--server",
  "--token",
  "--as",
  "--as-group",
  "--request-timeout",
  "--certificate-authority",
  "--client-certificate",
  "--client-key",
  "-l",
  "--selector",
  "-f",
  "--filename",
  "-o",
  "--output",
  "--field-selector",
  "--grace-period",
  "--timeout",
  "--cascade",
  "-k",
  "--kustomize",
]);

/** Namespaces of development environments. */
const DEV_NS = /^(?:dev|development|staging|stage|test|testing|qa|sandbox|preview|local)(?:[-_].*)?$/;
/** Namespaces that hold throwaway releases: a pull request's preview, a review app, a sandbox, a test run. */
const EPHEMERAL_NS = /^(?:previews?|review|sandbox|e2e|ci|pr)(?:[-_].*)?$|^(?:pr|preview|review)-?\d+$/;

/**
 * A manifest folder or kustomization of a development environment by its path (k8s/dev/, overlays/local,
 * deploy/e2e.yaml): what it created is a developer's own, re-created by the next apply. Staging is shared,
 * so not here.
 */
const DEV_MANIFEST =
  /(?:^|[/_.-])(?:dev|development|local|test|testing|e2e|sandbox|previews?|kind|minikube)(?:[/_.-]|$)/;

/** The -f/--filename and -k/--kustomize values of a kubectl command. */
function manifestsOf(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-f" || a === "--filename" || a === "-k" || a === "--kustomize") out.push(args[++i] ?? "");
    else if (/^--(?:filename|kustomize)=/.test(a)) out.push(a.slice(a.indexOf("=") + 1));
    else if (/^-[fk]./.test(a)) out.push(a.slice(2));
  }
  return out;
}

/** The releases `helm uninstall` names: its words after the subcommand, options and their values left out. */
function helmReleases(args: string[]): string[] {
  const at = args.findIndex((a) => /^(uninstall|delete|del|un)$/.test(a));
  const out: string[] = [];
  for (let i = at + 1; i < args.length; i++) {
    const a = args[i]!;
    if (/^(?:-n|--namespace|--kube-context|--kubeconfig|--timeout|--description|--cascade)$/.test(a)) i++;
    else if (!a.startsWith("-")) out.push(a);
  }
  return out;
}

/** The namespace given by -n/--namespace. */
function namespaceOf(args: string[]): string | undefined {
  const at = args.findIndex((a) => a === "-n" || a === "--namespace");
  return at >= 0 ? args[at + 1] : args.find((a) => a.startsWith("--namespace="))?.slice(12);
}

export default defineRule({
  meta: {
    id: "data/kubernetes-delete",
    description:
      "Blocks kubectl delete of namespaces or with --all/--all-namespaces; escalates other kubectl deletes and helm uninstall. A local development cluster named by its context (kind-*, k3d-*, minikube, docker-desktop), and a pull request's preview environment deleted by its name (namespace preview-pr-123, release web-pr-42), are everyday work.",
    defaultAction: "escalate",
    kinds: ["shell"],
    looksAt: { programs: ["kubectl", "oc", "kubecolor", "microk8s", "k3s", "minikube", "helm"] },
    actions: ["block", "escalate"],
    examples: () => ({
      block: [
        { shell: "kubectl delete ns prod", action: "block" },
        { shell: "kubectl delete pod web-1" },
        { shell: "kubectl delete namespace staging", action: "block" },
        { shell: "kubectl --context prod delete namespaces a b", action: "block" },
        {
          shell: "kubectl --context kind-dev --server https://k8s.prod.acme.io delete ns app",
          action: "block",
          note: "the local name points at another server",
        },
        { shell: "KUBECONFIG=~/.kube/prod kubectl --context kind-x delete ns app", action: "block" },
        { shell: "helm uninstall api -n production" },
        { shell: "helm uninstall postgres -n dev", note: "a development environment's shared database" },
        { shell: "kubectl --context kind-dev delete ns a && kubectl --context prod delete ns b", action: "block" },
        { shell: "kubectl delete -f k8s/prod/" },
        { shell: "kubectl delete -f k8s/dev/ -n production" },
        { shell: "kubectl delete -k overlays/staging" },
        { shell: "kubectl delete -f k8s/", note: "which environment is not said" },
        { shell: "kubectl delete -f k8s/dev/ --all", action: "block" },
        { shell: "kubectl delete pvc data -f k8s/dev/", note: "named resources, not only the manifests" },
        { shell: "kubectl delete namespace preview-pr-123 staging", action: "block", note: "one is no preview" },
        { shell: "kubectl delete ns previews", action: "block", note: "every preview at once" },
        { shell: "kubectl delete ns -l env=preview-pr-1", action: "block" },
        { shell: "kubectl delete ns prod-pr-12", action: "block" },
        { shell: "kubectl delete namespace/preview-pr-7 deploy/api", action: "block" },
        { shell: "helm uninstall webapp -n production" },
      ],
      allow: [
        { shell: "kubectl get ns" },
        { shell: "kubectl apply -f k8s/" },
        { shell: "kubectl describe pod x" },
        { shell: "kubectl --context kind-dev delete namespace scratch" },
        { shell: "kubectl delete pod -l app=api --context=minikube" },
        { shell: "minikube kubectl -- delete deploy api" },
        { shell: "helm uninstall api --kube-context k3d-local" },
        { shell: "helm uninstall api-pr-412 -n previews", note: "a pull request's preview release" },
        { shell: "helm uninstall web --namespace pr-88" },
        { shell: "kubectl delete -f k8s/dev/", note: "a development environment's own manifests" },
        { shell: "kubectl delete -k overlays/dev" },
        { shell: "kubectl delete -f deploy/local.yaml -n dev-alice" },
        { shell: "kubectl delete -f manifests/e2e/ --ignore-not-found" },
        { shell: "kubectl delete namespace preview-pr-123", note: "a pull request's preview, ended as meant" },
        { shell: "kubectl delete ns webapp-pr-42 review-1402 --wait=false" },
        { shell: "kubectl delete namespace/preview-pr-7 ns/pr-8" },
        { shell: "helm uninstall webapp-preview-pr-88 -n web", note: "a preview release by its name" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let escalation: RuleFinding | undefined;
    for (const cmd of actingCommands(analysis)) {
      if (localCluster(cmd)) continue;
      let args = cmd.args;
      const p = cmd.program;
      if (p === "microk8s" || p === "k3s" || p === "minikube") {
        if (args[0] !== "kubectl") continue;
        args = args.slice(args[1] === "--" ? 2 : 1);
      } else if (p !== "kubectl" && p !== "oc" && p !== "kubecolor") {
        if (
          p === "helm" &&
          args.some((a) => /^(uninstall|delete|del|un)$/.test(a)) &&
          args.findIndex((a) => /^(uninstall|delete|del|un)$/.test(a)) === args.findIndex((a) => !a.startsWith("-")) &&
          !EPHEMERAL_NS.test(namespaceOf(args) ?? "") &&
          !allEphemeral(helmReleases(args))
        ) {
          escalation ??= {
            reason: `${describe(cmd)} uninstalls a Helm release and deletes its resources. Ask the user to approve it.`,
            action: "escalate",
          };
        }
        continue;
      }
      const words: string[] = [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (KUBECTL_GLOBAL.has(a)) {
          i++;
          continue;
        }
        if (!a.startsWith("-")) words.push(a);
      }
      if (words[0] !== "delete") continue;
      const types = (words[1] ?? "")
        .toLowerCase()
        .split(",")
        .map((t) => t.split("/")[0]!);
      const all = hasOption(args, "A", ["--all", "--all-namespaces"]);
      if (types.some((t) => t === "ns" || t === "namespace" || t === "namespaces")) {
        // A pull request's preview namespace (`kubectl delete ns preview-pr-123`) ends so, unless it goes with
        // --all or a label selector (every namespace that matches), or a namespace/name pair names others.
        // `ns a b` or `namespace/a ns/b`: the names, each of a namespace.
        const named = words[1]!.includes("/")
          ? words.slice(1).map((w) => (/^(?:ns|namespaces?)\/./i.test(w) ? w.slice(w.indexOf("/") + 1) : ""))
          : words.slice(2);
        if (types.length === 1 && allEphemeral(named) && !all && !args.some((a) => /^(?:-l|--selector)(?:=|$)/.test(a)))
          continue;
        return {
          reason: `${describe(cmd)} deletes a whole namespace and every resource in it. Delete the specific resources you mean, or ask the user.`,
          action: "block",
        };
      }
      if (all)
        return {
          reason: `${describe(cmd)} deletes every matching resource${hasOption(args, "A", ["--all-namespaces"]) ? " in every namespace" : ""}. Name the resources you mean, or ask the user.`,
          action: "block",
        };
      if (
        types.some((t) =>
          /^(crd|crds|customresourcedefinitions?|pv|persistentvolumes?|pvc|persistentvolumeclaims?|nodes?|no)$/.test(t),
        )
      ) {
        escalation ??= {
          reason: `${describe(cmd)} deletes ${types.join(", ")} (data or cluster-wide state goes with it). Ask the user to approve it.`,
          action: "escalate",
        };
        continue;
      }
      // What a development environment's own manifests created, deleted through the same manifests, in no
      // namespace or a development one: the next apply makes it again.
      const manifests = manifestsOf(args);
      const ns = namespaceOf(args);
      if (
        words.length === 1 &&
        manifests.length > 0 &&
        manifests.every((m) => m !== "-" && !m.includes("://") && !/prod|live|stag/i.test(m) && DEV_MANIFEST.test(m)) &&
        (ns === undefined || (DEV_NS.test(ns) && !/^stag/.test(ns))) &&
        !/prod/i.test(cmd.text)
      )
        continue;
      // A pod or a job in a development namespace: its controller or the next run makes it again.
      if (types.every((t) => /^(?:po|pods?|jobs?|ev|events?)$/.test(t)) && DEV_NS.test(namespaceOf(args) ?? ""))
        continue;
      escalation ??= {
        reason: `${describe(cmd)} deletes cluster resources. Ask the user to approve it.`,
        action: "escalate",
      };
    }
    return escalation ?? null;
  },
});
