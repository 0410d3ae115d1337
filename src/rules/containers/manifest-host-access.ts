// The same host access written as a spec instead of flags: a Kubernetes pod (kubectl run --overrides, a
// manifest fed to kubectl apply/create) or a compose file written and started in the same command, that
// mounts the node's / or the home folder (hostPath, volumes), or runs privileged in the host's PID
// namespace; the same for a compose file or manifest an earlier call of the session wrote. `kubectl debug node/…` mounts the node's root at /host by design: asked, or stopped when the
// command it runs uses it.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf, userHome } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { staticOutput } from "../../analysis/shell/static-output.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";
import { hostPathRisk } from "./host-paths.js";
import { stateful } from "../../state/session.js";

/** `hostPath: {path: X}` in YAML or JSON. */
const HOST_PATH =
  /["']?hostPath["']?\s*:\s*\{?\s*(?:["']?type["']?\s*:\s*["']?\w*["']?\s*,?\s*)?["']?path["']?\s*:\s*["']?([^"',}\s]+)/g;
/** A compose volume entry `SRC:DST` whose source is a host path. */
const COMPOSE_VOLUME = /(?:^|[\s["',-])((?:\/|~|\$\{?HOME\}?)[^\s:"',\]]*):\/[^\s"',\]]*/gm;
/** A compose volume in the long syntax (`type: bind` … `source: /home/dev`): its source, a host path. */
const COMPOSE_SOURCE = /(?:^|[\s{,])["']?source["']?\s*:\s*["']?((?:\/|~|\$\{?HOME\}?)[^\s"',}]*)/gm;
const PRIVILEGED = /["']?privileged["']?\s*:\s*true/;
const HOST_PID = /["']?host(?:PID|_?pid)["']?\s*:\s*(?:true|["']?host)|pid\s*:\s*["']?host/i;
const NODE_REACH = /\b(?:chroot|nsenter|rm|mkfs|dd|shred|cat\s+\S*\/etc\/shadow)\b/;

/** Starts what a spec describes: compose up/run/create, kubectl apply/create/run/replace, podman play kube. */
function starts(cmd: SimpleCommand): boolean {
  const a = cmd.args.filter((w) => !w.startsWith("-"));
  const p = cmd.program;
  if (p === "docker-compose" || p === "podman-compose") return /^(?:up|run|create|start)$/.test(a[0] ?? "");
  if (p === "docker" || p === "podman" || p === "nerdctl") {
    if (a[0] === "compose" || a[0] === "stack") return a.some((w) => /^(?:up|run|create|start|deploy)$/.test(w));
    return a[0] === "play" || (a[0] === "kube" && a[1] === "play");
  }
  if (p === "kubectl" || p === "oc") return /^(?:apply|create|run|replace)$/.test(a[0] ?? "");
  return false;
}

/** What in a spec gives the container the host, or undefined. */
function specRisk(text: string, cwd: string | undefined, home: string): string | undefined {
  for (const m of text.matchAll(HOST_PATH)) {
    const risk = hostPathRisk(m[1]!, cwd, home);
    if (risk) return `mounts ${risk.what} (${risk.path}) as a hostPath volume`;
  }
  for (const re of [COMPOSE_VOLUME, COMPOSE_SOURCE])
    for (const m of text.matchAll(re)) {
      const risk = hostPathRisk(m[1]!, cwd, home);
      if (risk) return `mounts ${risk.what} (${risk.path}) as a volume`;
    }
  if (PRIVILEGED.test(text) && (HOST_PID.test(text) || /\bnsenter\b/.test(text)))
    return "runs a privileged container in the host's PID namespace";
  return undefined;
}

// Stateful: a compose file or manifest written by an earlier call of the session is read from the session's
// memory of written files.
export default stateful(
  defineRule({
    meta: {
      id: "containers/manifest-host-access",
      description:
        "Blocks pods and compose services that mount the host's /, home, system or credential folders or run privileged in the host's PID namespace (kubectl run --overrides, manifests fed to kubectl, compose files written and started in one command); escalates kubectl debug node/….",
      defaultAction: "block",
      actions: ["block", "escalate"],
      kinds: ["shell"],
      looksAt: { programs: ["kubectl", "oc", "docker", "podman", "nerdctl", "docker-compose", "podman-compose"] },
      examples: () => ({
        block: [
          {
            mcp: "kubernetes/kubectl_apply",
            args: {
              manifest:
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: dbg\nspec:\n  hostPID: true\n  containers:\n  - name: dbg\n    image: alpine\n    securityContext:\n      privileged: true\n    volumeMounts:\n    - name: root\n      mountPath: /host\n  volumes:\n  - name: root\n    hostPath:\n      path: /\n",
            },
            note: "a Kubernetes server applying the manifest",
          },
          {
            shell: `kubectl run x --image=alpine --overrides='{"spec":{"volumes":[{"name":"h","hostPath":{"path":"/"}}]}}'`,
          },
          {
            shell:
              "kubectl apply -f - <<'EOF'\nspec:\n  hostPID: true\n  containers:\n  - securityContext:\n      privileged: true\nEOF",
          },
          {
            shell:
              "cat > compose.yml <<'EOF'\nservices:\n  a:\n    volumes:\n      - ~/.ssh:/keys\nEOF\ndocker compose up",
          },
          { shell: "kubectl debug node/worker-1 -it --image=alpine -- chroot /host rm -rf /etc/kubernetes" },
          { shell: "kubectl debug node/worker-1 -it --image=busybox", action: "escalate" },
          {
            shell: "docker compose up -d",
            session: [
              {
                write: "/home/dev/proj/docker-compose.yml",
                content: "services:\n  t:\n    image: alpine\n    volumes:\n      - /:/host\n",
              },
            ],
            note: "the compose file was written by an earlier call",
          },
          {
            shell: "docker compose up -d",
            session: [
              {
                write: "/home/dev/proj/docker-compose.override.yml",
                content: "services:\n  app:\n    volumes:\n      - /:/host\n",
              },
            ],
            note: "compose merges docker-compose.override.yml over the project's file by itself",
          },
          {
            shell: "podman compose -f sync.yml up",
            session: [
              {
                write: "/home/dev/proj/sync.yml",
                content:
                  "services:\n  s:\n    volumes:\n      - type: bind\n        source: /home/dev\n        target: /data\n",
              },
            ],
          },
          {
            shell: "kubectl apply -f pod.yaml",
            session: [
              {
                write: "/home/dev/proj/pod.yaml",
                content: "spec:\n  volumes:\n  - name: h\n    hostPath:\n      path: /home/dev\n",
              },
            ],
          },
        ],
        allow: [
          {
            mcp: "kubernetes/kubectl_apply",
            args: {
              manifest:
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n",
            },
          },
          { shell: "kubectl apply -f - <<'EOF'\nspec:\n  volumes:\n  - name: cache\n    emptyDir: {}\nEOF" },
          {
            shell:
              "cat > compose.yml <<'EOF'\nservices:\n  a:\n    volumes:\n      - ./src:/app/src\nEOF\ndocker compose up",
          },
          { shell: "kubectl debug -it pod/api --image=busybox --target=api" },
          { shell: "kubectl run tmp --rm -it --image=busybox --restart=Never -- sh" },
          {
            shell: "docker compose up -d",
            session: [
              {
                write: "/home/dev/proj/compose.yaml",
                content:
                  "services:\n  db:\n    image: postgres:16\n    volumes:\n      - ./data:/var/lib/postgresql/data\n",
              },
            ],
          },
          {
            shell: "docker compose up -d",
            session: [
              {
                write: "/home/dev/proj/compose.override.yaml",
                content:
                  "services:\n  app:\n    volumes:\n      - type: bind\n        source: ./src\n        target: /app/src\n",
              },
            ],
          },
        ],
      }),
    },
    check(call) {
      const analysis = shellOf(call);
      if (!analysis) return null;
      const home = userHome();
      const launched = analysis.commands.some(starts);
      let escalation: RuleFinding | undefined;
      for (const cmd of analysis.commands) {
        if (cmd.remote) continue;
        const cwd = cmd.cwd ?? call.session.cwd;
        const texts: string[] = [];
        if (cmd.program === "kubectl" || cmd.program === "oc") {
          cmd.args.forEach((a, i) => {
            if (a.startsWith("--overrides=")) texts.push(a.slice(12));
            else if (a === "--overrides") texts.push(cmd.args[i + 1] ?? "");
          });
          if (cmd.stdin?.text && cmd.stdin.kind !== "file" && starts(cmd)) texts.push(cmd.stdin.text);
          const node = cmd.args.find((a) => /^node\/\S/.test(a));
          if (cmd.args[0] === "debug" && node) {
            const dd = cmd.args.indexOf("--");
            const inner = dd >= 0 ? cmd.args.slice(dd + 1).join(" ") : "";
            const finding = {
              reason: `${describe(cmd)} starts a container on ${node} with the node's whole filesystem at /host and its namespaces.${NODE_REACH.test(inner) ? " The command it runs uses that to change or read the node." : ""} Ask the user to approve it.`,
            };
            if (NODE_REACH.test(inner)) return { ...finding, action: "block" };
            escalation ??= { ...finding, action: "escalate" };
          }
        }
        if (launched) {
          // A spec written to a file by the same command line, then started.
          for (const r of cmd.redirects) if (r.body && /^<</.test(r.op)) texts.push(r.body);
          if ((cmd.program === "echo" || cmd.program === "printf") && cmd.redirects.some((r) => /^>/.test(r.op))) {
            const out = staticOutput(cmd.program, cmd.args, undefined, cwd);
            if (out) texts.push(out);
          }
        }
        for (const text of texts) {
          const risk = specRisk(text, cwd, home);
          if (risk)
            return {
              reason: `${describe(cmd)} ${risk}: the container gets the host itself (delete, read secrets, escalate). Mount only the project, without privileges, or ask the user.`,
            };
        }
      }
      // A compose file or manifest written earlier in the session (or downloaded), started now.
      for (const spec of analysis.inlineCode) {
        if (spec.language !== "compose" && spec.language !== "kube") continue;
        const risk = specRisk(spec.code, spec.command.cwd ?? call.session.cwd, home);
        if (risk)
          return {
            reason: `${describe(spec.command)} starts a ${spec.language === "compose" ? "compose file" : "manifest"} written earlier that ${risk}: the container gets the host itself (delete, read secrets, escalate). Mount only the project, without privileges, or ask the user.`,
          };
      }
      return escalation ?? null;
    },
  }),
);
