// What an escalation means for the calls that come after it, and what an answer records: the semantics
// every escalation store shares (the local file store, the Staso server's database), kept pure here so
// both behave the same way.
import type { Escalation, Resolution, ResolveInput } from "./types.js";

/**
 * What an existing escalation of the same call means for a new try of it:
 *   pending          still open: the try shares it
 *   expired          pending past its deadline: mark it "timeout", then look again
 *   denied           a denial still in force: the try is blocked with it
 *   approved-window  approved for a while (--for): the try runs
 *   approved-once    approved once and not yet used: this try uses it up (exactly one may)
 *   none             it covers nothing any more: raise a new escalation
 */
export type Coverage = "pending" | "expired" | "denied" | "approved-window" | "approved-once" | "none";

export function coverage(e: Escalation, now: number): Coverage {
  if (e.status === "pending") return now < Date.parse(e.expiresAt) ? "pending" : "expired";
  const r = e.resolution;
  if (!r) return "none";
  const until = r.until ? Date.parse(r.until) : 0;
  if (now >= until) return "none";
  if (r.status === "denied") return "denied";
  if (r.status !== "approved") return "none";
  if (r.scope === "window") return "approved-window";
  return e.consumed ? "none" : "approved-once";
}

/**
 * The answer to record: approve once (lasts approvalTtl, waiting for the retry), approve or deny for a
 * while (`forSeconds`, capped to approvalTtl; a deny without it lasts approvalTtl), or a timeout.
 */
export function resolutionFor(e: Pick<Escalation, "approvalTtlSeconds">, input: ResolveInput, now: number): Resolution {
  const ttl = e.approvalTtlSeconds * 1000;
  const window = input.forSeconds !== undefined ? Math.min(input.forSeconds * 1000, ttl) : undefined;
  return {
    status: input.status,
    at: new Date(now).toISOString(),
    by: input.by,
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.status === "approved"
      ? window !== undefined
        ? { scope: "window" as const, until: new Date(now + window).toISOString() }
        : { scope: "once" as const, until: new Date(now + ttl).toISOString() }
      : {}),
    ...(input.status === "denied"
      ? { scope: "window" as const, until: new Date(now + (window ?? ttl)).toISOString() }
      : {}),
  };
}
