// The `{"hooks": {"<Event>": [{matcher, hooks: [handler…]}]}}` document both agents read (Claude Code's
// settings.json, Codex's hooks.json): staso's entries merged in or taken out, everything else untouched.
//
// Rules, in order of importance:
// - Every other key, event, matcher group and handler stays, byte for byte.
// - staso owns exactly one matcher group per event it guards. An older staso group is replaced where it
//   stands (Codex trusts hooks by position), a new one is appended after every other group (so no other
//   hook moves). Stray staso handlers (duplicates, or inside someone else's group) are taken out.
// - The result says which other handlers moved (only when a stray staso handler before them was taken out)
//   so the Codex trust entries can follow them.
import { SetupError } from "./errors.js";
import { JsonEditor, jsonEqual, parseJsonDocument, type JsonDocument } from "./json-edit.js";

export interface HookHandler {
  type?: unknown;
  command?: unknown;
  timeout?: unknown;
  [key: string]: unknown;
}

export interface HookGroup {
  matcher?: string;
  hooks: HookHandler[];
  [key: string]: unknown;
}

/** Event name → the one group staso wants there. */
export type DesiredHooks = Record<string, HookGroup>;

export interface HookPos {
  event: string;
  group: number;
  handler: number;
}

export interface HooksFilePlan {
  file: string;
  before: string | null;
  /** The new text (equal to `before` when nothing changes). */
  after: string;
  changed: boolean;
  /** Handlers that are not staso's and sit at a new position afterwards. */
  moves: Array<{ from: HookPos; to: HookPos }>;
  /** Positions of staso handlers before the change. */
  stasoBefore: Array<{ pos: HookPos; group: HookGroup; handler: HookHandler }>;
  /** Positions of staso handlers after the change, with the group and handler as written. */
  stasoAfter: Array<{ pos: HookPos; group: HookGroup; handler: HookHandler }>;
  /** Positions (before and after) of every handler that is not staso's. */
  others: Array<{ from: HookPos; to: HookPos }>;
  /** After the change the document is an empty object: the file can go. */
  empty: boolean;
}

export interface PlanHooksOptions {
  file: string;
  /** Current text, or null when the file does not exist. */
  text: string | null;
  /** Groups to install (setup), or null to take every staso handler out (uninstall). */
  desired: DesiredHooks | null;
  isStaso: (handler: HookHandler) => boolean;
  allowComments: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

interface ModelHandler {
  orig: number | null;
  staso: boolean;
  value: HookHandler;
}
interface ModelGroup {
  orig: number | null;
  value: Record<string, unknown>;
  handlers: ModelHandler[];
}

function readStructure(doc: JsonDocument): Record<string, unknown[]> {
  const root = doc.value ?? {};
  if (!isObject(root))
    throw new SetupError(
      `${doc.file}: the top level must be a JSON object, so staso changed nothing. Fix or move the file, then run the command again.`,
    );
  const hooks = root.hooks;
  if (hooks === undefined) return {};
  if (!isObject(hooks))
    throw new SetupError(
      `${doc.file}: "hooks" must be an object of event names, so staso changed nothing. Fix it, then run the command again.`,
    );
  const out: Record<string, unknown[]> = {};
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups))
      throw new SetupError(
        `${doc.file}: "hooks"."${event}" must be an array of matcher groups, so staso changed nothing. Fix it, then run the command again.`,
      );
    out[event] = groups;
  }
  return out;
}

function modelOf(groups: unknown[], isStaso: (h: HookHandler) => boolean): ModelGroup[] {
  return groups.map((g, gi) => {
    const value = isObject(g) ? g : {};
    const list = Array.isArray(value.hooks) ? value.hooks : [];
    return {
      orig: gi,
      value,
      handlers: list.map((h, hi) => {
        const hv = (isObject(h) ? h : {}) as HookHandler;
        return { orig: hi, staso: typeof hv.command === "string" && isStaso(hv), value: hv };
      }),
    };
  });
}

const allStaso = (g: ModelGroup) => g.handlers.length > 0 && g.handlers.every((h) => h.staso);

export function planHooksFile(o: PlanHooksOptions): HooksFilePlan {
  const doc = parseJsonDocument(o.file, o.text ?? "", { allowComments: o.allowComments });
  const existing = readStructure(doc);
  const editor = new JsonEditor(doc);

  const events = [...Object.keys(existing)];
  for (const e of Object.keys(o.desired ?? {})) if (!events.includes(e)) events.push(e);

  const stasoBefore: HooksFilePlan["stasoBefore"] = [];
  const stasoAfter: HooksFilePlan["stasoAfter"] = [];
  const others: HooksFilePlan["others"] = [];
  let hooksTouched = false;

  for (const event of events) {
    const had = existing[event] !== undefined;
    const groups = modelOf(existing[event] ?? [], o.isStaso);
    const want = o.desired?.[event];
    groups.forEach((g, gi) =>
      g.handlers.forEach(
        (h, hi) =>
          h.staso &&
          stasoBefore.push({ pos: { event, group: gi, handler: hi }, group: g.value as HookGroup, handler: h.value }),
      ),
    );

    const keep = want ? groups.findIndex(allStaso) : -1;
    // 1. staso's group where it stands, brought up to date
    if (keep >= 0 && want && !jsonEqual(groups[keep]!.value, want)) {
      editor.replaceValue(["hooks", event, keep], want);
      hooksTouched = true;
    }
    // 2. every other staso handler out, last first so the earlier paths stay valid
    for (let gi = groups.length - 1; gi >= 0; gi--) {
      if (gi === keep) continue;
      const g = groups[gi]!;
      if (allStaso(g)) {
        editor.removeElement(["hooks", event], gi);
        groups.splice(gi, 1);
        hooksTouched = true;
        continue;
      }
      for (let hi = g.handlers.length - 1; hi >= 0; hi--) {
        if (!g.handlers[hi]!.staso) continue;
        editor.removeElement(["hooks", event, gi, "hooks"], hi);
        g.handlers.splice(hi, 1);
        hooksTouched = true;
      }
    }
    const keptIndex = keep >= 0 ? groups.findIndex((g) => g.orig === keep) : -1;
    if (keptIndex >= 0 && want)
      groups[keptIndex] = {
        orig: keep,
        value: want,
        handlers: want.hooks.map((h) => ({ orig: null, staso: true, value: h })),
      };
    // 3. a new group at the end
    if (want && keep < 0) {
      if (!editor.node(["hooks"])) editor.addProperty([], "hooks", { [event]: [want] });
      else if (!had) editor.addProperty(["hooks"], event, [want]);
      else editor.appendElement(["hooks", event], want);
      groups.push({
        orig: null,
        value: want,
        handlers: want.hooks.map((h) => ({ orig: null, staso: true, value: h })),
      });
      hooksTouched = true;
    }
    // 4. an event left with nothing of its own goes (it held only staso groups)
    if (had && groups.length === 0 && (existing[event] ?? []).length > 0) editor.removeProperty(["hooks"], event);

    groups.forEach((g, gi) =>
      g.handlers.forEach((h, hi) => {
        const to = { event, group: gi, handler: hi };
        if (h.staso) stasoAfter.push({ pos: to, group: g.value as HookGroup, handler: h.value });
        else others.push({ from: { event, group: g.orig!, handler: h.orig! }, to });
      }),
    );
  }

  // uninstall: a "hooks" object that held only staso's entries goes too
  if (!o.desired && hooksTouched) {
    const hooksNode = editor.node(["hooks"]);
    if (hooksNode && hooksNode.type === "object" && (hooksNode.children ?? []).length === 0)
      editor.removeProperty([], "hooks");
  }

  const changed = o.text === null ? o.desired !== null : editor.text !== o.text;
  const after = changed ? editor.text : (o.text ?? "");
  verifyResult(o, doc, after, stasoAfter, others);
  const moves = others.filter((m) => m.from.group !== m.to.group || m.from.handler !== m.to.handler);
  return {
    file: o.file,
    before: o.text,
    after,
    changed,
    moves,
    stasoBefore,
    stasoAfter,
    others,
    empty: !o.desired && editor.isEmptyObject(),
  };
}

/** The edited text must read back as exactly the intended document. */
function verifyResult(
  o: PlanHooksOptions,
  doc: JsonDocument,
  after: string,
  stasoAfter: HooksFilePlan["stasoAfter"],
  others: HooksFilePlan["others"],
): void {
  const check = parseJsonDocument(o.file, after, { allowComments: true });
  const root = (check.value ?? {}) as Record<string, unknown>;
  const beforeRoot = (doc.value ?? {}) as Record<string, unknown>;
  const rest = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).filter(([k]) => k !== "hooks"));
  let ok = jsonEqual(rest(root), rest(beforeRoot));
  const hooks = (isObject(root.hooks) ? root.hooks : {}) as Record<string, unknown[]>;
  const at = (p: HookPos): unknown => {
    const g = hooks[p.event]?.[p.group];
    return isObject(g) && Array.isArray(g.hooks) ? g.hooks[p.handler] : undefined;
  };
  const oldHooks = (isObject(beforeRoot.hooks) ? beforeRoot.hooks : {}) as Record<string, unknown[]>;
  for (const m of others) {
    const g = oldHooks[m.from.event]?.[m.from.group] as Record<string, unknown> | undefined;
    if (!jsonEqual(at(m.to), (g?.hooks as unknown[] | undefined)?.[m.from.handler])) ok = false;
  }
  for (const s of stasoAfter) if (!jsonEqual(at(s.pos), s.handler)) ok = false;
  let count = 0;
  for (const groups of Object.values(hooks))
    for (const g of groups ?? []) if (isObject(g) && Array.isArray(g.hooks)) count += g.hooks.length;
  if (count !== others.length + stasoAfter.length) ok = false;
  if (!ok)
    throw new SetupError(
      `${o.file}: staso could not merge its hooks into this file safely, so it changed nothing. Please report this with a copy of the file.`,
    );
}
