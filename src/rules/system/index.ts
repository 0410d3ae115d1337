import type { AnyRule } from "../../engine/rule.js";
import diskWrite from "./disk-write.js";
import formatDisk from "./format-disk.js";
import forkBomb from "./fork-bomb.js";
import killAll from "./kill-all.js";
import shutdown from "./shutdown.js";
import crontabRemove from "./crontab-remove.js";
import criticalService from "./disable-critical-service.js";
import unanalysableShell from "./unanalysable-shell.js";

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
