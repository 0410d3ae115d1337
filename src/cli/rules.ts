// `staso rules`: every rule in force for calls made here — built-in, the user's, the project's, plugins'
// — with its mode, action, description, parameters and allow-lists, then what the project config tried and
// could not do. `staso rules <id>` shows one rule whole (rule-detail.ts).
import { resolveRules } from "../policy/active-rules.js";
import type { PolicyFlags } from "../pipeline/simulate.js";
import { isExpired } from "../policy/custom/compile.js";
import { actionsOf, resolveParams } from "../engine/rule.js";
import { closest } from "../util/did-you-mean.js";
import { UsageError } from "./errors.js";
import { loadPolicyForCli } from "./load-policy.js";
import { print, printLines } from "./output.js";
import { jsonForTerminal } from "../util/terminal-text.js";
import { ruleDetail } from "./rule-detail.js";

export interface RulesFlags extends PolicyFlags {
  json?: boolean;
  all?: boolean;
}

/** An expiry as written: a day ("2025-06-30", through its end) or a time to the minute (staso allow --for). */
const when = (iso: string) =>
  iso.endsWith("T23:59:59.999Z") ? iso.slice(0, 10) : `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** One line of a table cell: the text, cut with "…" to `width` characters when a width is given. */
const cut = (text: string, width: number | undefined) =>
  width === undefined || text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;

export async function rulesCommand(flags: RulesFlags, id?: string): Promise<void> {
  const loaded = await loadPolicyForCli(flags);
  const { policy, set } = loaded;
  try {
    const { rules, notes } = resolveRules(policy, set);
    const allNotes = [
      ...new Set([...policy.notes, ...(set.ignored ?? []), ...notes, ...rules.flatMap((r) => r.notes)]),
    ];
    if (id !== undefined) {
      const one = rules.find((r) => r.sourced.rule.meta.id === id);
      if (!one) {
        const near = closest(
          id,
          rules.map((r) => r.sourced.rule.meta.id),
        );
        throw new UsageError(
          `no rule ${JSON.stringify(id)} here${near ? ` (did you mean ${near}?)` : ""}; \`staso rules --all\` lists them.`,
        );
      }
      ruleDetail(policy, one, allNotes, flags);
      return;
    }
    const rows = rules.map((r) => {
      const meta = r.sourced.rule.meta;
      const defaults = resolveParams(meta, undefined);
      const changed = Object.fromEntries(
        Object.entries(r.params).filter(([k, v]) => jsonForTerminal(v) !== jsonForTerminal(defaults[k])),
      );
      return {
        id: meta.id,
        description: meta.description,
        source: r.sourced.source === "plugin" ? `plugin (${r.sourced.origin})` : r.sourced.source,
        ...(r.sourced.file ? { file: r.sourced.file } : {}),
        ...(r.sourced.plugin ? { plugin: r.sourced.plugin } : {}),
        mode: r.inactive ? "off" : r.mode,
        action: r.action ?? meta.defaultAction,
        // Every action its findings may take (force-push blocks, rewrites or escalates), unless the policy
        // pins one.
        actions: r.action ? [r.action] : actionsOf(meta),
        ...(r.inactive && r.mode !== "off" ? { inactive: r.inactive } : {}),
        ...(Object.keys(changed).length ? { params: changed } : {}),
        ...(r.environments ? { environments: r.environments } : {}),
        ...(r.allow.length
          ? { allowedBy: r.allow.map((a) => a.entry.source + (isExpired(a.entry) ? " (expired)" : "")) }
          : {}),
      };
    });
    const allow = set.allow.map((a) => ({
      source: a.entry.source,
      ...(a.id ? { id: a.id } : {}),
      reason: a.entry.reason,
      ...(a.entry.expiresAt !== undefined
        ? { expires: new Date(a.entry.expiresAt).toISOString(), expired: isExpired(a.entry) }
        : {}),
    }));
    const summary = {
      failMode: policy.failMode,
      timeoutSeconds: policy.timeoutSeconds,
      level: policy.level,
      environment: policy.environment,
      escalation: policy.escalation,
      sources: policy.sources,
      ...(policy.project ? { project: policy.project } : {}),
      // The project's code that does not run here, and why (policy/trust.ts).
      untrusted: [...(policy.untrusted ?? []), ...(set.ignored ?? [])],
    };
    if (flags.json) {
      print(`${jsonForTerminal({ ...summary, rules: rows, allow, notes: allNotes }, 2)}\n`);
      return;
    }
    const out: string[] = [];
    const trust = policy.project?.trust;
    out.push(
      `Policy: ${policy.sources.length ? policy.sources.join(" + ") : "built-in defaults"}${trust ? ` (project trusted by ${trust})` : ""}`,
    );
    out.push(
      `level ${policy.level} · environment ${policy.environment} · fail mode ${policy.failMode} · deadline ${policy.timeoutSeconds} s · escalations: ${policy.escalation.timeoutSeconds} s, then ${policy.escalation.onTimeout}`,
    );
    out.push("");
    const shown = flags.all ? rows : rows.filter((r) => r.mode !== "off");
    const w = Math.max(...shown.map((r) => r.id.length), 4);
    const sw = Math.max(...shown.map((r) => r.source.length), 6);
    const actions = (r: (typeof rows)[number]) => r.actions.join(" / ");
    const aw = Math.max(...shown.map((r) => actions(r).length), 6);
    // On a terminal the description is cut to the width; piped, it is whole (for grep).
    const lead = w + sw + aw + 15;
    const dw = process.stdout.isTTY && process.stdout.columns ? Math.max(20, process.stdout.columns - lead) : undefined;
    out.push(`${"RULE".padEnd(w)}  ${"SOURCE".padEnd(sw)}  MODE     ${"ACTION".padEnd(aw)}  DESCRIPTION`);
    for (const r of shown) {
      const extra = [
        r.inactive ? `off: ${r.inactive}` : "",
        r.params ? `params ${jsonForTerminal(r.params)}` : "",
        r.environments ? `only in ${r.environments.join(", ")}` : "",
        r.allowedBy ? `allow-listed by ${r.allowedBy.length}` : "",
      ].filter(Boolean);
      out.push(
        `${r.id.padEnd(w)}  ${r.source.padEnd(sw)}  ${r.mode.padEnd(7)}  ${actions(r).padEnd(aw)}  ${cut(r.description ?? "", dw)}`.trimEnd(),
      );
      if (extra.length) out.push(`${"".padEnd(w)}  ↳ ${extra.join("; ")}`);
    }
    if (shown.length) out.push("", "`staso rules <id>` shows one rule: its parameters, examples and settings.");
    const off = rows.length - rows.filter((r) => r.mode !== "off").length;
    if (!flags.all && off > 0) out.push(`(${off} rule${off === 1 ? "" : "s"} off; --all lists them)`);
    if (allow.length) {
      out.push("", "Allow-lists:");
      for (const a of allow)
        out.push(
          `  ${a.source}${a.id ? ` (${a.id})` : ""}: ${a.reason}${a.expires ? ` — ${a.expired ? "EXPIRED" : "expires"} ${when(a.expires)}` : ""}`,
        );
    }
    if (summary.untrusted.length) {
      out.push("", "Not run (the project's own code):");
      for (const n of summary.untrusted) out.push(`  ${n}`);
    }
    const rest = allNotes.filter((n) => !summary.untrusted.includes(n));
    if (rest.length) {
      out.push("", "Not applied:");
      for (const n of rest) out.push(`  ${n}`);
    }
    printLines(out);
  } finally {
    await set.close();
  }
}
