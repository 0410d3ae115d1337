// A container runs as root over whatever host folder it is handed: mounting /, the home folder, the
// system's folders or credentials gives it the host (delete, read /etc/shadow, add a sudoer, chroot),
// whatever the container's command looks like. The engine's socket is the same: through it a container
// starts any other container, with any mount. The project, caches and named volumes stay allowed.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf, userHome } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { containerRun, mountSources, CONTAINER_PROGRAMS } from "./run-args.js";
import { hostPathRisk } from "./host-paths.js";

/** What a container with the engine's socket does that takes the host over or wipes it. */
const SOCKET_ABUSE =
  /(?:^|\s)(?:-v|--volume|--mount)[\s=]?\S*(?:^|[\s=,])(?:source=|src=)?\/(?:[:,\s]|$)|--privileged|--pid[\s=]host|\b(?:rm|rmi|prune|kill|nsenter|chroot)\b|-X\s*(?:POST|DELETE|PUT)|--request\s*(?:POST|DELETE|PUT)/;

export default defineRule({
  meta: {
    id: "containers/host-mount",
    description:
      "Blocks containers started with the host's /, home folder, system folders or credential folders bind-mounted (docker, podman, nerdctl, compose run, ctr, apptainer, systemd-nspawn, lxc disks); escalates a mounted Docker socket.",
    defaultAction: "block",
    actions: ["block", "escalate"],
    kinds: ["shell"],
    looksAt: { programs: CONTAINER_PROGRAMS },
    examples: () => ({
      block: [
        { shell: "docker run --rm -v /:/host alpine chroot /host sh" },
        { shell: 'podman run -v "$HOME":/data alpine rm -rf /data' },
        { shell: "docker run --mount type=bind,src=/etc,dst=/e alpine cat /e/shadow" },
        { shell: "sudo nerdctl run --volume=$HOME/.ssh:/k:ro alpine cat /k/id_rsa" },
        { shell: "docker compose run --rm -v ~/.aws:/root/.aws app aws s3 ls" },
        { shell: "docker -H tcp://127.0.0.1:2375 run -v/:/h alpine sh" },
        {
          shell: "ctr run --rm --mount type=bind,src=/,dst=/host,options=rbind:rw docker.io/library/alpine:latest x sh",
        },
        { shell: "apptainer exec --bind /:/hostroot docker://alpine ls /hostroot" },
        { shell: "singularity shell -B $HOME:/h library://alpine" },
        { shell: "sudo systemd-nspawn -D / --bind=/home rm -rf /home/dev" },
        { shell: "lxc config device add c1 root disk source=/ path=/mnt/root" },
        { shell: "docker run --rm -v /var/lib/docker:/d alpine rm -rf /d/volumes" },
        { shell: "podman run -v /etc/kubernetes:/k alpine cat /k/admin.conf" },
        {
          shell: "docker run --rm -v /var/run/docker.sock:/var/run/docker.sock docker:cli docker run -v /:/h alpine sh",
        },
        {
          shell: "docker run --rm -v /var/run/docker.sock:/var/run/docker.sock portainer/agent",
          action: "escalate",
        },
      ],
      allow: [
        { shell: 'docker run --rm -v "$PWD":/app -w /app node:20 npm test' },
        { shell: "docker run --rm -v ~/.m2:/root/.m2 -v .:/app maven:3.9 mvn package" },
        { shell: "docker run --rm -v pgdata:/var/lib/postgresql/data postgres:16" },
        { shell: "docker run --rm -v /etc/localtime:/etc/localtime:ro app:dev" },
        { shell: "docker run --rm -v /tmp/out:/out alpine sh -c 'echo ok > /out/r.txt'" },
        { shell: "docker exec api rm -rf /tmp/cache" },
        { shell: "apptainer exec --bind $PWD:/work docker://python:3.12 python /work/train.py" },
        { shell: "sudo systemd-nspawn -D /var/lib/machines/debian --bind=$PWD:/src make -C /src" },
        { shell: "lxc config device add c1 src disk source=$PWD path=/src" },
        { shell: "ctr run --rm docker.io/library/alpine:latest t echo ok" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = userHome();
    let escalation: RuleFinding | undefined;
    for (const cmd of analysis.commands) {
      if (cmd.remote) continue;
      const run = containerRun(cmd);
      if (!run || run.verb === "exec") continue;
      for (const src of mountSources(run)) {
        const risk = hostPathRisk(src, cmd.cwd ?? call.session.cwd, home);
        if (!risk) continue;
        if (risk.kind === "socket") {
          const inner = run.command.join(" ");
          const finding = {
            reason: `${describe(cmd)} hands the container ${risk.what} (${risk.path}): it can start any container with any host folder mounted.${SOCKET_ABUSE.test(inner) ? " The command it runs uses that to take the host over or delete from it." : ""} Ask the user to approve it.`,
          };
          if (SOCKET_ABUSE.test(inner)) return { ...finding, action: "block" };
          escalation ??= { ...finding, action: "escalate" };
          continue;
        }
        return {
          reason: `${describe(cmd)} mounts ${risk.what} (${risk.path}) into a container, which runs as root over it: it can delete, read or rewrite the host's files there. Mount only the project folder (or a copy of what the container needs).`,
        };
      }
    }
    return escalation ?? null;
  },
});
