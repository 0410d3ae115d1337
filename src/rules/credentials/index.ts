import type { Rule } from "../../engine/rule.js";
import sshPrivateKeyRead from "./ssh-private-key-read.js";

export const credentialsRules: Rule<any>[] = [sshPrivateKeyRead];
