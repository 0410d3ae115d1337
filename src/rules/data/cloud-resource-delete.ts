// Deleting cloud resources: named deletions are escalated; whole projects, resource groups and apps blocked.
import { defineRule } from "../../engine/rule.js";
import { cloudCheck, RESOURCE_PROGRAMS } from "./cloud-commands.js";

export default defineRule({
  meta: {
    id: "data/cloud-resource-delete",
    description:
      "Escalates aws/gcloud/az resource deletions (delete-*, terminate-*); blocks deleting projects, resource groups, apps, and RDS deletes without a final snapshot.",
    defaultAction: "escalate",
    kinds: ["shell"],
    looksAt: { programs: RESOURCE_PROGRAMS },
    actions: ["block", "escalate"],
    examples: () => ({
      block: [
        { shell: "aws rds delete-db-instance --db-instance-identifier prod --skip-final-snapshot", action: "block" },
        { shell: "aws ec2 terminate-instances --instance-ids i-123" },
        { shell: "aws dynamodb delete-table --table-name users" },
        { shell: "aws --region us-east-1 cloudformation delete-stack --stack-name app" },
        {
          mcp: "aws/use_aws",
          args: { service_name: "dynamodb", operation_name: "delete-table", parameters: { TableName: "orders-prod" } },
          note: "an AWS server's structured tool, judged as the aws command it stands for",
        },
        { shell: "aws ecr batch-delete-image --repository-name api --image-ids imageTag=latest" },
      ],
      allow: [
        { shell: "aws ec2 describe-instances" },
        { shell: "gcloud compute instances list" },
        { shell: "az vm list" },
        {
          mcp: "aws/use_aws",
          args: { service_name: "dynamodb", operation_name: "describe-table", parameters: { TableName: "orders" } },
        },
        { shell: "aws ecr batch-get-image --repository-name api --image-ids imageTag=latest" },
        { shell: "aws --endpoint-url http://localhost:8000 dynamodb delete-table --table-name orders-test" },
      ],
    }),
  },
  check: cloudCheck("resource"),
});
