import type { AnyRule } from "../../engine/rule.js";
import curlPipeShell from "./curl-pipe-shell.js";
import reverseShell from "./reverse-shell.js";

export const remoteExecRules: AnyRule[] = [curlPipeShell, reverseShell];
