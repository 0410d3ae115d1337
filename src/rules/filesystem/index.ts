import type { AnyRule } from "../../engine/rule.js";
import rmRootOrHome from "./rm-root-or-home.js";
import rmProjectRoot from "./rm-project-root.js";
import rmOutsideProject from "./rm-outside-project.js";
import chmodChownSystem from "./chmod-chown-system.js";
import chmodLoosen from "./chmod-loosen.js";
import shred from "./shred.js";
import truncateOutsideProject from "./truncate-outside-project.js";

export const filesystemRules: AnyRule[] = [
  rmRootOrHome,
  rmProjectRoot,
  rmOutsideProject,
  chmodChownSystem,
  chmodLoosen,
  shred,
  truncateOutsideProject,
];
