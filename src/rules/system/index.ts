import type { AnyRule } from "../../engine/rule.js";
import { diskWrite, formatDisk } from "./disk.js";
import { crontabRemove, criticalService, forkBomb, killAll, shutdown } from "./processes.js";
import unanalysableShell from "./unanalysable.js";

export const systemRules: AnyRule[] = [
  diskWrite,
  formatDisk,
  forkBomb,
  killAll,
  shutdown,
  crontabRemove,
  criticalService,
  unanalysableShell,
];
