import type { Rule } from "../../engine/rule.js";
import curlPipeShell from "./curl-pipe-shell.js";

export const remoteExecRules: Rule<any>[] = [curlPipeShell];
