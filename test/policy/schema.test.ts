// Every broken config is one sentence naming the file, the path inside it and what was expected.
import { describe, expect, it } from "vitest";
import { PolicyError, validatePolicy, parseFieldPath } from "../../src/policy/schema.js";

const F = "/p/staso.config.json";
const message = (value: unknown, origin: "user" | "project" = "project") => {
  try {
    validatePolicy(F, value, origin);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return (err as Error).message;
  }
  return "valid";
};

const judge = (extra: object) => ({
  id: "team/deploy-judge",
  provider: "anthropic",
  model: "claude-haiku-4-5",
  instructions: "Block production deploys.",
  when: { tool: "Bash" },
  ...extra,
});

const rule = (extra: object) => ({ id: "team/x", reason: "No.", action: "block", when: { tool: "Bash" }, ...extra });

const CASES: [string, unknown, string][] = [
  ["top level not an object", [], `${F}: the top level must be an object, not an array.`],
  [
    "unknown top-level key",
    { failmode: "open" },
    `${F}: unknown key failmode (expected one of: $schema, level, failMode, timeout, environment, rules, customRules, allow, plugins, tests, escalation, trustedProjects, audit, judges, grayZone).`,
  ],
  ["level", { level: "extreme" }, `${F}: level must be one of "standard", "strict", "paranoid", not "extreme".`],
  ["failMode", { failMode: "shut" }, `${F}: failMode must be "closed" or "open", not "shut".`],
  ["timeout type", { timeout: "5" }, `${F}: timeout must be a number of seconds above 0 and at most 600, not "5".`],
  [
    "environment",
    { environment: "production" },
    `${F}: environment must be one of "dev", "staging", "prod", not "production".`,
  ],
  [
    "rule mode",
    { rules: { "git/force-push": "loud" } },
    `${F}: rules["git/force-push"] must be one of enforce, audit, off, not "loud".`,
  ],
  [
    "rule action",
    { rules: { "git/force-push": { action: "allow" } } },
    `${F}: rules["git/force-push"].action must be one of block, modify, escalate, not "allow".`,
  ],
  [
    "rule unknown key",
    { rules: { "git/force-push": { mode: "audit", level: 1 } } },
    `${F}: unknown key rules["git/force-push"].level (expected one of: mode, action, params, environments).`,
  ],
  [
    "rule environments",
    { rules: { "git/force-push": { environments: ["live"] } } },
    `${F}: rules["git/force-push"].environments must be a non-empty array of "dev", "staging", "prod", not an array.`,
  ],
  ["customRules not array", { customRules: {} }, `${F}: customRules must be an array of rules, not an object.`],
  [
    "custom id",
    { customRules: [rule({ id: "nopack" })] },
    `${F}: customRules[0].id must be a rule id of the form "<pack>/<name>", such as "team/no-npm-publish", not "nopack".`,
  ],
  [
    "custom duplicate id",
    { customRules: [rule({}), rule({})] },
    `${F}: customRules[1].id "team/x" is already the id of customRules[0].`,
  ],
  [
    "custom action",
    { customRules: [rule({ action: "deny" })] },
    `${F}: customRules[0].action must be one of allow, block, escalate, modify, not "deny".`,
  ],
  [
    "custom reason",
    { customRules: [rule({ reason: "" })] },
    `${F}: customRules[0].reason must be a sentence for the model saying what is wrong and what to do instead, not "".`,
  ],
  [
    "custom when missing",
    { customRules: [{ id: "team/x", reason: "No.", action: "block" }] },
    `${F}: customRules[0].when is missing (the conditions a call must meet for the rule to apply).`,
  ],
  [
    "when unknown key",
    { customRules: [rule({ when: { tools: "Bash" } })] },
    `${F}: unknown key customRules[0].when.tools (expected one of: tool, kind, event, host, environment, input, shell, path, url, cwd, all, any, not).`,
  ],
  [
    "when kind",
    { customRules: [rule({ when: { kind: "bash" } })] },
    `${F}: customRules[0].when.kind must be one of "shell", "write", "edit", "patch", "read", "search", "fetch", "web-search", "mcp", "agent", "other" or an array of them, not "bash".`,
  ],
  [
    "bad regex",
    { customRules: [rule({ when: { input: { command: { regex: "(a" } } } })] },
    `${F}: customRules[0].when.input.command.regex must be a regular expression staso can match in linear time, not "(a" (unterminated group at position 2).`,
  ],
  [
    "backreference",
    { customRules: [rule({ when: { input: { command: { regex: "(a)\\1" } } } })] },
    `${F}: customRules[0].when.input.command.regex must be a regular expression staso can match in linear time, not "(a)\\\\1" (backreferences are not supported (they cannot be matched in linear time) at position 5).`,
  ],
  [
    "lookahead",
    { customRules: [rule({ when: { tool: { regex: "^(?!Read)" } } })] },
    `${F}: customRules[0].when.tool.regex must be a regular expression staso can match in linear time, not "^(?!Read)" (lookaround is not supported (it cannot be matched in linear time) at position 2).`,
  ],
  [
    "bad regex flags",
    { customRules: [rule({ when: { input: { command: { regex: "x", flags: "g y" } } } })] },
    `${F}: customRules[0].when.input.command.regex must be a regular expression staso can match in linear time, not "x" (flags must be a combination of i, m and s, not "g y").`,
  ],
  [
    "dotted input path",
    { customRules: [rule({ when: { input: { "a..b": 1 } } })] },
    `${F}: customRules[0].when.input["a..b"] must be a field path such as "command" or "edits[*].new_string", not "a..b" (an empty key).`,
  ],
  [
    "condition unknown test",
    { customRules: [rule({ when: { input: { amount: { greater: 5 } } } })] },
    `${F}: unknown key customRules[0].when.input.amount.greater (expected one of: equals, notEquals, in, glob, regex, flags, contains, startsWith, endsWith, exists, gt, gte, lt, lte, not).`,
  ],
  [
    "numeric comparison type",
    { customRules: [rule({ when: { input: { amount: { gt: "1000" } } } })] },
    `${F}: customRules[0].when.input.amount.gt must be a number, not "1000".`,
  ],
  [
    "shell flags",
    { customRules: [rule({ when: { shell: { flags: "--force" } } })] },
    `${F}: customRules[0].when.shell.flags must be a non-empty array of flags such as "--force" or "-f", not "--force".`,
  ],
  [
    "modify missing",
    { customRules: [rule({ action: "modify" })] },
    `${F}: customRules[0].modify is missing (action "modify" needs set, remove, replace or dropFlags).`,
  ],
  [
    "modify on block",
    { customRules: [rule({ modify: { set: { a: 1 } } })] },
    `${F}: customRules[0].modify is only meaningful with action "modify".`,
  ],
  [
    "replace without with",
    { customRules: [rule({ action: "modify", modify: { replace: [{ path: "command", regex: "x" }] } })] },
    `${F}: customRules[0].modify.replace[0].with must be the replacement text (a string; $1, $<name> and $& refer to the match), but it is missing.`,
  ],
  [
    "expires on a block rule",
    { customRules: [rule({ expires: "2030-01-01" })] },
    `${F}: customRules[0].expires is only meaningful with action "allow" (turn a rule off with mode "off").`,
  ],
  [
    "allow reason",
    { allow: [{ rules: ["git/force-push"] }] },
    `${F}: allow[0].reason must be a sentence saying why these calls are allowed, but it is missing.`,
  ],
  [
    "allow expiry",
    { allow: [{ reason: "ok", expires: "next week" }] },
    `${F}: allow[0].expires must be a date such as "2025-12-31" (or a date and time), not "next week".`,
  ],
  [
    "allow rules",
    { allow: [{ reason: "ok", rules: "git/*" }] },
    `${F}: allow[0].rules must be a non-empty array of rule ids or globs such as "git/*", not "git/*".`,
  ],
  [
    "plugins",
    { plugins: ["./a.mjs", 3] },
    `${F}: plugins[1] must be a module path ("./guards.mjs") or a package name, not a number.`,
  ],
  [
    "test expect",
    { tests: [{ tool: "Bash", input: { command: "ls" }, expect: "deny" }] },
    `${F}: tests[0].expect must be one of allow, block, escalate, modify, not "deny".`,
  ],
  [
    "test input",
    { tests: [{ tool: "Bash", input: "ls", expect: "allow" }] },
    `${F}: tests[0].input must be the tool input (an object), not "ls".`,
  ],
  [
    "escalation",
    { escalation: { onTimeout: "ask" } },
    `${F}: escalation.onTimeout must be "block" or "allow", not "ask".`,
  ],
  [
    "trustedProjects in a project",
    { trustedProjects: ["/x/**"] },
    `${F}: trustedProjects can only be set in the user's own config, not in a project's.`,
  ],
  ["audit (kept)", { audit: { record: "some" } }, `${F}: audit.record must be "all" or "non-allow", not "some".`],
  ["judges not an array", { judges: {} }, `${F}: judges must be an array of judges, not an object.`],
  [
    "judge id",
    { judges: [judge({ id: "deploy" })] },
    `${F}: judges[0].id must be a rule id of the form "<pack>/<name>", such as "team/no-npm-publish", not "deploy".`,
  ],
  [
    "judge provider",
    { judges: [judge({ provider: "gemini" })] },
    `${F}: judges[0].provider must be one of "anthropic", "openai", not "gemini".`,
  ],
  [
    "judge model",
    { judges: [judge({ model: "" })] },
    `${F}: judges[0].model must be the model's name, such as "claude-haiku-4-5" or "gpt-4.1-mini", not "".`,
  ],
  [
    "judge instructions",
    { judges: [judge({ instructions: undefined })] },
    `${F}: judges[0].instructions must be what the judge should decide, in a sentence or two for the model, but it is missing.`,
  ],
  [
    "judge without when",
    { judges: [judge({ when: undefined })] },
    `${F}: judges[0].when is missing (the calls the judge looks at; {} for every call, each one then a request to the model).`,
  ],
  [
    "judge when (the custom-rule matcher's own errors)",
    { judges: [judge({ when: { tool: { regex: "([a-z" } } })] },
    `${F}: judges[0].when.tool.regex must be a regular expression staso can match in linear time, not "([a-z" (unterminated character class at position 5).`,
  ],
  [
    "judge after the tool ran",
    { judges: [judge({ when: { event: "post" } })] },
    `${F}: judges[0].when.event must be "pre" (a judge decides before the tool runs), not "post".`,
  ],
  [
    "judge baseUrl",
    { judges: [judge({ baseUrl: "ftp://models.local" })] },
    `${F}: judges[0].baseUrl must be an http:// or https:// URL, as the provider's SDK takes it, not "ftp://models.local".`,
  ],
  [
    "judge baseUrl with a key in it",
    { judges: [judge({ baseUrl: "https://user:sk-secret@llm.example.com/v1" })] },
    `${F}: judges[0].baseUrl must not hold credentials: put the key in an environment variable and name it in apiKeyEnv.`,
  ],
  [
    "judge apiKeyEnv",
    { judges: [judge({ apiKeyEnv: "sk-ant-api03-abc" })] },
    `${F}: judges[0].apiKeyEnv must be the name of an environment variable, such as "ANTHROPIC_API_KEY", not "sk-ant-api03-abc".`,
  ],
  [
    "judge budgetMs",
    { judges: [judge({ budgetMs: 20 })] },
    `${F}: judges[0].budgetMs must be a number of milliseconds from 100 to 600000, not a number.`,
  ],
  [
    "judge onTimeout",
    { judges: [judge({ onTimeout: "modify" })] },
    `${F}: judges[0].onTimeout must be one of "allow", "block", "escalate", not "modify".`,
  ],
  [
    "judge context",
    { judges: [judge({ context: { transcript: 50 } })] },
    `${F}: judges[0].context.transcript must be a whole number of the user's last messages, from 0 to 20, not a number.`,
  ],
  [
    "judge unknown context key",
    { judges: [judge({ context: { files: true } })] },
    `${F}: unknown key judges[0].context.files (expected one of: transcript).`,
  ],
  [
    "structuredOutput on anthropic",
    { judges: [judge({ structuredOutput: "json_schema" })] },
    `${F}: judges[0].structuredOutput is only meaningful with provider "openai" (Anthropic's answer always comes through a tool).`,
  ],
  [
    "judge unknown key",
    { judges: [judge({ reason: "No." })] },
    `${F}: unknown key judges[0].reason (expected one of: id, description, instructions, when, mode, provider, model, baseUrl, apiKeyEnv, budgetMs, onTimeout, context, structuredOutput, maxTokens).`,
  ],
  [
    "duplicate judge ids",
    { judges: [judge({}), judge({})] },
    `${F}: judges[1].id "team/deploy-judge" is already the id of judges[0].`,
  ],
  ["grayZone", { grayZone: "on" }, `${F}: grayZone must be an object (provider, model, …), not "on".`],
  [
    "grayZone model",
    { grayZone: { provider: "openai" } },
    `${F}: grayZone.model must be the model's name, such as "claude-haiku-4-5" or "gpt-4.1-mini", but it is missing.`,
  ],
  [
    "grayZone has no when",
    { grayZone: { provider: "openai", model: "m", when: {} } },
    `${F}: unknown key grayZone.when (expected one of: provider, model, baseUrl, apiKeyEnv, budgetMs, onTimeout, context, structuredOutput, maxTokens, instructions).`,
  ],
];

describe("policy schema errors", () => {
  it.each(CASES)("%s", (_name, value, expected) => {
    expect(message(value)).toBe(expected);
  });

  it("accepts a full config", () => {
    const full = {
      $schema: "https://staso.dev/schema.json",
      level: "strict",
      failMode: "closed",
      timeout: 5,
      environment: "prod",
      rules: {
        "git/force-push": "enforce",
        "remote-exec/curl-pipe-shell": { mode: "enforce", action: "block", params: {}, environments: ["prod"] },
      },
      customRules: [
        {
          id: "team/no-publish",
          reason: "CI publishes.",
          action: "block",
          when: { shell: { program: "npm", subcommand: "publish" } },
        },
        {
          id: "team/no-verify",
          reason: "Hooks run.",
          action: "modify",
          when: { shell: { program: "git", flags: ["--no-verify"] } },
          modify: { dropFlags: ["--no-verify"] },
        },
        {
          id: "pay/refund",
          reason: "Big refunds need a human.",
          action: "escalate",
          when: { tool: "mcp__stripe__*", input: { amount: { gt: 1000 } } },
        },
        {
          id: "team/docs-ok",
          reason: "Docs may be force-pushed.",
          action: "allow",
          allows: ["git/force-push"],
          when: { shell: { args: { contains: "docs/" } } },
          expires: "2030-01-01",
        },
      ],
      allow: [
        {
          rules: ["git/*"],
          when: { input: { command: { regex: "^git push --force origin gh-pages$" } } },
          reason: "gh-pages is generated",
          expires: "2030-01-01T00:00:00Z",
        },
      ],
      plugins: ["./guards.mjs", "@acme/staso-guards"],
      tests: [
        { name: "publish", tool: "Bash", input: { command: "npm publish" }, expect: "block", rule: "team/no-publish" },
      ],
      escalation: { timeout: 120, onTimeout: "block" },
      audit: { record: "all" },
      judges: [
        judge({
          baseUrl: "http://127.0.0.1:11434/v1",
          provider: "openai",
          apiKeyEnv: "OLLAMA_KEY",
          budgetMs: 3000,
          onTimeout: "escalate",
          context: { transcript: 3 },
          structuredOutput: "json_schema",
          maxTokens: 200,
          mode: "audit",
          description: "Deploys need a reason.",
        }),
        judge({ id: "team/every-call", when: {} }),
      ],
      grayZone: {
        provider: "anthropic",
        model: "claude-haiku-4-5",
        onTimeout: "block",
        instructions: "Builds are routine.",
      },
    };
    expect(message(full)).toBe("valid");
    expect(message({ trustedProjects: ["/home/me/work/**"] }, "user")).toBe("valid");
  });

  it("parses field paths", () => {
    expect(parseFieldPath("a.b[0].c")).toEqual(["a", "b", 0, "c"]);
    expect(parseFieldPath("edits[*].new_string")).toEqual(["edits", { any: true }, "new_string"]);
    expect(parseFieldPath('headers["x.y"]')).toEqual(["headers", "x.y"]);
    expect(parseFieldPath("a.*")).toEqual(["a", { any: true }]);
    expect(() => parseFieldPath("a.")).toThrow("a trailing dot");
  });
});
