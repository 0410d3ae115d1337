// Platform CLIs that delete what an application lives on: projects, sites, apps, databases, volumes,
// functions, storage, domains (Firebase, Vercel, Netlify, Heroku add-ons, Supabase, Fly, Railway, Render,
// Cloudflare, Turso, PlanetScale, Neon, Argo CD, SAM). Kept as data in the custom-rule language: a program,
// the words of its subcommand (options and their values left out), and what it deletes. aws/gcloud/az/heroku
// apps are data/cloud-resource-delete's; cdk destroy and serverless remove are data/iac-destroy's (it tells a
// bounded destroy apart). Kafka is code beside the table: whether the broker is this machine depends on
// where its server option sits, and so is rabbitmqadmin's host.
import { defineRule } from "../../engine/rule.js";
import { commandTable, tablePrograms, type CommandRow } from "../command-table.js";
import { shellOf, type SimpleCommand } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";
import { EPHEMERAL_ENV_NAME, NOT_EPHEMERAL } from "./ephemeral-env.js";

const KAFKA = ["kafka-topics", "kafka-topics.sh", "kafka-delete-records", "kafka-delete-records.sh"];
const LOOPBACK_SERVER = /^(?:localhost|127(?:\.\d+){3}|\[::1\]|::1)(?::\d+)?$/;

/** The servers a command names with `option` (`--bootstrap-server a,b`, `-H host`); "$" for one not literal. */
function namedServers(cmd: SimpleCommand, option: RegExp): string[] {
  const servers: string[] = [];
  cmd.args.forEach((a, i) => {
    const m = option.exec(a);
    if (!m) return;
    const v = m[1] ?? cmd.args[i + 1] ?? "";
    const dynamic = m[1] === undefined ? cmd.wordInfo[i + 2]?.dynamic : cmd.wordInfo[i + 1]?.dynamic;
    servers.push(...(dynamic ? ["$"] : v.split(",")));
  });
  return servers;
}
/** Every server named is this machine's (and one is named): a development broker. */
const onThisMachine = (servers: string[]) => servers.length > 0 && servers.every((s) => LOOPBACK_SERVER.test(s));

/**
 * Kafka topics or records deleted, unless every server the command names is this machine's
 * (`--bootstrap-server localhost:9092`): a development broker, whose topics are as disposable as a local
 * folder. A server that is not a literal (`$KAFKA`) is not this machine's.
 */
function kafkaDelete(cmd: SimpleCommand): string | undefined {
  if (!KAFKA.includes(cmd.program)) return undefined;
  const records = cmd.program.startsWith("kafka-delete-records");
  if (!records && !cmd.args.includes("--delete")) return undefined;
  if (onThisMachine(namedServers(cmd, /^--(?:bootstrap-server|zookeeper|broker-list)(?:=(.*))?$/))) return undefined;
  return records ? "deletes the records of Kafka topics" : "deletes Kafka topics and their messages";
}

/**
 * rabbitmqadmin deleting or purging, unless its host is named and is this machine's (`-H localhost`), as
 * for Kafka. Without -H it also talks to localhost, but nothing then says the broker is a development one.
 */
function rabbitAdminDelete(cmd: SimpleCommand): string | undefined {
  if (cmd.program !== "rabbitmqadmin") return undefined;
  const words = cmd.args.filter((a) => !a.startsWith("-")).join(" ");
  if (!/\b(?:delete|purge)\s+(?:queue|exchange|vhost|user|binding|policy|parameter|permission)\b/.test(words))
    return undefined;
  if (onThisMachine(namedServers(cmd, /^(?:-H|--host)(?:=(.*))?$/))) return undefined;
  return "deletes RabbitMQ virtual hosts, queues or users, or their messages";
}

const TABLE: CommandRow[] = [
  {
    shell: { program: "firebase", words: { regex: "^firestore:delete\\b" } },
    does: "deletes Firestore documents or collections",
    action: "block",
  },
  {
    shell: { program: "firebase", words: { regex: "^database:(?:remove|set)\\b" } },
    does: "deletes or overwrites Realtime Database data",
    action: "block",
  },
  {
    shell: { program: "firebase", words: { regex: "^projects:delete\\b" } },
    does: "deletes a Firebase project",
    action: "block",
  },
  {
    shell: {
      program: "firebase",
      words: {
        regex:
          "^(?:functions:delete|hosting:disable|hosting:sites:delete|auth:delete|appdistribution:testers:remove|storage:delete|remoteconfig:rollback)\\b",
      },
    },
    does: "deletes or takes down part of a Firebase project",
    action: "block",
  },
  {
    shell: {
      program: "vercel",
      words: {
        regex:
          "^(?:remove|rm)\\b|^project\\s+(?:rm|remove)\\b|^domains?\\s+(?:rm|remove)\\b|^dns\\s+(?:rm|remove)\\b|^blob\\s+(?:del|rm)\\b",
      },
    },
    does: "deletes a Vercel project, deployment or domain",
    action: "block",
  },
  {
    shell: { program: "vercel", words: { regex: "^env\\s+(?:rm|remove)\\b" } },
    does: "deletes a Vercel environment variable",
    action: "escalate",
  },
  {
    shell: { program: "netlify", words: { regex: "^sites:delete\\b|^blobs:delete\\b" } },
    does: "deletes a Netlify site or its data",
    action: "block",
  },
  {
    // `netlify api deleteSite --data …`: the same deletions through the CLI's raw API command.
    shell: {
      program: "netlify",
      words: { regex: "^api\\s+delete(?:Site|SiteDeploy|Deploy|SiteForm|Hook|EnvVar|Env)\\b" },
    },
    does: "deletes a Netlify site, deploy or setting through its API",
    action: "block",
  },
  {
    // nodetool's connection options (-h host -p port -u user) come first, their values among the words.
    shell: { program: "nodetool", words: { regex: "(?:^|\\s)clearsnapshot\\b" } },
    does: "deletes Cassandra's snapshots (its backups)",
    action: "escalate",
  },
  {
    shell: { program: "netlify", words: { regex: "^env:(?:unset|delete)\\b" } },
    does: "deletes a Netlify environment variable",
    action: "escalate",
  },
  {
    shell: {
      program: "heroku",
      words: {
        regex:
          "^addons:(?:destroy|remove|detach)\\b|^pg:(?:reset|killall)\\b|^redis:(?:reset|destroy)\\b|^spaces:destroy\\b",
      },
    },
    does: "deletes a Heroku add-on or its data",
    action: "block",
  },
  {
    shell: { program: "heroku", words: { regex: "^config:unset\\b|^domains:remove\\b" } },
    does: "removes Heroku configuration",
    action: "escalate",
  },
  {
    shell: {
      program: "supabase",
      words: { regex: "^projects\\s+delete\\b|^storage\\s+rm\\b|^orgs\\s+delete\\b|^branches\\s+delete\\b" },
    },
    does: "deletes a Supabase project, branch or stored files",
    action: "block",
  },
  {
    shell: {
      program: ["fly", "flyctl"],
      words: {
        regex:
          "^(?:volumes?|vol)\\s+(?:destroy|delete|rm)\\b|^(?:apps?)\\s+(?:destroy|delete|rm)\\b|^(?:postgres|pg|mpg)\\s+(?:destroy|delete)\\b|^(?:destroy|secrets\\s+unset)\\b",
      },
    },
    does: "deletes a Fly app, volume or database",
    action: "block",
  },
  {
    shell: { program: "railway", words: { regex: "^(?:down|delete|volume\\s+delete|environment\\s+delete)\\b" } },
    does: "takes down or deletes a Railway project or its data",
    action: "block",
  },
  {
    shell: {
      program: "render",
      words: { regex: "^(?:services?|databases?|postgres|redis)\\s+(?:delete|destroy|rm)\\b" },
    },
    does: "deletes a Render service or database",
    action: "block",
  },
  {
    shell: {
      program: "wrangler",
      words: {
        regex:
          "^(?:delete|deployments\\s+delete)\\b|^(?:kv|r2|d1|queues|vectorize|hyperdrive)\\b.*\\b(?:delete|destroy)\\b",
      },
    },
    does: "deletes a Cloudflare worker or its storage",
    action: "block",
  },
  {
    shell: {
      program: ["cloudflare-cli", "cfcli", "flarectl"],
      words: { regex: "\\b(?:zone|dns|record|worker)s?\\s+(?:delete|rm|remove)\\b" },
    },
    does: "deletes a Cloudflare zone or record",
    action: "block",
  },
  {
    shell: { program: "turso", words: { regex: "^(?:db|group|org)\\s+(?:destroy|delete)\\b" } },
    does: "deletes a Turso database",
    action: "block",
  },
  {
    shell: { program: ["planetscale", "pscale"], words: { regex: "^(?:database|db|branch)\\s+(?:delete|destroy)\\b" } },
    does: "deletes a PlanetScale database or branch",
    action: "block",
  },
  {
    shell: {
      program: ["neonctl", "neon"],
      words: { regex: "^(?:projects?|branches?|databases?)\\s+(?:delete|rm)\\b" },
    },
    does: "deletes a Neon project, branch or database",
    action: "block",
  },
  {
    // A pull request's preview application (`argocd app delete preview-pr-123`) ends so; see ephemeral-env.ts.
    shell: {
      program: "argocd",
      words: {
        regex: "^(?:app|proj|cluster|appset)\\s+(?:delete|rm)\\b",
        not: {
          regex: `^app\\s+(?:delete|rm)(?:\\s+${EPHEMERAL_ENV_NAME})+$`,
          flags: "i",
          not: { regex: NOT_EPHEMERAL, flags: "i" },
        },
      },
    },
    does: "deletes an Argo CD application and what it deployed",
    action: "block",
  },
  {
    shell: { program: "sam", words: { regex: "^delete\\b" } },
    does: "deletes a CloudFormation stack",
    action: "block",
  },
  {
    shell: { program: "doctl", words: { regex: "\\b(?:delete|rm)\\b" } },
    does: "deletes a DigitalOcean resource",
    action: "block",
  },
  {
    shell: {
      program: ["linode-cli", "hcloud", "vultr-cli", "scw", "exo", "oci", "upstash", "fastly", "ibmcloud"],
      words: { regex: "\\b(?:delete|destroy|rm|rb|bulk-delete|purge)\\b|-delete\\b" },
    },
    does: "deletes a cloud server, bucket, volume, database or service",
    action: "block",
  },
  {
    shell: {
      program: "vault",
      words: {
        regex:
          "^kv\\s+(?:metadata\\s+delete|destroy)\\b|^(?:secrets|auth|audit)\\s+disable\\b|^operator\\s+(?:seal|step-down|raft\\s+remove-peer)\\b|^(?:policy|namespace)\\s+delete\\b|^lease\\s+revoke\\b.*-prefix",
      },
    },
    does: "destroys Vault secrets or their versions, disables a secrets engine or auth method, or seals Vault",
    action: "block",
  },
  {
    shell: { program: "vault", words: { regex: "^kv\\s+delete\\b|^delete\\b|^token\\s+revoke\\b" } },
    does: "deletes a Vault secret or revokes a token",
    action: "escalate",
  },
  {
    shell: { program: "nomad", words: { regex: "^(?:namespace|volume|quota)\\s+delete\\b|^var\\s+purge\\b" } },
    does: "deletes a Nomad namespace, volume or variables",
    action: "block",
  },
  {
    shell: {
      program: "rabbitmqctl",
      words: {
        regex:
          "^(?:delete_vhost|delete_user|purge_queue|delete_queue|reset|force_reset|clear_permissions)\\b|\\b(?:delete|purge)\\s+(?:queue|exchange|vhost|user|binding)\\b",
      },
    },
    does: "deletes RabbitMQ virtual hosts, queues or users, or their messages",
    action: "block",
  },
  {
    shell: { program: "bq", words: { regex: "^rm\\b" } },
    does: "deletes a BigQuery dataset or table",
    action: "block",
  },
  {
    shell: { program: "influx", words: { regex: "^(?:bucket|org|delete)\\b.*\\bdelete\\b|^delete\\b" } },
    does: "deletes InfluxDB data",
    action: "block",
  },
];

const table = commandTable(TABLE);

export default defineRule({
  meta: {
    id: "data/platform-delete",
    description:
      "Blocks platform CLIs deleting projects, sites, apps, databases, volumes, functions, storage or domains (Firebase, Vercel, Netlify, Heroku add-ons, Supabase, Fly, Railway, Render, Cloudflare, Turso, PlanetScale, Neon, Argo CD (but a pull request's preview application), SAM, CDK, Kafka topics on a broker other than this machine's, InfluxDB, Vault, Nomad, RabbitMQ, BigQuery, smaller clouds); escalates removed environment variables and single Vault secrets.",
    defaultAction: "block",
    actions: ["block", "escalate"],
    kinds: ["shell"],
    looksAt: { programs: [...tablePrograms(TABLE), ...KAFKA, "rabbitmqadmin"] },
    examples: () => ({
      block: [
        { shell: "firebase firestore:delete --all-collections --force" },
        { shell: "vercel remove acme-web --yes" },
        { shell: "netlify sites:delete 3f2a1c9e --force" },
        { shell: `netlify api deleteSite --data '{"site_id":"3f2a1c9e"}'` },
        { shell: "nodetool clearsnapshot --all", action: "escalate" },
        { shell: "nodetool -h cass-prod -p 7199 clearsnapshot --all", action: "escalate" },
        { shell: "heroku addons:destroy heroku-postgresql --app acme-prod --confirm acme-prod" },
        { shell: "supabase projects delete abcdefghijklmnopqrst" },
        { shell: "wrangler kv namespace delete --namespace-id abc123" },
        { shell: "kafka-topics.sh --bootstrap-server kafka:9092 --delete --topic orders" },
        { shell: "vercel env rm DATABASE_URL production", action: "escalate" },
        { shell: "kafka-topics --bootstrap-server localhost:9092,kafka-prod:9092 --delete --topic orders" },
        { shell: "kafka-topics --bootstrap-server=kafka-prod:9092 --delete --topic orders" },
        { shell: "kafka-topics --delete --topic orders --bootstrap-server 10.0.0.5:9092" },
        { shell: "kafka-delete-records --bootstrap-server broker.internal:9092 --offset-json-file o.json" },
        { shell: "vault kv metadata delete secret/prod/database" },
        { shell: "vault secrets disable secret/" },
        { shell: "nomad namespace delete production" },
        { shell: "rabbitmqctl delete_vhost /" },
        { shell: "rabbitmqadmin -H mq.prod delete queue name=orders" },
        { shell: "rabbitmqadmin delete vhost name=/", note: "no host named: nothing says it is a development one" },
        { shell: "rabbitmqadmin --host=$MQ_HOST purge queue name=orders" },
        { shell: "linode-cli obj rb --recursive prod-media" },
        { shell: "fastly service delete --service-id SU1Z0isx --force" },
        { shell: "bq rm -r -f -d acme-prod:analytics" },
        { shell: "oci os bucket delete --bucket-name prod-data --force" },
        { shell: "vault kv delete secret/app/api-key", action: "escalate" },
        { shell: "argocd app delete webapp-prod --yes" },
        { shell: "argocd app delete preview-pr-123 webapp --yes", note: "one of the two is no preview" },
        { shell: "argocd app delete prod-pr-12 --yes" },
        { shell: "argocd appset delete previews" },
      ],
      allow: [
        { shell: "vercel deploy --prod" },
        { shell: "firebase deploy --only hosting" },
        { shell: "netlify deploy --dir=dist" },
        { shell: `netlify api listSites --data '{"filter":"all"}'` },
        { shell: "nodetool snapshot -t pre-upgrade app" },
        { shell: "supabase db push" },
        { shell: "fly scale count 3 -a acme-api" },
        { shell: "kafka-topics.sh --bootstrap-server kafka:9092 --list" },
        { shell: "vault kv get secret/dev/app" },
        { shell: "vault status" },
        { shell: "nomad job status api" },
        { shell: "rabbitmqctl list_queues" },
        { shell: "bq ls acme-dev:analytics" },
        { shell: "linode-cli linodes list" },
        { shell: "fastly service list" },
        { shell: "wrangler d1 execute dev-db --local --command 'SELECT 1'" },
        {
          shell: "kafka-topics --bootstrap-server localhost:9092 --delete --topic test-orders",
          note: "a broker on this machine: a development one",
        },
        { shell: "kafka-topics.sh --bootstrap-server 127.0.0.1:29092 --delete --topic tmp-events" },
        { shell: "rabbitmqadmin -H localhost delete queue name=test.queue", note: "a broker on this machine" },
        { shell: "argocd app delete preview-pr-123 --yes", note: "a pull request's preview, ended as meant" },
        { shell: "argocd app delete webapp-pr-42 review-1402 -y" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of actingCommands(analysis)) {
      const does = kafkaDelete(cmd) ?? rabbitAdminDelete(cmd);
      if (does)
        return {
          reason: `${describe(cmd)} ${does}; that cannot be undone from here. Ask the user to do it.`,
          action: "block",
        };
    }
    return table(call);
  },
});
