// `staso completion bash|zsh|fish`: a completion script for the user's shell, made from the command tree
// itself (commands, subcommands, options), so it never lags behind a new flag. Values that come from the
// machine (agents, rule ids) are listed where the command tree knows them.
import type { Command } from "commander";
import { UsageError } from "./errors.js";

interface Node {
  /** "logs", "escalations approve" */
  path: string[];
  options: string[];
  subcommands: string[];
  description: string;
}

/** Every command of the tree, with its options and subcommands. Hidden options stay out. */
function walk(cmd: Command, path: string[] = []): Node[] {
  const visible = cmd.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden);
  const node: Node = {
    path,
    options: cmd.options.filter((o) => !o.hidden).flatMap((o) => [o.long, o.short].filter((x): x is string => !!x)),
    subcommands: visible.map((c) => c.name()),
    description: cmd.description(),
  };
  if (path.length > 0) node.options.push("--help");
  return [node, ...visible.flatMap((c) => walk(c, [...path, c.name()]))];
}

/** Words in single quotes for any POSIX shell. */
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(nodes: Node[]): string {
  const cases = nodes
    .map((n) => `    ${quote(n.path.join(" "))}) words=${quote([...n.subcommands, ...n.options].join(" "))} ;;`)
    .join("\n");
  const depth = Math.max(...nodes.map((n) => n.path.length));
  return `# staso completion for bash: add to ~/.bashrc
#   source <(staso completion bash)
_staso_complete() {
  local cur path="" i words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  # The command path: the words before the cursor that are commands, not options or their values.
  for ((i = 1; i < COMP_CWORD && i <= ${depth}; i++)); do
    case "\${COMP_WORDS[i]}" in -*) break ;; esac
    local next="\${path:+$path }\${COMP_WORDS[i]}"
    case "$next" in
${nodes
  .filter((n) => n.path.length > 0)
  .map((n) => `      ${quote(n.path.join(" "))}) path="$next" ;;`)
  .join("\n")}
      *) break ;;
    esac
  done
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _staso_complete staso
`;
}

function zsh(nodes: Node[]): string {
  return `#compdef staso
# staso completion for zsh: add to ~/.zshrc
#   source <(staso completion zsh)
_staso() {
  # zsh's own: $words (the command line) and $CURRENT; $path is its PATH array, so the command path is cmdpath.
  local -a cmdpath choices
  local i
  for ((i = 2; i < CURRENT; i++)); do
    [[ "\${words[i]}" == -* ]] && break
    cmdpath+=("\${words[i]}")
  done
  local key="\${(j: :)cmdpath}"
  case "$key" in
${nodes.map((n) => `    ${quote(n.path.join(" "))}) choices=(${[...n.subcommands, ...n.options].map(quote).join(" ")}) ;;`).join("\n")}
  esac
  compadd -- $choices
}
if [[ "$(whence -w compdef)" == *function* ]]; then compdef _staso staso; else autoload -Uz compinit && compinit && compdef _staso staso; fi
`;
}

function fish(nodes: Node[]): string {
  const lines = ["# staso completion for fish: save as ~/.config/fish/completions/staso.fish", "complete -c staso -f"];
  for (const n of nodes) {
    const cond =
      n.path.length === 0
        ? "__fish_use_subcommand"
        : `__fish_seen_subcommand_from ${n.path[n.path.length - 1]}${n.path.length === 1 && n.subcommands.length ? `; and not __fish_seen_subcommand_from ${n.subcommands.join(" ")}` : ""}`;
    for (const sub of n.subcommands) lines.push(`complete -c staso -n ${quote(cond)} -a ${quote(sub)}`);
    for (const o of n.options) {
      if (o.startsWith("--")) lines.push(`complete -c staso -n ${quote(cond)} -l ${quote(o.slice(2))}`);
      else if (/^-\w$/.test(o)) lines.push(`complete -c staso -n ${quote(cond)} -s ${quote(o.slice(1))}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function completionScript(program: Command, shell: string): string {
  const nodes = walk(program);
  switch (shell) {
    case "bash":
      return bash(nodes);
    case "zsh":
      return zsh(nodes);
    case "fish":
      return fish(nodes);
    default:
      throw new UsageError(`staso completion knows bash, zsh and fish, not ${JSON.stringify(shell)}.`);
  }
}
