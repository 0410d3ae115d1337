// Reading a container engine's command line: which `run`/`create`/`exec` it is, the host paths it
// bind-mounts, the privileges it asks for, and the command the container runs. Docker, Podman and
// nerdctl share docker's flag grammar; compose's `run` takes the same mount flags.
import type { SimpleCommand } from "../../analysis/shell/types.js";

const ENGINES = new Set(["docker", "podman", "nerdctl", "finch", "lima-nerdctl"]);
const COMPOSE = new Set(["docker-compose", "podman-compose"]);
/** The programs containerRun() reads: the looksAt.programs of a rule that looks only at container runs. */
export const CONTAINER_PROGRAMS = [...ENGINES, ...COMPOSE];

/** Global options taking a value before the subcommand (`docker -H tcp://… run`, `podman --url … run`). */
const GLOBAL_VALUE = new Set([
  "-H",
  "--host",
  "-c",
  "--context",
  "--config",
  "-l",
  "--log-level",
  "--url",
  "--connection",
  "--namespace",
  "-n",
  "--address",
  "-a",
  "--root",
  "--runroot",
  "-f",
  "--file",
  "-p",
  "--project-name",
  "--profile",
  "--env-file",
  "--project-directory",
]);

/** docker run/create/exec options that take no value; every other option takes one unless written `--x=v`. */
const BOOLEAN = new Set([
  "--rm",
  "-d",
  "--detach",
  "-i",
  "--interactive",
  "-t",
  "--tty",
  "--privileged",
  "--init",
  "--read-only",
  "-P",
  "--publish-all",
  "--no-healthcheck",
  "--oom-kill-disable",
  "-q",
  "--quiet",
  "--no-deps",
  "--service-ports",
  "--use-aliases",
  "--build",
  "--remove-orphans",
  "-T",
  "--no-TTY",
  "--replace",
  "--tls-verify",
  "--help",
]);
const BOOLEAN_SHORTS = "ditPqT";

export interface ContainerRun {
  cmd: SimpleCommand;
  /** "run", "create", "exec" (compose's `run` is "run"). */
  verb: string;
  /** Options before the image (or the container, for exec), as [name, value] ("" for a flag). */
  options: [string, string][];
  /** The image (run/create), the container (exec) or the compose service. */
  target: string;
  /** The command the container runs, after the image. */
  command: string[];
}

/** The container `run`/`create`/`exec` a command starts, or undefined when it is not one. */
export function containerRun(cmd: SimpleCommand): ContainerRun | undefined {
  const p = cmd.program;
  const engine = ENGINES.has(p);
  if (!engine && !COMPOSE.has(p)) return undefined;
  const a = cmd.args;
  let i = 0;
  const skipGlobals = () => {
    while (i < a.length && a[i]!.startsWith("-")) {
      const w = a[i]!;
      i += !w.includes("=") && GLOBAL_VALUE.has(w) ? 2 : 1;
    }
  };
  skipGlobals();
  if (engine && (a[i] === "compose" || a[i] === "container")) {
    i++;
    skipGlobals();
  }
  const verb = a[i];
  if (verb !== "run" && verb !== "create" && verb !== "exec") return undefined;
  i++;
  const options: [string, string][] = [];
  while (i < a.length && a[i]!.startsWith("-") && a[i] !== "-") {
    const w = a[i]!;
    if (w === "--") {
      i++;
      break;
    }
    if (w.startsWith("--")) {
      const eq = w.indexOf("=");
      if (eq > 0) options.push([w.slice(0, eq), w.slice(eq + 1)]);
      else if (BOOLEAN.has(w)) options.push([w, ""]);
      else {
        options.push([w, a[i + 1] ?? ""]);
        i++;
      }
      i++;
      continue;
    }
    // A short cluster: -it, -dit, -v/:/h (value attached), -v /:/h, -e X=1.
    let k = 1;
    while (k < w.length && BOOLEAN_SHORTS.includes(w[k]!)) options.push([`-${w[k++]}`, ""]);
    if (k < w.length) {
      const name = `-${w[k]}`;
      const attached = w.slice(k + 1).replace(/^=/, "");
      if (attached) options.push([name, attached]);
      else {
        options.push([name, a[i + 1] ?? ""]);
        i++;
      }
    }
    i++;
  }
  const target = a[i] ?? "";
  return { cmd, verb, options, target, command: a.slice(i + 1) };
}

/** The host side of a bind mount option (`-v SRC:DST[:opts]`, `--mount type=bind,source=SRC,…`). */
export function mountSources(run: ContainerRun): string[] {
  const out: string[] = [];
  for (const [name, value] of run.options) {
    if (name === "-v" || name === "--volume") {
      const src = value.split(":")[0] ?? "";
      // A named volume (`pgdata:/var/lib/...`) is not a host path.
      if (/^[/~.$]/.test(src)) out.push(src);
    } else if (name === "--mount") {
      const fields = new Map(
        value.split(",").map((f) => {
          const eq = f.indexOf("=");
          return eq < 0 ? ([f, ""] as const) : ([f.slice(0, eq), f.slice(eq + 1)] as const);
        }),
      );
      const type = fields.get("type") ?? "volume";
      const src = fields.get("source") ?? fields.get("src") ?? "";
      if ((type === "bind" || /^[/~.$]/.test(src)) && src) out.push(src);
    }
  }
  return out;
}

/** The values of one option (`--cap-add`, `--device`, …), every occurrence. */
export function optionValues(run: ContainerRun, ...names: string[]): string[] {
  return run.options.filter(([n]) => names.includes(n)).map(([, v]) => v);
}
