// Docker/Podman commands that delete volumes (where containers keep their data).
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, feeders, hasOption } from "../../analysis/shell/commands.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";
import { homeDir } from "../../builtin.js";

const ENGINES = new Set(["docker", "podman", "nerdctl"]);

/** Folders that hold projects rather than name one (`~/src/shop-api`, `~/work/webapp/apps/api`). */
const CONTAINER_FOLDERS = new Set([
  "src",
  "work",
  "code",
  "projects",
  "repos",
  "git",
  "home",
  "users",
  "apps",
  "services",
  "packages",
  "dev",
  "tmp",
]);

/**
 * The names compose may have given the project the session works in: compose v2 names it after the folder
 * it runs in (lower-cased, other characters than a-z0-9_- dropped), compose v1 dropped `-` and `_` too, and
 * an agent often works in a subfolder of the project (`apps/api`, `backend`), so the two folders above count.
 */
function composeProjects(cwd: string): string[] {
  const home = homeDir().split("/").filter(Boolean).pop();
  const names = new Set<string>();
  for (const folder of cwd.split("/").filter(Boolean).slice(-3)) {
    const v2 = folder.toLowerCase().replace(/[^a-z0-9_-]/g, "");
    if (v2.length < 2 || folder === home || CONTAINER_FOLDERS.has(v2)) continue;
    names.add(v2);
    names.add(v2.replace(/[-_]/g, ""));
    names.add(v2.replace(/-/g, "_"));
  }
  return [...names].filter(Boolean);
}

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
      "Blocks docker system prune --volumes, docker volume rm/prune and removing every container (docker rm -f $(docker ps -aq)); escalates removing every image, compose down -v and rm -v of another project's or production's stack (-p other, a compose file outside the project or named for production), and docker system prune -a. The project's own stack taken down with its volumes, its own compose volumes (named after the working folder or the two above it, in compose v1's or v2's spelling) and volumes named for tests or development are everyday.",
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
        { shell: "docker volume rm shop_pgdata", cwd: "/home/dev/proj", note: "another project's data" },
        { shell: "cd ../billing && docker volume rm proj_pgdata", cwd: "/home/dev/proj", note: "from another folder" },
        { shell: "docker volume prune -f --filter label=com.docker.compose.project=billing" },
        { shell: "docker volume prune -af --filter label=com.docker.compose.project=proj" },
        { shell: "docker compose -p billing down -v", action: "escalate", note: "another project's stack" },
        { shell: "COMPOSE_PROJECT_NAME=billing docker compose down -v", action: "escalate" },
        { shell: "docker compose -f /srv/billing/compose.yml down -v", action: "escalate" },
        { shell: "docker compose -f ../billing/docker-compose.yml rm -fsv db", action: "escalate" },
        { shell: "cd /srv/billing && docker compose down -v", action: "escalate" },
        { shell: "docker compose -f docker-compose.prod.yml down -v", action: "escalate", note: "production's stack" },
        { shell: "docker rm -f $(docker ps -aq)" },
        { shell: "podman ps -aq | xargs podman rm -f" },
        { shell: "docker rmi -f $(docker images -q)", action: "escalate" },
      ],
      allow: [
        { shell: "docker compose down" },
        { shell: "docker compose down -v", note: "the project's own dev stack, started afresh" },
        { shell: "docker compose down -v --remove-orphans && docker compose up -d" },
        { shell: "cd deploy/local && docker compose down -v", note: "a folder of the project" },
        { shell: "docker-compose down --volumes" },
        { shell: "docker compose -f docker-compose.yml -f docker-compose.dev.yml down -v" },
        { shell: "docker compose rm -fsv redis", note: "the service's anonymous volumes" },
        { shell: "docker volume rm proj_pgdata", note: "the project's own compose volume" },
        {
          shell: "docker volume rm shopapi_pgdata shop_api_node_modules",
          cwd: "/home/dev/src/shop-api",
          note: "compose v1 spellings",
        },
        {
          shell: "docker volume rm webapp_db-data",
          cwd: "/home/dev/work/webapp/backend",
          note: "run from a subfolder",
        },
        { shell: "docker volume prune -f --filter label=com.docker.compose.project=proj" },
        { shell: "docker image prune -f" },
        { shell: "docker volume ls" },
        { shell: "docker compose -f docker-compose.test.yml down -v --rmi local" },
        { shell: "docker-compose -p shop_e2e down --volumes" },
        { shell: "docker compose -f compose.test.yml rm -fsv db" },
        { shell: "docker volume rm test_pgdata ci-cache" },
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
      // A `cd` before the command moves it to another folder, and so to another project.
      const cwd = cmd.cwd ?? call.session.cwd;
      const projects = composeProjects(cwd);
      const p = cmd.program;
      let words = cmd.args.filter((a) => !a.startsWith("-"));
      const compose = p === "docker-compose" || p === "podman-compose" || (ENGINES.has(p) && words[0] === "compose");
      if (compose) {
        if (ENGINES.has(p)) words = words.slice(1);
        // The project's own volumes (its local database, caches) are everyday to reset: `down -v` is how a
        // developer starts the dev stack afresh. `compose rm -v` takes less (the removed services' anonymous
        // volumes). Another project's stack, named by -p or by a compose file elsewhere, is asked about.
        const removes = words.includes("rm") && hasOption(cmd.args, "v", ["--volumes"]);
        if ((words.includes("down") || removes) && hasOption(cmd.args, "v", ["--volumes"])) {
          const file = optionValue(cmd.args, "-f", "--file");
          const dir = optionValue(cmd.args, "--project-directory", "--project-directory");
          const project = optionValue(cmd.args, "-p", "--project-name") ?? cmd.assignments.COMPOSE_PROJECT_NAME;
          const elsewhere = (f: string) => (f.startsWith("/") ? !f.startsWith(`${cwd}/`) : f.startsWith(".."));
          // A `cd` out of the session's folder reaches another project's stack.
          const moved = cwd !== call.session.cwd && !cwd.startsWith(`${call.session.cwd}/`);
          // A stack named for production (-f docker-compose.prod.yml, -p shop_live) is never throwaway.
          const production = [file, project, dir].some(
            (v) => v !== undefined && /(^|[^a-z0-9])(prod|production|live)([^a-z0-9]|$)/i.test(v),
          );
          const another =
            moved ||
            production ||
            (project !== undefined && !testish(project) && !projects.includes(project.toLowerCase())) ||
            (file !== undefined && !testish(file.split("/").pop()!) && elsewhere(file)) ||
            (dir !== undefined && elsewhere(dir));
          if (!another) continue;
          escalation ??= {
            reason: removes
              ? `${describe(cmd)} deletes the removed containers' volumes and the data in them, of a stack other than this project's. Drop -v, or ask the user to approve it.`
              : `${describe(cmd)} deletes the volumes of a stack other than this project's and the data in them. Run \`down\` without -v, or ask the user to approve it.`,
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
      // The project's own compose volumes (`<project>_<volume>`, the project named after the working folder
      // or one of the two above it, in compose v1's or v2's spelling), volumes named for tests or
      // development, or a prune filtered to such a project: the data `compose down -v` deletes, as everyday.
      const ownVolume = (v: string) =>
        projects.some((p) => v.toLowerCase().startsWith(`${p}_`) && v.length > p.length + 1);
      const filter = cmd.args.find((a, i) => cmd.args[i - 1] === "--filter" || a.startsWith("--filter="));
      const prunedProject = /^(?:--filter=)?label=com\.docker\.compose\.project=([\w-]+)$/.exec(filter ?? "")?.[1];
      if (
        words[0] === "volume" &&
        ((/^(rm|remove)$/.test(words[1] ?? "") && named.length > 0 && named.every((v) => testish(v) || ownVolume(v))) ||
          (words[1] === "prune" &&
            prunedProject !== undefined &&
            (projects.includes(prunedProject.toLowerCase()) || testish(prunedProject)) &&
            !cmd.args.some((a) => a === "-a" || a === "--all" || /^-\w*a/.test(a))))
      )
        continue;
      if (words[0] === "volume" && /^(rm|remove|prune)$/.test(words[1] ?? ""))
        return {
          reason: `${describe(cmd)} deletes volumes and the data in them. Ask the user to do it.`,
          action: "block",
        };
    }
    return escalation ?? null;
  },
});
