import type { AnyRule } from "../../engine/rule.js";
import diskWrite from "./disk-write.js";
import formatDisk from "./format-disk.js";
import forkBomb from "./fork-bomb.js";
import killAll from "./kill-all.js";
import shutdown from "./shutdown.js";
import crontabRemove from "./crontab-remove.js";
import criticalService from "./disable-critical-service.js";
import unanalysableShell from "./unanalysable-shell.js";
import accountChange from "./account-change.js";
import securityOff from "./security-off.js";
import systemState from "./system-state.js";
import killEverything from "./kill-everything.js";
import interactiveSession from "./interactive-session.js";

export const systemRules: AnyRule[] = [
  diskWrite,
  formatDisk,
  forkBomb,
  killAll,
  shutdown,
  crontabRemove,
  criticalService,
  unanalysableShell,
  accountChange,
  securityOff,
  systemState,
  killEverything,
  interactiveSession,
];
