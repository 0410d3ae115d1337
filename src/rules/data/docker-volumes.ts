// Docker/Podman commands that delete volumes (where containers keep their data).
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, feeders, hasOption } from "../../analysis/shell/commands.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";

const ENGINES = new Set(["docker", "podman", "nerdctl"]);

/** Compose's default project name for a folder: its basename, lower-cased, other characters dropped. */
const composeProject = (cwd: string): string =>
  (cwd.split("/").filter(Boolean).pop() ?? "").toLowerCase().replace(/[^a-z0-9_-]/g, "");

/** The value of an option given as `-x v`, `--long v` or `--long=v`. */
function optionValue(args: string[], short: string, long: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === short || a === long) return args[i + 1];
    if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
  }
  return undefined;
}
const testish = (name: string) =>
  /(^|[^a-z0-9])(test|tests|testing|dev|development|ci|e2e)([^a-z0-9]|$)/i.test(name) &&
  !/(^|[^a-z0-9])(prod|production|live)([^a-z0-9]|$)/i.test(name);

/** A listing of every container or image (`docker ps -aq`, `podman images -q`): no filter, no name narrows it. */
function listsEverything(c: SimpleCommand): "containers" | "images" | undefined {
  if (!ENGINES.has(c.program)) return undefined;
  const words = c.args.filter((a) => !a.startsWith("-"));
  const what =
    words[0] === "ps" || (words[0] === "container" && /^(?:ls|list|ps)$/.test(words[1] ?? ""))
      ? "containers"
      : words[0] === "images" || (words[0] === "image" && /^(?:ls|list)$/.test(words[1] ?? ""))
        ? "images"
        : undefined;
  if (!what) return undefined;
  const named = words.slice(words[0] === "ps" || words[0] === "images" ? 1 : 2);
  // ps's -f is --filter; a name or reference after images narrows it too.
  const filtered = c.args.some((a) => /^(?:-f|--filter(?:=.*)?|--last|-n|-l|--latest)$/.test(a) || /^-[a-z]*f/.test(a));
  return filtered || named.length > 0 ? undefined : what;
}

/** Removing every container or image a listing names: `docker rm -f $(docker ps -aq)`, `docker images -q | xargs docker rmi`. */
function removesEverything(
  cmd: SimpleCommand,
  words: string[],
  all: SimpleCommand[],
): "containers" | "images" | undefined {
  const removes =
    words[0] === "rm" || (words[0] === "container" && /^(?:rm|remove)$/.test(words[1] ?? ""))
      ? "containers"
      : words[0] === "rmi" || (words[0] === "image" && /^(?:rm|remove)$/.test(words[1] ?? ""))
        ? "images"
        : undefined;
  if (!removes) return undefined;
  // xargs' command gets its items from the pipeline xargs reads: its other members.
  const piped = cmd.wrappers.includes("xargs")
    ? all.filter((c) => c.pipeline.id === cmd.pipeline.id && c.pipeline.index < cmd.pipeline.index)
    : [];
  const sources = [...(cmd.substitutions ?? []), ...feeders(cmd), ...piped];
  return sources.some((c) => listsEverything(c) !== undefined) ? removes : undefined;
}

export default defineRule({
  meta: {
    id: "data/docker-volumes",
    description:
      "Blocks docker system prune --volumes, docker volume rm/prune and removing every container (docker rm -f $(docker ps -aq)); escalates removing every image, compose down -v and rm -v, removing volumes named for tests or development or the project's own compose volumes, and docker system prune -a; a compose stack declared for tests (-f docker-compose.test.yml, -p app_e2e) is taken down with its volumes.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: [...ENGINES, "docker-compose", "podman-compose"] },
    actions: ["block", "escalate"],
    examples: () => ({
      block: [
        { shell: "docker system prune -a --volumes" },
        { shell: "docker system prune -a", action: "escalate" },
        { shell: "docker system prune --volumes -f" },
        { shell: "docker volume rm pgdata" },
        { shell: "docker compose down -v", action: "escalate" },
        { shell: "docker volume rm proj_pgdata", action: "escalate", note: "the project's own compose volume" },
        {
          shell: "docker volume prune -f --filter label=com.docker.compose.project=proj",
          action: "escalate",
        },
        { shell: "docker volume rm shop_pgdata", cwd: "/home/dev/proj", note: "another project's data" },
        { shell: "docker volume prune -f --filter label=com.docker.compose.project=billing" },
        { shell: "docker compose -f docker-compose.yml down -v", action: "escalate" },
        { shell: "docker compose rm -fsv redis", action: "escalate", note: "the service's anonymous volumes" },
        { shell: "docker rm -f $(docker ps -aq)" },
        { shell: "podman ps -aq | xargs podman rm -f" },
        { shell: "docker rmi -f $(docker images -q)", action: "escalate" },
      ],
      allow: [
        { shell: "docker compose down" },
        { shell: "docker image prune -f" },
        { shell: "docker volume ls" },
        { shell: "docker compose -f docker-compose.test.yml down -v --rmi local" },
        { shell: "docker-compose -p shop_e2e down --volumes" },
        { shell: "docker compose -f compose.test.yml rm -fsv db" },
        { shell: "docker rm -f shop-api-dev" },
        { shell: "docker rm $(docker ps -aq --filter status=exited)" },
        { shell: "docker rmi $(docker images -q --filter dangling=true)" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let escalation: RuleFinding | undefined;
    for (const cmd of actingCommands(analysis)) {
      const p = cmd.program;
      let words = cmd.args.filter((a) => !a.startsWith("-"));
      const compose = p === "docker-compose" || p === "podman-compose" || (ENGINES.has(p) && words[0] === "compose");
      if (compose) {
        if (ENGINES.has(p)) words = words.slice(1);
        // The project's own volumes (its local database, caches): resetting them is everyday, with approval.
        // `compose rm -v` takes less (only the removed services' anonymous volumes): the same approval.
        const removes = words[0] === "rm" && hasOption(cmd.args, "v", ["--volumes"]);
        if ((words.includes("down") || removes) && hasOption(cmd.args, "v", ["--volumes"])) {
          // A stack declared for tests or development (-f docker-compose.test.yml, -p shop_e2e): throwaway data.
          const file = optionValue(cmd.args, "-f", "--file");
          const project = optionValue(cmd.args, "-p", "--project-name");
          if ((file && testish(file.split("/").pop()!)) || (project && testish(project))) continue;
          escalation ??= {
            reason: removes
              ? `${describe(cmd)} deletes the removed containers' volumes and the data in them. Drop -v, or ask the user to approve it.`
              : `${describe(cmd)} deletes the project's volumes and the data in them. Run \`down\` without -v, or ask the user to approve it.`,
            action: "escalate",
          };
        }
        continue;
      }
      if (!ENGINES.has(p)) continue;
      const everything = removesEverything(cmd, words, analysis.commands);
      if (everything === "containers")
        return {
          reason: `${describe(cmd)} removes every container with the data in their writable layers. Remove the containers by name, or ask the user.`,
          action: "block",
        };
      if (everything === "images")
        escalation ??= {
          reason: `${describe(cmd)} removes every image, locally built ones too. Remove images by name or prune dangling ones, or ask the user to approve it.`,
          action: "escalate",
        };
      if (words[0] === "system" && words[1] === "prune") {
        if (cmd.args.includes("--volumes"))
          return {
            reason: `${describe(cmd)} deletes every unused volume and the data in it. Prune without --volumes, or ask the user.`,
            action: "block",
          };
        if (hasOption(cmd.args, "a", ["--all"]))
          escalation ??= {
            reason: `${describe(cmd)} deletes every unused image, container, network and build cache. Ask the user to approve it.`,
            action: "escalate",
          };
        continue;
      }
      const named = words.slice(2);
      // The project's own compose volumes (`<project>_<volume>`, the project named after the working folder,
      // or a prune filtered to that project): the same data `compose down -v` deletes, so the same approval.
      const project = composeProject(call.session.cwd);
      const ownVolume = (v: string) =>
        project.length > 0 && v.startsWith(`${project}_`) && v.length > project.length + 1;
      const filter = cmd.args.find((a, i) => cmd.args[i - 1] === "--filter" || a.startsWith("--filter="));
      const prunedProject = /^(?:--filter=)?label=com\.docker\.compose\.project=([\w-]+)$/.exec(filter ?? "")?.[1];
      if (
        words[0] === "volume" &&
        ((/^(rm|remove)$/.test(words[1] ?? "") && named.length > 0 && named.every((v) => testish(v) || ownVolume(v))) ||
          (words[1] === "prune" &&
            prunedProject !== undefined &&
            (prunedProject === project || testish(prunedProject)) &&
            !cmd.args.some((a) => a === "-a" || a === "--all" || /^-\w*a/.test(a))))
      )
        escalation ??= {
          reason: `${describe(cmd)} deletes this project's (or a test stack's) volumes and the data in them. Ask the user to approve it.`,
          action: "escalate",
        };
      else if (words[0] === "volume" && /^(rm|remove|prune)$/.test(words[1] ?? ""))
        return {
          reason: `${describe(cmd)} deletes volumes and the data in them. Ask the user to do it.`,
          action: "block",
        };
    }
    return escalation ?? null;
  },
});
