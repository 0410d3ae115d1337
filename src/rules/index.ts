// The built-in rule packs, in evaluation order. A new rule is added in its pack's index; a new pack here.
import type { AnyRule } from "../engine/rule.js";
import { filesystemRules } from "./filesystem/index.js";
import { credentialsRules } from "./credentials/index.js";
import { secretsRules } from "./secrets/index.js";
import { gitRules } from "./git/index.js";
import { remoteExecRules } from "./remote-exec/index.js";
import { pathsRules } from "./paths/index.js";
import { networkRules } from "./network/index.js";
import { mcpRules } from "./mcp/index.js";
import { outputsRules } from "./outputs/index.js";
import { systemRules } from "./system/index.js";
import { dataRules } from "./data/index.js";
import { containersRules } from "./containers/index.js";
import { persistenceRules } from "./persistence/index.js";
import { exfiltrationRules } from "./exfiltration/index.js";
import { sessionRules } from "./session/index.js";

export const builtinRules: AnyRule[] = [
  ...filesystemRules,
  ...credentialsRules,
  ...secretsRules,
  ...gitRules,
  ...remoteExecRules,
  ...systemRules,
  ...dataRules,
  ...containersRules,
  ...persistenceRules,
  ...exfiltrationRules,
  ...pathsRules,
  ...networkRules,
  ...mcpRules,
  ...outputsRules,
  ...sessionRules,
];
