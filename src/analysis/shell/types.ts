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
  /** What is known about the target word (unknown expansions, globs), when it is not all literal. */
  info?: WordInfo;
  /** Heredoc body or here-string text. */
  body?: string;
}

export type CommandContext =
  | "top" // written directly in the command line (possibly in a list or pipeline)
  | "subshell" // ( … ) or { …; }
  | "command-substitution" // $( … ) or ` … `
  | "process-substitution" // <( … ) or >( … )
  | "wrapped" // reached by unwrapping another command (sudo, env, bash -c, xargs, find -exec, eval, …)
  | "inline-code" // shell code (or an effect such as a deletion) found inside an interpreter's inline code
  | "function"; // the body of a shell function, run where the function is called

/** What is known about one argv word. */
export interface WordInfo {
  /** The word holds an expansion staso could not resolve (its text has "" in that place). */
  dynamic: boolean;
  /** The word starts with such an expansion (`"$DIR/"` → text "/", dynamicStart): its real location is unknown. */
  dynamicStart: boolean;
  /** The word holds an unquoted glob character (`*`, `?`, `[`): the shell expands it against the filesystem. */
  glob?: boolean;
  /**
   * For a dynamic word: its text with one U+0000 where each unknown expansion stood (`dist/$N.js` →
   * "dist/\u0000.js"), so a rule can tell what the unknown part could make of the word.
   */
  template?: string;
}

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
    /**
     * The commands writing into the pipe (the pipeline member just before, nearest first: what feeds them
     * is in their own stdin; feeders() in commands.ts follows the chain), process substitution, heredoc or
     * here-string substitutions.
     */
    from?: SimpleCommand[];
    /**
     * Heredoc / here-string text, or the file path; for a pipe or process substitution, the text written
     * into it when staso could work it out statically (`echo … |`, `printf … |`, `base64 -d`, …).
     */
    text?: string;
    /** A file fed to the compound command this one runs in (`while read l; …; done < FILE`), not its own `<`. */
    inherited?: true;
  };
  /** argv[0] (or another word) holds an expansion that could not be resolved statically. */
  dynamic: boolean;
  /** The command's own source text. */
  text: string;
  /** Per argv word, aligned with argv. */
  wordInfo: WordInfo[];
  /** Commands whose output is substituted into this command's words ($( … ), ` … `, <( … )). */
  substitutions?: SimpleCommand[];
  /**
   * The commands that made the file this command runs (`bash f`, `./f`, `python3 f`, `make`) or reads as
   * code (`cat f | sh`), when the command line or an earlier call of the session made it.
   */
  fileSources?: SimpleCommand[];
  /** Run in the background (`cmd &`). */
  background?: boolean;
  /** Set on commands of a function body: the function's name (a call of itself there is recursion). */
  inFunction?: string;
  /** Runs on another machine (reached through `ssh host cmd`): paths there are not the project's. */
  remote?: boolean;
  /**
   * Where each argv word is in the analysed command line ([start, end) offsets), for rules that rewrite
   * it. Only for commands written directly in the command line; undefined for a word that does not map
   * one-to-one to source text (brace expansion, split expansions).
   */
  wordSpans?: ([number, number] | undefined)[];
}

/** Code an interpreter runs inline (`python -c`, `node -e`, a heredoc fed to `python3 -`, …). */
export interface InlineCode {
  /** "python", "node", "perl", "ruby", "php", "lua", "applescript", … */
  language: string;
  code: string;
  /** The interpreter command that runs it. */
  command: SimpleCommand;
}

export interface ShellAnalysis {
  /** Every command that would run, in source order, nested and unwrapped ones included. */
  commands: SimpleCommand[];
  /** False when the input could not be analysed with confidence (too long, too deep, unterminated, …). */
  confident: boolean;
  /** Why not confident, one human sentence each. */
  problems: string[];
  /** Inline interpreter code found in the command (its shell-outs and deletions are also in `commands`). */
  inlineCode: InlineCode[];
  /**
   * Symbolic links the command makes (`ln -s TARGET LINK`), link → target, both absolute: a path through
   * a link reaches its target (`ln -s ~ cache && rm -rf cache/` deletes the home folder).
   */
  links: Map<string, string>;
  /** What the command line wrote, downloaded or linked, for the session memory (later calls run them). */
  files: RememberedFile[];
  /** What earlier calls of the session wrote, downloaded, linked or pointed a git remote at (as given). */
  remembered?: RememberedFile[];
  /** Files the line or earlier calls wrote that hold a secret (the environment): path → what, in words. */
  held: Map<string, string>;
  /** Where earlier calls and this line moved things: [destination (a pattern when partly unknown), source]. */
  moves: [string, string][];
}

export interface ShellOptions {
  /** Directory the command starts in (relative targets resolve against it). */
  cwd?: string;
  /** The user's home, for "~". */
  home?: string;
  /** Files earlier calls of the session wrote, downloaded or linked. */
  files?: RememberedFile[];
}

/** A file a call wrote (its text, when short), downloaded (its URL), unpacked or cloned (a folder), or linked. */
export interface RememberedFile {
  path: string;
  url?: string;
  text?: string;
  dir?: boolean;
  /** A symbolic link to this target. */
  link?: string;
  /** A secret it holds, in words ("the environment (printenv)"): sending the file sends that (held.ts). */
  holds?: string;
  /** Not a file made: this path (a pattern when partly unknown) holds what was at `was`, moved there (moves.ts). */
  was?: string;
}

/** What is known of one file (or folder) the command line or the session made. */
export interface FileFact {
  /** The commands that wrote it (a downloader, an echo, a tee, …). */
  from: SimpleCommand[];
  /** Its text, when the writer's output is known (at most MAX_TEXT characters). */
  text?: string;
  /** The URL it was downloaded from. */
  url?: string;
  /** A folder: every path under it shares the fact (a clone, an unpacked archive). */
  dir?: boolean;
  /** A secret an earlier call of the session put in it (held.ts). */
  holds?: string;
}
