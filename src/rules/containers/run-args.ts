// Reading a container engine's command line: which `run`/`create`/`exec` it is, the host paths it
// bind-mounts, the privileges it asks for, and the command the container runs. Docker, Podman and
// nerdctl share docker's flag grammar; compose's `run` takes the same mount flags.
import type { SimpleCommand } from "../../analysis/shell/types.js";

const ENGINES = new Set(["docker", "podman", "nerdctl", "finch", "lima-nerdctl"]);
const COMPOSE = new Set(["docker-compose", "podman-compose"]);
/** Engines with a grammar of their own: containerd's ctr, Apptainer/Singularity, systemd-nspawn, LXD/Incus. */
const OTHERS = new Set(["ctr", "apptainer", "singularity", "systemd-nspawn", "lxc", "incus"]);
/** The programs containerRun() reads: the looksAt.programs of a rule that looks only at container runs. */
export const CONTAINER_PROGRAMS = [...ENGINES, ...COMPOSE, ...OTHERS];

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

/**
 * The other engines' runs, their host mounts as docker's `-v SRC:DST`: `ctr run [opts] IMAGE ID cmd…`
 * (--mount as docker's), `apptainer exec|run|shell -B SRC:DST IMAGE cmd…`, `systemd-nspawn -D ROOT
 * --bind=SRC cmd…` (the root directory is mounted too), `lxc|incus config device add C N disk source=SRC`.
 */
function otherRun(cmd: SimpleCommand): ContainerRun | undefined {
  const p = cmd.program;
  const a = cmd.args;
  const options: [string, string][] = [];
  const optionAt = (i: number): [string, string, number] => {
    const w = a[i]!;
    const eq = w.indexOf("=");
    return w.startsWith("--") && eq > 0 ? [w.slice(0, eq), w.slice(eq + 1), i + 1] : [w, a[i + 1] ?? "", i + 2];
  };
  if (p === "lxc" || p === "incus") {
    const at = a.findIndex((w, i) => w === "device" && a[i - 1] === "config" && a[i + 1] === "add");
    if (at < 0) return undefined;
    const fields = new Map(a.slice(at + 2).map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]));
    const src = fields.get("source");
    if (!src || !a.includes("disk")) return undefined;
    return {
      cmd,
      verb: "run",
      options: [["-v", `${src}:${fields.get("path") ?? "/mnt"}`]],
      target: a[at + 2] ?? "",
      command: [],
    };
  }
  if (p === "systemd-nspawn") {
    let i = 0;
    while (i < a.length && a[i]!.startsWith("-")) {
      const [name, value, next] = optionAt(i);
      if (name === "-D" || name === "--directory") options.push(["-v", `${value}:/`]);
      else if (name === "--bind" || name === "--bind-ro") options.push(["-v", value]);
      else if (
        /^(?:-M|--machine|-u|--user|--chdir|-E|--setenv|--image|-i|--template|--network-\w+|--property|-p|--port)$/.test(
          name,
        )
      ) {
        i = next;
        continue;
      } else if (
        !a[i]!.includes("=") &&
        !/^(?:-b|--boot|-q|--quiet|-x|--ephemeral|--private-network|-U|--read-only|-a|--as-pid2|--keep-unit)$/.test(
          name,
        )
      ) {
        i++;
        continue;
      }
      i = name === "-D" || name === "--bind" || name === "--bind-ro" || name === "--directory" ? next : i + 1;
    }
    return { cmd, verb: "run", options, target: "", command: a.slice(i) };
  }
  // ctr [-n NS] run …, apptainer exec|run|shell|instance start …
  let i = 0;
  while (i < a.length && a[i]!.startsWith("-")) i += /^(?:-n|--namespace|-a|--address)$/.test(a[i]!) ? 2 : 1;
  let verb = a[i];
  if (p === "ctr" && (verb === "container" || verb === "c") && a[i + 1] === "create") verb = a[++i];
  if (p !== "ctr" && verb === "instance" && a[i + 1] === "start") verb = a[++i];
  if (!verb || !/^(?:run|create|exec|shell|start)$/.test(verb)) return undefined;
  i++;
  while (i < a.length && a[i]!.startsWith("-") && a[i] !== "--") {
    const w = a[i]!;
    if (
      /^(?:--rm|-t|--tty|-d|--detach|--privileged|--net-host|--writable|--containall|-c|--cleanenv|-e|--fakeroot|-f|--no-home|--nv|--rocm|-w|--userns|-u|--null-device)$/.test(
        w,
      )
    ) {
      options.push([w, ""]);
      i++;
      continue;
    }
    const [name, value, next] = optionAt(i);
    options.push([name === "-B" || name === "--bind" ? "-v" : name, value]);
    i = next;
  }
  if (a[i] === "--") i++;
  const target = a[i] ?? "";
  // ctr names the container after the image (`ctr run IMAGE ID cmd…`).
  return { cmd, verb: "run", options, target, command: a.slice(p === "ctr" ? i + 2 : i + 1) };
}

/** The container `run`/`create`/`exec` a command starts, or undefined when it is not one. */
export function containerRun(cmd: SimpleCommand): ContainerRun | undefined {
  const p = cmd.program;
  if (OTHERS.has(p)) return otherRun(cmd);
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
