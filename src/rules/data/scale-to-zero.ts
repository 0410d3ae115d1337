// Taking a service down by scaling it to nothing rather than deleting it: replicas, desired counts,
// autoscaling bounds or instance groups set to 0, databases and instances stopped, every node drained.
// Everything at once (--all, every service in a loop) is blocked; one service goes to a human.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";
import { describe, subcommands } from "../../analysis/shell/commands.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";

const DEV_ENV = /(?:^|[\s=/_-])(?:dev|development|staging|stage|test|testing|qa|sandbox|preview|local)(?=$|[\s_-])/i;
/** Wrappers that run their command once per item of a listing. */
const iterates = (w: string): boolean => w === "xargs" || w === "parallel" || w.startsWith("find ");
const ZERO = (names: string[], args: string[]) =>
  args.some((a, i) => names.some((n) => a === `${n}=0` || (a === n && args[i + 1] === "0")));

function scalesDown(cmd: SimpleCommand, all: boolean): { what: string; wholesale: boolean } | undefined {
  const p = cmd.program;
  const a = cmd.args;
  if (p === "kubectl" || p === "oc") {
    const verb = a.find((x) => !x.startsWith("-") && !/^(?:prod|production|default|kube-system)$/.test(x));
    const everything = a.includes("--all") || a.includes("-A") || a.includes("--all-namespaces");
    if (verb === "scale" && ZERO(["--replicas"], a))
      return { what: "scales workloads to zero replicas", wholesale: everything || all };
    if (verb === "patch" && /"(?:replicas|maxReplicas)"\s*:\s*0\b/.test(a.join(" ")))
      return { what: "patches replicas to zero", wholesale: everything || all };
    if ((verb === "drain" || verb === "cordon") && (everything || /--selector|-l/.test(a.join(" "))))
      return { what: `${verb}s every node`, wholesale: true };
    return undefined;
  }
  if (p === "aws") {
    const { path, rest } = subcommands(a, 2, ["--profile", "--region", "--output", "--query"]);
    if (path[0] === "autoscaling" && /^(?:update-auto-scaling-group|set-desired-capacity)$/.test(path[1] ?? ""))
      return ZERO(["--desired-capacity", "--max-size"], rest)
        ? { what: "sets an auto scaling group to zero instances", wholesale: all }
        : undefined;
    if (path[0] === "ecs" && path[1] === "update-service" && ZERO(["--desired-count"], rest))
      return { what: "scales an ECS service to zero tasks", wholesale: all };
    if (path[0] === "rds" && /^stop-db-(?:instance|cluster)$/.test(path[1] ?? ""))
      return { what: "stops a database", wholesale: all };
    if (path[0] === "ec2" && path[1] === "stop-instances")
      return { what: "stops EC2 instances", wholesale: all || cmd.substitutions !== undefined };
    if (
      path[0] === "lambda" &&
      path[1] === "put-function-concurrency" &&
      ZERO(["--reserved-concurrent-executions"], rest)
    )
      return { what: "throttles a Lambda function to zero", wholesale: all };
    return undefined;
  }
  if (p === "gcloud") {
    const text = a.join(" ");
    if (/\brun\s+services\s+update\b/.test(text) && ZERO(["--max-instances"], a))
      return { what: "scales a Cloud Run service to zero", wholesale: all };
    if (/\binstance-groups\s+managed\s+resize\b/.test(text) && ZERO(["--size"], a))
      return { what: "resizes an instance group to zero", wholesale: all };
    if (/\bsql\s+instances\s+patch\b/.test(text) && a.some((x) => /^--activation-policy=NEVER$/i.test(x)))
      return { what: "stops a Cloud SQL instance", wholesale: all };
    return undefined;
  }
  if (p === "heroku" && a[0] === "ps:scale" && a.some((x) => /^[\w-]+=0(?::|$)/.test(x)))
    return { what: "scales Heroku dynos to zero", wholesale: all || a.filter((x) => /=0/.test(x)).length > 1 };
  if ((p === "fly" || p === "flyctl") && a[0] === "scale" && a[1] === "count" && a[2] === "0")
    return { what: "scales a Fly app to zero machines", wholesale: all };
  if (
    p === "az" &&
    /\b(?:scale|update)\b/.test(a.join(" ")) &&
    ZERO(["--replicas", "--min-replicas", "--max-replicas", "--count"], a)
  )
    return { what: "scales an Azure service to zero", wholesale: all };
  if (p === "az" && a[0] === "vmss" && a[1] === "scale" && ZERO(["--new-capacity"], a))
    return { what: "scales a VM scale set to zero", wholesale: all };
  if (
    p === "az" &&
    /^(?:webapp|functionapp|containerapp|vm|aks|spring)$/.test(a[0] ?? "") &&
    /^(?:stop|deallocate)$/.test(a[1] ?? "")
  )
    return { what: `stops an Azure ${a[0]}`, wholesale: all };
  if ((p === "docker" || p === "podman") && a[0] === "service" && a[1] === "scale") {
    const zeros = a.slice(2).filter((x) => /=0$/.test(x));
    if (zeros.length) return { what: "scales swarm services to zero", wholesale: all || zeros.length > 1 };
  }
  if (p === "nomad" && a[0] === "job" && a[1] === "scale" && a[a.length - 1] === "0")
    return { what: "scales a Nomad job to zero", wholesale: all };
  if (p === "nomad" && a[0] === "job" && a[1] === "stop")
    return {
      what: `stops a Nomad job${a.includes("-purge") ? " and purges it" : ""}`,
      wholesale: all || a.includes("-purge"),
    };
  return undefined;
}

export default defineRule({
  meta: {
    id: "data/scale-to-zero",
    description:
      "Blocks scaling everything to zero (kubectl scale --all --replicas=0, every service in a loop, draining every node); escalates one workload, auto scaling group, ECS/Cloud Run service, Heroku or Fly app scaled to zero, or a database stopped.",
    defaultAction: "block",
    actions: ["block", "escalate"],
    kinds: ["shell"],
    looksAt: {
      programs: ["kubectl", "oc", "aws", "gcloud", "heroku", "fly", "flyctl", "az", "docker", "podman", "nomad"],
    },
    examples: () => ({
      block: [
        { shell: "kubectl scale deploy --all --replicas=0 -n prod" },
        { shell: "for d in $(kubectl get deploy -n prod -o name); do kubectl scale $d --replicas=0 -n prod; done" },
        { shell: "kubectl cordon --all && kubectl drain --all --ignore-daemonsets --force" },
        { shell: "heroku ps:scale web=0 worker=0 --app acme-prod" },
        { shell: "aws ecs update-service --cluster prod --service api --desired-count 0", action: "escalate" },
        { shell: "kubectl get deploy -n prod -o name | xargs -I{} kubectl scale {} --replicas=0 -n prod" },
        { shell: "bash -lc 'kubectl scale deploy api --replicas=0 -n prod'", action: "escalate" },
        {
          mcp: "kubernetes/kubectl_scale",
          args: { resourceType: "deployment", name: "checkout", namespace: "production", replicas: 0 },
          action: "escalate",
          note: "a Kubernetes server's structured tool, judged as the kubectl command it stands for",
        },
      ],
      allow: [
        { shell: "kubectl scale deploy api --replicas=3 -n prod" },
        { shell: "heroku ps:scale web=2 -a acme-staging" },
        { shell: "fly scale count 3 -a acme-api" },
        {
          mcp: "kubernetes/kubectl_scale",
          args: { resourceType: "deployment", name: "api", namespace: "dev", replicas: 3 },
        },
        { shell: "aws autoscaling describe-auto-scaling-groups" },
        { shell: "kubectl scale deployment/worker --replicas=0 -n dev" },
        {
          shell: "bash -lc 'kubectl scale deployment/worker --replicas=0 -n dev'",
          note: "Codex's login-shell wrapper",
        },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let escalation: RuleFinding | undefined;
    for (const cmd of actingCommands(analysis)) {
      // Inside a loop or fed by a listing (xargs, find -exec, parallel, a substitution): every workload, not
      // one. A wrapper that runs its command once (bash -lc as Codex sends it, sudo, env, timeout) is no loop.
      const all = cmd.wrappers.some(iterates) || /\$|\{\}/.test(cmd.text);
      const s = scalesDown(cmd, all);
      if (!s) continue;
      // One workload of a development environment (-n dev, --cluster staging, -a app-staging): everyday.
      if (!s.wholesale && DEV_ENV.test(cmd.text) && !/prod/i.test(cmd.text)) continue;
      const finding = {
        reason: `${describe(cmd)} ${s.what}${s.wholesale ? ", for everything it lists" : ""}: the service stops serving. Ask the user to do it.`,
        action: s.wholesale ? ("block" as const) : ("escalate" as const),
      };
      if (s.wholesale) return finding;
      escalation ??= finding;
    }
    return escalation ?? null;
  },
});
