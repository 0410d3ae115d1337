// Deleting cloud storage: recursive deletions and removing buckets are blocked, single objects escalated.
import { defineRule } from "../../engine/rule.js";
import { cloudCheck, STORAGE_PROGRAMS } from "./cloud-commands.js";

export default defineRule({
  meta: {
    id: "data/cloud-storage-delete",
    description:
      "Blocks aws s3 rm --recursive, s3 rb --force, gsutil rm -r, gcloud storage rm -r, az storage deletions, rclone purge; escalates single deletions.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: STORAGE_PROGRAMS },
    actions: ["block", "escalate"],
    examples: () => ({
      block: [
        { shell: "aws s3 rm s3://bucket/ --recursive" },
        { shell: "aws s3 rm s3://bucket/key.txt", action: "escalate" },
        { shell: "aws --profile prod s3 rm s3://bucket/data --recursive --quiet" },
        { shell: "aws s3 rb s3://bucket --force" },
      ],
      allow: [{ shell: "aws s3 ls" }, { shell: "aws s3 cp a.txt s3://bucket/" }, { shell: "gsutil ls gs://bucket" }],
    }),
  },
  check: cloudCheck("storage"),
});
