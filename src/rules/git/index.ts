import type { AnyRule } from "../../engine/rule.js";
import forcePush from "./force-push.js";
import { clean, discardWorktree, resetHard } from "./worktree.js";
import { branchForceDelete, stashDestroy } from "./branches.js";
import { historyRewrite, reflogPrune } from "./history.js";

export const gitRules: AnyRule[] = [
  forcePush,
  resetHard,
  clean,
  discardWorktree,
  branchForceDelete,
  stashDestroy,
  historyRewrite,
  reflogPrune,
];
