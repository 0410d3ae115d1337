// Commands whose whole purpose is to print a credential (gh auth token, aws configure get …secret…,
// gcloud auth print-access-token, kubectl config view --raw, …), commands that print a secret
// environment variable, and environment dumps sent over the network.
import { defineRule } from "../../engine/rule.js";
import { shellOf, type SimpleCommand } from "../../analysis/shell/index.js";

type Matcher = (args: string[]) => boolean;
const starts = (args: string[], ...words: string[]) => words.every((w, i) => args[i] === w);

/** program → [test on the arguments, what it prints]. */
const PRINTERS: Record<string, Array<[Matcher, string]>> = {
  gh: [
    [
      (a) =>
        starts(a, "auth", "token") || (starts(a, "auth", "status") && (a.includes("--show-token") || a.includes("-t"))),
      "the GitHub CLI token",
    ],
  ],
  aws: [
    [(a) => starts(a, "configure", "get") && /secret|token|access_key/i.test(a[2] ?? ""), "an AWS credential"],
    [(a) => starts(a, "configure", "export-credentials"), "the AWS credentials"],
    [
      (a) =>
        starts(a, "ecr", "get-login-password") ||
        starts(a, "codeartifact", "get-authorization-token") ||
        starts(a, "sts", "get-session-token"),
      "an AWS token",
    ],
    [
      (a) =>
        starts(a, "secretsmanager", "get-secret-value") ||
        (starts(a, "ssm", "get-parameter") && a.includes("--with-decryption")),
      "a stored secret",
    ],
  ],
  gcloud: [
    [(a) => a.some((x) => /^print-(?:access|identity|refresh)-token$/.test(x)), "a Google Cloud token"],
    [(a) => starts(a, "secrets", "versions", "access"), "a stored secret"],
  ],
  az: [
    [(a) => starts(a, "account", "get-access-token"), "an Azure token"],
    [(a) => starts(a, "keyvault", "secret", "show") || starts(a, "keyvault", "secret", "download"), "a stored secret"],
  ],
  kubectl: [
    [
      (a) => starts(a, "config", "view") && (a.includes("--raw") || a.includes("--flatten")),
      "the Kubernetes credentials",
    ],
    [
      (a) =>
        a[0] === "get" &&
        /^secrets?$|^secrets?\//.test(a[1] ?? "") &&
        a.some((x) => /^-o(?:=?(?:json|yaml|jsonpath.*|go-template.*))?$|^--output/.test(x)),
      "Kubernetes secret values",
    ],
  ],
  git: [
    [
      (a) =>
        starts(a, "credential", "fill") ||
        starts(a, "credential-cache") ||
        (a[0] === "config" && a.some((x) => /^credential\..*(?:password|token)/i.test(x))),
      "git credentials",
    ],
  ],
  security: [
    [
      (a) => /^find-(?:generic|internet)-password$/.test(a[0] ?? "") && (a.includes("-w") || a.includes("-g")),
      "a keychain password",
    ],
  ],
  vault: [
    [(a) => (a[0] === "kv" && a[1] === "get") || a[0] === "read" || starts(a, "print", "token"), "a Vault secret"],
  ],
  op: [[(a) => a[0] === "read" || (starts(a, "item", "get") && a.includes("--reveal")), "a 1Password secret"]],
  pass: [[(a) => a[0] === "show" || (a.length === 1 && !a[0]!.startsWith("-")), "a password-store entry"]],
  heroku: [[(a) => a[0] === "auth:token", "the Heroku token"]],
  doctl: [[(a) => starts(a, "auth", "token"), "the DigitalOcean token"]],
  npm: [[(a) => starts(a, "config", "get") && /_auth|token/i.test(a[2] ?? ""), "the npm token"]],
  "docker-credential-desktop": [[(a) => a[0] === "get", "registry credentials"]],
  "docker-credential-osxkeychain": [[(a) => a[0] === "get", "registry credentials"]],
  "docker-credential-pass": [[(a) => a[0] === "get", "registry credentials"]],
  "docker-credential-secretservice": [[(a) => a[0] === "get", "registry credentials"]],
  "docker-credential-gcloud": [[(a) => a[0] === "get", "registry credentials"]],
  "docker-credential-ecr-login": [[(a) => a[0] === "get", "registry credentials"]],
};

const ENV_DUMPERS = new Set(["env", "printenv", "export", "declare", "set", "typeset", "compgen"]);
const NETWORK = new Set([
  "curl",
  "wget",
  "nc",
  "ncat",
  "netcat",
  "socat",
  "telnet",
  "ssh",
  "scp",
  "sftp",
  "rsync",
  "ftp",
  "http",
  "https",
  "xh",
  "aria2c",
  "openssl",
  "mail",
  "mailx",
  "sendmail",
  "mutt",
  "s3cmd",
  "gsutil",
]);
const SECRET_VAR =
  /\$\{?[A-Za-z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)[A-Za-z0-9_]*\}?/i;

/**
 * The text with the expansions that print nothing of a variable's value removed: `${NAME:+set}` and
 * `${NAME+set}` print the alternative word, `${#NAME}` the length.
 */
function printedText(text: string): string {
  return text.replace(/\$\{#\w+\}|\$\{\w+:?\+([^}$`]*)\}/g, "$1");
}

/** Programs that read a secret on stdin to log in or store it: `echo "$PW" | docker login --password-stdin`. */
function readsSecretOnStdin(cmd: SimpleCommand): boolean {
  const p = cmd.program;
  const a = cmd.args;
  if (a.includes("--password-stdin")) return true; // docker, podman, nerdctl, buildah, skopeo, helm, oras, crane
  if ((p === "gh" || p === "glab") && a[0] === "auth" && a[1] === "login")
    return a.includes("--with-token") || a.includes("--stdin");
  if ((p === "gh" || p === "glab") && (a[0] === "secret" || a[0] === "variable") && a[1] === "set") return true;
  if (p === "wrangler" && a[0] === "secret" && a[1] === "put") return true;
  if (p === "vercel" && a[0] === "env" && a[1] === "add") return true;
  if (p === "vault" && a[0] === "login") return a.includes("-");
  return false;
}

/** Files tools read their credentials from: writing a token there is how they are configured. */
const CREDENTIAL_CONFIG =
  /(?:^|\/)(?:\.npmrc|\.yarnrc(?:\.yml)?|\.pypirc|\.netrc|\.git-credentials|\.env(?:\.[\w.-]+)?|\.docker\/config\.json|\.terraformrc|credentials\.tfrc\.json)$/;

/**
 * The printed secret never reaches the conversation: it is piped into a program that reads it on stdin
 * to log in or store it, or written to the credentials file a tool reads.
 */
function keptLocal(cmd: SimpleCommand, commands: SimpleCommand[]): boolean {
  const out = cmd.redirects.filter((r) => (r.op === ">" || r.op === ">>" || r.op === ">|") && r.fd !== 2);
  if (out.length) return out.every((r) => CREDENTIAL_CONFIG.test(r.target));
  if (cmd.pipeline.index >= cmd.pipeline.length - 1) return false;
  const next = commands.find((c) => c.pipeline.id === cmd.pipeline.id && c.pipeline.index === cmd.pipeline.index + 1);
  return next !== undefined && readsSecretOnStdin(next);
}

function isEnvDump(cmd: SimpleCommand): boolean {
  if (!ENV_DUMPERS.has(cmd.program)) return false;
  // env/printenv with no operand dump everything; `env FOO=1 cmd` runs a command instead (unwrapped elsewhere).
  const operands = cmd.args.filter((a) => !a.startsWith("-"));
  if (cmd.program === "env" || cmd.program === "printenv") return operands.length === 0;
  return operands.length === 0 || cmd.args.includes("-p") || cmd.args.includes("-x");
}

export default defineRule({
  meta: {
    id: "credentials/print-command",
    description:
      "Blocks commands that print credentials (gh auth token, aws configure get …secret…, gcloud auth print-access-token, kubectl config view --raw, …), print secret environment variables, or send the environment over the network.",
    defaultAction: "block",
    kinds: ["shell"],
    examples: () => ({
      block: [
        { shell: "gh auth token" },
        { shell: "aws configure get aws_secret_access_key" },
        { shell: "gcloud auth print-access-token" },
        { shell: "kubectl config view --raw" },
        { shell: 'echo "token: $GITHUB_TOKEN"' },
        { shell: "echo $NPM_TOKEN > /tmp/t", note: "a scratch file, not a tool's credentials file" },
        { shell: 'echo "$DOCKER_PASSWORD" | base64' },
      ],
      allow: [
        { shell: "gh auth status" },
        { shell: "aws configure get region" },
        { shell: "kubectl config view" },
        { shell: 'echo "token is set: ${GITHUB_TOKEN:+yes}"', note: "prints whether it is set, not the value" },
        { shell: 'echo "key length: ${#OPENAI_API_KEY}"' },
        { shell: 'echo "$DOCKER_PASSWORD" | docker login -u "$DOCKER_USERNAME" --password-stdin' },
        { shell: 'printf %s "$GH_TOKEN" | gh auth login --with-token' },
        { shell: 'echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc' },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const instead =
      "Let the program that needs the credential read it itself at run time (an environment variable, the CLI's own login, a credential helper); do not bring the value into the conversation.";
    for (const cmd of analysis.commands) {
      for (const [test, what] of PRINTERS[cmd.program] ?? []) {
        if (test(cmd.args)) return { reason: `\`${cmd.text.slice(0, 120)}\` prints ${what}. ${instead}` };
      }
      if (cmd.program === "printenv" && cmd.args.some((a) => SECRET_VAR.test(`$${a}`)))
        return { reason: `\`${cmd.text.slice(0, 120)}\` prints a secret environment variable. ${instead}` };
      if (
        (cmd.program === "echo" || cmd.program === "printf") &&
        SECRET_VAR.test(printedText(cmd.text)) &&
        !keptLocal(cmd, analysis.commands)
      )
        return {
          reason: `\`${cmd.text.slice(0, 120)}\` prints a secret environment variable. Check that it is set with \`test -n "$NAME"\` or \`[ -n "\${NAME:+set}" ]\` instead of printing it.`,
        };
    }
    const dump = analysis.commands.find(isEnvDump);
    const net = analysis.commands.find((c) => NETWORK.has(c.program));
    if (dump && net)
      return {
        reason: `The command sends the environment (${dump.program}) to ${net.program}: environment variables hold API keys and tokens. Send only the specific, non-secret values that are needed.`,
      };
    return null;
  },
});
