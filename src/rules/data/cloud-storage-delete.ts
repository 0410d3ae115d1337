// Deleting cloud storage: recursive deletions and removing buckets are blocked, single objects escalated.
import { defineRule } from "../../engine/rule.js";
import { cloudCheck } from "./cloud-commands.js";

export default defineRule({
  meta: {
    id: "data/cloud-storage-delete",
    description:
      "Blocks aws s3 rm --recursive, s3 rb --force, gsutil rm -r, gcloud storage rm -r, az storage deletions, rclone purge; escalates single deletions.",
    defaultAction: "block",
    kinds: ["shell"],
  },
  check: cloudCheck("storage"),
});
