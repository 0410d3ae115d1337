import type { AnyRule } from "../../engine/rule.js";
import hostMount from "./host-mount.js";
import hostEscape from "./host-escape.js";
import manifestHostAccess from "./manifest-host-access.js";

export const containersRules: AnyRule[] = [hostMount, hostEscape, manifestHostAccess];
