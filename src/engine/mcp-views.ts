// What an MCP tool does, in the terms of the built-in tools: a shell command it runs (a `command`, a
// script, code in a language, a container it starts), files it reads, searches or writes (a filesystem
// server's read_file, copy_file, edit_file…). The engine judges each view with the rules for that kind,
// so a credential read, a protected write or a deletion gets the same verdict whichever server does it.
// Pure and small: only MCP calls reach it.
import { posix } from "node:path";
import { homeDir } from "../builtin.js";
import type { FileChange, FileRead, ToolCall, ToolKind } from "./types.js";

export interface CallView {
  kind: ToolKind;
  shell?: { command: string };
  files: FileChange[];
  reads: FileRead[];
  /** What the view is, for the reason: "runs the shell command", "reads", "writes". */
  what: string;
}

const SHELL_KEY =
  /^(?:(?:[a-z]+_?)?(?:command|cmd)|commands|script|shell|bash|sh|cmdline|command_?line|shell_?command)$/i;
/** The arguments of a `command` given as a program name (`{command: "bash", args: ["-c", …]}`). */
const ARGS_KEY = /^(?:args|arguments|argv)$/i;
/** What a terminal-like tool types into its shell (`run_in_terminal {input}`, `send_keys {keys}`). */
const TERMINAL_INPUT_KEY = /^(?:input|keys|text|line)$/i;
const TERMINAL_WORD = /^(?:terminal|shell|console|bash|zsh|tty|pty|tmux)$/;
/**
 * A tool that types into a process it started (desktop-commander's interact_with_process {pid, input},
 * send_input_to_session): the process is most often a shell, and what is typed runs there.
 */
const TYPED_WORD = /^(?:interact|stdin|keystrokes?|input)$/;
const PROCESS_WORD = /^(?:process|processes|session|repl|pty)$/;
/** Data stores whose MCP servers take the store's own commands: the CLI that would run them. */
const STORE_CLI: [RegExp, string][] = [
  [/^(?:redis|valkey|keydb)$/, "redis-cli"],
  [/^(?:etcd)$/, "etcdctl"],
];
const CODE_KEY = /^(?:code|source|source_?code|cell|program|snippet|expression)$/i;
/** A program named apart from its arguments. */
const PROGRAM_KEY = /^(?:program|executable|binary|exe|bin|cmd_?name|program_?name)$/i;
/** Tools that run something (a spawn/exec server with an argv list). */
const RUN_WORD = /^(?:exec|execute|run|spawn|launch|process|start|invoke|system)$/;
/** Tools that send what their arguments name (an email's attachments, an upload's files). */
const SEND_WORD = /^(?:send|email|mail|upload|share|attach|post|publish|message)$/;
const LANG_KEY = /^(?:language|lang|kernel|runtime|interpreter)$/i;
/** A tool named after a command-line program, given that program's arguments as a list (`k8s kubectl {args}`). */
const CLI_WORDS: Record<string, string> = {
  kubectl: "kubectl",
  k8s: "kubectl",
  kubernetes: "kubectl",
  helm: "helm",
  docker: "docker",
  podman: "podman",
  git: "git",
  gh: "gh",
  glab: "glab",
  aws: "aws",
  gcloud: "gcloud",
  az: "az",
  terraform: "terraform",
  tofu: "tofu",
  pulumi: "pulumi",
  npm: "npm",
  psql: "psql",
};
const HOST_KEY = /^(?:host|hostname|server|target_?host|remote)$/i;
const PATH_KEY =
  /^(?:path|paths|file|files|file_?path|file_?paths|file_?name|file_?names|source|src|from|uri|uris|resource|directory|dir|root|folder|location|input_?path|abs(?:olute)?_?path|relative_?path)$/i;
const DEST_KEY = /^(?:destination|dest|dst|to|target|target_?path|target_?file|new_?path|output_?path|output)$/i;
/** What a search looks for. */
const PATTERN_KEY = /^(?:pattern|query|regex|regexp|glob|search|search_?term|term|q|keyword|expression)$/i;
/** Tools that tell about a file (its size, times, permissions, existence) without its content. */
const METADATA_VERB = /^(?:info|stat|stats|metadata|exists|exist|size|mtime|permissions|attributes|attrs)$/;
const CONTENT_KEY =
  /^(?:content|contents|data|text|body|new_?content|file_?text|new_?string|new_?str|new_?text|replacement|replace_?with|insert_?text)$/i;

const READ_VERB =
  /^(?:read|get|cat|open|view|show|head|tail|search|grep|find|list|ls|tree|download|load|fetch|stat|info|preview|directory|glob)$/;
const COPY_VERB = /^(?:copy|cp|move|mv|rename|duplicate)$/;
const WRITE_VERB =
  /^(?:write|create|save|append|edit|update|put|patch|replace|insert|overwrite|set|modify|upload|new)$/;

const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strings = (v: unknown): string[] =>
  typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** A path argument as a file path (file:// URIs included), absolute; undefined for anything else. */
function filePath(value: string, cwd: string): string | undefined {
  let v = value.trim();
  if (/^file:/i.test(v)) {
    try {
      v = decodeURIComponent(new URL(v).pathname);
    } catch {
      return undefined;
    }
  }
  if (!v || v.includes("\n") || /^[a-z][\w+.-]*:\/\//i.test(v)) return undefined;
  if (v === "~" || v.startsWith("~/")) v = homeDir() + v.slice(1);
  else if (/^\$\{?HOME\}?(?:\/|$)/.test(v)) v = homeDir() + v.replace(/^\$\{?HOME\}?/, "");
  return posix.isAbsolute(v) ? posix.normalize(v) : posix.join(cwd || "/", v);
}

/** The command line a code argument stands for in its language (`python3 -c …`), or the code itself for a shell. */
function codeCommand(code: string, lang: string): string | undefined {
  if (/^(?:bash|sh|shell|zsh|terminal|console)$/.test(lang)) return code;
  if (/^(?:python|python3|py|ipython|jupyter|notebook)$/.test(lang)) {
    // A notebook cell's !lines are shell commands; the rest is Python.
    const bang = code
      .split("\n")
      .filter((l) => /^\s*!/.test(l))
      .map((l) => l.replace(/^\s*!/, ""));
    const py = code
      .split("\n")
      .filter((l) => !/^\s*!/.test(l))
      .join("\n");
    return [...bang, ...(py.trim() ? [`python3 -c ${quote(py)}`] : [])].join("\n");
  }
  if (/^(?:node|nodejs|javascript|js|typescript|ts|deno|bun)$/.test(lang)) return `node -e ${quote(code)}`;
  if (/^(?:ruby|rb)$/.test(lang)) return `ruby -e ${quote(code)}`;
  if (/^(?:perl|pl)$/.test(lang)) return `perl -e ${quote(code)}`;
  if (/^(?:php)$/.test(lang)) return `php -r ${quote(code)}`;
  if (/^(?:lua)$/.test(lang)) return `lua -e ${quote(code)}`;
  if (/^(?:r|rscript)$/.test(lang)) return `Rscript -e ${quote(code)}`;
  if (/^(?:julia|jl)$/.test(lang)) return `julia -e ${quote(code)}`;
  if (/^(?:powershell|pwsh|ps1)$/.test(lang)) return `pwsh -c ${quote(code)}`;
  return undefined;
}

/**
 * A container's mounts as `-v SRC:DST` strings, in every shape servers take them: "SRC:DST" strings, the
 * Docker SDK's mapping (`{"/": {bind: "/host", mode: "rw"}}`, or `{"/": "/host"}`), and lists of mount
 * objects (`{source, target}`, `{host_path, container_path}`, `{Source, Target}`).
 */
function mountSpecs(v: unknown): string[] {
  if (typeof v === "string") return [v];
  const field = (o: Record<string, unknown>, re: RegExp) =>
    Object.entries(o).find(([k, x]) => re.test(k) && typeof x === "string")?.[1] as string | undefined;
  const SRC = /^(?:source|src|host_?path|host|from|hostPath)$/i;
  const DST = /^(?:target|destination|dst|dest|bind|container_?path|to|mount_?path|containerPath)$/i;
  if (Array.isArray(v))
    return v.flatMap((x) => {
      if (typeof x === "string") return [x];
      if (!x || typeof x !== "object") return [];
      const src = field(x as Record<string, unknown>, SRC);
      return src ? [`${src}:${field(x as Record<string, unknown>, DST) ?? "/mnt"}`] : [];
    });
  if (v && typeof v === "object")
    return Object.entries(v).map(([src, spec]) => {
      const dst =
        typeof spec === "string"
          ? spec
          : spec && typeof spec === "object"
            ? (field(spec as Record<string, unknown>, DST) ?? "/mnt")
            : "/mnt";
      return `${src}:${dst}`;
    });
  return [];
}

/** The docker command a container-starting tool stands for (image, command, volumes, privileged). */
function containerCommand(input: Record<string, unknown>): string | undefined {
  const image = str(input.image);
  if (!image) return undefined;
  const vols = [input.volumes, input.binds, input.mounts, input.bind_mounts].flatMap(mountSpecs);
  const parts = ["docker", "run", "--rm"];
  for (const v of vols) parts.push("-v", quote(v));
  if (input.privileged === true) parts.push("--privileged");
  if (str(input.pid_mode) === "host" || str(input.pid) === "host") parts.push("--pid=host");
  if (str(input.network_mode) === "host") parts.push("--network=host");
  parts.push(quote(image));
  const cmd = input.command ?? input.cmd;
  if (Array.isArray(cmd)) parts.push(...strings(cmd).map(quote));
  else if (typeof cmd === "string") parts.push("sh", "-c", quote(cmd));
  return parts.join(" ");
}

/** `file:` URLs among the strings of a value (a browser's or a fetch server's url, nested or not). */
function fileUrls(value: unknown, out: string[], depth = 0): string[] {
  if (depth > 6 || out.length >= 32) return out;
  if (typeof value === "string") {
    if (/^\s*file:/i.test(value)) out.push(value.trim());
  } else if (Array.isArray(value)) for (const v of value) fileUrls(v, out, depth + 1);
  else if (value && typeof value === "object") for (const v of Object.values(value)) fileUrls(v, out, depth + 1);
  return out;
}

/**
 * A `file:` URL opened by a browser, a fetch server or WebFetch is a read of that file: the page shows its
 * text to the model as Read would (`browser_navigate {url: "file:///home/dev/.ssh/id_rsa"}`).
 */
function fileUrlView(urls: string[], cwd: string): CallView[] {
  const reads = urls.map((u) => filePath(u, cwd)).filter((p): p is string => !!p);
  return reads.length
    ? [{ kind: "read", files: [], reads: reads.map((path) => ({ path })), what: "opens (as a file: URL)" }]
    : [];
}

/**
 * The views of a call in the built-in tools' terms: an MCP call's (below), and a URL fetch's `file:` URLs
 * (WebFetch of file:///home/dev/.aws/credentials reads the file, as `curl file://…` does).
 */
export function callViews(call: ToolCall): CallView[] {
  if (call.event !== "pre") return [];
  if (call.kind === "fetch") return fileUrlView(fileUrls(call.urls, []), call.session.cwd);
  if (call.kind === "edit" || call.kind === "write" || call.kind === "patch") return notebookViews(call);
  return mcpViews(call);
}

/** The code cells' sources of a notebook's JSON text (none when it is not one). */
function notebookCells(text: string): string[] {
  try {
    const nb = JSON.parse(text) as { cells?: Array<{ cell_type?: string; source?: unknown }> };
    return (nb.cells ?? [])
      .filter((c) => c?.cell_type === "code")
      .map((c) => (Array.isArray(c.source) ? strings(c.source).join("") : (str(c.source) ?? "")));
  } catch {
    return [];
  }
}

/**
 * Code written into a Jupyter notebook's cells runs when the notebook does: cell by cell or "Run all" in
 * the editor or the kernel, with no tool call a hook would see. So a code cell (NotebookEdit's new_source,
 * the cells of a written .ipynb) is judged as what it runs: its !lines in the shell, the rest as Python.
 */
function notebookViews(call: ToolCall): CallView[] {
  const notebook = call.files.filter((f) => /\.ipynb$/i.test(f.path));
  if (!notebook.length) return [];
  const cells: string[] = [];
  for (const f of notebook) {
    // A whole notebook written: its JSON's code cells. One cell edited (Claude's NotebookEdit): its source,
    // unless it is a markdown cell or the cell is deleted.
    if (f.content !== undefined) cells.push(...notebookCells(f.content));
    else if (f.added && str(call.input.cell_type) !== "markdown" && str(call.input.edit_mode) !== "delete")
      cells.push(f.added);
  }
  return cells
    .map((code) => codeCommand(code, "python"))
    .filter((c): c is string => !!c?.trim())
    .map((command) => ({
      kind: "shell",
      shell: { command },
      files: [],
      reads: [],
      what: "writes a notebook cell that runs",
    }));
}

/** Arguments that hold SQL a database server runs. */
const SQL_ARG = /^(?:sql|query|queries|statement|statements|stmt|sql_?query)$/i;
/** SQL that reads a file of the database's machine: pg_read_file, lo_import, LOAD_FILE, COPY … FROM, ATTACH, readfile. */
const SQL_FILE_READ =
  /\b(?:pg_read_(?:binary_)?file|pg_stat_file|lo_import|load_file|readfile)\s*\(\s*'([^']+)'|\bcopy\s+[\w."]+(?:\s*\([^)]*\))?\s+from\s+'([^']+)'|\battach\s+(?:database\s+)?'([^']+)'|\bload\s+data\s+(?:local\s+)?infile\s+'([^']+)'/gi;
/** SQL that runs a program on the database's machine: COPY … TO/FROM PROGRAM, xp_cmdshell, sys_exec. */
const SQL_PROGRAM =
  /\bprogram\s+'((?:[^']|'')+)'|\bxp_cmdshell\s*\(?\s*N?'((?:[^']|'')+)'|\bsys_(?:exec|eval)\s*\(\s*'((?:[^']|'')+)'/gi;

/**
 * What SQL given to a database server does to the machine it runs on (a local Postgres, SQLite or MySQL
 * server is this machine): files it reads, commands it runs.
 */
function sqlHostAccess(input: Record<string, unknown>): { reads: string[]; commands: string[] } {
  const reads: string[] = [];
  const commands: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (!SQL_ARG.test(k)) continue;
    for (const sql of strings(v)) {
      for (const m of sql.matchAll(SQL_FILE_READ)) reads.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
      for (const m of sql.matchAll(SQL_PROGRAM)) commands.push((m[1] ?? m[2] ?? m[3])!.replace(/''/g, "'"));
    }
  }
  return { reads, commands };
}

/** kubectl's subcommands a Kubernetes server's tools are named after (kubectl_get, k8s_delete, scale_resource). */
const KUBECTL_VERB =
  /^(?:get|describe|delete|scale|apply|create|patch|label|annotate|cordon|uncordon|drain|logs|exec|rollout|edit|expose|autoscale|taint)$/;
/** Kinds of Kubernetes objects a tool's name may carry (scale_deployment, delete_namespace). */
const KUBE_KIND =
  /^(?:namespace|namespaces|deployment|deployments|statefulset|statefulsets|daemonset|daemonsets|pod|pods|service|services|node|nodes|pvc|persistentvolumeclaim|secret|secrets|configmap|job|cronjob|replicaset)$/;
const kebab = (k: string) =>
  k
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/_/g, "-")
    .toLowerCase();
const first = (input: Record<string, unknown>, keys: string[]): string | undefined =>
  keys.map((k) => input[k]).find((v): v is string => typeof v === "string" && v.trim() !== "");

/** The command line of a CLI's structured tool, or undefined when its arguments do not say one. */
function structuredCommand(cli: string, verbs: string[], input: Record<string, unknown>): string | undefined {
  const parts: string[] = [cli];
  // Plain words stay unquoted, as a user types them (rules read `-n prod`, `--replicas=0`).
  const word = (v: string) => (/^[\w./:@%+=,-]+$/.test(v) ? v : quote(v));
  const opt = (name: string, v: unknown) => {
    if (v === true) parts.push(`--${name}`);
    else if (typeof v === "string" || typeof v === "number") parts.push(`--${name}=${word(String(v))}`);
  };
  if (cli === "kubectl") {
    const verb =
      verbs.find((w) => KUBECTL_VERB.test(w)) ?? first(input, ["command", "verb", "action", "operation"])?.trim();
    if (!verb || !KUBECTL_VERB.test(verb)) return undefined;
    // A manifest given as text (kubectl_apply {manifest}) is what `kubectl apply -f -` reads from a heredoc.
    const manifest = first(input, ["manifest", "yaml", "yamlContent", "yaml_content", "content", "spec"]);
    if (manifest && /^(?:apply|create|replace)$/.test(verb) && !manifest.includes("\nSTASO_MANIFEST"))
      return `kubectl ${verb} -f - <<'STASO_MANIFEST'\n${manifest}\nSTASO_MANIFEST`;
    const file = first(input, ["filename", "file", "path"]);
    if (file && /^(?:apply|create|replace|delete)$/.test(verb)) return `kubectl ${verb} -f ${word(file)}`;
    // The kind in the tool's own name when no argument gives it (`scale_deployment {name, replicas}`).
    const resource =
      first(input, ["resourceType", "resource_type", "resource", "kind", "type"]) ??
      verbs.find((w) => KUBE_KIND.test(w));
    const name = first(input, ["name", "resourceName", "resource_name"]);
    if (!resource && !name) return undefined;
    parts.push(verb, ...(resource ? [word(resource)] : []), ...(name ? [word(name)] : []));
    const ns = first(input, ["namespace", "ns"]);
    if (input.allNamespaces === true || input.all_namespaces === true || ns === "all") parts.push("--all-namespaces");
    else if (ns) parts.push("-n", word(ns));
    opt("output", first(input, ["output", "outputFormat", "output_format"]));
    opt("replicas", input.replicas);
    opt("selector", first(input, ["labelSelector", "label_selector", "selector"]));
    opt("all", input.all);
    opt("force", input.force);
    const flags = input.flags;
    if (flags && typeof flags === "object" && !Array.isArray(flags))
      for (const [k, v] of Object.entries(flags)) opt(kebab(k).replace(/^-+/, ""), v);
    return parts.join(" ");
  }
  if (cli === "aws") {
    const service = first(input, ["service_name", "service", "serviceName"]);
    const operation = first(input, ["operation_name", "operation", "operationName", "action"]);
    if (!service || !operation) return undefined;
    parts.push(word(service), word(kebab(operation)));
    const params = input.parameters ?? input.params;
    if (params && typeof params === "object" && !Array.isArray(params))
      for (const [k, v] of Object.entries(params)) opt(kebab(k), typeof v === "object" ? JSON.stringify(v) : v);
    const region = first(input, ["region"]);
    if (region) opt("region", region);
    return parts.join(" ");
  }
  return undefined;
}

/** The views of an MCP call (none for a call that is not a pre-use MCP call, or that names nothing of these). */
export function mcpViews(call: ToolCall): CallView[] {
  if (call.kind !== "mcp" || call.event !== "pre" || !call.mcp) return [];
  const views = argumentViews(call, call.mcp);
  // A file: URL anywhere in the arguments (a browser's url, a fetch server's) is a read of the file, unless
  // a path argument already names it.
  const named = new Set(views.flatMap((v) => [...v.reads.map((r) => r.path), ...v.files.map((f) => f.path)]));
  const opened = fileUrlView(fileUrls(call.input, []), call.session.cwd).filter((v) =>
    v.reads.some((r) => !named.has(r.path)),
  );
  return [...views, ...opened];
}

function argumentViews(call: ToolCall, mcp: { server: string; tool: string }): CallView[] {
  const input = call.input;
  const cwd = call.session.cwd;
  const verbs = words(mcp.tool);
  const serverWords = words(mcp.server);
  const views: CallView[] = [];
  const commands: string[] = [];

  const host = Object.entries(input).find(([k, v]) => HOST_KEY.test(k) && typeof v === "string")?.[1] as
    | string
    | undefined;
  const lang =
    (Object.entries(input).find(([k, v]) => LANG_KEY.test(k) && typeof v === "string")?.[1] as string | undefined)
      ?.toLowerCase()
      .trim() ??
    [...verbs, ...serverWords].find((w) => codeCommand("", w) !== undefined) ??
    "";
  const container = [...verbs, ...serverWords].some((w) => /^(?:container|containers|docker|podman)$/.test(w));
  if (container && (verbs.includes("run") || verbs.includes("create"))) {
    const c = containerCommand(input);
    if (c) commands.push(c);
  } else {
    const args = Object.entries(input).find(([k, v]) => ARGS_KEY.test(k) && Array.isArray(v))?.[1];
    const argsText = Object.entries(input).find(([k, v]) => ARGS_KEY.test(k) && typeof v === "string")?.[1] as
      | string
      | undefined;
    const runs = [...verbs, ...serverWords].some((w) => RUN_WORD.test(w));
    const terminal =
      [...verbs, ...serverWords].some((w) => TERMINAL_WORD.test(w)) ||
      (verbs.some((w) => TYPED_WORD.test(w)) && verbs.some((w) => PROCESS_WORD.test(w)));
    const store = STORE_CLI.find(([re]) => serverWords.some((w) => re.test(w)))?.[1];
    // Code in a named language under a `script` key is that language's code, not a shell script.
    const scriptIsCode =
      lang !== "" && !/^(?:bash|sh|shell|zsh|terminal|console)$/.test(lang) && codeCommand("", lang) !== undefined;
    // A CLI's arguments as a list with no command beside them: the CLI is the tool's (or server's) name.
    const cli = [...verbs, ...serverWords].map((w) => CLI_WORDS[w]).find((c) => c !== undefined);
    const noCommand = !Object.keys(input).some((k) => SHELL_KEY.test(k) || PROGRAM_KEY.test(k));
    if (cli && args && noCommand && strings(args).length) commands.push([cli, ...strings(args).map(quote)].join(" "));
    // A CLI's subcommand as the tool, its options as named arguments (`kubectl_scale {resourceType, name,
    // namespace, replicas}`, `use_aws {service_name, operation_name, parameters}`).
    const structured = cli && !args ? structuredCommand(cli, verbs, input) : undefined;
    if (structured) commands.push(structured);
    const sql = sqlHostAccess(input);
    commands.push(...sql.commands);
    const sqlReads = sql.reads.map((p) => filePath(p, cwd)).filter((p): p is string => !!p);
    if (sqlReads.length)
      views.push({ kind: "read", files: [], reads: sqlReads.map((path) => ({ path })), what: "reads (through SQL)" });
    // The CLI's arguments as one string (`kubectl {args: "delete ns prod"}`).
    if (cli && argsText?.trim() && noCommand) commands.push(`${cli} ${argsText}`);
    // An exec tool given only an argv list (`exec {argv: ["bash", "-c", …]}`): the list is the command.
    if (!cli && runs && args && noCommand && strings(args).length) commands.push(strings(args).map(quote).join(" "));
    // A store server's tool named after the store's command (`redis flushall {}`).
    if (store && noCommand && verbs.length && !verbs.some((w) => READ_VERB.test(w)))
      commands.push(`${store} ${verbs.join(" ")}${args ? ` ${strings(args).map(quote).join(" ")}` : ""}`);
    for (const [k, v] of Object.entries(input)) {
      // A program and its arguments apart (`spawn {program: "sh", arguments: [...]}`).
      if (PROGRAM_KEY.test(k) && typeof v === "string" && /^[\w./+-]+$/.test(v.trim()) && (args || runs)) {
        commands.push([v, ...strings(args).map(quote)].join(" "));
        continue;
      }
      if (scriptIsCode && /^(?:script|scripts)$/i.test(k) && typeof v === "string") {
        const c = codeCommand(v, lang);
        if (c) commands.push(c);
      } else if (SHELL_KEY.test(k)) {
        let text = Array.isArray(v) ? strings(v).map(quote).join(" ") : str(v);
        // A program name with its arguments apart: the command line they make.
        if (text && !Array.isArray(v) && args && !/\s/.test(text.trim()))
          text = [text, ...strings(args).map(quote)].join(" ");
        if (text) commands.push(text);
        // A store's command (FLUSHALL, del --prefix …), as its CLI runs it.
        if (text && store) commands.push(`${store} ${text}`);
      } else if (terminal && TERMINAL_INPUT_KEY.test(k) && typeof v === "string" && v.trim()) {
        commands.push(v);
      } else if (CODE_KEY.test(k) && typeof v === "string") {
        const c = codeCommand(v, lang || "python");
        if (c && (lang || /python|jupyter|notebook|code|run|exec|eval/.test([...verbs, ...serverWords].join(" "))))
          commands.push(c);
      }
    }
  }
  for (const c of commands) {
    // A command run on another machine is judged as ssh runs it there.
    const command =
      host && !/^(?:localhost|127\.\d+\.\d+\.\d+|::1)$/i.test(host) ? `ssh ${quote(host)} ${quote(c)}` : c;
    views.push({ kind: "shell", shell: { command }, files: [], reads: [], what: "runs the shell command" });
  }

  // Files a sending tool attaches, however deep its arguments name them: read to be sent.
  if ([...verbs, ...serverWords].some((w) => SEND_WORD.test(w))) {
    const found: string[] = [];
    const walk = (v: unknown, key: string, depth: number) => {
      if (depth > 4 || found.length >= 32) return;
      if (typeof v === "string") {
        if (PATH_KEY.test(key) || /^attachments?$/i.test(key)) {
          const p = filePath(v, cwd);
          if (p) found.push(p);
        }
      } else if (Array.isArray(v)) for (const x of v) walk(x, key, depth + 1);
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k, depth + 1);
    };
    for (const [k, v] of Object.entries(input)) if (typeof v === "object") walk(v, k, 0);
    if (found.length) views.push({ kind: "read", files: [], reads: found.map((path) => ({ path })), what: "sends" });
  }

  // Several files in one call (github's push_files {files: [{path, content}]}): each is written, whatever
  // verb the tool's name has (push, commit, upload).
  const many: FileChange[] = [];
  if (!verbs.some((w) => READ_VERB.test(w)))
    for (const [k, v] of Object.entries(input)) {
      if (!/^(?:files|changes)$/i.test(k) || !Array.isArray(v)) continue;
      for (const f of v.slice(0, 64)) {
        if (!f || typeof f !== "object") continue;
        const o = f as Record<string, unknown>;
        const path = str(o.path) ?? str(o.file_path) ?? str(o.filename);
        const text = str(o.content) ?? str(o.contents) ?? str(o.text) ?? "";
        const abs = path !== undefined ? filePath(path, cwd) : undefined;
        if (abs) many.push({ op: "write", path: abs, added: text, content: text });
      }
    }
  if (many.length) views.push({ kind: "write", files: many, reads: [], what: "writes" });
  const copy = verbs.some((w) => COPY_VERB.test(w));
  const write = !copy && verbs.some((w) => WRITE_VERB.test(w));
  const read = !copy && !write && verbs.some((w) => READ_VERB.test(w)) && !verbs.some((w) => METADATA_VERB.test(w));
  if (!copy && !write && !read) return views;
  const sources: string[] = [];
  const dests: string[] = [];
  let pattern: string | undefined;
  for (const [k, v] of Object.entries(input)) {
    if (PATH_KEY.test(k)) for (const p of strings(v)) sources.push(p);
    else if (DEST_KEY.test(k)) for (const p of strings(v)) dests.push(p);
    else if (PATTERN_KEY.test(k) && typeof v === "string") pattern = v;
  }
  const paths = (list: string[]) => list.map((p) => filePath(p, cwd)).filter((p): p is string => !!p);
  if (read) {
    // A read tool's `target` is the file it reads (get_file_content {target}); nothing is written.
    const reads = paths([...sources, ...dests]).map((path) => ({
      path,
      ...(pattern !== undefined ? { pattern } : {}),
    }));
    const search = pattern !== undefined || verbs.some((w) => /^(?:search|grep|find|list|ls|tree|glob)$/.test(w));
    if (reads.length) views.push({ kind: search ? "search" : "read", files: [], reads, what: "reads" });
  } else if (copy) {
    const reads = paths(sources).map((path) => ({ path }));
    if (reads.length) views.push({ kind: "read", files: [], reads, what: "copies" });
    const move = verbs.some((w) => /^(?:move|mv|rename)$/.test(w));
    // A move is also judged as the shell's mv: into /dev/null, over a folder, the home folder moved away.
    if (move && sources.length && dests.length === 1)
      views.push({
        kind: "shell",
        shell: { command: `mv ${[...sources, dests[0]!].map(quote).join(" ")}` },
        files: [],
        reads: [],
        what: "moves (as mv)",
      });
    const files = paths(dests).map((path): FileChange => ({ op: "write", path }));
    if (move) files.push(...reads.map((r): FileChange => ({ op: "delete", path: r.path })));
    if (files.length)
      views.push({ kind: "write", files, reads: [], what: move ? "moves a file to" : "copies a file to" });
  } else {
    const content = Object.entries(input)
      .filter(([k]) => CONTENT_KEY.test(k))
      .flatMap(([, v]) => strings(v));
    const edits = Array.isArray(input.edits) ? input.edits : [];
    for (const e of edits) {
      const o = (e ?? {}) as Record<string, unknown>;
      const t = str(o.newText) ?? str(o.new_text) ?? str(o.new_string) ?? str(o.replacement);
      if (t !== undefined) content.push(t);
    }
    // A replacement of one part (edit_block {old_string, new_string}) is an edit: new_string is what it adds.
    const partial = edits.length > 0 || Object.keys(input).some((k) => /^old_?(?:string|str|text)$/i.test(k));
    const added = content.join("\n");
    const files = paths([...sources, ...dests]).map(
      (path): FileChange => ({
        op: partial ? "edit" : "write",
        path,
        added,
        ...(partial ? {} : { content: added }),
      }),
    );
    if (files.length) views.push({ kind: partial ? "edit" : "write", files, reads: [], what: "writes" });
  }
  return views;
}
