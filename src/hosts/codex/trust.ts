// Codex hook trust. Codex runs a user or project hook only when `[hooks.state."<file>:<event>:<group>:<handler>"]`
// in the user's config.toml holds `trusted_hash = "sha256:<hex>"` matching the hook as written; otherwise it
// silently skips it (`codex exec` included). This is the entry Codex itself writes after `/hooks` → trust.
// The hash is sha256 of compact JSON with keys sorted at every level:
//   {"event_name":"pre_tool_use","hooks":[{"async":false,"command":…,"timeout":…,"type":"command"}],"matcher":…}
// with `matcher` left out when the group has none, `timeout` 600 when the handler gives none, and a
// `statusMessage` hashed when present (verified against Codex 0.169.0 in the reference and end to end).
import { createHash } from "node:crypto";
import { canonicalJson } from "../../config-files/json-edit.js";
import type { HookHandler, HookPos, HooksFilePlan } from "../../config-files/hooks-file.js";
import { SetupError } from "../../config-files/errors.js";
import { TomlEditor, tomlKey, tomlString, type TomlTable } from "../../config-files/toml-edit.js";

/** `PreToolUse` → `pre_tool_use`. */
function codexEventLabel(event: string): string {
  return event.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The trust key of the handler at `pos` of the hooks file `source` (its absolute path as Codex sees it). */
export function codexTrustKey(source: string, pos: HookPos): string {
  return `${source}:${codexEventLabel(pos.event)}:${pos.group}:${pos.handler}`;
}

export function codexTrustHash(event: string, matcher: string | undefined, handler: HookHandler): string {
  const timeout =
    typeof handler.timeout === "number"
      ? handler.timeout
      : typeof handler.timeoutSec === "number"
        ? handler.timeoutSec
        : 600;
  const hashed: Record<string, unknown> = {
    async: handler.async === true,
    command: handler.command,
    timeout: Math.max(1, timeout),
    type: handler.type ?? "command",
  };
  if (typeof handler.statusMessage === "string") hashed.statusMessage = handler.statusMessage;
  const identity: Record<string, unknown> = { event_name: codexEventLabel(event), hooks: [hashed] };
  if (matcher !== undefined) identity.matcher = matcher;
  return `sha256:${createHash("sha256").update(canonicalJson(identity)).digest("hex")}`;
}

export interface TrustState {
  trusted_hash?: unknown;
  enabled?: unknown;
  [key: string]: unknown;
}

const isTable = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);

/** `hooks.state` of a parsed config.toml. */
export function readTrustState(config: TomlTable): Map<string, TrustState> {
  const hooks = config.hooks;
  const state = isTable(hooks) ? hooks.state : undefined;
  const out = new Map<string, TrustState>();
  if (isTable(state)) for (const [k, v] of Object.entries(state)) if (isTable(v)) out.set(k, v as TrustState);
  return out;
}

export interface TrustPlan {
  /** Trust entries staso writes (its own handlers). */
  set: Array<{ key: string; hash: string }>;
  /** Entries of other hooks that follow their hook to a new position. */
  rename: Array<{ from: string; to: string }>;
  /** Entries at positions that no handler of theirs holds any more (staso's old ones, or stale ones). */
  remove: string[];
}

const emptyTrustPlan = (p: TrustPlan) => p.set.length === 0 && p.rename.length === 0 && p.remove.length === 0;

/**
 * The trust changes that go with a hooks.json change: afterwards every position this file's handlers held
 * before or hold now carries exactly the trust of the handler that sits there (staso's: the hash of what
 * setup wrote; another hook's: the entry it had at its old position, or none).
 */
export function planTrust(
  source: string,
  plan: HooksFilePlan,
  state: Map<string, TrustState>,
  writeTrust: boolean,
): TrustPlan {
  const key = (p: HookPos) => codexTrustKey(source, p);
  const stasoNew = new Map(plan.stasoAfter.map((s) => [key(s.pos), s]));
  const otherNew = new Map(plan.others.map((o) => [key(o.to), o]));
  const rename = plan.others
    .map((o) => ({ from: key(o.from), to: key(o.to) }))
    .filter((r) => r.from !== r.to && state.has(r.from));
  const sources = new Set(rename.map((r) => r.from));
  const targets = new Set(rename.map((r) => r.to));
  const positions = new Set([
    ...plan.stasoBefore.map((s) => key(s.pos)),
    ...plan.others.map((o) => key(o.from)),
    ...stasoNew.keys(),
    ...otherNew.keys(),
  ]);
  const set: TrustPlan["set"] = [];
  const remove: string[] = [];
  for (const k of positions) {
    const s = stasoNew.get(k);
    if (s) {
      if (!writeTrust) continue;
      const hash = codexTrustHash(s.pos.event, s.group.matcher, s.handler);
      if (state.get(k)?.trusted_hash !== hash || sources.has(k)) set.push({ key: k, hash });
      continue;
    }
    const o = otherNew.get(k);
    if (o && (targets.has(k) || key(o.from) === k)) continue; // filled by a rename, or unchanged
    if (state.has(k) && !sources.has(k)) remove.push(k); // vacated, or stale for its new occupant
  }
  return { set, rename, remove };
}

/** The lines to add by hand when the file cannot be edited in place. */
function manualFix(plan: TrustPlan): string {
  const lines = plan.set.map((s) => `[hooks.state.${tomlString(s.key)}]\ntrusted_hash = ${tomlString(s.hash)}`);
  return lines.length > 0
    ? `Add these lines to it by hand (or run \`codex\`, open /hooks and trust the staso hooks):\n${lines.join("\n")}`
    : "Edit its [hooks.state] entries by hand (run `codex` and open /hooks to review them).";
}

/** config.toml with the trust plan applied, every other byte kept. */
export function applyTrustPlan(file: string, text: string, config: TomlTable, plan: TrustPlan): string {
  if (emptyTrustPlan(plan)) return text;
  const editor = new TomlEditor(file, text);
  const path = (k: string) => ["hooks", "state", k];
  const state = readTrustState(config);
  const involved = [...plan.set.map((s) => s.key), ...plan.rename.flatMap((r) => [r.from, r.to]), ...plan.remove];
  for (const k of involved) {
    if (state.has(k) && !editor.table(path(k))) {
      throw new SetupError(
        `${file}: the Codex trust entry hooks.state.${tomlString(k)} is not written as its own [hooks.state.${tomlKey(k)}] table, so staso cannot edit it in place and changed nothing. ${manualFix(plan)}`,
      );
    }
  }
  const hooksValue = config.hooks;
  if (hooksValue !== undefined && !isTable(hooksValue))
    throw new SetupError(`${file}: "hooks" is not a table, so staso changed nothing. ${manualFix(plan)}`);

  // the value the edits must produce
  const nextState: Record<string, Record<string, unknown>> = {};
  for (const [k, v] of state) nextState[k] = { ...v };
  for (const k of plan.remove) delete nextState[k];
  const renamed = new Map(plan.rename.map((r) => [r.from, r.to]));
  const sources = new Set(renamed.keys());
  const staleTargets = plan.rename.map((r) => r.to).filter((t) => state.has(t) && !sources.has(t));
  for (const t of staleTargets) delete nextState[t];
  const moved: Record<string, Record<string, unknown>> = {};
  for (const [from, to] of renamed) {
    if (nextState[from]) moved[to] = nextState[from]!;
    delete nextState[from];
  }
  Object.assign(nextState, moved);
  for (const s of plan.set) nextState[s.key] = { ...(nextState[s.key] ?? {}), trusted_hash: s.hash };
  const expected: TomlTable = {
    ...config,
    hooks: { ...((hooksValue as Record<string, unknown>) ?? {}), state: nextState },
  };

  // 1. entries whose handler is gone from that position
  for (const k of plan.remove) editor.removeTable(path(k));
  // 2. entries at positions another hook moves into are stale
  for (const t of staleTargets) editor.removeTable(path(t));
  // 3. other hooks' entries follow their hook
  editor.renameTables(plan.rename.map((r) => ({ from: path(r.from), to: path(r.to) })));
  // 4. staso's entries
  for (const s of plan.set) editor.set(path(s.key), "trusted_hash", tomlString(s.hash));
  editor.verify(expected, manualFix(plan));
  return editor.text;
}
