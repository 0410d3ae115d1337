// `staso escalations [list|show|approve|deny]`: the human's side of escalations. A call a rule escalated
// waits (wait mode) or was blocked with an id (fire-and-forget); here a human sees it and answers it.
// Every answer is recorded in the audit trail (event "escalation"): who, how, how fast.
import { recordAndShip } from "../export/record-and-ship.js";
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from "../audit/settings.js";
import { padEnd, paintFor, truncate, type Paint } from "../util/terminal.js";
import { ESCALATION_ID, type FileEscalationStore } from "../escalation/file-store.js";
import { approveCommand, currentUser, localEscalationStore, resolutionRecord } from "../escalation/step.js";
import { RemoteEscalationStore } from "../escalation/remote-store.js";
import type { Escalation, ResolveInput } from "../escalation/types.js";
import { serverConnection } from "../remote/connection.js";
import { loadPolicy } from "../policy/load.js";
import { UsageError } from "./errors.js";
import { parseDuration } from "../util/duration.js";

/** Answered escalations are kept this long, then removed (the audit trail keeps their history). */
const KEEP_MS = 30 * 24 * 3600_000;

export interface ListOptions {
  all?: boolean;
  json?: boolean;
}

export interface ResolveOptions {
  reason?: string;
  for?: string;
  json?: boolean;
}

const write = (s: string) => process.stdout.write(s);

export function formatSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

function ago(iso: string, now: number): string {
  const s = (now - Date.parse(iso)) / 1000;
  return s < 0 ? `in ${formatSeconds(-s)}` : `${formatSeconds(s)} ago`;
}

/**
 * Answering an escalation is a human's job. An agent's shell runs with its markers in the environment
 * (Claude Code: CLAUDECODE, CLAUDE_CODE_ENTRYPOINT; Codex: CODEX_THREAD_ID, CODEX_TOOL_CALL_ID), and the
 * hook blocks the command itself (rule paths/escalation-self-approval); this is the second fence.
 */
export function agentMarker(env: NodeJS.ProcessEnv): string | undefined {
  for (const k of ["CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "CODEX_THREAD_ID", "CODEX_TOOL_CALL_ID", "CODEX_SESSION_ID"])
    if (env[k]) return k;
  return undefined;
}

function auditSettings(warn: (m: string) => void): AuditSettings {
  try {
    return loadPolicy().audit;
  } catch (err) {
    warn(`staso: ${(err as Error).message} The audit trail's defaults are used.\n`);
    return DEFAULT_AUDIT_SETTINGS;
  }
}

const warn = (m: string) => process.stderr.write(m.endsWith("\n") ? m : `${m}\n`);

function recordAnswer(e: Escalation, settings: AuditSettings): void {
  const { call, decision } = resolutionRecord(e);
  recordAndShip(call, decision, 0, settings, warn);
}

/** Marks the pending escalations whose time ran out as timed out (each once, whoever looks), and records them. */
async function finishExpired(
  store: FileEscalationStore,
  list: Escalation[],
  settings: () => AuditSettings,
): Promise<Escalation[]> {
  const now = Date.now();
  const out: Escalation[] = [];
  for (const e of list) {
    if (e.status === "pending" && Date.parse(e.expiresAt) <= now) {
      const r = await store.resolve(e.id, { status: "timeout", by: "staso" });
      if (r.changed) recordAnswer(r.escalation, settings());
      out.push(r.escalation);
    } else out.push(e);
  }
  return out;
}

/** The escalation an id or an unambiguous prefix of one (with or without "esc_") names. */
async function find(store: FileEscalationStore, text: string): Promise<Escalation> {
  const want = text.trim().toLowerCase();
  const prefix = want.startsWith("esc_") ? want : `esc_${want}`;
  if (!/^esc_[0-9a-f]{1,12}$/.test(prefix))
    throw new UsageError(
      `${JSON.stringify(text)} is not an escalation id (they look like esc_3f9a0c21b7e4; \`staso escalations\` lists them).`,
    );
  if (ESCALATION_ID.test(prefix)) {
    const e = await store.get(prefix);
    if (e) return e;
  }
  const hits = (await store.list()).filter((e) => e.id.startsWith(prefix));
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) throw new NotFound(`there is no escalation ${text} in ${store.dir}.`);
  throw new UsageError(
    `${text} matches ${hits.length} escalations (${hits.map((e) => e.id).join(", ")}): give more of the id.`,
  );
}

class NotFound extends Error {}

const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

function statusWord(e: Escalation, p: Paint): string {
  switch (e.status) {
    case "pending":
      return p.magenta("pending");
    case "approved":
      return p.green(
        e.resolution?.scope === "window"
          ? `approved until ${clock(e.resolution.until!)}`
          : e.consumed
            ? "approved, used"
            : "approved once",
      );
    case "denied":
      return p.red("denied");
    default:
      return p.yellow("timed out");
  }
}

function describeAnswer(e: Escalation, now: number): string {
  const r = e.resolution;
  if (!r) return `waiting, times out ${ago(e.expiresAt, now)}`;
  const who = r.status === "timeout" ? "nobody answered" : `by ${r.by}`;
  const after = formatSeconds((Date.parse(r.at) - Date.parse(e.createdAt)) / 1000);
  let s = `${who} after ${after}`;
  if (r.status === "approved")
    s +=
      r.scope === "window"
        ? `, for the same call until ${new Date(r.until!).toLocaleString()}`
        : e.consumed
          ? ", used"
          : `, once (until ${new Date(r.until!).toLocaleString()})`;
  if (r.status === "denied" && r.until) s += `, retries denied until ${new Date(r.until).toLocaleString()}`;
  if (r.reason) s += `: ${r.reason}`;
  return s;
}

/** This machine's Staso server, when its escalations are held there (answered in its dashboard). */
function remoteStore(): RemoteEscalationStore | undefined {
  const conn = serverConnection();
  return conn ? new RemoteEscalationStore(conn) : undefined;
}

export async function escalationsListCommand(opts: ListOptions): Promise<void> {
  const remote = remoteStore();
  let list: Escalation[];
  if (remote) {
    list = await remote.list();
    if (!opts.json)
      write(
        `Escalations are held by the Staso server ${remote.conn.url}: answer them at ${remote.conn.url}/escalations\n`,
      );
  } else {
    const store = localEscalationStore();
    let settings: AuditSettings | undefined;
    const lazySettings = () => (settings ??= auditSettings(warn));
    try {
      store.prune(KEEP_MS);
    } catch {
      // tidying is optional
    }
    list = await finishExpired(store, await store.list(), lazySettings);
  }
  const now = Date.now();
  if (!opts.all)
    list = list.filter(
      (e) => e.status === "pending" || now - Date.parse(e.resolution?.at ?? e.createdAt) < 24 * 3600_000,
    );
  if (opts.json) {
    write(`${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  if (list.length === 0) {
    write(
      opts.all
        ? "No escalations.\n"
        : "No pending escalations (none answered in the last 24 h either; --all lists every one kept).\n",
    );
    return;
  }
  const p = paintFor(process.stdout);
  const width = process.stdout.isTTY ? process.stdout.columns : undefined;
  const rows = list.map((e) => [
    e.id,
    statusWord(e, p),
    ago(e.createdAt, now),
    e.host === "claude-code" ? "claude" : e.host,
    e.tool,
    e.summary,
    e.ruleId ?? "",
  ]);
  const heads = ["ID", "STATUS", "RAISED", "AGENT", "TOOL", "CALL", "RULE"];
  const w = heads.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.replace(/\x1b\[[0-9;]*m/g, "").length)));
  w[5] = Math.min(w[5]!, 60);
  const line = (cells: string[]) => {
    const s = cells
      .map((c, i) => (i === cells.length - 1 ? c : padEnd(i === 5 ? truncate(c, w[5]!) : c, w[i]!)))
      .join("  ");
    return `${width ? truncate(s, width) : s}\n`;
  };
  write(p.dim(line(heads)));
  for (const r of rows) write(line(r));
  const pending = list.filter((e) => e.status === "pending");
  if (pending.length > 0 && !remote)
    write(
      `\n${pending.length} pending. Approve one: staso escalations approve <id> [--for 10m]; deny: staso escalations deny <id> --reason "…"; details: staso escalations show <id>.\n`,
    );
}

export async function escalationsShowCommand(id: string, opts: { json?: boolean }): Promise<void> {
  const store = localEscalationStore();
  let e = await findOrExit(store, id);
  if (!e) return;
  [e] = await finishExpired(store, [e], () => auditSettings(warn));
  if (opts.json) {
    write(`${JSON.stringify(e, null, 2)}\n`);
    return;
  }
  const now = Date.now();
  const p = paintFor(process.stdout);
  const rows: [string, string][] = [
    ["status", `${statusWord(e!, p)} (${describeAnswer(e!, now)})`],
    ["agent", `${e!.host}${e!.session ? ` session ${e!.session}` : ""}`],
    ["tool", e!.tool],
    ["call", e!.summary],
    ["in", e!.cwd ?? "?"],
    ["rule", `${e!.ruleId ?? "?"}: ${e!.rules.find((r) => r.ruleId === e!.ruleId)?.reason ?? e!.reason}`],
    [
      "raised",
      `${new Date(e!.createdAt).toLocaleString()} (${ago(e!.createdAt, now)}) by ${e!.host} running as ${e!.raisedBy}; ${e!.mode === "wait" ? "the agent waits for the answer" : "the agent was told to try again once approved"}`,
    ],
  ];
  if (e!.modifiedInput) rows.push(["would run", JSON.stringify(e!.modifiedInput)]);
  rows.push(["input", JSON.stringify(e!.input)]);
  write(`${p.bold(e!.id)}\n`);
  for (const [k, v] of rows) write(`  ${padEnd(k, 10)} ${v}\n`);
  if (e!.status === "pending")
    write(
      `\nApprove: ${approveCommand(e!.id, {})} [--for 10m]\nDeny:    staso escalations deny ${e!.id} --reason "…"\n`,
    );
}

async function findOrExit(store: FileEscalationStore, id: string): Promise<Escalation | undefined> {
  try {
    return await find(store, id);
  } catch (err) {
    if (err instanceof NotFound) {
      warn(`staso: ${err.message}`);
      process.exitCode = 1;
      return undefined;
    }
    throw err;
  }
}

export async function escalationsResolveCommand(
  verb: "approve" | "deny",
  id: string,
  opts: ResolveOptions,
): Promise<void> {
  const marker = agentMarker(process.env);
  if (marker) {
    warn(
      `staso: escalations are answered by a human, not by an agent (${marker} is set: this runs inside an agent's session). Run the command in your own terminal.`,
    );
    process.exitCode = 1;
    return;
  }
  let forSeconds: number | undefined;
  if (opts.for !== undefined) {
    forSeconds = parseDuration(opts.for);
    if (forSeconds === undefined)
      throw new UsageError(`--for must be a duration like 90s, 10m, 2h or 1d, not ${JSON.stringify(opts.for)}.`);
  }
  const remote = remoteStore();
  if (remote) {
    warn(
      `staso: this machine's escalations are held by the Staso server ${remote.conn.url}: answer them in its dashboard (${remote.conn.url}/escalations), signed in as an approver.`,
    );
    process.exitCode = 1;
    return;
  }
  const store = localEscalationStore();
  const found = await findOrExit(store, id);
  if (!found) return;
  const input: ResolveInput = {
    status: verb === "approve" ? "approved" : "denied",
    by: currentUser(),
    ...(opts.reason ? { reason: opts.reason } : {}),
    ...(forSeconds !== undefined ? { forSeconds } : {}),
  };
  const settings = auditSettings(warn); // before answering, so the answer's record follows it closely
  const r = await store.resolve(found.id, input);
  if (r.changed || r.timedOut) recordAnswer(r.escalation, settings);
  const e = r.escalation;
  const capped = forSeconds !== undefined && forSeconds > e.approvalTtlSeconds;
  if (opts.json) {
    write(
      `${JSON.stringify(
        { changed: r.changed, escalation: e, ...(capped ? { cappedToSeconds: e.approvalTtlSeconds } : {}) },
        null,
        2,
      )}\n`,
    );
    if (!r.changed && e.status !== input.status) process.exitCode = 1;
    return;
  }
  if (!r.changed) {
    const res = e.resolution;
    if (e.status === "timeout")
      warn(
        `staso: ${e.id} timed out ${res ? ago(res.at, Date.now()) : ""} before this answer; the agent's next try of the call raises a new escalation.`,
      );
    else
      warn(
        `staso: ${e.id} was already ${e.status} by ${res?.by ?? "?"} ${res ? ago(res.at, Date.now()) : ""}${res?.reason ? ` (${res.reason})` : ""}; this answer changed nothing.`,
      );
    if (e.status !== input.status) process.exitCode = 1;
    return;
  }
  const what = `${e.tool}: ${truncate(e.summary, 120)}`;
  if (verb === "deny") {
    write(
      `Denied ${e.id} (${what}).\n${e.mode === "wait" ? "The waiting call is blocked" : "The agent's next try of this call is blocked"} with your reason; tries of the same call are refused until ${new Date(e.resolution!.until!).toLocaleString()}.\n`,
    );
    return;
  }
  if (capped)
    warn(
      `staso: --for ${opts.for} is longer than escalation.approvalTtl (${formatSeconds(e.approvalTtlSeconds)}), so the approval lasts ${formatSeconds(e.approvalTtlSeconds)}.`,
    );
  const scope =
    e.resolution!.scope === "window"
      ? `every try of this exact call until ${new Date(e.resolution!.until!).toLocaleString()}`
      : "this call once";
  write(
    `Approved ${e.id} (${what}) for ${scope}.\n${e.mode === "wait" ? "A waiting call runs within a few seconds; otherwise the" : "The"} agent's next try of the same call goes through.\n`,
  );
}
