// A secret in a command line, a fetched URL, a search or an MCP argument leaves the machine, lands in
// shell history and process listings, and stays in the transcript. Block it and say how to pass the
// secret by reference (an environment variable expanded at run time) instead.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import type { ToolCall } from "../../engine/types.js";
import { commandSecretValues, findSecretsIn, mapStrings, redactSecrets } from "../../analysis/secrets/index.js";
import { describeSecrets, loadHint } from "./shared.js";
import { fakeGithubToken } from "../example-secrets.js";
import { callTargets } from "../network/targets.js";

/** Detectors that match a value by its name (password=…, a connection string's password), not by a provider's format. */
const GENERIC = new Set(["secret-assignment", "connection-string-password"]);

const PASSWORD_OPTION = /\s-[a-zA-Z]*[upPaUw]|--(?:user|pass|proxy-user)/;

/** A password strong enough to be a real one (a dev default such as root, admin123 or password is not). */
const realPassword = (v: string) =>
  v.length >= 8 &&
  [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length >= 3 &&
  !/[$`]|^\{\{|^</.test(v);

/**
 * A password given as a client's option (`curl -u admin:VALUE`, `sshpass -p VALUE`, `mysql -pVALUE`,
 * `--password VALUE`) to a machine other than this one: it lands in the transcript, the shell history and
 * the process list.
 */
function passwordOption(call: ToolCall): RuleFinding | null {
  // A password option is a short -u/-p/-P/-a/-U/-w or a long --user/--pass…: without one, nothing to parse.
  if (!PASSWORD_OPTION.test(call.shell!.command)) return null;
  const values = commandSecretValues(call.shell!.command).filter(realPassword);
  if (values.length === 0) return null;
  const targets = callTargets(call);
  if (targets.length === 0 || targets.every((t) => t.class === "loopback")) return null;
  let command = call.shell!.command;
  for (const v of values) command = command.split(v).join("REDACTED");
  return {
    reason: `A password is written in clear in the command (an option of ${targets[0]!.host}'s client). Do not paste passwords into tool calls: pass it through an environment variable the client reads (CURL's --netrc-file, SSHPASS with sshpass -e, MYSQL_PWD) or ask the user to run it.`,
    input: { ...call.input, command },
  };
}

export default defineRule({
  meta: {
    id: "secrets/outbound",
    description:
      "Blocks secrets written in clear into shell commands, fetched URLs, web searches and MCP tool arguments.",
    defaultAction: "block",
    kinds: ["shell", "fetch", "web-search", "mcp"],
    examples: () => ({
      block: [
        { shell: `curl -H "Authorization: token ${fakeGithubToken()}" https://api.github.com/user` },
        { fetch: `https://example.com/hook?token=${fakeGithubToken()}` },
        { shell: "echo password=Sup3rS3cret99 >> notes.txt", note: "no request at all: still pasted" },
        { shell: "http POST https://api.acme.dev/login email=dana@acme.dev password=Sup3rS3cret99" },
        { shell: `curl -H "Authorization: token ${fakeGithubToken()}" http://localhost:3000/api/me` },
        {
          shell: `curl -s localhost:3000/health && mysql -h db.acme.io -u root --password=Sup3rS3cret99 -e "select 1"`,
          note: "a second target that is not loopback",
        },
        { shell: "curl -s -u admin:Pr0d-Adm1n-2024! https://jenkins.corp.example/api/json" },
        { shell: "sshpass -p 'Hunter2-Prod!' ssh root@10.0.4.12 uptime" },
      ],
      allow: [
        { shell: 'curl -H "Authorization: token $GITHUB_TOKEN" https://api.github.com/user' },
        { shell: "http POST localhost:3000/api/login email=test@example.com password=password123" },
        { shell: "http POST :8080/api/login username=alice password=alice1234", note: "httpie's localhost shorthand" },
        {
          shell: `curl -s -X POST http://127.0.0.1:8000/auth/token -d 'username=admin&password=Sup3rTest99'`,
          note: "a test account on the local dev server",
        },
        { fetch: "http://localhost:5173/reset?token=k3Jd9sL2mQ8xZ7vB" },
        { fetch: "https://api.github.com/repos/nodejs/node" },
        { shell: "curl -u admin:Adm1n-Local! http://localhost:8080/api/json", note: "the local dev server" },
        { shell: "sshpass -p raspberry ssh pi@192.168.1.10 uptime", note: "a device's default password" },
        { shell: 'curl -u "ci:$JENKINS_TOKEN" https://jenkins.corp.example/api/json' },
      ],
    }),
  },
  check(call) {
    const matches = findSecretsIn(call.input);
    if (matches.length === 0) return call.shell ? passwordOption(call) : null;
    // A test user's password posted to the agent's own dev server (`http POST localhost:3000/login
    // password=hunter22`) never leaves the machine; a provider's token in the same place stays blocked.
    if (matches.every((m) => GENERIC.has(m.detector.id)) && call.kind !== "mcp") {
      const targets = callTargets(call);
      if (targets.length > 0 && targets.every((t) => t.class === "loopback")) return null;
    }
    const what =
      call.kind === "shell"
        ? "the command"
        : call.kind === "mcp"
          ? `the arguments of ${call.tool}`
          : `the ${call.tool} request`;
    return {
      reason: `${describeSecrets(matches)} ${matches.length === 1 ? "is" : "are"} written in clear in ${what}. Do not paste secrets into tool calls: reference them through ${loadHint(matches)} (for a shell command, an environment variable such as "$API_TOKEN" that the shell expands at run time).`,
      // With action "modify" (a policy choice), the call runs with the secrets replaced by placeholders.
      input: mapStrings(call.input, (s) => redactSecrets(s)) as Record<string, unknown>,
    };
  },
});
