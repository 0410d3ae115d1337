// Deleting cloud storage: recursive deletions and removing buckets are blocked, single objects escalated.
import { defineRule } from "../../engine/rule.js";
import { cloudCheck, STORAGE_PROGRAMS } from "./cloud-commands.js";

export default defineRule({
  meta: {
    id: "data/cloud-storage-delete",
    description:
      "Blocks aws s3 rm --recursive, s3 rb --force, gsutil rm -r, gcloud storage rm -r, az storage deletions, rclone purge; escalates single deletions and syncs that delete what the source lacks (aws s3 sync --delete, rclone sync, mc mirror --remove).",
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
        { shell: "mc rm --recursive --force prod/backups" },
        { shell: "mc rb --force minio/bucket" },
        { shell: "mc rm minio/bucket/report.csv", action: "escalate" },
        { shell: "s3cmd del --recursive s3://bucket/logs/" },
        { shell: "s5cmd rm 's3://bucket/logs/*'" },
        {
          shell: "aws --endpoint-url https://s3.eu-west-1.amazonaws.com s3 rm s3://bucket --recursive",
          note: "an endpoint in the cloud",
        },
        {
          shell:
            "aws --endpoint-url http://localhost:4566 --endpoint-url https://s3.amazonaws.com s3 rb s3://b --force",
        },
        { shell: "rclone sync /tmp/empty gdrive:backups", action: "escalate" },
        { shell: "mc mirror --overwrite --remove /tmp/empty s3/prod-backups", action: "escalate" },
      ],
      allow: [
        { shell: "aws s3 ls" },
        { shell: "rclone copy dist/ s3:site-bucket/" },
        { shell: "rclone sync --dry-run dist/ s3:site-bucket/" },
        { shell: "aws s3 cp a.txt s3://bucket/" },
        { shell: "gsutil ls gs://bucket" },
        { shell: "mc ls minio/bucket" },
        { shell: "mc cp report.csv minio/bucket/" },
        { shell: "s3cmd ls s3://bucket" },
        { shell: "s5cmd ls 's3://bucket/*'" },
        {
          shell: "aws --endpoint-url=http://localhost:4566 s3 rm s3://test-uploads --recursive",
          note: "LocalStack on this machine: nothing in the cloud",
        },
        { shell: "AWS_ENDPOINT_URL=http://127.0.0.1:9000 aws s3 rb s3://scratch --force" },
      ],
    }),
  },
  check: cloudCheck("storage"),
});
