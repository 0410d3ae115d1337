// The policy in force for one call: what the loader (load.ts) assembles and caches (cache.ts), and what
// the rules, the escalation step and the commands read. Its own module so both can name it.
import type { FailMode } from "../engine/fail-mode.js";
import type { AuditSettings } from "../audit/settings.js";
import type { Environment, Level, PolicyConfig } from "./schema.js";
import type { EscalationSettings, PolicyLayer } from "./merge.js";
import type { Prefilter } from "./custom/prefilter.js";
import type { GrayZoneConfig } from "../judges/config.js";
import type { ProjectTrust } from "./trust.js";

export interface Policy {
  failMode: FailMode;
  timeoutSeconds: number;
  /** The level in force (the stricter of the user's side and the project's). */
  level: Level;
  /** The user's side level (config, STASO_LEVEL, --level): the preset applied to the user's rule defaults. */
  userLevel: Level;
  environment: Environment;
  escalation: EscalationSettings;
  /** The gray-zone judge's model: where static rules cannot decide, it decides instead of the fail mode. */
  grayZone?: GrayZoneConfig;
  /** The user config's per-rule settings (the project's are in layers). */
  rules: NonNullable<PolicyConfig["rules"]>;
  /** Recording, rotation, retention and export of the audit trail (audit/settings.ts). */
  audit: AuditSettings;
  /** The files the policy came from, for `staso doctor` and `staso rules`. */
  sources: string[];
  /** Every config file, user first, validated: custom rules, allow-lists, plugins, tests, rule settings. */
  layers: PolicyLayer[];
  /** What a project tried and could not do, and files that were found but ignored. */
  notes: string[];
  /** The project's code that was not run because the project is not trusted (also in notes): one line each, for stderr. */
  untrusted?: string[];
  /** trusted: the project may loosen the user's policy and run its code (policy/trust.ts says how). */
  project?: { file: string; trusted: boolean; trust?: ProjectTrust["by"] };
  /** Per regex of the configs ("<flags>/<source>"), a text every match contains: lets most calls skip the regex. */
  regexHints?: Record<string, string>;
  /** Per layer, per custom rule: its cheap necessary conditions (rules/custom/prefilter.ts). */
  prefilters?: Prefilter[][];
}
