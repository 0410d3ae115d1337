// The JSON Schema of a staso policy file, for editors: `"$schema": "./node_modules/staso/docs/staso.schema.json"`
// (the package ships it) gives completion and inline errors. Built from the same lists the validator
// (schema.ts) checks against and from every rule's metadata (its id, description and parameters), so a
// rule's parameters are typed in the editor as the loader checks them. docs/staso.schema.json is this,
// generated; a test keeps it current. The validator stays the authority: a few checks (linear-time
// regexes, globs, field paths) are not expressible here.
import type { ParamItems, ParamSpec, RuleMeta } from "../engine/rule.js";
import { ESCALATION_KEYS, HOST_IDS } from "../hosts/cards.js";
import { JUDGE_PROVIDERS, JUDGE_VERDICTS, MAX_TRANSCRIPT_MESSAGES } from "../judges/config.js";
import {
  ACTIONS,
  CUSTOM_ACTIONS,
  ENVIRONMENTS,
  ESCALATION_MODES,
  EVENTS,
  KINDS,
  LEVELS,
  MODES,
  RULE_ID,
} from "./schema.js";

type Schema = Record<string, unknown>;

const oneOrMany = (item: Schema): Schema => ({ anyOf: [item, { type: "array", items: item, minItems: 1 }] });
const str = (description: string): Schema => ({ type: "string", description });
const DATE = "^\\d{4}-\\d{2}-\\d{2}([T ][\\d:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$";
const FLAG = "^--?[^\\s-][^\\s=]*$";

function itemsSchema(items: ParamItems): Schema {
  return {
    type: items.type,
    ...(items.enum ? { enum: [...items.enum] } : {}),
    ...(items.minimum !== undefined ? { minimum: items.minimum } : {}),
    ...(items.maximum !== undefined ? { maximum: items.maximum } : {}),
    ...(items.pattern !== undefined ? { pattern: items.pattern } : {}),
    ...(items.description ? { description: items.description } : {}),
  };
}

/** One rule parameter's schema, as its metadata declares it. */
function paramSchema(spec: ParamSpec): Schema {
  return {
    type: spec.type,
    description: spec.description,
    ...(spec.enum ? { enum: [...spec.enum] } : {}),
    ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}),
    ...(spec.maximum !== undefined ? { maximum: spec.maximum } : {}),
    ...(spec.items ? { items: itemsSchema(spec.items) } : {}),
    ...(spec.minItems !== undefined ? { minItems: spec.minItems } : {}),
    ...(spec.default !== undefined ? { default: spec.default } : {}),
  };
}

/** A rule's setting: a mode, or {mode, action, params, environments} with the rule's own parameters. */
function ruleSetting(meta?: RuleMeta): Schema {
  const params = Object.entries(meta?.params ?? {});
  const required = params.filter(([, s]) => s.required).map(([n]) => n);
  return {
    ...(meta ? { description: meta.description } : {}),
    anyOf: [
      { type: "string", enum: MODES },
      {
        type: "object",
        additionalProperties: false,
        properties: {
          mode: { type: "string", enum: MODES },
          action: { type: "string", enum: ACTIONS },
          params: meta
            ? {
                type: "object",
                additionalProperties: false,
                properties: Object.fromEntries(params.map(([n, s]) => [n, paramSchema(s)])),
                ...(required.length ? { required } : {}),
              }
            : { type: "object" },
          environments: { type: "array", items: { type: "string", enum: ENVIRONMENTS }, minItems: 1 },
        },
      },
    ],
  };
}

const valueCondition: Schema = {
  description: "A value to equal, or an object of tests that must all hold.",
  anyOf: [
    { type: ["string", "number", "boolean", "null"] },
    {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      properties: {
        equals: {},
        notEquals: {},
        in: { type: "array" },
        glob: oneOrMany({ type: "string", minLength: 1 }),
        regex: { type: "string" },
        flags: { type: "string" },
        contains: { type: ["string", "number", "boolean"] },
        startsWith: { type: "string" },
        endsWith: { type: "string" },
        exists: { type: "boolean" },
        gt: { type: "number" },
        gte: { type: "number" },
        lt: { type: "number" },
        lte: { type: "number" },
        not: { $ref: "#/$defs/valueCondition" },
      },
    },
  ],
};

const nameMatch: Schema = {
  description: "A name or glob, several of them, or {glob, regex}.",
  anyOf: [
    { type: "string", minLength: 1 },
    { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
    {
      type: "object",
      additionalProperties: false,
      properties: {
        glob: oneOrMany({ type: "string", minLength: 1 }),
        regex: { type: "string" },
        flags: { type: "string" },
      },
    },
  ],
};

const when: Schema = {
  type: "object",
  description: "The conditions a call must meet; every key given must hold.",
  additionalProperties: false,
  properties: {
    tool: { $ref: "#/$defs/nameMatch" },
    kind: oneOrMany({ type: "string", enum: KINDS }),
    event: oneOrMany({ type: "string", enum: EVENTS }),
    host: oneOrMany({ type: "string" }),
    environment: oneOrMany({ type: "string", enum: ENVIRONMENTS }),
    input: {
      type: "object",
      description: 'Fields of the tool input by path ("command", "edits[*].new_string").',
      additionalProperties: { $ref: "#/$defs/valueCondition" },
    },
    shell: {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      properties: {
        program: { $ref: "#/$defs/nameMatch" },
        subcommand: { $ref: "#/$defs/nameMatch" },
        flags: { type: "array", items: { type: "string", pattern: FLAG }, minItems: 1 },
        withoutFlags: { type: "array", items: { type: "string", pattern: FLAG }, minItems: 1 },
        args: { $ref: "#/$defs/valueCondition" },
        words: {
          $ref: "#/$defs/valueCondition",
          description: 'The arguments without options, joined by spaces ("repo delete owner/x").',
        },
      },
    },
    path: { $ref: "#/$defs/valueCondition" },
    url: { $ref: "#/$defs/valueCondition" },
    all: { type: "array", items: { $ref: "#/$defs/when" }, minItems: 1 },
    any: { type: "array", items: { $ref: "#/$defs/when" }, minItems: 1 },
    not: { $ref: "#/$defs/when" },
  },
};

const ruleGlobs: Schema = { type: "array", items: { type: "string", pattern: "^[\\w.*/-]+$" }, minItems: 1 };

const customRule: Schema = {
  type: "object",
  additionalProperties: false,
  required: ["id", "reason", "action", "when"],
  properties: {
    id: { type: "string", pattern: RULE_ID.source, description: '"<pack>/<name>", such as "team/no-npm-publish".' },
    description: { type: "string" },
    reason: str("For the model: what is wrong and what to do instead."),
    action: { type: "string", enum: CUSTOM_ACTIONS },
    mode: { type: "string", enum: MODES },
    when: { $ref: "#/$defs/when" },
    modify: {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      properties: {
        set: { type: "object" },
        remove: { type: "array", items: { type: "string" } },
        replace: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["path", "regex", "with"],
            properties: {
              path: { type: "string" },
              regex: { type: "string" },
              flags: { type: "string" },
              with: { type: "string" },
            },
          },
        },
        dropFlags: { type: "array", items: { type: "string", pattern: FLAG }, minItems: 1 },
      },
    },
    allows: ruleGlobs,
    expires: { type: "string", pattern: DATE },
  },
};

/** The model settings a judge and the gray zone share. */
const judgeModel: Record<string, Schema> = {
  provider: { type: "string", enum: [...JUDGE_PROVIDERS] },
  model: str('The model\'s name, such as "claude-haiku-4-5".'),
  baseUrl: { type: "string", pattern: "^https?://" },
  apiKeyEnv: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
  budgetMs: { type: "number", minimum: 100, maximum: 600_000 },
  onTimeout: { type: "string", enum: [...JUDGE_VERDICTS] },
  context: {
    type: "object",
    additionalProperties: false,
    properties: { transcript: { type: "integer", minimum: 0, maximum: MAX_TRANSCRIPT_MESSAGES } },
  },
  structuredOutput: { type: "string", enum: ["tool", "json_schema"] },
  maxTokens: { type: "integer", minimum: 16, maximum: 65536 },
};

const escalationMode = (withAsk: boolean): Schema => ({
  type: "string",
  enum: withAsk ? [...ESCALATION_MODES] : ESCALATION_MODES.filter((m) => m !== "ask"),
});

/** The JSON Schema (draft 2020-12) of a policy file, with the given rules' ids and parameters. */
export function policyJsonSchema(rules: readonly RuleMeta[]): Schema {
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "staso policy",
    description: "A staso policy: ~/.staso/config.json (the user's) or staso.config.json (a project's).",
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: str("The URL or path of this schema, for editors; staso ignores it."),
      level: { type: "string", enum: LEVELS },
      failMode: { type: "string", enum: ["closed", "open"] },
      timeout: { type: "number", exclusiveMinimum: 0, maximum: 600, description: "Seconds the rules may take." },
      environment: { type: "string", enum: ENVIRONMENTS },
      rules: {
        type: "object",
        description: "Per rule: a mode, or {mode, action, params, environments}.",
        properties: Object.fromEntries(sorted.map((m) => [m.id, ruleSetting(m)])),
        // Plugins' and custom rules' ids.
        additionalProperties: ruleSetting(),
      },
      customRules: { type: "array", items: customRule },
      allow: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["reason"],
          properties: {
            rules: ruleGlobs,
            when: { $ref: "#/$defs/when" },
            reason: { type: "string", minLength: 1 },
            expires: { type: "string", pattern: DATE },
          },
        },
      },
      plugins: { type: "array", items: { type: "string", minLength: 1 } },
      tests: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["tool", "input", "expect"],
          properties: {
            name: { type: "string" },
            tool: { type: "string", minLength: 1 },
            input: { type: "object" },
            host: { type: "string", enum: [...HOST_IDS] },
            event: { type: "string", enum: ["pre", "post"] },
            cwd: { type: "string" },
            expect: { type: "string", enum: ["allow", "block", "escalate", "modify"] },
            rule: { type: "string" },
            expectInput: { type: "object" },
          },
        },
      },
      escalation: {
        type: "object",
        additionalProperties: false,
        properties: {
          timeout: { type: "number", exclusiveMinimum: 0, maximum: 86400 },
          onTimeout: { type: "string", enum: ["block", "allow"] },
          mode: {
            anyOf: [
              escalationMode(true),
              {
                type: "object",
                additionalProperties: false,
                properties: Object.fromEntries(ESCALATION_KEYS.map((k) => [k.key, escalationMode(k.ask)])),
              },
            ],
          },
          pollInterval: { type: "number", minimum: 0.05, maximum: 60 },
          approvalTtl: { type: "number", exclusiveMinimum: 0, maximum: 604800 },
          notify: { type: "string", enum: ["auto", "desktop", "bell", "off"] },
        },
      },
      trustedProjects: { type: "array", items: { type: "string", minLength: 1 } },
      audit: {
        type: "object",
        additionalProperties: false,
        properties: {
          enabled: { type: "boolean" },
          record: { type: "string", enum: ["all", "non-allow"] },
          maxFileMB: { type: "number", exclusiveMinimum: 0, maximum: 4096 },
          retentionDays: { type: "integer", minimum: 1, maximum: 3650 },
          export: {
            type: "object",
            additionalProperties: false,
            properties: {
              enabled: { type: "boolean" },
              endpoint: { type: "string", pattern: "^https?://[^\\s/]+" },
              headers: { type: "object", additionalProperties: { type: "string" } },
            },
          },
        },
      },
      judges: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["id", "instructions", "when", "provider", "model"],
          properties: {
            id: { type: "string", pattern: RULE_ID.source },
            description: { type: "string" },
            instructions: str("What the judge should decide, in a sentence or two for the model."),
            when: { $ref: "#/$defs/when" },
            mode: { type: "string", enum: MODES },
            ...judgeModel,
          },
        },
      },
      grayZone: {
        type: "object",
        description: "The built-in gray-zone judge: where static rules cannot decide, this model decides.",
        additionalProperties: false,
        required: ["provider", "model"],
        properties: { ...judgeModel, instructions: str("Added to the built-in instructions.") },
      },
    },
    $defs: { when, valueCondition, nameMatch },
  };
}
