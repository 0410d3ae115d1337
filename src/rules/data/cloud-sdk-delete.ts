// Cloud deletions made from code instead of a CLI: the SDKs' delete calls (boto3's delete_bucket,
// objects.all().delete(); the AWS SDK for JavaScript's DeleteBucketCommand, v2's deleteBucket; Google Cloud
// Storage's bucket.delete(force=True), deleteFiles; Azure's begin_delete; Ruby's Aws:: bucket.delete!) are
// what `aws s3 rb --force` or `gcloud … delete` are on the command line. Emptying a bucket or deleting a
// whole store is blocked; a named deletion asks. Code pointed at a local emulator (endpoint_url=localhost,
// LocalStack) or a mocked cloud (moto) deletes nothing real.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { stateful } from "../../state/session.js";

/** Code that uses a cloud SDK (the only code whose delete calls this rule reads). */
const SDK =
  /\bboto3\b|\bbotocore\b|aws-sdk|@aws-sdk\/|google\.cloud|@google-cloud\/|\bazure\.|@azure\/|\bAws::|Google::Cloud|firebase_admin|firebase-admin|\bminio\b/;
/** Calls that empty a bucket or delete every object or blob: as `aws s3 rm --recursive`. */
const BULK =
  /\.objects\.(?:all|filter)\([^)]*\)\.delete\(\)|\.object_versions(?:\.(?:all|filter)\([^)]*\))?\.delete\(\)|\.delete_blobs\s*\(|\.deleteFiles\s*\(|\.delete\(\s*force\s*=\s*True\s*\)|\.delete!|\bDeleteObjectsCommand\b|\.deleteObjects\s*\(|\.delete_objects\s*\(|\.remove_objects\s*\(/;
/** A named deletion through an SDK call: Python's snake_case, JavaScript's camelCase and v3 commands. */
const NAMED =
  /\.(?:batch_)?(?:delete|terminate|destroy|purge|deregister)_[a-z_]+\s*\(|\.begin_delete\w*\s*\(|\bnew\s+(?:Batch)?(?:Delete|Terminate|Purge|Deregister)[A-Z]\w*Command\s*\(|\.(?:delete|terminate|purge)(?:Bucket|Table|Object|DBInstance|DBCluster|Stack|Function|Instances?|Cluster|Repository|Secret|LogGroup|User|Topic|Queue|Database|Collection)s?\s*\(|\.bucket\([^)]*\)\.delete\s*\(/;
/** An endpoint on this machine, or a mocked AWS: nothing in the cloud is touched. */
const LOCAL =
  /(?:endpoint_url|endpoint|endpointUrl|api_endpoint|host)\s*[:=]\s*['"`]https?:\/\/(?:localhost|127\.\d+\.\d+\.\d+|\[::1\]|localstack)\b|\bmoto\b|\bmock_aws\b|\bmock_s3\b|STORAGE_EMULATOR_HOST|AZURITE|devstoreaccount1/;

// Stateful: a script written by an earlier call of the session and run now is read from its memory.
export default stateful(
  defineRule({
    meta: {
      id: "data/cloud-sdk-delete",
      description:
        "Blocks cloud SDK calls in inline or run code that empty a bucket (boto3 objects.all().delete(), DeleteObjectsCommand, GCS delete(force=True)/deleteFiles, Aws:: delete!); escalates named SDK deletions (delete_bucket, DeleteBucketCommand, begin_delete). Local emulators and mocks are left alone.",
      defaultAction: "block",
      actions: ["block", "escalate"],
      kinds: ["shell"],
      looksAt: { inlineCode: true },
      examples: () => ({
        block: [
          { shell: `python3 -c "import boto3; boto3.resource('s3').Bucket('prod-assets').objects.all().delete()"` },
          {
            shell: `python3 -c "from google.cloud import storage; storage.Client().bucket('prod-data').delete(force=True)"`,
          },
          { shell: `ruby -e 'require "aws-sdk-s3"; Aws::S3::Resource.new.bucket("prod-logs").delete!'` },
          {
            shell: `node -e "const {S3Client,DeleteBucketCommand}=require('@aws-sdk/client-s3');new S3Client({}).send(new DeleteBucketCommand({Bucket:'prod-assets'}))"`,
            action: "escalate",
          },
          {
            shell: `python3 -c "import boto3; boto3.client('rds').delete_db_instance(DBInstanceIdentifier='prod', SkipFinalSnapshot=True)"`,
            action: "escalate",
          },
          {
            shell: `node -e "const AWS=require('aws-sdk'); new AWS.DynamoDB().deleteTable({TableName:'Orders'}).promise()"`,
            action: "escalate",
          },
          {
            shell: "python3 wipe.py",
            session: [
              {
                write: "/home/dev/proj/wipe.py",
                content: "import boto3\nfor b in boto3.resource('s3').buckets.all():\n    b.objects.all().delete()\n",
              },
            ],
            note: "a script written by an earlier call, then run",
          },
        ],
        allow: [
          {
            shell: `python3 -c "import boto3; print(boto3.client('s3').list_objects_v2(Bucket='my-site')['KeyCount'])"`,
          },
          { shell: `python3 -c "import boto3; boto3.client('s3').upload_file('dist/app.js', 'my-site', 'app.js')"` },
          {
            shell: `python3 -c "import boto3; boto3.client('dynamodb', endpoint_url='http://localhost:8000').delete_table(TableName='orders-test')"`,
            note: "DynamoDB Local",
          },
          { shell: `python3 -c "import shutil; shutil.rmtree('build')"` },
          {
            shell: `node -e "const fs=require('fs'); fs.rmSync('dist',{recursive:true,force:true})"`,
            note: "no cloud SDK in the code",
          },
          { shell: `python3 -c "from moto import mock_aws; import boto3"` },
        ],
      }),
    },
    check(call) {
      const analysis = shellOf(call);
      if (!analysis) return null;
      let escalation: RuleFinding | undefined;
      for (const code of analysis.inlineCode) {
        const text = code.code;
        if (!SDK.test(text) || LOCAL.test(text)) continue;
        const bulk = BULK.exec(text);
        if (bulk)
          return {
            reason: `${describe(code.command)} runs code whose cloud SDK call \`${bulk[0].trim()}\` deletes every object of a bucket or the bucket with its content; cloud deletions cannot be undone. Ask the user to do it themselves.`,
          };
        const named = NAMED.exec(text);
        if (named)
          escalation ??= {
            reason: `${describe(code.command)} runs code whose cloud SDK call \`${named[0].trim()}\` deletes a cloud resource; cloud deletions cannot be undone. Ask the user to approve it.`,
            action: "escalate",
          };
      }
      return escalation ?? null;
    },
  }),
);
