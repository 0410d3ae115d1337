// The types plugin authors import (`import type { Rule } from "staso"`): the rule contract the built-in
// rules keep, the host-neutral call they inspect, and the policy file's shape (for staso.config.ts).
// Types only; the library API proper (evaluate a call from code) is a later issue.
export type { Rule, RuleMeta, RuleFinding, RuleContext, RuleAction, ParamSpec, ActiveRule } from "./engine/rule.js";
export type {
  ToolCall,
  ToolKind,
  HookEvent,
  FileChange,
  FileRead,
  SessionInfo,
  Decision,
  RuleVerdict,
  RuleMode,
  Action,
} from "./engine/types.js";
export type { ShellAnalysis, SimpleCommand, Redirect } from "./analysis/shell/types.js";
export type {
  PolicyConfig,
  RuleSetting,
  CustomRuleConfig,
  WhenConfig,
  ShellMatch,
  NameMatch,
  ValueCondition,
  ValueTest,
  ModifyConfig,
  AllowEntryConfig,
  PolicyTestConfig,
  EscalationConfig,
  Level,
  Environment,
} from "./policy/schema.js";
