// Deleting cloud resources: named deletions are escalated; whole projects, resource groups and apps blocked.
import { defineRule } from "../../engine/rule.js";
import { cloudCheck } from "./cloud-commands.js";

export default defineRule({
  meta: {
    id: "data/cloud-resource-delete",
    description:
      "Escalates aws/gcloud/az resource deletions (delete-*, terminate-*); blocks deleting projects, resource groups, apps, and RDS deletes without a final snapshot.",
    defaultAction: "escalate",
    kinds: ["shell"],
  },
  check: cloudCheck("resource"),
});
