// Docker/Podman commands that delete volumes (where containers keep their data).
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe, hasOption } from "../../analysis/shell/commands.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";

const ENGINES = new Set(["docker", "podman", "nerdctl"]);
const testish = (name: string) =>
  /(^|[^a-z0-9])(test|tests|testing|dev|development|ci|e2e)([^a-z0-9]|$)/i.test(name) &&
  !/(^|[^a-z0-9])(prod|production|live)([^a-z0-9]|$)/i.test(name);

export default defineRule({
  meta: {
    id: "data/docker-volumes",
    description:
      "Blocks docker system prune --volumes and docker volume rm/prune; escalates compose down -v, removing volumes named for tests or development, and docker system prune -a.",
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
      ],
      allow: [{ shell: "docker compose down" }, { shell: "docker image prune -f" }, { shell: "docker volume ls" }],
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
        if (words.includes("down") && hasOption(cmd.args, "v", ["--volumes"])) {
          escalation ??= {
            reason: `${describe(cmd)} deletes the project's volumes and the data in them. Run \`down\` without -v, or ask the user to approve it.`,
            action: "escalate",
          };
          continue;
        }
        if (words[0] === "rm" && hasOption(cmd.args, "v", ["--volumes"]))
          return {
            reason: `${describe(cmd)} deletes anonymous volumes with the containers. Drop -v, or ask the user.`,
            action: "block",
          };
        continue;
      }
      if (!ENGINES.has(p)) continue;
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
      if (words[0] === "volume" && /^(rm|remove)$/.test(words[1] ?? "") && named.length > 0 && named.every(testish))
        escalation ??= {
          reason: `${describe(cmd)} deletes volumes named for tests or development. Ask the user to approve it.`,
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
