import type { AnyRule } from "../../engine/rule.js";
import curlPipeShell from "./curl-pipe-shell.js";
import reverseShell from "./reverse-shell.js";
import runDownloaded from "./run-downloaded.js";
import packageFromUrl from "./package-from-url.js";
import hiddenCode from "./hidden-code.js";

export const remoteExecRules: AnyRule[] = [curlPipeShell, runDownloaded, reverseShell, packageFromUrl, hiddenCode];
