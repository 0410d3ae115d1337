// docs/rules.md, made from the rules' metadata: each rule's description, actions, what it looks at, its
// parameters and its must-block and must-allow examples. test/docs/generated.test.ts keeps the committed
// file current (`npm run docs` rewrites it).
import { actionsOf, describeExample, examplesOf, type AnyRule, type ParamSpec } from "../../src/engine/rule.js";

const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function typeText(spec: ParamSpec): string {
  if (spec.enum) return `one of ${spec.enum.map((v) => code(JSON.stringify(v))).join(", ")}`;
  const range =
    spec.minimum !== undefined || spec.maximum !== undefined ? ` ${spec.minimum ?? "…"}–${spec.maximum ?? "…"}` : "";
  if (spec.type === "array") {
    const it = spec.items;
    if (!it) return "array";
    if (it.enum) return `array of ${it.enum.map((v) => code(JSON.stringify(v))).join(", ")}`;
    return `array of ${it.type}s`;
  }
  return `${spec.type}${range}`;
}

function ruleSection(rule: AnyRule): string[] {
  const m = rule.meta;
  const out = [`### ${m.id}`, "", m.description, ""];
  const acts = actionsOf(m);
  out.push(
    `- **Action:** ${acts.join(" / ")}${acts.length > 1 ? ` (default ${m.defaultAction})` : ""}; mode ${m.defaultMode ?? "enforce"} by default`,
  );
  out.push(
    `- **Looks at:** ${(m.kinds ?? ["every kind of"]).join(", ")} calls, on ${(m.events ?? ["pre"]).join(", ")}`,
  );
  const l = m.looksAt;
  if (l?.programs) out.push(`- **Programs:** ${l.programs.map(code).join(", ")}`);
  if (l?.subcommands)
    out.push(
      `- **Subcommands:** ${Object.entries(l.subcommands)
        .map(([p, subs]) => subs.map((s) => code(`${p} ${s}`)).join(", "))
        .join(", ")}`,
    );
  if (l?.tools) out.push(`- **Tools:** ${l.tools.map(code).join(", ")}`);
  if (l?.keywords) out.push(`- **Texts:** ${l.keywords.map(code).join(", ")}`);
  if (l?.files) out.push(`- **Files:** paths matching ${code(String(l.files))}`);
  const params = Object.entries(m.params ?? {});
  if (params.length) {
    out.push("", "| Parameter | Type | Default | Description |", "| --- | --- | --- | --- |");
    for (const [name, spec] of params)
      out.push(
        `| ${code(name)} | ${typeText(spec)} | ${spec.default === undefined ? (spec.required ? "required" : "") : code(JSON.stringify(spec.default))} | ${cell(spec.description)} |`,
      );
  }
  const { block, allow } = examplesOf(m);
  const line = (e: (typeof block)[number], extra: string[]) => {
    const call = describeExample(e);
    const shown = call.length > 140 ? `${call.slice(0, 139)}…` : call;
    const notes = [...extra, e.params ? `with ${code(JSON.stringify(e.params))}` : "", e.note ?? ""].filter(Boolean);
    return `- ${code(shown)}${e.session?.length ? ` after ${e.session.length} earlier call${e.session.length === 1 ? "" : "s"}` : ""}${e.output !== undefined ? " (its output)" : ""}${notes.length ? ` — ${notes.join("; ")}` : ""}`;
  };
  if (block.length) {
    out.push("", "Stops:", "");
    for (const e of block) out.push(line(e, [e.action ?? m.defaultAction]));
  }
  if (allow.length) {
    out.push("", "Lets through:", "");
    for (const e of allow) out.push(line(e, []));
  }
  out.push("");
  return out;
}

export function rulesReference(rules: readonly AnyRule[]): string {
  const packs = new Map<string, AnyRule[]>();
  for (const r of rules) {
    const pack = r.meta.id.split("/")[0]!;
    packs.set(pack, [...(packs.get(pack) ?? []), r]);
  }
  const out = [
    "# Built-in rules",
    "",
    "Generated from the rules' metadata by `npm run docs`; do not edit by hand. `staso rules <id>` shows one",
    "rule with the values in force where you run it. Set a rule's mode, action and parameters in your policy",
    '(`"rules": { "<id>": { "mode": "audit", "params": { … } } }`); docs/staso.schema.json describes them all.',
    "Every example below is a test: `staso test` and the unit suite run each through the real pipeline in",
    "Claude Code's and Codex's payload shapes.",
    "",
  ];
  for (const [pack, list] of packs)
    out.push(
      `- **${pack}**: ${list.map((r) => `[${r.meta.id}](#${r.meta.id.replace(/[^\w-]/g, "").toLowerCase()})`).join(", ")}`,
    );
  out.push("");
  for (const [pack, list] of packs) {
    out.push(`## ${pack}`, "");
    for (const r of list) out.push(...ruleSection(r));
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}
