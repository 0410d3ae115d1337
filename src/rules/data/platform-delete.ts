// Platform CLIs that delete what an application lives on: projects, sites, apps, databases, volumes,
// functions, storage, domains (Firebase, Vercel, Netlify, Heroku add-ons, Supabase, Fly, Railway, Render,
// Cloudflare, Turso, PlanetScale, Neon, Argo CD, SAM). Kept as data: a program, the words of its
// subcommand, and what it deletes. aws/gcloud/az/heroku apps are data/cloud-resource-delete's.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";
import { describe } from "../../analysis/shell/commands.js";

interface Entry {
  programs: string[];
  /** Matched against the command's words without options, joined by spaces. */
  words: RegExp;
  what: string;
  action: "block" | "escalate";
}

const TABLE: Entry[] = [
  {
    programs: ["firebase"],
    words: /^firestore:delete\b/,
    what: "deletes Firestore documents or collections",
    action: "block",
  },
  {
    programs: ["firebase"],
    words: /^database:(?:remove|set)\b/,
    what: "deletes or overwrites Realtime Database data",
    action: "block",
  },
  { programs: ["firebase"], words: /^projects:delete\b/, what: "deletes a Firebase project", action: "block" },
  {
    programs: ["firebase"],
    words:
      /^(?:functions:delete|hosting:disable|hosting:sites:delete|auth:delete|appdistribution:testers:remove|storage:delete|remoteconfig:rollback)\b/,
    what: "deletes or takes down part of a Firebase project",
    action: "block",
  },
  {
    programs: ["vercel"],
    words:
      /^(?:remove|rm)\b|^project\s+(?:rm|remove)\b|^domains?\s+(?:rm|remove)\b|^dns\s+(?:rm|remove)\b|^blob\s+(?:del|rm)\b/,
    what: "deletes a Vercel project, deployment or domain",
    action: "block",
  },
  {
    programs: ["vercel"],
    words: /^env\s+(?:rm|remove)\b/,
    what: "deletes a Vercel environment variable",
    action: "escalate",
  },
  {
    programs: ["netlify"],
    words: /^sites:delete\b|^blobs:delete\b/,
    what: "deletes a Netlify site or its data",
    action: "block",
  },
  {
    programs: ["netlify"],
    words: /^env:(?:unset|delete)\b/,
    what: "deletes a Netlify environment variable",
    action: "escalate",
  },
  {
    programs: ["heroku"],
    words: /^addons:(?:destroy|remove|detach)\b|^pg:(?:reset|killall)\b|^redis:(?:reset|destroy)\b|^spaces:destroy\b/,
    what: "deletes a Heroku add-on or its data",
    action: "block",
  },
  {
    programs: ["heroku"],
    words: /^config:unset\b|^domains:remove\b/,
    what: "removes Heroku configuration",
    action: "escalate",
  },
  {
    programs: ["supabase"],
    words: /^projects\s+delete\b|^storage\s+rm\b|^orgs\s+delete\b|^branches\s+delete\b/,
    what: "deletes a Supabase project, branch or stored files",
    action: "block",
  },
  {
    programs: ["fly", "flyctl"],
    words:
      /^(?:volumes?|vol)\s+(?:destroy|delete|rm)\b|^(?:apps?)\s+(?:destroy|delete|rm)\b|^(?:postgres|pg|mpg)\s+(?:destroy|delete)\b|^(?:destroy|secrets\s+unset)\b/,
    what: "deletes a Fly app, volume or database",
    action: "block",
  },
  {
    programs: ["railway"],
    words: /^(?:down|delete|volume\s+delete|environment\s+delete)\b/,
    what: "takes down or deletes a Railway project or its data",
    action: "block",
  },
  {
    programs: ["render"],
    words: /^(?:services?|databases?|postgres|redis)\s+(?:delete|destroy|rm)\b/,
    what: "deletes a Render service or database",
    action: "block",
  },
  {
    programs: ["wrangler"],
    words: /^(?:delete|deployments\s+delete)\b|^(?:kv|r2|d1|queues|vectorize|hyperdrive)\b.*\b(?:delete|destroy)\b/,
    what: "deletes a Cloudflare worker or its storage",
    action: "block",
  },
  {
    programs: ["cloudflare-cli", "cfcli", "flarectl"],
    words: /\b(?:zone|dns|record|worker)s?\s+(?:delete|rm|remove)\b/,
    what: "deletes a Cloudflare zone or record",
    action: "block",
  },
  {
    programs: ["turso"],
    words: /^(?:db|group|org)\s+(?:destroy|delete)\b/,
    what: "deletes a Turso database",
    action: "block",
  },
  {
    programs: ["planetscale", "pscale"],
    words: /^(?:database|db|branch)\s+(?:delete|destroy)\b/,
    what: "deletes a PlanetScale database or branch",
    action: "block",
  },
  {
    programs: ["neonctl", "neon"],
    words: /^(?:projects?|branches?|databases?)\s+(?:delete|rm)\b/,
    what: "deletes a Neon project, branch or database",
    action: "block",
  },
  {
    programs: ["argocd"],
    words: /^(?:app|proj|cluster|appset)\s+(?:delete|rm)\b/,
    what: "deletes an Argo CD application and what it deployed",
    action: "block",
  },
  { programs: ["sam"], words: /^delete\b/, what: "deletes a CloudFormation stack", action: "block" },
  { programs: ["cdk"], words: /^destroy\b/, what: "deletes a CloudFormation stack", action: "block" },
  { programs: ["serverless", "sls"], words: /^remove\b/, what: "deletes a deployed service", action: "block" },
  { programs: ["doctl"], words: /\b(?:delete|rm)\b/, what: "deletes a DigitalOcean resource", action: "block" },
  {
    programs: ["linode-cli", "hcloud", "vultr-cli", "scw"],
    words: /\b(?:delete|destroy|rm)\b/,
    what: "deletes a cloud server or volume",
    action: "block",
  },
  {
    programs: ["influx"],
    words: /^(?:bucket|org|delete)\b.*\bdelete\b|^delete\b/,
    what: "deletes InfluxDB data",
    action: "block",
  },
  { programs: ["kafka-topics", "kafka-topics.sh"], words: /.*/, what: "", action: "block" },
  {
    programs: ["kafka-delete-records", "kafka-delete-records.sh"],
    words: /.*/,
    what: "deletes the records of Kafka topics",
    action: "block",
  },
];

/** Options whose value follows them, so it is not taken for a word (the app name after -a, …). */
const VALUE_OPTIONS =
  /^-(?:a|r|p|c|n|o|e)$|^--(?:app|remote|project|context|name|org|scope|token|cwd|config|region|team|env|environment|account|bootstrap-server|topic|zone)$/;

export default defineRule({
  meta: {
    id: "data/platform-delete",
    description:
      "Blocks platform CLIs deleting projects, sites, apps, databases, volumes, functions, storage or domains (Firebase, Vercel, Netlify, Heroku add-ons, Supabase, Fly, Railway, Render, Cloudflare, Turso, PlanetScale, Neon, Argo CD, SAM, CDK, Kafka topics, InfluxDB); escalates removed environment variables.",
    defaultAction: "block",
    actions: ["block", "escalate"],
    kinds: ["shell"],
    examples: () => ({
      block: [
        { shell: "firebase firestore:delete --all-collections --force" },
        { shell: "vercel remove acme-web --yes" },
        { shell: "netlify sites:delete 3f2a1c9e --force" },
        { shell: "heroku addons:destroy heroku-postgresql --app acme-prod --confirm acme-prod" },
        { shell: "supabase projects delete abcdefghijklmnopqrst" },
        { shell: "wrangler kv namespace delete --namespace-id abc123" },
        { shell: "kafka-topics.sh --bootstrap-server kafka:9092 --delete --topic orders" },
        { shell: "vercel env rm DATABASE_URL production", action: "escalate" },
      ],
      allow: [
        { shell: "vercel deploy --prod" },
        { shell: "firebase deploy --only hosting" },
        { shell: "netlify deploy --dir=dist" },
        { shell: "supabase db push" },
        { shell: "fly scale count 3 -a acme-api" },
        { shell: "kafka-topics.sh --bootstrap-server kafka:9092 --list" },
        { shell: "wrangler d1 execute dev-db --local --command 'SELECT 1'" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    let escalation: RuleFinding | undefined;
    for (const cmd of actingCommands(analysis)) {
      const entries = TABLE.filter((e) => e.programs.includes(cmd.program));
      if (!entries.length) continue;
      const words: string[] = [];
      for (let i = 0; i < cmd.args.length; i++) {
        const a = cmd.args[i]!;
        if (a.startsWith("-")) {
          if (VALUE_OPTIONS.test(a)) i++;
          continue;
        }
        words.push(a);
      }
      const text = words.join(" ");
      for (const e of entries) {
        if (!e.words.test(text)) continue;
        let what = e.what;
        if (cmd.program.startsWith("kafka-topics")) {
          if (!cmd.args.includes("--delete")) continue;
          what = "deletes Kafka topics and their messages";
        }
        const finding = {
          reason: `${describe(cmd)} ${what}; that cannot be undone from here. Ask the user to do it.`,
          action: e.action,
        };
        if (e.action === "block") return finding;
        escalation ??= finding;
      }
    }
    return escalation ?? null;
  },
});
