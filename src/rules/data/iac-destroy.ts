// Infrastructure as code: destroy is blocked; apply (which can replace or delete resources) and state
// surgery are escalated. terraform, tofu, terragrunt, pulumi, cdk, cdktf, serverless.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";

const TF = new Set(["terraform", "tofu", "terragrunt", "tf", "opentofu"]);

export default defineRule({
  meta: {
    id: "data/iac-destroy",
    description:
      "Blocks terraform/tofu destroy, apply -destroy, pulumi destroy, cdk destroy; escalates terraform apply, pulumi up and state removals.",
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
      ],
      allow: [{ shell: "terraform plan" }, { shell: "terraform init -upgrade" }, { shell: "terraform fmt -recursive" }],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let escalation: RuleFinding | undefined;
    const destroy = (cmd: Parameters<typeof describe>[0], what: string) => ({
      reason: `${describe(cmd)} ${what}. Run \`plan -destroy\` to show what would go, and ask the user to run it.`,
      action: "block" as const,
    });
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
        if (sub === "destroy" || sub === "destroy-all") return destroy(cmd, "destroys the infrastructure it manages");
        if ((sub === "apply" || sub === "apply-all") && cmd.args.some((a) => a === "-destroy" || a === "--destroy"))
          return destroy(cmd, "destroys the infrastructure it manages (apply -destroy)");
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
        if (words[0] === "destroy" || words[0] === "down") return destroy(cmd, "destroys every resource of the stack");
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
        if (words[0] === "destroy") return destroy(cmd, "destroys the deployed stacks");
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
