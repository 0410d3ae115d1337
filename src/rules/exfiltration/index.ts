import type { AnyRule } from "../../engine/rule.js";
import credentialUpload from "./credential-upload.js";
import envDump from "./env-dump.js";
import secretVariableUpload from "./secret-variable-upload.js";

export const exfiltrationRules: AnyRule[] = [credentialUpload, envDump, secretVariableUpload];
