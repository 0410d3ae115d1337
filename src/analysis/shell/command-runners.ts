// Tools whose job is to run a command the user names, in an environment they prepare: a project's
// virtualenv (`uv run`, `poetry run`, `conda run -n env`), its tool versions (`mise exec`, `asdf exec`,
// `nix develop -c`), its secrets (`op run --`, `doppler run --`, `aws-vault exec prof --`), its variables
// (`cross-env A=1`, `dotenv --`, `env-cmd -f`), or another place (`direnv exec DIR`, `ip netns exec NS`,
// `flatpak-spawn --host`, `distrobox enter --`). `poetry run rm -rf ~` deletes the home folder as surely as
// `rm -rf ~`: the analysis reads what each of them runs. Data, not code: one entry per spelling, read by
// runnerCommand(); unwrap.ts runs what it finds as a command of its own or as shell text.

interface RunnerSpec {
  /** Options that take a separate value (`--from pkg`). `--opt=value` needs no entry. */
  value?: string[];
  /** Options that carry the working directory of the command. */
  chdir?: string[];
  /** Non-option operands before the command (`direnv exec DIR`, `aws-vault exec PROFILE`). */
  operands?: number;
  /** NAME=value words may precede the command (cross-env). */
  assignments?: boolean;
  /** The command is only what follows `--` (`op run -- cmd`); without `--`, nothing runs here. */
  afterDashDash?: boolean;
  /** Options after which the rest of the words are the command (`nix develop -c cmd args`, `gdb --args`). */
  restAfter?: string[];
  /** Options whose value is the program, its arguments after `--` (`start-stop-daemon --exec /bin/x -- args`). */
  programValue?: string[];
  /** Its operands are never the command (`nix-shell -p curl jq --run "…"`: packages). */
  noCommandOperands?: boolean;
  /** Options whose value is shell text (`doppler run --command "…"`, `nodemon --exec "…"`). */
  shellValue?: string[];
  /** Every operand is shell text (`hyperfine 'cmd1' 'cmd2'`, `sg group 'cmd'` after its operands). */
  shellOperands?: boolean;
}

/**
 * Keyed by the program, or the program and its subcommand words as typed (`uv tool run`). The option
 * lists are the runners' own (from their --help); an option not listed is taken to be a flag, so a value
 * it takes would be read as the command: listed are those that take one.
 */
const RUNNERS: Record<string, RunnerSpec> = {
  // Python project runners.
  "uv run": {
    value: [
      "--with",
      "-w",
      "--with-editable",
      "--with-requirements",
      "--from",
      "--python",
      "-p",
      "--package",
      "--project",
      "--directory",
      "--env-file",
      "--group",
      "--extra",
      "--index",
      "--index-url",
      "--extra-index-url",
      "--find-links",
      "-f",
      "--config-file",
      "--cache-dir",
    ],
    chdir: ["--directory"],
  },
  "uv tool run": {
    value: ["--from", "--with", "-w", "--with-requirements", "--python", "-p", "--index", "--index-url"],
  },
  "poetry run": { value: ["-C", "--directory", "-P", "--project"], chdir: ["-C", "--directory"] },
  "pdm run": { value: ["-p", "--project", "--venv"] },
  "hatch run": {},
  "pipenv run": {},
  "rye run": { value: ["--pyproject"] },
  "conda run": { value: ["-n", "--name", "-p", "--prefix", "--cwd"], chdir: ["--cwd"] },
  "mamba run": { value: ["-n", "--name", "-p", "--prefix", "--cwd"], chdir: ["--cwd"] },
  "micromamba run": { value: ["-n", "--name", "-p", "--prefix", "--cwd"], chdir: ["--cwd"] },
  "pixi run": { value: ["-e", "--environment", "--manifest-path"] },
  "pixi exec": { value: ["-s", "--spec", "-c", "--channel"] },
  // Ruby, tool-version managers, dev environments.
  "bundle exec": { value: ["--gemfile"] },
  "bundler exec": { value: ["--gemfile"] },
  "mise exec": { afterDashDash: true, shellValue: ["-c", "--command"] },
  "mise x": { afterDashDash: true, shellValue: ["-c", "--command"] },
  "rtx exec": { afterDashDash: true, shellValue: ["-c", "--command"] },
  "rtx x": { afterDashDash: true, shellValue: ["-c", "--command"] },
  "asdf exec": {},
  "rbenv exec": {},
  "pyenv exec": {},
  "nodenv exec": {},
  "goenv exec": {},
  "jenv exec": {},
  "fnm exec": { value: ["--using"] },
  "volta run": { value: ["--node", "--npm", "--yarn", "--pnpm", "--env"] },
  "nix develop": { restAfter: ["-c", "--command"] },
  "nix shell": { restAfter: ["-c", "--command"] },
  "nix-shell": { shellValue: ["--run", "--command"], noCommandOperands: true },
  "devbox run": { value: ["-c", "--config", "-e", "--env", "--env-file"] },
  "devenv shell": {},
  "direnv exec": { operands: 1 },
  "scl enable": { operands: 1, shellOperands: true },
  // Secrets and variables put into the command's environment.
  "op run": { value: ["--env-file", "--environment"] },
  "doppler run": {
    value: ["-p", "--project", "-c", "--config", "--fallback", "--mount", "--mount-format", "--name-transformer"],
    shellValue: ["--command"],
  },
  "infisical run": {
    value: ["--env", "--path", "--projectId", "--token", "--tags", "--domain"],
    shellValue: ["--command"],
  },
  "aws-vault exec": { operands: 1, value: ["-d", "--duration", "-t", "--mfa-token", "--region", "--prompt"] },
  "chamber exec": { afterDashDash: true },
  "sops exec-env": { shellOperands: true, operands: 1 },
  "teller run": {},
  envchain: { operands: 1 },
  "cross-env": { assignments: true },
  "cross-env-shell": { shellOperands: true, assignments: true },
  "env-cmd": {
    value: ["-f", "--file", "-e", "--environments", "-r", "--rc-file"],
  },
  dotenv: { value: ["-e", "-v", "-c", "-p"] },
  "dotenv-cli": { value: ["-e", "-v", "-c", "-p"] },
  "dotenvx run": { value: ["-f", "--env-file", "--env"] },
  "ssh-agent": { value: ["-a", "-E", "-P", "-t"] },
  // Other places, namespaces and sandboxes of this same machine (the home folder is shared).
  "ip netns exec": { operands: 1 },
  // macOS's launchd: a job submitted to run now and on every login, or a command run as another user.
  "launchctl submit": { value: ["-l", "-p", "-o", "-e"], afterDashDash: true },
  "launchctl asuser": { operands: 1 },
  // Salt run on this machine (salt-call): cmd.run's command is shell text.
  "salt-call cmd.run": { shellOperands: true },
  "salt-call cmd.shell": { shellOperands: true },
  "flatpak-spawn": {
    value: ["--directory", "--env", "--forward-fd", "--sandbox-expose", "--sandbox-expose-ro"],
    chdir: ["--directory"],
  },
  "distrobox enter": { value: ["-n", "--name"], afterDashDash: true },
  "toolbox run": { value: ["-c", "--container", "-d", "--distro", "-r", "--release"] },
  proot: {
    value: ["-r", "-b", "-m", "-w", "-q", "-k", "--rootfs", "--bind", "--mount", "--cwd", "--qemu", "--kernel-release"],
    chdir: ["-w", "--cwd"],
  },
  xcrun: { value: ["--sdk", "--toolchain"] },
  // Tools that run a command they are given: debuggers, watchers, benchmarks, daemon starters.
  gdb: {
    restAfter: ["--args"],
    value: [
      "-ex",
      "--ex",
      "-iex",
      "-x",
      "-ix",
      "-eval-command",
      "--eval-command",
      "-init-eval-command",
      "--init-eval-command",
      "-command",
      "--command",
      "-cd",
      "--cd",
      "-p",
      "--pid",
      "-s",
      "-e",
      "-c",
      "-d",
      "--directory",
    ],
  },
  "start-stop-daemon": {
    programValue: ["-x", "--exec", "-a", "--startas"],
    value: [
      "-p",
      "--pidfile",
      "-n",
      "--name",
      "-u",
      "--user",
      "-c",
      "--chuid",
      "-r",
      "--chroot",
      "-d",
      "--chdir",
      "-N",
      "--nicelevel",
      "-k",
      "--umask",
      "-s",
      "--signal",
      "-R",
      "--retry",
      "-g",
      "--group",
    ],
    chdir: ["-d", "--chdir"],
  },
  nodemon: { shellValue: ["--exec", "-x"] },
  watchexec: {
    value: [
      "-w",
      "--watch",
      "-e",
      "--exts",
      "-i",
      "--ignore",
      "-d",
      "--debounce",
      "--shell",
      "-s",
      "--signal",
      "-E",
      "--env",
    ],
  },
  hyperfine: {
    shellOperands: true,
    shellValue: ["-p", "--prepare", "-c", "--cleanup", "-s", "--setup", "--conclude"],
    value: [
      "-w",
      "--warmup",
      "-r",
      "--runs",
      "-m",
      "--min-runs",
      "-M",
      "--max-runs",
      "--export-json",
      "--export-markdown",
      "--export-csv",
      "-n",
      "--command-name",
      "-S",
      "--shell",
      "-L",
      "--parameter-list",
      "--style",
      "-u",
      "--time-unit",
      "-o",
      "--output",
    ],
  },
  sg: { operands: 1, shellOperands: true, shellValue: ["-c"] },
};

/** Program names that start one of these runners (for the analysis's quick filter). */
export const RUNNER_PROGRAMS: ReadonlySet<string> = new Set(Object.keys(RUNNERS).map((k) => k.split(" ")[0]!));

/** What a runner runs: a command (words of argv, by index), and shell texts. */
export interface RunnerFinding {
  /** The runner as typed (`uv run`), for the command's wrappers. */
  label: string;
  /** The indices in argv of the command it runs, when it runs one. */
  command?: number[];
  /** Shell text it runs. */
  shell: string[];
  chdir?: string;
  assignments: Record<string, string>;
}

const from = (argv: string[], i: number): number[] | undefined =>
  i < argv.length ? argv.map((_, k) => k).slice(i) : undefined;

/** What the command line `argv` runs, when its program is one of the runners above; undefined otherwise. */
export function runnerCommand(program: string, argv: string[]): RunnerFinding | undefined {
  let spec: RunnerSpec | undefined;
  let start = 1;
  let label = program;
  for (const n of [2, 1, 0]) {
    const key = [program, ...argv.slice(1, 1 + n)].join(" ");
    if (argv.length > n && Object.hasOwn(RUNNERS, key)) {
      spec = RUNNERS[key];
      start = 1 + n;
      label = key;
      break;
    }
  }
  if (!spec) return undefined;
  const out: RunnerFinding = { label, shell: [], assignments: {} };
  const dd = argv.indexOf("--", start);
  if (spec.afterDashDash && dd > 0) out.command = from(argv, dd + 1);
  const value = new Set(spec.value ?? []);
  const chdir = new Set(spec.chdir ?? []);
  const shellValue = new Set(spec.shellValue ?? []);
  const restAfter = new Set(spec.restAfter ?? []);
  const programValue = new Set(spec.programValue ?? []);
  let operands = spec.operands ?? 0;
  for (let i = start; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      if (spec.shellOperands) {
        if (i + 1 < argv.length) out.shell.push(argv.slice(i + 1).join(" "));
      } else if (!spec.afterDashDash && !spec.programValue) out.command ??= from(argv, i + 1);
      break;
    }
    if (a.startsWith("-") && a.length > 1) {
      const eq = a.startsWith("--") ? a.indexOf("=") : -1;
      const name = eq > 0 ? a.slice(0, eq) : a;
      const attached = eq > 0 ? a.slice(eq + 1) : undefined;
      if (restAfter.has(name)) {
        out.command ??= from(argv, i + 1);
        break;
      }
      const takes = value.has(name) || shellValue.has(name) || programValue.has(name);
      const val = attached ?? (takes ? argv[i + 1] : undefined);
      if (shellValue.has(name) && val !== undefined) out.shell.push(val);
      if (chdir.has(name) && val !== undefined) out.chdir = val;
      // The program's own words: the value, then what follows `--`.
      if (programValue.has(name) && attached === undefined && i + 1 < argv.length)
        out.command ??= [i + 1, ...(dd > i + 1 ? (from(argv, dd + 1) ?? []) : [])];
      if (attached === undefined && takes) i++;
      continue;
    }
    if (spec.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      const eq = a.indexOf("=");
      out.assignments[a.slice(0, eq)] = a.slice(eq + 1);
      continue;
    }
    if (operands > 0) {
      operands--;
      continue;
    }
    if (spec.shellOperands) {
      out.shell.push(a);
      continue;
    }
    // An operand of `nix shell nixpkgs#jq -c …` names a package, of `gdb prog` what it debugs, of
    // `mise exec node@20 -- …` a tool: the command comes after an option or `--`.
    if (spec.restAfter || spec.programValue || spec.afterDashDash || spec.noCommandOperands) continue;
    out.command ??= from(argv, i);
    break;
  }
  return out;
}
