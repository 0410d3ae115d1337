// Records and decisions for the audit tests, and secrets the detectors know (built at run time so no
// secret-shaped literal sits in the repository).
import { buildRecord, type AuditRecord } from "../../src/audit/record.js";
import type { Decision, ToolCall } from "../../src/engine/types.js";

/** An AWS access key id (AKIA + 16), an AWS secret key in assignment form, and a private key block. */
export const AWS_KEY_ID = ["AKIA", "Q3EGRT5KZ7NXWM4P"].join("");
const AWS_SECRET = ["wJalrXUtnFEMI", "K7MDENGbPxRfiCY", "9876543210zz"].join("");
export const AWS_SECRET_LINE = `aws_secret_access_key=${AWS_SECRET}`;
export const PRIVATE_KEY = [
  "-----BEGIN OPENSSH PRIVATE",
  " KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE",
  " KEY-----",
].join("");
export const SECRETS = [
  AWS_KEY_ID,
  AWS_SECRET,
  "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
];

export function call(
  overrides: Partial<Pick<ToolCall, "host" | "event" | "tool" | "toolUseId" | "input">> & {
    session?: Partial<ToolCall["session"]>;
  } = {},
): Pick<ToolCall, "host" | "event" | "tool" | "session" | "toolUseId" | "input"> {
  return {
    host: overrides.host ?? "claude-code",
    event: overrides.event ?? "pre",
    tool: overrides.tool ?? "Bash",
    toolUseId: overrides.toolUseId ?? "toolu_1",
    input: overrides.input ?? { command: "ls -la" },
    session: { id: "sess-aaaa-1111", cwd: "/home/dev/proj", ...overrides.session },
  };
}

export const allow = (): Decision => ({ action: "allow", reason: "", verdicts: [] });

export function block(ruleId = "filesystem/rm-root-or-home", reason = "Blocked: deletes the root"): Decision {
  return {
    action: "block",
    reason,
    ruleId,
    verdicts: [{ ruleId, action: "block", mode: "enforce", reason, ms: 0.12 }],
  };
}

export function record(overrides: Partial<AuditRecord> = {}, time = new Date()): AuditRecord {
  return { ...buildRecord(call(), allow(), 12.345, time), ...overrides };
}
