// What a judge knows of the hook it runs in, and what it shows the model about one call. Everything the
// model is shown goes through the audit trail's one masking function first (audit/mask.ts): the call's
// input, the cwd, the user's messages from the transcript, the unsure rules' reasons. Nothing else leaves.
import type { FailMode } from "../engine/fail-mode.js";
import type { JudgeRecord, ToolCall } from "../engine/types.js";
import { maskText, maskValue } from "../audit/mask.js";
import { projectOf } from "../audit/project.js";
import { MAX_TRANSCRIPT_MESSAGES } from "./config.js";

export interface JudgeContext {
  /** performance.now() when the hook started: a judge's budget counts from here. */
  startedAt: number;
  /** performance.now() by which the hook must have decided (its deadline): no judge runs past it. */
  deadlineAt: number;
  /** Applies where a judge sets no onTimeout: closed blocks, open allows. */
  failMode: FailMode;
  /** Where the API keys are read from. */
  env: NodeJS.ProcessEnv;
  /** Where verdicts are cached, so a retried call costs no second request; none: never cached. */
  dataDir?: string;
  /** The host's reader of the user's last messages in its transcript (the host knows the file's shape). */
  userMessages?: (transcriptPath: string, count: number) => string[];
  /** One human sentence per problem (a model that failed, a missing key), for stderr. */
  warn?: (message: string) => void;
  /** Every judge's verdict on this call, filled as they answer: the pipeline puts them in the decision. */
  records: JudgeRecord[];
}

/** The longest any one string of the view may be (a 1 MiB Write is shown by its head). */
const MAX_VIEW_STRING = 4096;
const MAX_MESSAGE = 2000;

/** What the model is shown: the call, where it runs, and optionally what the user asked for. */
export interface JudgeView {
  call: { host: string; event: string; tool: string; kind: string; input: Record<string, unknown> };
  cwd: string;
  project: string;
  /** The user's last messages in this session, oldest first. */
  userMessages?: string[];
  /** The gray zone: the rules that could not decide, and why. */
  unsureRules?: { rule: string; reason: string }[];
}

export function judgeView(
  call: ToolCall,
  transcript: number,
  ctx: Pick<JudgeContext, "userMessages" | "warn" | "env">,
  unsure?: { ruleId: string; reason: string }[],
): JudgeView {
  const hide = envSecretHider(ctx.env);
  const cwd = call.session.cwd;
  let messages: string[] | undefined;
  const path = call.session.transcriptPath;
  const count = Math.min(Math.max(0, Math.floor(transcript)), MAX_TRANSCRIPT_MESSAGES);
  if (count > 0 && path && ctx.userMessages) {
    try {
      // Masked before they are cut to length: a secret cut in half is no longer recognised.
      messages = ctx.userMessages(path, count).map((m) => maskText(hide(m), MAX_MESSAGE));
    } catch (err) {
      // An unreadable transcript costs the judge its context, never the call.
      ctx.warn?.(`staso: the transcript could not be read for a judge (${(err as Error).message}).`);
    }
  }
  const view: JudgeView = {
    call: { host: call.host, event: call.event, tool: call.tool, kind: call.kind, input: prepare(call.input, hide) },
    cwd,
    project: projectOf(cwd),
    ...(messages ? { userMessages: messages } : {}),
    ...(unsure?.length ? { unsureRules: unsure.map((u) => ({ rule: u.ruleId, reason: u.reason })) } : {}),
  };
  // One pass of the one masking function over everything the model will read.
  return maskValue(view, MAX_VIEW_STRING);
}

/** The input with the environment's secrets hidden in every string, and every key masked too (the model
 * writes the keys, and a secret could be put in one). */
function prepare<T>(value: T, hide: (s: string) => string): T {
  if (typeof value === "string") return hide(value) as T;
  if (Array.isArray(value)) return value.map((v) => prepare(v, hide)) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[maskText(hide(k), 256)] = prepare(v, hide);
  return out as T;
}

/**
 * What only a judge adds to the masking, because its request leaves the machine: the values of this
 * process's secret-named environment variables (the agent's environment: API keys, tokens, passwords),
 * wherever they appear in clear, even where no detector knows their shape (a random password pasted into
 * a command). Applied before the masking, so a value is found whole before any string is cut to length.
 */
const SECRET_ENV_NAME = /KEY|TOKEN|SECRET|PASSW|PASSPHRASE|CREDENTIAL|AUTH|PRIVATE|COOKIE|SESSION|DSN|_PAT$/i;
const MIN_ENV_SECRET = 8;

function envSecretHider(env: NodeJS.ProcessEnv): (s: string) => string {
  const secrets: [string, string][] = [];
  for (const [name, v] of Object.entries(env))
    if (v && v.length >= MIN_ENV_SECRET && SECRET_ENV_NAME.test(name))
      secrets.push([v, `REDACTED_ENV_${name.toUpperCase().replace(/[^A-Z0-9_]/g, "_")}`]);
  if (secrets.length === 0) return (s) => s;
  secrets.sort((a, b) => b[0].length - a[0].length); // a value that contains another goes first
  return (s) => {
    let out = s;
    for (const [secret, placeholder] of secrets) if (out.includes(secret)) out = out.split(secret).join(placeholder);
    return out;
  };
}
