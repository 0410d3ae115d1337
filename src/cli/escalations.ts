// `staso escalations [list|show|approve|deny]`: the human's side of escalations. A call a rule escalated
// waits (wait mode) or was blocked with an id (fire-and-forget); here a human sees it and answers it.
// Every answer is recorded in the audit trail (event "escalation"): who, how, how fast.
import { recordAndShip } from "../export/record-and-ship.js";
import { DEFAULT_AUDIT_SETTINGS, type AuditSettings } from "../audit/settings.js";
import { padEnd, paintFor, truncate, type Paint } from "../util/terminal.js";
import { ESCALATION_ID, type FileEscalationStore } from "../escalation/file-store.js";
import { approveCommand, currentUser, localEscalationStore, resolutionRecord } from "../escalation/step.js";
import {
  approvalFailuresPath,
  approvalKeyPath,
  clearApprovalFailures,
  createApprovalKey,
  MIN_PASSPHRASE_LENGTH,
  readApprovalKey,
  signResolution,
  writeApprovalKey,
  type ApprovalKeyFile,
} from "../escalation/approval-key.js";
import { stasoPaths } from "../paths.js";
import { notHere, unlockAtTerminal } from "./human.js";
import { openTerminal, type Terminal } from "./terminal.js";
import type { Escalation, ResolveInput, ResolveResult } from "../escalation/types.js";
import { RemoteEscalationStore } from "../escalation/remote-store.js";
import { serverConnection } from "../remote/connection.js";
import { loadPolicy } from "../policy/load.js";
import { UsageError } from "./errors.js";
import { formatSeconds, parseDuration } from "../util/duration.js";
import { hostShortName } from "../hosts/index.js";
import { print, printError } from "./output.js";
import { forTerminal, jsonForTerminal } from "../util/terminal-text.js";

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

const write = (s: string) => print(s);

function ago(iso: string, now: number): string {
  const s = (now - Date.parse(iso)) / 1000;
  return s < 0 ? `in ${formatSeconds(-s)}` : `${formatSeconds(s)} ago`;
}

function auditSettings(warn: (m: string) => void): AuditSettings {
  try {
    return loadPolicy().audit;
  } catch (err) {
    warn(`staso: ${(err as Error).message} The audit trail's defaults are used.\n`);
    return DEFAULT_AUDIT_SETTINGS;
  }
}

const warn = (m: string) => printError(m.endsWith("\n") ? m : `${m}\n`);

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
      `${jsonForTerminal(text)} is not an escalation id (they look like esc_3f9a0c21b7e4; \`staso escalations\` lists them).`,
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
    write(`${jsonForTerminal(list, 2)}\n`);
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
  // What the agent wrote is shown as it is: a control sequence or a newline in it cannot fake the row.
  const rows = list.map((e) => [
    forTerminal(e.id),
    statusWord(e, p),
    ago(e.createdAt, now),
    forTerminal(hostShortName(e.host)),
    forTerminal(e.tool),
    forTerminal(e.summary),
    forTerminal(e.ruleId ?? ""),
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
    write(`${jsonForTerminal(e, 2)}\n`);
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
  if (e!.modifiedInput) rows.push(["would run", jsonForTerminal(e!.modifiedInput)]);
  rows.push(["input", jsonForTerminal(e!.input)]);
  write(`${p.bold(forTerminal(e!.id))}\n`);
  for (const [k, v] of rows) write(`  ${padEnd(k, 10)} ${forTerminal(v, { colours: true })}\n`);
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

const NO_PASSPHRASE = (paths = stasoPaths()) =>
  `no approval passphrase is set (${approvalKeyPath(paths)}), so nobody can answer escalations yet and this one stays pending. Choose one in your own terminal: staso escalations passphrase set`;

/** How the passphrase is asked for an escalation's answer (and a change of the passphrase). */
const ANSWERING = () => ({
  act: "answering an escalation",
  nothing: "nothing was answered",
  noPassphrase: NO_PASSPHRASE(),
});

export async function escalationsResolveCommand(
  verb: "approve" | "deny",
  id: string,
  opts: ResolveOptions,
): Promise<void> {
  const refused = notHere("Answering an escalation");
  if (refused) {
    warn(`staso: ${refused}`);
    process.exitCode = 1;
    return;
  }
  let forSeconds: number | undefined;
  if (opts.for !== undefined) {
    forSeconds = parseDuration(opts.for);
    if (forSeconds === undefined)
      throw new UsageError(`--for must be a duration like 90s, 10m, 2h or 1d, not ${jsonForTerminal(opts.for)}.`);
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
  const status = verb === "approve" ? "approved" : "denied";
  let r: ResolveResult = { escalation: found, changed: false };
  if (found.status === "pending") {
    // The person sees what they answer on the terminal they type the passphrase into (not stdout: a pipe
    // there could show them something else).
    const signing = await unlockAtTerminal(
      [
        `${verb === "approve" ? "Approve" : "Deny"} ${found.id}${forSeconds !== undefined ? ` for ${formatSeconds(forSeconds)}` : ""}:`,
        `  ${forTerminal(found.tool)}: ${forTerminal(truncate(found.summary, 300))}`,
        `  in ${forTerminal(found.cwd ?? "?")}, raised by ${forTerminal(found.host)} (rule ${forTerminal(found.ruleId ?? "?")})`,
      ],
      ANSWERING(),
    );
    if (!signing) return;
    const input: ResolveInput = {
      status,
      by: currentUser(),
      ...(opts.reason ? { reason: opts.reason } : {}),
      ...(forSeconds !== undefined ? { forSeconds } : {}),
      prove: (res, e) => signResolution(signing, e, res),
    };
    const settings = auditSettings(warn); // before answering, so the answer's record follows it closely
    r = await store.resolve(found.id, input);
    if (r.changed || r.timedOut) recordAnswer(r.escalation, settings);
  }
  const e = r.escalation;
  const capped = forSeconds !== undefined && forSeconds > e.approvalTtlSeconds;
  if (opts.json) {
    write(
      `${jsonForTerminal(
        { changed: r.changed, escalation: e, ...(capped ? { cappedToSeconds: e.approvalTtlSeconds } : {}) },
        2,
      )}\n`,
    );
    if (!r.changed && e.status !== status) process.exitCode = 1;
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
    if (e.status !== status) process.exitCode = 1;
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

export async function passphraseStatusCommand(): Promise<void> {
  const paths = stasoPaths();
  try {
    const key = readApprovalKey(approvalKeyPath(paths));
    if (!key) {
      write(`${NO_PASSPHRASE(paths)}.\n`);
      process.exitCode = 1;
      return;
    }
    write(
      `An approval passphrase is set (since ${new Date(key.changedAt ?? key.createdAt).toLocaleString()}; scrypt N=${key.N}, r=${key.r}, p=${key.p}), in ${approvalKeyPath(paths)}.\n`,
    );
  } catch (err) {
    warn(`staso: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}

/** Asks for a new passphrase twice at the terminal; undefined when cancelled or not accepted (said why). */
async function newPassphrase(tty: Terminal): Promise<string | undefined> {
  for (let tries = 0; tries < 3; tries++) {
    const first = await tty.readSecret(`New approval passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters): `);
    if (first === undefined) return undefined;
    if (first.length < MIN_PASSPHRASE_LENGTH) {
      tty.write(`Too short: at least ${MIN_PASSPHRASE_LENGTH} characters (a few words you can remember).\r\n`);
      continue;
    }
    const again = await tty.readSecret("The same again: ");
    if (again === undefined) return undefined;
    if (again === first) return first;
    tty.write("They differ; once more.\r\n");
  }
  return undefined;
}

/** `staso escalations passphrase set|change`. */
export async function passphraseSetCommand(verb: "set" | "change"): Promise<void> {
  const refused = notHere("Choosing the approval passphrase");
  if (refused) {
    warn(`staso: ${refused}`);
    process.exitCode = 1;
    return;
  }
  const paths = stasoPaths();
  const file = approvalKeyPath(paths);
  let current: ApprovalKeyFile | undefined;
  try {
    current = readApprovalKey(file);
  } catch (err) {
    warn(`staso: ${(err as Error).message}; delete it yourself to set a new passphrase.`);
    process.exitCode = 1;
    return;
  }
  if (verb === "set" && current) {
    warn("staso: an approval passphrase is set already; change it with `staso escalations passphrase change`.");
    process.exitCode = 1;
    return;
  }
  if (verb === "change" && !current) {
    warn(`staso: ${NO_PASSPHRASE(paths)}.`);
    process.exitCode = 1;
    return;
  }
  if (current && !(await unlockAtTerminal(["Changing the approval passphrase."], ANSWERING()))) return;
  const tty = openTerminal();
  if ("error" in tty) {
    warn(`staso: choosing the approval passphrase needs your terminal (/dev/tty: ${tty.error}).`);
    process.exitCode = 1;
    return;
  }
  try {
    const chosen = await newPassphrase(tty);
    if (chosen === undefined) {
      warn("staso: no passphrase was set.");
      process.exitCode = 1;
      return;
    }
    tty.write("Deriving the key (scrypt, about a second)…\r\n");
    const made = await createApprovalKey(chosen);
    writeApprovalKey(file, {
      ...made,
      ...(current ? { createdAt: current.createdAt, changedAt: made.createdAt } : {}),
      ...(current?.trustedKeys ? { trustedKeys: current.trustedKeys } : {}),
    });
    clearApprovalFailures(approvalFailuresPath(paths));
    write(
      `Approval passphrase ${current ? "changed" : "set"} (${file}). staso escalations approve and deny now ask for it at your terminal.\n`,
    );
  } finally {
    tty.close();
  }
}
