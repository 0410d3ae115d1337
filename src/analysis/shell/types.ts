// What the shell analyser tells rules about a command line: every simple command that would run,
// with wrappers (sudo, env, bash -c, xargs, …) unwrapped and words resolved the way the shell would
// resolve them where that can be known statically.

export interface Redirect {
  /** ">", ">>", "<", ">|", "<>", "&>", "&>>", ">&", "<&", "<<", "<<-", "<<<". */
  op: string;
  /** The file descriptor written before the operator ("2" in 2>), when given. */
  fd?: number;
  /** The target word, resolved (for heredocs: the delimiter). */
  target: string;
  /** Heredoc body or here-string text. */
  body?: string;
}

export type CommandContext =
  | "top" // written directly in the command line (possibly in a list or pipeline)
  | "subshell" // ( … ) or { …; }
  | "command-substitution" // $( … ) or ` … `
  | "process-substitution" // <( … ) or >( … )
  | "wrapped" // reached by unwrapping another command (sudo, env, bash -c, xargs, find -exec, eval, …)
  | "inline-code"; // shell code found inside an interpreter's inline code

export interface SimpleCommand {
  /** Words after quote removal and the static expansions that could be resolved. */
  argv: string[];
  /** Basename of argv[0] ("" when the command has only assignments or redirections). */
  program: string;
  args: string[];
  /** VAR=value words before the program. */
  assignments: Record<string, string>;
  redirects: Redirect[];
  /** Working directory when a preceding cd made it known (absolute, "~" already expanded). */
  cwd?: string;
  /** Wrappers unwrapped to reach this command, outermost first (e.g. ["sudo", "bash -c"]). */
  wrappers: string[];
  context: CommandContext;
  /** Which pipeline this command belongs to, and where in it. */
  pipeline: { id: number; index: number; length: number };
  /** Set when stdin comes from something other than the terminal. */
  stdin?: {
    kind: "pipe" | "heredoc" | "herestring" | "file" | "process-substitution";
    /** The commands writing into the pipe or process substitution. */
    from?: SimpleCommand[];
    /** Heredoc / here-string text, or the file path. */
    text?: string;
  };
  /** argv[0] (or another word) holds an expansion that could not be resolved statically. */
  dynamic: boolean;
  /** The command's own source text. */
  text: string;
}

export interface ShellAnalysis {
  /** Every command that would run, in source order, nested and unwrapped ones included. */
  commands: SimpleCommand[];
  /** False when the input could not be analysed with confidence (too long, too deep, unterminated, …). */
  confident: boolean;
  /** Why not confident, one human sentence each. */
  problems: string[];
}

export interface ShellOptions {
  /** Directory the command starts in (relative targets resolve against it). */
  cwd?: string;
  /** The user's home, for "~". */
  home?: string;
}
