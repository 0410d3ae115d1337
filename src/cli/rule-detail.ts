// `staso rules <id>`: one rule whole — what it does, the actions it may take, what it looks at, its
// parameters (type, default, the value in force here), its must-block and must-allow examples, what the
// user's and the project's configs set for it, and what a project tried and could not.
import {
  actionsOf,
  describeExample,
  examplesOf,
  resolveParams,
  type ParamSpec,
  type RuleExample,
} from "../engine/rule.js";
import type { ResolvedRule } from "../policy/active-rules.js";
import { isExpired } from "../policy/custom/compile.js";
import type { Policy } from "../policy/policy.js";
import { jsonForTerminal } from "../util/terminal-text.js";
import { print, printLines } from "./output.js";

/** "array of strings", "integer 1–600", "one of "a", "b"". */
function typeText(spec: ParamSpec): string {
  if (spec.enum) return `one of ${spec.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const range =
    spec.minimum !== undefined || spec.maximum !== undefined ? ` ${spec.minimum ?? "…"}–${spec.maximum ?? "…"}` : "";
  if (spec.type === "array") {
    const it = spec.items;
    if (!it) return "array";
    return it.enum ? `array of ${it.enum.map((v) => JSON.stringify(v)).join(", ")}` : `array of ${it.type}s`;
  }
  return `${spec.type}${range}`;
}

const exampleJson = (e: RuleExample, action?: string) => ({
  call: describeExample(e),
  ...(action ? { action } : {}),
  ...(e.params ? { params: e.params } : {}),
  ...(e.note ? { note: e.note } : {}),
});

export function ruleDetail(policy: Policy, r: ResolvedRule, notes: string[], flags: { json?: boolean }): void {
  const meta = r.sourced.rule.meta;
  const id = meta.id;
  const defaults = resolveParams(meta, undefined);
  const params = Object.entries(meta.params ?? {}).map(([name, spec]) => ({
    name,
    type: typeText(spec),
    description: spec.description,
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    ...(spec.required ? { required: true } : {}),
    value: r.params[name],
    changed: JSON.stringify(r.params[name]) !== JSON.stringify(defaults[name]),
  }));
  const settings = policy.layers
    .filter((l) => l.config.rules?.[id] !== undefined)
    .map((l) => ({ origin: l.origin, file: l.file, setting: l.config.rules?.[id] }));
  const quoted = `rules["${id}"]`;
  const notApplied = [...new Set([...r.notes, ...notes.filter((n) => n.includes(quoted))])];
  const { block, allow } = examplesOf(meta);
  const detail = {
    id,
    description: meta.description,
    source: r.sourced.source === "plugin" ? `plugin (${r.sourced.origin})` : r.sourced.source,
    ...(r.sourced.file ? { file: r.sourced.file } : {}),
    ...(r.sourced.plugin ? { plugin: r.sourced.plugin } : {}),
    mode: r.inactive ? "off" : r.mode,
    ...(r.inactive ? { inactive: r.inactive } : {}),
    defaultMode: meta.defaultMode ?? "enforce",
    defaultAction: meta.defaultAction,
    actions: actionsOf(meta),
    ...(r.action ? { action: r.action } : {}),
    events: meta.events ?? ["pre"],
    ...(meta.kinds ? { kinds: meta.kinds } : {}),
    ...(meta.looksAt ? { looksAt: meta.looksAt } : {}),
    ...(r.environments ? { environments: r.environments } : {}),
    params,
    settings,
    notApplied,
    allowedBy: r.allow.map((a) => ({
      source: a.entry.source,
      reason: a.entry.reason,
      ...(isExpired(a.entry) ? { expired: true } : {}),
    })),
    examples: {
      block: block.map((e) => exampleJson(e, e.action ?? meta.defaultAction)),
      allow: allow.map((e) => exampleJson(e)),
    },
  };
  if (flags.json) {
    print(`${jsonForTerminal(detail, 2)}\n`);
    return;
  }
  const out: string[] = [];
  out.push(`${id}  (${detail.source}${detail.plugin ? ` ${detail.plugin}` : ""})`, meta.description, "");
  const actionText = r.action
    ? `${r.action} (the policy's; the rule's own: ${detail.actions.join(" / ")})`
    : detail.actions.join(" / ");
  out.push(
    `Mode:       ${detail.mode}${r.inactive ? ` (${r.inactive})` : ""}${detail.mode !== detail.defaultMode ? ` (default ${detail.defaultMode})` : ""}`,
  );
  out.push(`Actions:    ${actionText}${detail.actions.length > 1 ? ` (default ${meta.defaultAction})` : ""}`);
  const looks = [
    `${(meta.kinds ?? ["every"]).join(", ")} calls`,
    `on ${detail.events.join(", ")}`,
    meta.looksAt?.tools ? `tools ${meta.looksAt.tools.join(", ")}` : "",
    meta.looksAt?.programs ? `programs ${meta.looksAt.programs.join(", ")}` : "",
    meta.looksAt?.subcommands
      ? Object.entries(meta.looksAt.subcommands)
          .map(([p, subs]) => `${p} ${subs.join("/")}`)
          .join(", ")
      : "",
    meta.looksAt?.keywords ? `texts ${meta.looksAt.keywords.map((k) => JSON.stringify(k)).join(", ")}` : "",
  ].filter(Boolean);
  out.push(`Looks at:   ${looks.join(" · ")}`);
  if (r.environments) out.push(`Only in:    ${r.environments.join(", ")}`);
  out.push("", params.length ? "Parameters:" : "Parameters: none");
  for (const p of params) {
    const value = jsonForTerminal(p.value);
    out.push(
      `  ${p.name}  (${p.type})  ${p.changed ? `${value}  (default ${jsonForTerminal(p.default)})` : `${value}  (default)`}`,
    );
    out.push(`      ${p.description}`);
  }
  if (settings.length) {
    out.push("", "Set by:");
    for (const s of settings) out.push(`  ${s.file} (${s.origin}): ${jsonForTerminal(s.setting)}`);
  }
  if (notApplied.length) {
    out.push("", "Not applied:");
    for (const n of notApplied) out.push(`  ${n}`);
  }
  if (detail.allowedBy.length) {
    out.push("", "Allow-listed by:");
    for (const a of detail.allowedBy) out.push(`  ${a.source}: ${a.reason}${a.expired ? " (EXPIRED)" : ""}`);
  }
  if (block.length || allow.length) {
    const width = Math.max(...[...block, ...allow].map((e) => describeExample(e).split("\n")[0]!.length), 10);
    const line = (e: RuleExample, right: string) =>
      `  ${describeExample(e).split("\n")[0]!.padEnd(Math.min(width, 60))}  ${right}`.trimEnd();
    out.push("", "Must block:");
    for (const e of block)
      out.push(
        line(
          e,
          [
            `→ ${e.action ?? meta.defaultAction}`,
            e.params ? `with ${jsonForTerminal(e.params)}` : "",
            e.note ? `(${e.note})` : "",
          ]
            .filter(Boolean)
            .join(" "),
        ),
      );
    out.push("", "Must allow:");
    for (const e of allow) out.push(line(e, e.note ? `(${e.note})` : ""));
  }
  // A plugin's description and examples are a project's text: printed so they cannot fake a line or
  // drive the terminal.
  printLines(out);
}
