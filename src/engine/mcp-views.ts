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
const CONTENT_KEY = /^(?:content|contents|data|text|body|new_?content|file_?text)$/i;

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
  if (/^file:\/\//i.test(v)) {
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

const KUBECTL_VERB = /^(?:delete|scale|drain|cordon|taint|patch|label|annotate|rollout|autoscale)$/;
const KUBE_KIND =
  /^(?:namespace|namespaces|deployment|deployments|statefulset|statefulsets|daemonset|daemonsets|pod|pods|service|services|node|nodes|pvc|persistentvolumeclaim|secret|secrets|configmap|job|cronjob|replicaset)$/;
/**
 * The kubectl command a Kubernetes server's tool with named arguments stands for
 * (`kubectl_scale {resourceType, name, namespace, replicas}`, `scale_deployment {name, replicas}`), so the
 * kubectl rules judge it as the same command in the shell. Only verbs that change the cluster.
 */
function kubectlCommand(verbs: string[], input: Record<string, unknown>): string | undefined {
  const verb = verbs.find((w) => KUBECTL_VERB.test(w));
  if (!verb) return undefined;
  const val = (re: RegExp) =>
    Object.entries(input).find(([k, x]) => re.test(k) && (typeof x === "string" || typeof x === "number"))?.[1];
  const kind = val(/^(?:resource_?type|resource|kind|type)$/i) ?? verbs.find((w) => KUBE_KIND.test(w));
  const name = val(/^(?:name|resource_?name)$/i);
  const ns = val(/^namespace$/i);
  const replicas = val(/^replicas$/i);
  const parts = ["kubectl", verb];
  if (kind !== undefined) parts.push(quote(String(kind)));
  if (name !== undefined) parts.push(quote(String(name)));
  if (input.all === true) parts.push("--all");
  if (ns !== undefined) parts.push("-n", quote(String(ns)));
  if (input.allNamespaces === true || input.all_namespaces === true) parts.push("--all-namespaces");
  if (replicas !== undefined) parts.push(`--replicas=${String(replicas)}`);
  return kind !== undefined || name !== undefined ? parts.join(" ") : undefined;
}

/** The views of an MCP call (none for a call that is not a pre-use MCP call, or that names nothing of these). */
export function mcpViews(call: ToolCall): CallView[] {
  if (call.kind !== "mcp" || call.event !== "pre" || !call.mcp) return [];
  const input = call.input;
  const cwd = call.session.cwd;
  const verbs = words(call.mcp.tool);
  const serverWords = words(call.mcp.server);
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
    const terminal = [...verbs, ...serverWords].some((w) => TERMINAL_WORD.test(w));
    const store = STORE_CLI.find(([re]) => serverWords.some((w) => re.test(w)))?.[1];
    // Code in a named language under a `script` key is that language's code, not a shell script.
    const scriptIsCode =
      lang !== "" && !/^(?:bash|sh|shell|zsh|terminal|console)$/.test(lang) && codeCommand("", lang) !== undefined;
    // A CLI's arguments as a list with no command beside them: the CLI is the tool's (or server's) name.
    const cli = [...verbs, ...serverWords].map((w) => CLI_WORDS[w]).find((c) => c !== undefined);
    const noCommand = !Object.keys(input).some((k) => SHELL_KEY.test(k) || PROGRAM_KEY.test(k));
    if (cli && args && noCommand && strings(args).length) commands.push([cli, ...strings(args).map(quote)].join(" "));
    // A Kubernetes tool given named arguments instead of a command line.
    if (cli === "kubectl" && !args && noCommand) {
      const k = kubectlCommand(verbs, input);
      if (k) commands.push(k);
    }
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
    const added = content.join("\n");
    const files = paths([...sources, ...dests]).map(
      (path): FileChange => ({
        op: edits.length ? "edit" : "write",
        path,
        added,
        ...(edits.length ? {} : { content: added }),
      }),
    );
    if (files.length) views.push({ kind: edits.length ? "edit" : "write", files, reads: [], what: "writes" });
  }
  return views;
}
