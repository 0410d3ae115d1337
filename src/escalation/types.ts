// Escalations: a call a rule escalated, waiting for a human's answer. The store behind them is one small
// interface (create, get, resolve, list), so that a remote Staso server can hold a whole team's
// escalations later; polling is the caller's job either way. The local store is file-store.ts.
import type { ToolKind } from "../engine/types.js";

type EscalationStatus = "pending" | "approved" | "denied" | "timeout";

/** How a call waits for its answer: held by the hook (wait), or blocked with an id to approve (fire-and-forget). */
type StoreMode = "wait" | "fire-and-forget";

/** What the escalation step asks the store for: one escalated call, described for the human who answers. */
export interface EscalationRequest {
  /** The call's signature (signature.ts): the same call retried by the agent has the same one. */
  signature: string;
  mode: StoreMode;
  host: string;
  tool: string;
  kind: ToolKind;
  /** The call in one line: the command, the file, the URL. */
  summary: string;
  /** The tool input, secrets masked. */
  input: Record<string, unknown>;
  /** The input that would run when the escalating rules also rewrote it, secrets masked. */
  modifiedInput?: Record<string, unknown>;
  cwd?: string;
  project?: string;
  session?: string;
  toolUseId?: string;
  /** The rule that escalated, and why. */
  ruleId?: string;
  reason: string;
  rules: { ruleId: string; action: string; mode: string; reason: string }[];
  /** The OS user the agent runs as. */
  raisedBy: string;
  /** A pending escalation becomes "timeout" this many seconds after it is raised. */
  expiresInSeconds: number;
  /** How long a human's answer lasts (approve once, deny; the cap for approve --for). */
  approvalTtlSeconds: number;
}

export interface Resolution {
  status: Exclude<EscalationStatus, "pending">;
  /** ISO time of the answer. */
  at: string;
  /** The OS user who answered, or "staso" for a timeout. */
  by: string;
  reason?: string;
  /** once: the next try of the call (approve once); window: every try of the same call until `until`. */
  scope?: "once" | "window";
  /** ISO: an approve-once waits for the retry until then; a window lasts until then. */
  until?: string;
  /**
   * That a human gave this answer: a signature over the escalation and every field above, by a key the
   * user trusts (approval-key.ts). An approval or denial without a valid one counts for nothing.
   */
  proof?: ResolutionProof;
}

export interface ResolutionProof {
  /** "passphrase": the key derived from the approval passphrase; "server": a Staso server's pinned key. */
  kind: "passphrase" | "server";
  /** The signing key's id (approval-key.ts keyId). */
  key: string;
  /** base64 Ed25519 signature. */
  sig: string;
}

export interface Escalation extends Omit<EscalationRequest, "expiresInSeconds"> {
  v: 1;
  /** esc_ and 12 hex digits. */
  id: string;
  status: EscalationStatus;
  /** ISO times. */
  createdAt: string;
  expiresAt: string;
  resolution?: Resolution;
  /** An approve-once approval, used by this call. */
  consumed?: { at: string; host?: string; session?: string; toolUseId?: string };
}

export interface CreateResult {
  /**
   * The escalation the call belongs to: a new one (created), the pending one of the same call (reused),
   * or an answered one that still covers it: approved (an approve-once is consumed by this call), or
   * denied within its window.
   */
  escalation: Escalation;
  created: boolean;
  /** This call used up an approve-once approval. */
  consumed?: boolean;
  /** Escalations of the same call that this call found past their deadline and marked "timeout". */
  timedOut: Escalation[];
}

export interface ResolveInput {
  status: Exclude<EscalationStatus, "pending">;
  by: string;
  reason?: string;
  /** approve/deny: for every try of the same call during this many seconds (capped to approvalTtlSeconds). */
  forSeconds?: number;
  /** Signs the answer as the store will write it (a human's answer needs it; a timeout does not). */
  prove?: (resolution: Resolution, escalation: Escalation) => ResolutionProof;
}

export interface ResolveResult {
  escalation: Escalation;
  /** This call's answer was the one recorded (false: it had been answered already, or had timed out). */
  changed: boolean;
  /** Resolving found it past its deadline and marked it "timeout" instead. */
  timedOut?: boolean;
}

export interface EscalationStore {
  /** Raises an escalation for a call, or finds what already answers it (see CreateResult). */
  create(request: EscalationRequest): Promise<CreateResult>;
  get(id: string): Promise<Escalation | undefined>;
  /** Answers a pending escalation. Exactly one answer wins, whoever asks at the same time. */
  resolve(id: string, input: ResolveInput): Promise<ResolveResult>;
  /** Every escalation, newest first. */
  list(): Promise<Escalation[]>;
}

export class EscalationNotFound extends Error {}

/** A pause of the guard (pause.ts), as `staso pause` writes it to pause.json. */
export interface Pause {
  /** ISO time the pause began. */
  since: string;
  /** ISO time the guard is back. */
  until: string;
  /** The OS user that paused it. */
  by?: string;
  reason?: string;
  /** The signature of the fields above by the approval passphrase's key: what makes the pause a human's. */
  proof?: ResolutionProof;
}
