// The rules in force under a policy: built-in, custom (declarative, from the user's or the project's
// config) and plugin rules, each with the mode, action and parameters the policy gives it, wrapped by
// the allow-lists that apply to it. Custom and plugin rules run first, so the built-in guards always
// see the input as any rewrite left it. Per rule, the user's side is: the explicit setting in the user's
// config, else the level preset (STASO_LEVEL / --level / the config's level) applied to the rule's
// defaults. An untrusted project may only raise a mode, set the action to block, or add its own rules,
// allow-lists and parameters for rules it defines itself (policy/merge.ts has the file-level settings).
// Unknown rule ids in a built-in pack are an error, so a typo never silently disables nothing.
import { checkParams } from "../engine/params.js";
import { closest } from "../util/did-you-mean.js";
import { resolveParams, type ActiveRule, type RuleAction, type RuleMeta, type AnyRule } from "../engine/rule.js";
import type { RuleMode } from "../engine/types.js";
import {
  allowEntryOfRule,
  compileAllowEntry,
  compileCustomRule,
  withAllowList,
  type AllowEntry,
  type MatchContext,
} from "./custom/compile.js";
import { prefilterPasses } from "./custom/prefilter.js";
import type { ToolCall } from "../engine/types.js";
import { identityOf } from "./discover.js";
import { readPluginMetas, writePluginMetas } from "./cache.js";
import { loadPlugins, type PluginSpec } from "../plugins/host.js";
import { PluginResolveError, resolvePlugin } from "../plugins/resolve.js";
import { projectDir, type Policy } from "./load.js";
import { untrustedNote } from "./trust.js";
import type { Origin, PolicyLayer } from "./merge.js";
import type { JudgeContext } from "../judges/context.js";
import { compileJudgeRule } from "./custom/judge.js";
import { PolicyError, type CustomRuleConfig, type Environment, type Level, type RuleSetting } from "./schema.js";

export type RuleSource = "built-in" | "team" | "user" | "project" | "plugin";

export interface SourcedRule {
  rule: AnyRule;
  source: RuleSource;
  /** Which config brought it (custom and plugin rules). */
  origin?: Origin;
  file?: string;
  /** The plugin specifier, for plugin rules. */
  plugin?: string;
}

export interface SourcedAllow {
  entry: AllowEntry;
  origin: Origin;
  /** The custom rule id, when the entry is a custom rule with action "allow". */
  id?: string;
}

export interface RuleSet {
  rules: SourcedRule[];
  /** Every rule id the configs and plugins define, including rules skipped for the call at hand. */
  declared?: Set<string>;
  allow: SourcedAllow[];
  /**
   * What the judges of this policy share for one call (budgets, the verdicts they gave): there when the
   * policy has judges or a gray-zone judge.
   */
  judges?: JudgeContext;
  /** Stops the plugin worker, if one was started. */
  close(): Promise<void>;
  /** A trusted project's plugins not run because their code is not what the user trusted: one line each. */
  ignored?: string[];
}

// Tolerates a Policy built by hand without the newer fields (layers, levels, environment).
const layerOf = (policy: Policy, origin: Origin): PolicyLayer | undefined =>
  (policy.layers ?? []).find((l) => l.origin === origin);

export interface LoadRuleSetOptions {
  /** performance.now() by which plugins must have loaded. */
  deadlineAt?: number;
  /** The hook's call: rules (and plugins) that cannot look at it are not built (or started). */
  call?: ToolCall;
  /** Where plugin metadata (and judges' verdicts) are cached (the data dir); without it every plugin is loaded. */
  dataDir?: string;
  /** performance.now() when the call arrived: judges' budgets count from here (default: now). */
  startedAt?: number;
  /**
   * For judges: the environment their API keys are read from, the host's transcript reader, a sink for
   * warnings; cache false: always ask the model (the commands), never the verdict cache under dataDir.
   */
  judges?: Partial<Pick<JudgeContext, "env" | "userMessages" | "warn">> & { cache?: boolean };
}

/** Built-in rules plus everything the policy's files define: custom rules, allow-lists and plugins. */
export async function loadRuleSet(
  policy: Policy,
  builtins: AnyRule[],
  opts: LoadRuleSetOptions = {},
): Promise<RuleSet> {
  if (!policy.layers?.length)
    return {
      rules: builtins.map((rule) => ({ rule, source: "built-in" as const })),
      allow: [],
      close: async () => {},
    };
  const ctx: MatchContext = {
    environment: policy.environment ?? "dev",
    ...(policy.regexHints ? { hints: policy.regexHints } : {}),
  };
  const custom: SourcedRule[] = [];
  const allow: SourcedAllow[] = [];
  // Which config or plugin defined each id: -1 built-in, layer * 1e6 + index for a custom rule, a plugin
  // specifier for a plugin's, [layer, index] for a judge (numbers keep the hook's loop cheap; messages are
  // built only on a clash).
  const owner = new Map<string, number | string | [number, number]>();
  for (const r of builtins) owner.set(r.meta.id, -1);
  const describe = (o: number | string | [number, number]) =>
    typeof o === "string"
      ? `a rule of plugin ${JSON.stringify(o)}`
      : Array.isArray(o)
        ? `judges[${o[1]}] of ${policy.layers[o[0]]!.file}`
        : o < 0
          ? "a built-in rule"
          : `customRules[${o % 1e6}] of ${policy.layers[Math.floor(o / 1e6)]!.file}`;
  const claim = (id: string, by: number | string | [number, number], where: () => string) => {
    const prior = owner.get(id);
    if (prior !== undefined) throw new PolicyError(`${where()} "${id}" is already the id of ${describe(prior)}.`);
    owner.set(id, by);
  };
  const plugins: (PluginSpec & { origin: Origin; configFile: string })[] = [];
  const layers = policy.layers ?? [];
  let judges: JudgeContext | undefined = policy.grayZone ? judgeContext(policy, opts) : undefined;
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l]!;
    const { file, config } = layer;
    const customRules = config.customRules ?? [];
    const prefilters = policy.prefilters?.[l];
    for (let i = 0; i < customRules.length; i++) {
      const def = customRules[i]!;
      claim(def.id, l * 1e6 + i, () => `${file}: customRules[${i}].id`);
      if (def.action === "allow") {
        if (def.mode !== "off")
          allow.push({
            entry: allowEntryOfRule(def, `${file}: customRules[${i}]`, ctx),
            origin: layer.origin,
            id: def.id,
          });
        continue;
      }
      // The hook passes its call: rules that cannot fire on it are not even built.
      const pf = prefilters?.[i];
      if (opts.call && pf && !prefilterPasses(pf, opts.call)) continue;
      custom.push({
        rule: compileCustomRule(def as CustomRuleConfig & { action: RuleAction }, ctx),
        source: layer.origin,
        origin: layer.origin,
        file,
      });
    }
    (config.judges ?? []).forEach((def, i) => {
      claim(def.id, [l, i], () => `${file}: judges[${i}].id`);
      // A judge sends the call to a server of the config's choosing: not one of a project the user does not
      // trust (policy/merge.ts notes it).
      if (layer.origin === "project" && !layer.trusted) return;
      judges ??= judgeContext(policy, opts);
      custom.push({ rule: compileJudgeRule(def, ctx, judges), source: layer.origin, origin: layer.origin, file });
    });
    (config.allow ?? []).forEach((entry, i) =>
      allow.push({ entry: compileAllowEntry(entry, `${file}: allow[${i}]`, ctx), origin: layer.origin }),
    );
    // A project's plugins are here only when the project is trusted (policy/load.ts); with a `staso trust`
    // record, each module they load is checked against it.
    const trust = layer.trust?.by === "staso trust" ? { table: layer.trust.files } : undefined;
    (config.plugins ?? []).forEach((spec, i) => {
      const where = `${file}: plugins[${i}]`;
      try {
        plugins.push({
          spec,
          file: resolvePlugin(spec, layer.dir),
          where,
          origin: layer.origin,
          configFile: file,
          ...(trust ? { trust } : {}),
        });
      } catch (err) {
        if (err instanceof PluginResolveError)
          throw new PolicyError(`${where} (${JSON.stringify(spec)}) ${err.message}.`);
        throw err;
      }
    });
  }
  let close = async () => {};
  const fromPlugins: SourcedRule[] = [];
  const ignored: string[] = [];
  // For the hook's call: a plugin whose cached rule metadata shows no rule looking at this kind of call
  // is not loaded at all (no worker). Its metadata is cached by the plugin file's identity.
  const dataDir = opts.dataDir;
  const needed = plugins.filter((p) => {
    if (!opts.call || !dataDir) return true;
    const identity = identityOf(p.file);
    const metas = identity && readPluginMetas(dataDir, identity);
    if (!metas) return true;
    const call = opts.call;
    const looks = metas.some(
      (m) => (m.events ?? ["pre"]).includes(call.event) && (!m.kinds || m.kinds.includes(call.kind)),
    );
    // Skipped, its rules are still known: settings naming them stay valid.
    if (!looks) for (const m of metas) owner.set(m.id, p.spec);
    return looks;
  });
  if (needed.length > 0) {
    const loaded = await loadPlugins(needed, {
      deadlineAt: opts.deadlineAt ?? performance.now() + policy.timeoutSeconds * 1000,
    });
    if (dataDir) {
      // Not for a plugin that was refused: its metadata is unknown, and the next call must say so again.
      for (const p of needed.filter((n) => !loaded.ignored.some((i) => i.plugin === n))) {
        const identity = identityOf(p.file);
        const metas = loaded.rules
          .filter((r) => r.plugin === p)
          .map((r) => ({
            id: r.rule.meta.id,
            ...(r.rule.meta.events ? { events: r.rule.meta.events } : {}),
            ...(r.rule.meta.kinds ? { kinds: r.rule.meta.kinds } : {}),
          }));
        if (identity) writePluginMetas(dataDir, identity, metas);
      }
    }
    close = loaded.close;
    for (const { plugin, message } of loaded.ignored) {
      const configFile = (plugin as (typeof plugins)[number]).configFile;
      ignored.push(untrustedNote(`${plugin.where} (${JSON.stringify(plugin.spec)})`, message, projectDir(configFile)));
    }
    try {
      for (const { rule, plugin } of loaded.rules) {
        const p = plugin as PluginSpec & { origin: Origin };
        claim(rule.meta.id, p.spec, () => `${p.where} (${JSON.stringify(p.spec)}) defines a rule whose id`);
        fromPlugins.push({
          rule,
          source: "plugin",
          origin: p.origin,
          file: p.where.replace(/: plugins\[\d+\]$/, ""),
          plugin: p.spec,
        });
      }
    } catch (err) {
      await close();
      throw err;
    }
  }
  const bySource = (o: Origin) => [
    ...custom.filter((r) => r.origin === o),
    ...fromPlugins.filter((r) => r.origin === o),
  ];
  return {
    rules: [
      ...bySource("team"),
      ...bySource("user"),
      ...bySource("project"),
      ...builtins.map((rule) => ({ rule, source: "built-in" as const })),
    ],
    declared: new Set(owner.keys()),
    allow,
    ...(judges ? { judges } : {}),
    close: () => close(),
    ...(ignored.length ? { ignored } : {}),
  };
}

function judgeContext(policy: Policy, opts: LoadRuleSetOptions): JudgeContext {
  const startedAt = opts.startedAt ?? performance.now();
  return {
    startedAt,
    deadlineAt: opts.deadlineAt ?? startedAt + policy.timeoutSeconds * 1000,
    failMode: policy.failMode,
    env: opts.judges?.env ?? process.env,
    ...(opts.dataDir && opts.judges?.cache !== false ? { dataDir: opts.dataDir } : {}),
    ...(opts.judges?.userMessages ? { userMessages: opts.judges.userMessages } : {}),
    ...(opts.judges?.warn ? { warn: opts.judges.warn } : {}),
    records: [],
  };
}

// ---------------------------------------------------------------------------------------------- per rule

/**
 * A rule's setting on the user's side: the user's own, on top of the team's policy. When the team does
 * not let users loosen it, the user may raise the mode and make the rule block, nothing else.
 */
function userSide(
  team: PolicyLayer | undefined,
  u: RuleSetting,
  userFile: string | undefined,
  id: string,
  meta: RuleMeta,
  policy: Policy,
  notes: string[],
): RuleSetting {
  if (!team) return u;
  const t = normalize(team.config.rules?.[id]);
  if (team.userMayLoosen)
    return {
      ...t,
      ...u,
      ...(t.params || u.params ? { params: { ...(t.params ?? {}), ...(u.params ?? {}) } } : {}),
    };
  const out: RuleSetting = { ...t };
  const floor = t.mode ?? presetFor(policy.userLevel ?? "standard", meta).mode;
  const file = userFile ?? "the user config";
  if (u.mode !== undefined) {
    if (MODE_RANK[u.mode] >= MODE_RANK[floor]) out.mode = u.mode;
    else
      notes.push(
        `${file}: rules["${id}"].mode "${u.mode}" ignored: the team's policy cannot be loosened ("${floor}").`,
      );
  }
  if (u.action === "block") out.action = "block";
  else if (u.action !== undefined && u.action !== t.action)
    notes.push(
      `${file}: rules["${id}"].action "${u.action}" ignored: on the team's policy a user can only make a rule block.`,
    );
  for (const k of ["params", "environments"] as const)
    if (u[k] !== undefined) notes.push(`${file}: rules["${id}"].${k} ignored: the team's policy sets them.`);
  return out;
}

const MODE_RANK: Record<RuleMode, number> = { off: 0, audit: 1, enforce: 2 };

const normalize = (raw: RuleSetting | RuleMode | undefined): RuleSetting =>
  typeof raw === "string" ? { mode: raw } : (raw ?? {});

/** What a level makes of a rule's defaults: strict enforces audit rules; paranoid enforces everything and blocks. */
export function presetFor(level: Level, meta: RuleMeta): { mode: RuleMode; action?: RuleAction } {
  const mode = meta.defaultMode ?? "enforce";
  if (level === "standard") return { mode };
  if (level === "strict") return { mode: mode === "audit" ? "enforce" : mode };
  return { mode: "enforce", action: "block" };
}

export interface ResolvedRule {
  sourced: SourcedRule;
  mode: RuleMode;
  action?: RuleAction;
  params: Record<string, unknown>;
  environments?: Environment[];
  /** Set when the rule is not in force: why (mode off, or another environment). */
  inactive?: string;
  /** Allow-list entries that apply to it (expired ones included, for display). */
  allow: SourcedAllow[];
  notes: string[];
}

/**
 * Everything the configs asked for that is not applied (a project loosening, a shadowed file, a
 * parameter a project may not set), one sentence each naming the file: `staso rules`, `check` and `test`
 * all say it, so no setting is ignored silently.
 */
export function notApplied(policy: Policy, set: RuleSet): string[] {
  const { rules, notes } = resolveRules(policy, set);
  return [...new Set([...policy.notes, ...notes, ...rules.flatMap((r) => r.notes)])];
}

export function resolveRules(
  policy: Policy,
  set: RuleSet,
  opts: { notes?: boolean } = {},
): { rules: ResolvedRule[]; notes: string[] } {
  const wantNotes = opts.notes !== false;
  const team = layerOf(policy, "team");
  const user = layerOf(policy, "user");
  const project = layerOf(policy, "project");
  const notes: string[] = [];

  // Ids named in settings that no rule has.
  const known = set.declared ?? new Set(set.rules.map((r) => r.rule.meta.id));
  const builtinPacks = new Set(
    set.rules.filter((r) => r.source === "built-in").map((r) => r.rule.meta.id.split("/")[0]),
  );
  for (const layer of [team, user, project]) {
    for (const id of Object.keys(layer?.config.rules ?? {})) {
      if (known.has(id)) continue;
      if (builtinPacks.has(id.split("/")[0])) {
        const hint = closest(id, [...known]);
        throw new PolicyError(
          `${layer!.file}: rules["${id}"] names no known rule (${hint ? `did you mean "${hint}"? ` : ""}run \`staso rules\` for the list).`,
        );
      }
      notes.push(`${layer!.file}: rules["${id}"] names no rule in force here; ignored.`);
    }
  }

  // Parameters against each rule's schema: a wrong shape is an error naming the file and the path, never
  // a value a rule misreads at run time.
  const metaById = new Map(set.rules.map((r) => [r.rule.meta.id, r.rule.meta]));
  for (const layer of [team, user, project]) {
    for (const [id, setting] of Object.entries(layer?.config.rules ?? {})) {
      if (typeof setting !== "object" || setting.params === undefined) continue;
      const meta = metaById.get(id);
      if (!meta) continue;
      const problem = checkParams(meta.params, setting.params);
      if (problem) throw new PolicyError(`${layer!.file}: rules["${id}"].params${problem.path} ${problem.message}.`);
    }
  }

  // Allow entries indexed by the exact rule ids they name; the others are tested against every rule.
  const byId = new Map<string, SourcedAllow[]>();
  const general: SourcedAllow[] = [];
  for (const a of set.allow) {
    if (a.entry.ids) for (const id of a.entry.ids) byId.set(id, [...(byId.get(id) ?? []), a]);
    else general.push(a);
  }
  const environment = policy.environment ?? "dev";

  const rules = set.rules.map((sourced): ResolvedRule => {
    const meta = sourced.rule.meta;
    const id = meta.id;
    const ruleNotes: string[] = [];
    const u = userSide(team, normalize(user?.config.rules?.[id]), user?.file, id, meta, policy, ruleNotes);
    const p = normalize(project?.config.rules?.[id]);
    let mode: RuleMode;
    let action: RuleAction | undefined;
    let params: Record<string, unknown> | undefined;
    let environments: Environment[] | undefined;
    const ownedByProject = sourced.origin === "project";
    if (project && (project.trusted || ownedByProject)) {
      // The project's own rule (or a trusted project): its settings apply, the user's explicit ones win.
      const first = project.trusted ? [p, u] : [u, p];
      const base = presetFor(policy.level ?? "standard", meta);
      mode = first[0]!.mode ?? first[1]!.mode ?? base.mode;
      action = first[0]!.action ?? first[1]!.action ?? base.action;
      params = { ...(first[1]!.params ?? {}), ...(first[0]!.params ?? {}) };
      environments = first[0]!.environments ?? first[1]!.environments;
    } else {
      const base = presetFor(policy.userLevel ?? "standard", meta);
      mode = u.mode ?? base.mode;
      action = u.action ?? base.action;
      params = u.params;
      environments = u.environments;
      if (project) {
        const pBase = project.config.level ? presetFor(project.config.level, meta) : undefined;
        const pMode = p.mode ?? pBase?.mode;
        if (pMode !== undefined) {
          if (MODE_RANK[pMode] > MODE_RANK[mode]) mode = pMode;
          else if (MODE_RANK[pMode] < MODE_RANK[mode] && p.mode !== undefined)
            ruleNotes.push(
              `${project.file}: rules["${id}"].mode "${pMode}" ignored: a project cannot loosen "${mode}".`,
            );
        }
        const pAction = p.action ?? pBase?.action;
        if (pAction === "block") action = "block";
        else if (p.action !== undefined)
          ruleNotes.push(
            `${project.file}: rules["${id}"].action "${p.action}" ignored: a project can only make a rule it does not define block.`,
          );
        if (p.params !== undefined)
          ruleNotes.push(
            `${project.file}: rules["${id}"].params ignored: a project can only set the parameters of rules it defines.`,
          );
        if (p.environments !== undefined)
          ruleNotes.push(
            `${project.file}: rules["${id}"].environments ignored: a project can only limit rules it defines.`,
          );
      }
    }
    const candidates = general.length
      ? [...(byId.get(id) ?? []), ...general.filter((a) => a.entry.appliesTo(id))]
      : (byId.get(id) ?? []);
    // The user's allow-list reaches the team's and the built-in rules only when the team lets users loosen.
    const userAllows = !team || team.userMayLoosen === true || sourced.origin === "user";
    const allow = candidates.filter(
      (a) => a.origin === "team" || (a.origin === "user" && userAllows) || project?.trusted || ownedByProject,
    );
    const inactive =
      mode === "off"
        ? "mode off"
        : environments && !environments.includes(environment)
          ? `only in ${environments.join(", ")} (the environment is ${environment})`
          : undefined;
    return {
      sourced,
      mode,
      ...(action ? { action } : {}),
      params: resolveParams(meta, params),
      ...(environments ? { environments } : {}),
      ...(inactive ? { inactive } : {}),
      allow,
      notes: ruleNotes,
    };
  });

  for (const a of wantNotes ? set.allow : []) {
    if (a.origin !== "project" || project?.trusted) continue;
    const reaches = set.rules.some((r) => r.origin !== "project" && a.entry.appliesTo(r.rule.meta.id));
    if (reaches)
      notes.push(
        `${a.entry.source}: applies only to the project's own rules: a project cannot allow what the user's or the built-in rules stop.`,
      );
  }
  return { rules, notes };
}

/** The rules to evaluate, in order. Accepts a bare list of rules (treated as built-ins) for callers without custom rules. */
export function activeRules(policy: Policy, set: RuleSet | AnyRule[]): ActiveRule[] {
  const ruleSet: RuleSet = Array.isArray(set)
    ? { rules: set.map((rule) => ({ rule, source: "built-in" })), allow: [], close: async () => {} }
    : set;
  // No config file and the standard level (the common case): every rule as it ships.
  if (!policy.layers?.length && (policy.userLevel ?? "standard") === "standard" && ruleSet.allow.length === 0) {
    const out: ActiveRule[] = [];
    for (const { rule } of ruleSet.rules) {
      const mode = rule.meta.defaultMode ?? "enforce";
      if (mode !== "off") out.push({ rule, mode, params: resolveParams(rule.meta, undefined) });
    }
    return out;
  }
  return resolveRules(policy, ruleSet, { notes: false })
    .rules.filter((r) => !r.inactive)
    .map((r) => ({
      rule: withAllowList(
        r.sourced.rule,
        r.allow.map((a) => a.entry),
      ),
      mode: r.mode as Exclude<RuleMode, "off">,
      ...(r.action ? { action: r.action } : {}),
      params: r.params,
    }));
}
