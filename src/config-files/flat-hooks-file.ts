// The `{"version": 1, "hooks": {"<event>": [handler…]}}` document (GitHub Copilot CLI's hooks files,
// Cursor's hooks.json): handlers sit directly in each event's list, without matcher groups. staso's
// entries are merged in or taken out; everything else stays, byte for byte.
//
// - staso owns one handler per event it guards: an older one is replaced where it stands, a new one is
//   appended after every other handler; stray staso handlers (duplicates) are taken out.
// - Uninstall takes every staso handler out, an event left with nothing of its own goes, and so does a
//   "hooks" object left empty; a document left as nothing but {"version": 1} is empty (the file can go).
import { SetupError } from "./errors.js";
import { JsonEditor, jsonEqual, parseJsonDocument } from "./json-edit.js";

type Handler = Record<string, unknown>;

export interface FlatHooksPlan {
  before: string | null;
  after: string;
  changed: boolean;
  /** After the change the document holds nothing (or only its version): the file can go. */
  empty: boolean;
}

export interface PlanFlatHooksOptions {
  file: string;
  text: string | null;
  /** Event → the one handler staso wants there (setup), or null to take staso out (uninstall). */
  desired: Record<string, Handler> | null;
  isStaso: (handler: Handler) => boolean;
  allowComments: boolean;
  /** The document's top-level keys besides "hooks" that a new file gets (Copilot and Cursor: version 1). */
  header: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

const malformed = (file: string, what: string) =>
  new SetupError(`${file}: ${what}, so staso changed nothing. Fix or move the file, then run the command again.`);

export function planFlatHooksFile(o: PlanFlatHooksOptions): FlatHooksPlan {
  const doc = parseJsonDocument(o.file, o.text ?? "", { allowComments: o.allowComments });
  const root = doc.value ?? {};
  if (!isObject(root)) throw malformed(o.file, "the top level must be a JSON object");
  if (root.hooks !== undefined && !isObject(root.hooks))
    throw malformed(o.file, '"hooks" must be an object of event names');
  const hooks = (root.hooks ?? {}) as Record<string, unknown>;
  for (const [event, list] of Object.entries(hooks))
    if (!Array.isArray(list)) throw malformed(o.file, `"hooks"."${event}" must be an array of hooks`);
  const editor = new JsonEditor(doc);
  const isStaso = (h: unknown) => isObject(h) && o.isStaso(h);
  let touched = false;

  if (o.text === null || o.text.trim() === "")
    for (const [k, v] of Object.entries(o.header)) if (!(k in root)) editor.addProperty([], k, v);

  const events = [...new Set([...Object.keys(hooks), ...Object.keys(o.desired ?? {})])];
  for (const event of events) {
    const list = (hooks[event] as unknown[] | undefined) ?? [];
    const want = o.desired?.[event];
    const keep = want ? list.findIndex(isStaso) : -1;
    if (keep >= 0 && want && !jsonEqual(list[keep], want)) {
      editor.replaceValue(["hooks", event, keep], want);
      touched = true;
    }
    let left = list.length;
    for (let i = list.length - 1; i >= 0; i--) {
      if (i === keep || !isStaso(list[i])) continue;
      editor.removeElement(["hooks", event], i);
      left--;
      touched = true;
    }
    if (want && keep < 0) {
      if (!editor.node(["hooks"])) editor.addProperty([], "hooks", { [event]: [want] });
      else if (hooks[event] === undefined) editor.addProperty(["hooks"], event, [want]);
      else editor.appendElement(["hooks", event], want);
      touched = true;
      left++;
    }
    if (hooks[event] !== undefined && left === 0 && list.length > 0) editor.removeProperty(["hooks"], event);
  }
  if (!o.desired && touched) {
    const node = editor.node(["hooks"]);
    if (node && node.type === "object" && (node.children ?? []).length === 0) editor.removeProperty([], "hooks");
  }

  const changed = o.text === null ? o.desired !== null : editor.text !== o.text;
  const after = changed ? editor.text : (o.text ?? "");
  const value = parseJsonDocument(o.file, after, { allowComments: true }).value as Record<string, unknown>;
  verify(o, root, value);
  const rest = Object.keys(value ?? {}).filter((k) => !(k in o.header && jsonEqual(value[k], o.header[k])));
  return { before: o.text, after, changed, empty: !o.desired && rest.length === 0 && !/\/[/*]/.test(after) };
}

/** The edited document must be the original with exactly staso's handlers changed. */
function verify(o: PlanFlatHooksOptions, before: Record<string, unknown>, after: Record<string, unknown>): void {
  const others = (doc: Record<string, unknown>) => {
    const hooks = isObject(doc.hooks) ? doc.hooks : {};
    const out: Record<string, unknown[]> = {};
    for (const [event, list] of Object.entries(hooks)) {
      const kept = (list as unknown[]).filter((h) => !(isObject(h) && o.isStaso(h)));
      if (kept.length > 0) out[event] = kept;
    }
    return out;
  };
  const restOf = (doc: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(doc).filter(([k]) => k !== "hooks" && !(k in o.header)));
  let ok = jsonEqual(others(before), others(after)) && jsonEqual(restOf(before), restOf(after));
  const hooks = isObject(after.hooks) ? after.hooks : {};
  for (const [event, want] of Object.entries(o.desired ?? {})) {
    const mine = ((hooks[event] as unknown[] | undefined) ?? []).filter((h) => isObject(h) && o.isStaso(h));
    if (mine.length !== 1 || !jsonEqual(mine[0], want)) ok = false;
  }
  if (!o.desired)
    for (const list of Object.values(hooks))
      if ((list as unknown[]).some((h) => isObject(h) && o.isStaso(h))) ok = false;
  if (!ok)
    throw new SetupError(
      `${o.file}: staso could not merge its hooks into this file safely, so it changed nothing. Please report this with a copy of the file.`,
    );
}
