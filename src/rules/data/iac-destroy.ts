// Infrastructure as code: destroy is blocked; apply (which can replace or delete resources), state
// surgery and a destroy bounded to named resources or a throwaway environment are escalated. terraform,
// tofu, terragrunt, pulumi, cdk, cdktf, serverless.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";

const TF = new Set(["terraform", "tofu", "terragrunt", "tf", "opentofu"]);

/** A throwaway environment's name: a pull request's preview, a sandbox, a scratch or test stack. */
const EPHEMERAL =
  /(?:^|[-_./=])(?:pr-?\d+|preview|previews|sandbox|ephemeral|review|scratch|tmp|test|testing|e2e|dev|local)(?:[-_.]|$)/i;

/**
 * A destroy limited to named resources (`-target=aws_instance.scratch`, pulumi's `--target`) or aimed at a
 * throwaway environment (`cdk destroy Api-pr-412`, `-var-file=envs/sandbox.tfvars`, `-s dev`): a human
 * approves it, as an apply; a whole environment that is not clearly throwaway stays blocked.
 */
function boundedDestroy(args: string[], names: string[]): boolean {
  if (args.some((a) => a === "--all" || /prod|live/i.test(a))) return false;
  if (args.some((a) => /^-{1,2}target(?:=|$)/.test(a))) return true;
  // The environment's name: a var file, a stack, a serverless stage or a workspace (`-s dev`,
  // `--stack=preview-7`, `--stage pr-118`).
  const env: string[] = [];
  args.forEach((a, i) => {
    const m = /^-{1,2}(?:var-file|stack|stage|s|workspace)(?:=(.*))?$/.exec(a);
    if (m) env.push(m[1] ?? args[i + 1] ?? "");
  });
  return [...env, ...names].length > 0 && [...env, ...names].every((w) => EPHEMERAL.test(w));
}

/** A loopback endpoint: LocalStack's http://localhost:4566, 127.0.0.1, [::1]. */
const LOOPBACK_URL =
  /^https?:\/\/(?:localhost|127\.\d+\.\d+\.\d+|\[::1\]|localhost\.localstack\.cloud)(?::\d+)?(?:\/|$)/i;

/**
 * A run against a local cloud emulator (LocalStack): the AWS endpoint set on the line is this machine
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>), or the var file or workspace is LocalStack's. Nothing
 * real is created or destroyed, so nothing is asked.
 */
function emulated(cmd: SimpleCommand, line: SimpleCommand[]): boolean {
  const endpoints: string[] = [];
  for (const c of line) {
    for (const [k, v] of Object.entries(c.assignments)) if (/^AWS_ENDPOINT_URL(?:_\w+)?$/.test(k)) endpoints.push(v);
    if (c.program === "export")
      for (const a of c.args) {
        const m = /^(AWS_ENDPOINT_URL(?:_\w+)?)=(.*)$/.exec(a);
        if (m) endpoints.push(m[2]!);
      }
  }
  if (endpoints.length > 0) return endpoints.every((e) => LOOPBACK_URL.test(e));
  const named = cmd.args.flatMap((a, i) => {
    const m = /^-{1,2}(?:var-file|workspace)(?:=(.*))?$/.exec(a);
    return m ? [m[1] ?? cmd.args[i + 1] ?? ""] : [];
  });
  return named.length > 0 && named.every((n) => /localstack/i.test(n) && !/prod|live/i.test(n));
}

/** The workspaces a `terraform workspace select|new X` earlier on the line switched to. */
function selectedWorkspaces(line: SimpleCommand[], upTo: SimpleCommand): string[] {
  const out: string[] = [];
  for (const c of line) {
    if (c === upTo) break;
    const w = c.args.filter((a) => !a.startsWith("-"));
    if (TF.has(c.program) && w[0] === "workspace" && (w[1] === "select" || w[1] === "new") && w[2]) out.push(w[2]);
  }
  return out;
}

export default defineRule({
  meta: {
    id: "data/iac-destroy",
    description:
      "Blocks terraform/tofu destroy, apply -destroy, pulumi destroy, cdk destroy; escalates terraform apply, pulumi up, state removals, and a destroy limited to named resources (-target) or a throwaway environment (a preview, sandbox or test stack).",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: [...TF, "pulumi", "cdk", "cdktf", "serverless", "sls"] },
    actions: ["block", "escalate"],
    examples: () => ({
      block: [
        { shell: "terraform destroy" },
        { shell: "terraform apply", action: "escalate" },
        { shell: "terraform destroy -auto-approve" },
        { shell: "terraform -chdir=infra apply -destroy -auto-approve" },
        { shell: "terraform destroy -target=aws_instance.scratch", action: "escalate" },
        { shell: "terraform destroy -var-file=envs/sandbox.tfvars -auto-approve", action: "escalate" },
        { shell: "cdk destroy Api-pr-412 --force", action: "escalate" },
        { shell: "pulumi destroy --yes -s acme/api/preview-77", action: "escalate" },
        { shell: "serverless remove --stage pr-118", action: "escalate", note: "a pull request's preview stage" },
        { shell: "sls remove --stage prod" },
        { shell: "cdk destroy --all --force" },
        { shell: "cdk destroy --force", note: "every stack of the app" },
        { shell: "cdk destroy Api-prod Api-pr-412" },
        { shell: "terraform destroy -target=module.db -var-file=envs/prod.tfvars" },
        { shell: "terraform destroy -var-file=envs/main.tfvars" },
        { shell: "terragrunt run-all destroy --terragrunt-working-dir envs/dev" },
        { shell: "pulumi destroy --yes -s production" },
        {
          shell: "terraform workspace select sandbox && terraform destroy -auto-approve",
          action: "escalate",
          note: "a throwaway workspace, still on a real account",
        },
        { shell: "terraform workspace select prod && terraform destroy -auto-approve" },
        { shell: "AWS_ENDPOINT_URL=https://aws.acme.internal terraform destroy -auto-approve" },
        {
          shell:
            "AWS_ENDPOINT_URL=http://localhost:4566 AWS_ENDPOINT_URL_S3=https://s3.amazonaws.com terraform destroy",
        },
        { shell: "terraform destroy -var-file=envs/localstack-prod.tfvars" },
      ],
      allow: [
        { shell: "terraform plan" },
        { shell: "terraform init -upgrade" },
        { shell: "terraform fmt -recursive" },
        {
          shell: "AWS_ENDPOINT_URL=http://localhost:4566 terraform destroy -auto-approve",
          note: "LocalStack on this machine: nothing real",
        },
        { shell: "export AWS_ENDPOINT_URL=http://127.0.0.1:4566 && terraform destroy -auto-approve" },
        { shell: "terraform destroy -auto-approve -var-file=envs/localstack.tfvars" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let escalation: RuleFinding | undefined;
    const destroy = (cmd: Parameters<typeof describe>[0], what: string, names: string[] = []): RuleFinding =>
      boundedDestroy(cmd.args, names)
        ? {
            reason: `${describe(cmd)} ${what}, limited to named resources or a throwaway environment. Show the plan and ask the user to approve it.`,
            action: "escalate",
          }
        : {
            reason: `${describe(cmd)} ${what}. Run \`plan -destroy\` to show what would go, and ask the user to run it.`,
            action: "block",
          };
    for (const cmd of actingCommands(analysis)) {
      const p = cmd.program;
      const words = cmd.args.filter((a) => !a.startsWith("-"));
      if (TF.has(p)) {
        let sub = words[0];
        let rest = words.slice(1);
        if (p === "terragrunt" && (sub === "run-all" || sub === "run")) {
          sub = rest[0];
          rest = rest.slice(1);
        }
        if (
          sub === "destroy" ||
          sub === "destroy-all" ||
          ((sub === "apply" || sub === "apply-all") && cmd.args.some((a) => a === "-destroy" || a === "--destroy"))
        ) {
          if (emulated(cmd, analysis.commands)) continue;
          const f = destroy(
            cmd,
            "destroys the infrastructure it manages",
            sub.endsWith("-all") || (p === "terragrunt" && words[0] === "run-all")
              ? ["*"]
              : selectedWorkspaces(analysis.commands, cmd),
          );
          if (f.action === "block") return f;
          escalation ??= f;
          continue;
        }
        if (sub === "apply" || sub === "apply-all")
          escalation ??= {
            reason: `${describe(cmd)} changes real infrastructure and can replace or delete resources. Show the plan (\`${p} plan\`) and ask the user to approve it.`,
            action: "escalate",
          };
        if (sub === "state" && (rest[0] === "rm" || rest[0] === "replace-provider" || rest[0] === "push"))
          escalation ??= {
            reason: `${describe(cmd)} edits the state file; resources can be orphaned or destroyed on the next apply. Ask the user to approve it.`,
            action: "escalate",
          };
        if (sub === "workspace" && rest[0] === "delete")
          escalation ??= {
            reason: `${describe(cmd)} deletes a workspace and its state. Ask the user to approve it.`,
            action: "escalate",
          };
        continue;
      }
      if (p === "pulumi") {
        if (words[0] === "destroy" || words[0] === "down") {
          const f = destroy(cmd, "destroys every resource of the stack");
          if (f.action === "block") return f;
          escalation ??= f;
          continue;
        }
        if (words[0] === "up" || words[0] === "update")
          escalation ??= {
            reason: `${describe(cmd)} changes real infrastructure. Run \`pulumi preview\` and ask the user to approve it.`,
            action: "escalate",
          };
        if (words[0] === "stack" && words[1] === "rm")
          escalation ??= {
            reason: `${describe(cmd)} removes a stack and its state. Ask the user to approve it.`,
            action: "escalate",
          };
        continue;
      }
      if (p === "cdk" || p === "cdktf") {
        if (words[0] === "destroy") {
          const names = words.slice(1);
          // Without a stack name cdk destroys every stack of the app.
          const f = destroy(cmd, "destroys the deployed stacks", names.length ? names : ["*"]);
          if (f.action === "block") return f;
          escalation ??= f;
          continue;
        }
        if (words[0] === "deploy")
          escalation ??= {
            reason: `${describe(cmd)} changes real infrastructure. Run \`${p} diff\` and ask the user to approve it.`,
            action: "escalate",
          };
        continue;
      }
      if ((p === "serverless" || p === "sls") && words[0] === "remove")
        return destroy(cmd, "removes the deployed service and its resources");
    }
    return escalation ?? null;
  },
});
