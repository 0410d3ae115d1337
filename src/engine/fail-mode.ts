// What happens when staso cannot decide (bad payload, broken config, a rule that throws or hangs):
// "closed" blocks and says why, "open" lets the call through. Closed is the default.
import type { Decision } from "./types.js";

export type FailMode = "closed" | "open";

export function parseFailMode(value: string | undefined): FailMode | undefined {
  if (value === undefined || value === "") return undefined;
  const v = value.trim().toLowerCase();
  if (v === "closed" || v === "open") return v;
  return undefined;
}

export function failureDecision(mode: FailMode, what: string): Decision {
  if (mode === "open") return { action: "allow", reason: "", verdicts: [], failure: what };
  return {
    action: "block",
    reason: `staso could not check this call safely (${what}), so it was blocked because staso's fail mode is closed. Retry the call; if it keeps failing, ask the user to run \`staso doctor\`.`,
    verdicts: [],
    failure: what,
  };
}
