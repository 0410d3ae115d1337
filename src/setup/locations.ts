// The scopes setup writes to. Where each agent keeps its files in a scope is its host's own business
// (src/hosts/<agent>/install.ts).
import type { Scope } from "../hosts/types.js";

export type { Scope };

export const SCOPES: Scope[] = ["user", "project", "local"];
