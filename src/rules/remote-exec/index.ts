import type { AnyRule } from "../../engine/rule.js";
import curlPipeShell from "./curl-pipe-shell.js";
import reverseShell from "./reverse-shell.js";
import runDownloaded from "./run-downloaded.js";

export const remoteExecRules: AnyRule[] = [curlPipeShell, runDownloaded, reverseShell];
