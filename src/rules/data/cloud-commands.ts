// What cloud CLI commands delete (aws, gcloud, gsutil, az, rclone, mc, s3cmd, s5cmd, heroku, fly), shared by
// data/cloud-storage-delete and data/cloud-resource-delete: recursive storage deletion and whole
// projects/resource groups are blocked; named deletions are escalated.
import type { RuleFinding } from "../../engine/rule.js";
import type { ToolCall } from "../../engine/types.js";
import { shellOf, type SimpleCommand } from "../../analysis/shell/index.js";
import { describe, hasOption, subcommands } from "../../analysis/shell/commands.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";
import { parseUrlTarget } from "../../analysis/net/index.js";

const AWS_GLOBAL = [
  "--profile",
  "--region",
  "--output",
  "--endpoint-url",
  "--query",
  "--cli-read-timeout",
  "--cli-connect-timeout",
  "--ca-bundle",
  "--color",
  "--cli-binary-format",
];
const GCLOUD_GLOBAL = [
  "--project",
  "--account",
  "--configuration",
  "--format",
  "--verbosity",
  "--impersonate-service-account",
  "--billing-project",
  "--flags-file",
  "--trace-token",
];
const AZ_GLOBAL = ["--subscription", "--output", "-o", "--query"];

type Finding = { what: string; action: "block" | "escalate" } | undefined;

/** The programs storage() and resource() judge: the rules' looksAt.programs (each function answers only for them). */
export const STORAGE_PROGRAMS = ["aws", "gsutil", "gcloud", "az", "rclone", "mc", "mcli", "s3cmd", "s5cmd"];
export const RESOURCE_PROGRAMS = ["aws", "gcloud", "az", "heroku", "fly", "flyctl", "doctl"];

function storage(cmd: SimpleCommand): Finding {
  const a = cmd.args;
  const p = cmd.program;
  if (p === "aws") {
    const { path, rest } = subcommands(a, 2, AWS_GLOBAL);
    if (path[0] !== "s3") return undefined;
    if (path[1] === "rm")
      return rest.includes("--recursive")
        ? { what: "deletes every object under an S3 prefix", action: "block" }
        : { what: "deletes an S3 object", action: "escalate" };
    if (path[1] === "rb")
      return rest.includes("--force")
        ? { what: "deletes an S3 bucket and everything in it", action: "block" }
        : { what: "deletes an S3 bucket", action: "escalate" };
    if ((path[1] === "sync" || path[1] === "mv") && rest.includes("--delete"))
      return { what: "deletes objects missing from the source (sync --delete)", action: "escalate" };
    return undefined;
  }
  if (p === "gsutil") {
    const { path, rest } = subcommands(a, 1, ["-o", "-h", "-u", "-p"]);
    if (path[0] === "rm")
      return hasOption(rest, "rRa", ["--recursive"])
        ? { what: "deletes every object under a Cloud Storage prefix", action: "block" }
        : { what: "deletes a Cloud Storage object", action: "escalate" };
    if (path[0] === "rb") return { what: "deletes a Cloud Storage bucket", action: "escalate" };
    if (path[0] === "rsync" && hasOption(rest, "d"))
      return { what: "deletes objects missing from the source (rsync -d)", action: "escalate" };
    return undefined;
  }
  if (p === "gcloud") {
    const { path } = subcommands(a, 4, GCLOUD_GLOBAL);
    const i = path.indexOf("storage");
    if (i >= 0 && path[i + 1] === "rm")
      return hasOption(a, "r", ["--recursive"])
        ? { what: "deletes every object under a Cloud Storage prefix", action: "block" }
        : { what: "deletes Cloud Storage objects", action: "escalate" };
    return undefined;
  }
  if (p === "az") {
    const { path } = subcommands(a, 4, AZ_GLOBAL);
    const s = path.join(" ");
    if (
      /^storage (blob delete-batch|container delete|account delete|share delete|fs delete|fs directory delete|file delete-batch)/.test(
        s,
      )
    )
      return { what: `runs az ${s}, deleting a storage account, container or many blobs`, action: "block" };
    return undefined;
  }
  // MinIO's client (mc rm --recursive --force alias/bucket), s3cmd and s5cmd: the same stores, other CLIs.
  if (p === "mc" || p === "mcli") {
    const { path, rest } = subcommands(a, 1, ["--config-dir", "-C"]);
    const targets = rest.filter((x) => !x.startsWith("-"));
    const local = targets.length > 0 && targets.every((t) => /^(?:[./~]|[A-Za-z]:)/.test(t));
    if (path[0] === "rm")
      return hasOption(rest, "r", ["--recursive"]) && !local
        ? { what: "deletes every object under an object-store prefix", action: "block" }
        : { what: "deletes objects from an object store", action: "escalate" };
    if (path[0] === "rb")
      return rest.includes("--force")
        ? { what: "deletes a bucket and everything in it", action: "block" }
        : { what: "deletes a bucket", action: "escalate" };
    if (path[0] === "mirror" && rest.includes("--remove"))
      return { what: "deletes objects missing from the source (mirror --remove)", action: "escalate" };
    return undefined;
  }
  if (p === "s3cmd") {
    const { path, rest } = subcommands(a, 1, ["-c", "--config"]);
    if (path[0] === "del" || path[0] === "rm" || path[0] === "rb")
      return hasOption(rest, "r", ["--recursive"]) || (path[0] === "rb" && hasOption(rest, "f", ["--force"]))
        ? { what: `deletes every object under an S3 prefix (s3cmd ${path[0]} --recursive)`, action: "block" }
        : { what: `deletes from S3 (s3cmd ${path[0]})`, action: "escalate" };
    if (path[0] === "sync" && rest.includes("--delete-removed"))
      return { what: "deletes objects missing from the source (sync --delete-removed)", action: "escalate" };
    return undefined;
  }
  if (p === "s5cmd") {
    const { path, rest } = subcommands(a, 1, ["--endpoint-url", "--profile", "--credentials-file"]);
    if (path[0] === "rm")
      return rest.some((x) => x.includes("*"))
        ? { what: "deletes every object a wildcard matches (s5cmd rm)", action: "block" }
        : { what: "deletes S3 objects", action: "escalate" };
    if (path[0] === "rb") return { what: "deletes an S3 bucket", action: "escalate" }; // only an empty one
    return undefined;
  }
  if (p === "rclone") {
    const { path } = subcommands(a, 1, ["--config", "-c"]);
    if (path[0] === "purge") return { what: "deletes a remote path and everything in it", action: "block" };
    if (path[0] === "delete" || path[0] === "deletefile" || path[0] === "rmdirs")
      return { what: "deletes remote files", action: "escalate" };
    // sync makes the destination match the source: whatever the source lacks is deleted there.
    if (path[0] === "sync" && !a.includes("--dry-run") && !a.includes("-n"))
      return { what: "deletes the destination's files missing from the source (rclone sync)", action: "escalate" };
  }
  if ((p === "mc" || p === "mcli") && a.includes("mirror") && a.some((x) => x === "--remove" || x === "--delete"))
    return {
      what: "deletes the destination's objects missing from the source (mc mirror --remove)",
      action: "escalate",
    };
  return undefined;
}

function resource(cmd: SimpleCommand): Finding {
  const a = cmd.args;
  const p = cmd.program;
  if (p === "aws") {
    const { path, rest } = subcommands(a, 2, AWS_GLOBAL);
    const [svc, op] = path;
    if (!svc || !op || svc === "s3") return undefined;
    if (svc === "rds" && /^delete-db-(instance|cluster)$/.test(op) && rest.includes("--skip-final-snapshot"))
      return { what: `deletes an RDS database without a final snapshot`, action: "block" };
    if (svc === "secretsmanager" && op === "delete-secret" && rest.includes("--force-delete-without-recovery"))
      return { what: "deletes a secret with no recovery window", action: "block" };
    if (svc === "organizations" && /^(delete-organization|close-account)$/.test(op))
      return { what: `runs aws ${svc} ${op}`, action: "block" };
    // batch-delete-image, batch-delete-attributes, bulk-delete…: the same deletions, many at a time.
    if (
      /^(?:batch-|bulk-)?(delete|terminate|remove|deregister|purge|destroy|schedule-key-deletion|disable-key|release-address|detach-volume|delete-)/.test(
        op,
      )
    )
      return { what: `runs aws ${svc} ${op}`, action: "escalate" };
    return undefined;
  }
  if (p === "gcloud") {
    const { path } = subcommands(a, 5, GCLOUD_GLOBAL);
    if (path[0] === "projects" && path[1] === "delete")
      return { what: "deletes a whole Google Cloud project", action: "block" };
    const i = path.findIndex((x) => x === "delete" || x === "destroy");
    if (i > 0 && !path.includes("storage"))
      return { what: `runs gcloud ${path.slice(0, i + 1).join(" ")}`, action: "escalate" };
    return undefined;
  }
  if (p === "az") {
    const { path } = subcommands(a, 4, AZ_GLOBAL);
    if (path[0] === "group" && path[1] === "delete")
      return { what: "deletes an Azure resource group and everything in it", action: "block" };
    if (path[0] === "storage") return undefined;
    const i = path.findIndex((x) => x === "delete" || x === "purge");
    if (i > 0) return { what: `runs az ${path.slice(0, i + 1).join(" ")}`, action: "escalate" };
    return undefined;
  }
  if (p === "heroku" && (a[0] === "apps:destroy" || a[0] === "pg:reset" || a[0] === "destroy"))
    return { what: `runs heroku ${a[0]}`, action: "block" };
  if (
    (p === "fly" || p === "flyctl") &&
    ((a[0] === "apps" && (a[1] === "destroy" || a[1] === "delete")) || a[0] === "destroy")
  )
    return { what: "destroys a Fly app", action: "block" };
  if (p === "doctl" && a.some((x) => x === "delete" || x === "rm"))
    return {
      what: `runs doctl ${a
        .filter((x) => !x.startsWith("-"))
        .slice(0, 3)
        .join(" ")}`,
      action: "escalate",
    };
  return undefined;
}

/**
 * An S3-compatible CLI pointed at this machine (`aws --endpoint-url=http://localhost:4566`, LocalStack,
 * MinIO, DynamoDB Local; `AWS_ENDPOINT_URL=…` in front): every request goes to a local emulator, so
 * nothing in the cloud is deleted. Every endpoint named must be loopback; none named is the cloud.
 */
function localEmulator(cmd: SimpleCommand): boolean {
  if (cmd.program !== "aws" && cmd.program !== "s5cmd") return false;
  const endpoints: string[] = [];
  cmd.args.forEach((a, i) => {
    if (a === "--endpoint-url") endpoints.push(cmd.args[i + 1] ?? "");
    else if (a.startsWith("--endpoint-url=")) endpoints.push(a.slice("--endpoint-url=".length));
  });
  for (const [k, v] of Object.entries(cmd.assignments)) if (/^AWS_ENDPOINT_URL(?:_\w+)?$/.test(k)) endpoints.push(v);
  return (
    endpoints.length > 0 &&
    !cmd.dynamic &&
    endpoints.every((e) => /^https?:\/\//i.test(e) && parseUrlTarget(e)?.class === "loopback")
  );
}

/** The check of the storage or the resource rule. */
export function cloudCheck(kind: "storage" | "resource") {
  return (call: ToolCall): RuleFinding | null => {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let escalation: RuleFinding | undefined;
    for (const cmd of actingCommands(analysis)) {
      const f = kind === "storage" ? storage(cmd) : resource(cmd);
      if (f && localEmulator(cmd)) continue;
      if (!f) continue;
      const finding: RuleFinding = {
        reason: `${describe(cmd)} ${f.what}; cloud deletions cannot be undone. ${f.action === "block" ? "Ask the user to do it themselves." : "Ask the user to approve it."}`,
        action: f.action,
      };
      if (f.action === "block") return finding;
      escalation ??= finding;
    }
    return escalation ?? null;
  };
}
