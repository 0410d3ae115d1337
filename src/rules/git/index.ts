import type { AnyRule } from "../../engine/rule.js";
import forcePush from "./force-push.js";
import resetHard from "./reset-hard.js";
import clean from "./clean.js";
import discardWorktree from "./discard-worktree.js";
import branchForceDelete from "./branch-force-delete.js";
import stashDestroy from "./stash-destroy.js";
import historyRewrite from "./history-rewrite.js";
import reflogPrune from "./reflog-expire-prune.js";
import refDelete from "./ref-delete.js";
import remoteRefDelete from "./remote-ref-delete.js";
import historyFiles from "./history-files.js";

export const gitRules: AnyRule[] = [
  forcePush,
  resetHard,
  clean,
  discardWorktree,
  branchForceDelete,
  stashDestroy,
  historyRewrite,
  reflogPrune,
  refDelete,
  remoteRefDelete,
  historyFiles,
];
