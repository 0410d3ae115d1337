import type { Rule } from "../../engine/rule.js";
import credentialUpload from "./credential-upload.js";
import envDump from "./env-dump.js";
import secretVariableUpload from "./secret-variable.js";

export const exfiltrationRules: Rule<any>[] = [credentialUpload, envDump, secretVariableUpload];
