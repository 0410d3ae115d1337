// What an agent integration provides. Host adapters are the only code that knows an agent exists: one
// folder per agent holds its whole integration, and one line in ./index.ts registers it.
//
// A host is two halves:
// - the protocol (HostAdapter + the facts in HostEntry): payload parsing, rendering, the tool map, what
//   the protocol cannot do. It is on the hook path, so it stays small and imports no setup code;
// - the installer (HostInstaller, in the folder's install.ts, loaded on demand): how `staso setup` puts
//   the hook in, how `staso uninstall` takes it out again, and what `staso doctor` looks at.
import type { FailMode } from "../engine/fail-mode.js";
import type { ExampleCall } from "../engine/rule.js";
import type { Decision, ToolCall, ToolKind } from "../engine/types.js";
import type { FileChange } from "../config-files/file-change.js";

declare global {
  /**
   * Defined (true) by the builds of the hook (dist/hook.cjs, the native binary) and the library: a host's
   * `install: typeof __STASO_HOOK__ !== "undefined" ? undefined : () => import("./install.js")` then
   * folds to undefined and the bundler leaves the installer out. Undefined everywhere else.
   */
  const __STASO_HOOK__: boolean | undefined;
}

export interface HookOutput {
  /** Exactly what goes to stdout ("" prints nothing). */
  stdout: string;
  exitCode: number;
}

export interface HostAdapter {
  id: string;
  /** Names accepted by --target for this host. */
  aliases: string[];
  /** True when a payload without --target looks like this host's. */
  recognizes(payload: Record<string, unknown>): boolean;
  /**
   * The host-neutral call, or null for an event staso does not guard (a quiet no-op).
   * Throws PayloadError for a payload it cannot read.
   */
  parse(payload: Record<string, unknown>): ToolCall | null;
  /** The same call with a rewritten input, every derived view recomputed. */
  withInput(call: ToolCall, input: Record<string, unknown>): ToolCall;
  /** The same (post-event) call with a rewritten output, its text recomputed. */
  withOutput(call: ToolCall, output: unknown): ToolCall;
  /** The tools this host sends and their input fields, for `staso check`/`test` to catch typos. */
  toolInputs?: Record<string, { required: string[]; optional: string[] }>;
  /** The decision in the host's own protocol. */
  render(call: ToolCall, decision: Decision): HookOutput;
  /** The user's last `count` messages from the host's transcript file, oldest first (for judges). */
  userMessages?(transcriptPath: string, count: number): string[];
  /** A rule example's call as this host sends it (tool and input), or undefined when it has no such tool. */
  exampleCall?(example: ExampleCall, cwd: string): { tool: string; input: Record<string, unknown> } | undefined;
}

/** One call to write in a host's own payload shape (staso check and test, the doctor's probe, the demo).
 * @public (named by HostEntry's declaration)
 */
export interface CallSpec {
  /** The tool as this host names it. */
  tool: string;
  input: Record<string, unknown>;
  event?: "pre" | "post" | "post-failure";
  cwd: string;
  /** For event "post": what the tool returned. */
  output?: unknown;
  /** For event "post-failure": the error. */
  error?: string;
  session?: string;
  toolUseId?: string;
}

/** What a host's hook protocol cannot do, so staso does it itself (facts checked against the real binaries).
 * @public (named by HostEntry's declaration)
 */
export interface HostLimits {
  /**
   * What the host does with staso's "ask": "prompt", a human answers in the host's own prompt (when one
   * sits at it); "none", the host has no ask a hook can use (it runs the call, hangs, or denies it), so an
   * escalation is always staso's own (a block with an id to approve, or a wait).
   */
  ask: "prompt" | "none";
  /** The host runs the call when the hook outlives its timeout: staso must always answer well inside it. */
  runsOnTimeout: boolean;
  /**
   * When the hook process itself fails (not found, crashed): "runs" the call, "blocks" it, or blocks
   * only because setup said so ("configured": Claude Code's onFailure, the opencode plugin's own check).
   */
  onCrash: "runs" | "blocks" | "configured";
  /** Each a sentence for setup's notes, doctor and the docs: what this protocol cannot do. */
  notes: string[];
}

/** Where an escalated call stands as far as a human goes: the escalation.mode key that applies, and who can answer. */
export interface EscalationContext {
  /** The key of escalation.mode that applies ("claude-code", "claude-code-headless", "codex", …; "other" for the library). */
  key: string;
  /** A human can answer an ask in the host's own prompt now. */
  ask: boolean;
  /** A terminal bell reaches the human without breaking the agent's screen (it draws none). */
  bell: boolean;
}

/** How an escalation reaches a human on this host.
 * @public (named by HostEntry's declaration)
 */
export interface HostEscalation {
  /** The context of one call, from the environment the host gave the hook. */
  context(env: NodeJS.ProcessEnv): EscalationContext;
  /** Every escalation.mode key this host answers to, and whether "ask" can mean anything under it. */
  keys: Array<{ key: string; ask: boolean }>;
}

/** Everything staso knows about one agent. The registry (./index.ts) holds one per agent. */
/**
 * What every command needs of an agent without loading its adapter (hosts/<id>/card.ts, listed in
 * hosts/cards.ts): a hook call loads only its own agent's adapter, the policy's checks only the cards.
 */
export interface HostCard<Id extends string = string> {
  id: Id;
  /** The agent's name for people: "Gemini CLI". */
  label: string;
  /** A short name for narrow columns (the audit table): usually its binary, "gemini". */
  short: string;
  /** Names accepted by --target for this host. */
  aliases: string[];
  /** True when a payload without --target looks like this host's. */
  recognizes(payload: Record<string, unknown>): boolean;
  escalation: HostEscalation;
}

export interface HostEntry<Id extends string = string> extends HostAdapter, HostCard<Id> {
  id: Id;
  /** The host's tool names onto staso's tool kinds (what rules select on); anything else is "other" or "mcp". */
  tools: Record<string, ToolKind>;
  /** The tool that runs a shell command, which takes `{ command }` (doctor's probe, the demo). */
  shellTool: string;
  /** A payload of this host's own shape for one call (the inverse of parse). */
  payload(spec: CallSpec): Record<string, unknown>;
  limits: HostLimits;
  /**
   * The installer, loaded on demand. Undefined inside the hook bundles (the build defines __STASO_HOOK__,
   * which drops the import): setup code never costs a tool call anything.
   */
  install: (() => Promise<HostInstaller>) | undefined;
}

// ---------------------------------------------------------------------------------------------------
// The installer: setup, uninstall, doctor.

/** user: the agent's per-user config; project: the project's shared config; local: a per-user project file. */
export type Scope = "user" | "project" | "local";

/** One finding of `staso doctor`. */
export interface Check {
  id: string;
  ok: boolean;
  /** What was checked and what was found. */
  message: string;
  /** What to do when it is not ok. */
  fix?: string;
}

export interface Locations {
  env: NodeJS.ProcessEnv;
  /** The project directory for project and local scope (absolute). */
  projectDir: string;
}

export interface SetupContext extends Locations {
  scope: Scope;
  /** The hook command line setup writes for this host. */
  command: string;
  /** Seconds the agent should wait for the hook (above staso's own deadline and any wait for a human). */
  hostTimeout: number;
  /** staso's own deadline, in seconds. */
  stasoTimeout: number;
  failMode: FailMode;
  /** Write trust entries the agent needs to run the hook (the user confirmed, or passed --yes). */
  writeTrust: boolean;
}

/** @public (named by HostInstaller's declaration) */
export interface UninstallContext extends Locations {
  scopes: Scope[];
}

/** What setup or uninstall would change for one host. */
export interface HostPlan {
  changes: FileChange[];
  warnings: string[];
  notes: string[];
  /** The file that holds staso's hook (setup). */
  file?: string;
  /** The host's events staso is subscribed to, as the host names them (setup). */
  events?: string[];
  /** What a crash or timeout of the hook does, when setup made it block (for setup's summary). */
  failure?: string;
  /** Extra lines for the summary setup prints before writing (trust). */
  summary?: string[];
}

/** One staso hook as the doctor found it in the host's configuration. */
export interface FoundHook {
  scope: Scope;
  file: string;
  /** The event as the host names it. */
  event: string;
  /** The tools it runs for: undefined, "" and "*" mean every tool. */
  matcher?: string;
  /** The command it runs (for a plugin: the hook command the plugin spawns). */
  command: string;
  /** Seconds the host waits for it (Infinity: the host never gives up; the plugin has its own deadline). */
  timeoutSeconds: number;
  /** The event that runs before the tool (the one that can stop it). */
  pre: boolean;
  /** Where it sits in its file, and the handler and group as written (host checks read their keys). */
  group: number;
  index: number;
  handler: Record<string, unknown>;
  groupValue: Record<string, unknown>;
}

/** The answer a hook gave the doctor's synthetic call. */
export interface ProbeAnswer {
  ok: boolean;
  kind: "allow" | "deny" | "other";
  ms: number;
  detail: string;
}

export interface DoctorContext extends Locations {
  /** The fail mode in force (the policy's), for checks of what a hook failure does. */
  failMode: FailMode;
}

export interface HostDoctor {
  /** staso's hooks, wherever the host reads them. */
  found: FoundHook[];
  /** The events setup subscribes, each with what the user loses without it. */
  expected: Array<{ event: string; purpose: string }>;
  /** Host-specific findings: files that do not parse, trust, a switch that turns hooks off, … */
  checks: Check[];
  /**
   * Runs one found hook on a synthetic shell call (`command`) as the host would, in `env`. Undefined
   * answers: the generic probe (the hook command through `shell`, the payload from the host's `payload`).
   */
  ask?(hook: FoundHook, command: string, env: NodeJS.ProcessEnv, cwd: string): Promise<ProbeAnswer>;
  /** The shell the host runs hook commands with. */
  shell(env: NodeJS.ProcessEnv): { file: string; args: (command: string) => string[] };
  /** Reads a hook's stdout and exit code as this host would: an allow, a deny (with its reason), or neither. */
  classify(stdout: string, exitCode: number): Omit<ProbeAnswer, "ms">;
}

export interface HostInstaller {
  /** The scopes this host has; a scope it lacks maps to the nearest it has (scopeFor). */
  scopes: Scope[];
  scopeFor(scope: Scope): Scope;
  /** Where the hook goes in one scope, for the wizard. */
  where(scope: Scope, loc: Locations): string;
  /** How to find the agent: its binary names, extra folders its installers use, its config folder. */
  binaries: string[];
  binaryDirs(home: string): string[];
  configDir(env: NodeJS.ProcessEnv): string;
  planSetup(ctx: SetupContext): HostPlan;
  planUninstall(ctx: UninstallContext): HostPlan;
  doctor(ctx: DoctorContext): HostDoctor;
}
