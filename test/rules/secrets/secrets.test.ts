// secrets/written-content and secrets/outbound: case tables on both hosts, with the rendered answers.
import { describe, expect, it } from "vitest";
import { bash, claudeCall, codexCall, decide, ruleAction } from "../../support/calls.js";
import { rendered } from "../support.js";
import writtenContent from "../../../src/rules/secrets/written-content.js";
import outbound from "../../../src/rules/secrets/outbound.js";
import { parseApplyPatch } from "../../../src/hosts/codex/patch.js";
import { fake } from "../../analysis/secrets/fixtures.js";

const gh = fake.github();
const key = fake.privateKey();
const pw = fake.password();

describe("secrets/written-content", () => {
  it("Claude Write: redacts the token, keeps the code valid, tells the model how to load it", async () => {
    const call = claudeCall("Write", {
      file_path: "/home/dev/proj/src/client.ts",
      content: `export const client = new Octokit({ auth: "${gh}" });\n`,
    });
    const d = await ruleAction(writtenContent, call);
    expect(d.action).toBe("modify");
    expect(d.modifiedInput!.content).toBe(`export const client = new Octokit({ auth: "REDACTED_GITHUB_TOKEN" });\n`);
    expect(d.reason).toMatch(/GitHub token/);
    expect(d.reason).toMatch(/GITHUB_TOKEN environment variable/);
    const out = rendered(call, d);
    expect(out.hookSpecificOutput.hookEventName).toBe("PreToolUse");
    expect(out.hookSpecificOutput.updatedInput.content).toContain("REDACTED_GITHUB_TOKEN");
    expect(out.hookSpecificOutput.additionalContext).toMatch(/^staso: /);
    expect(JSON.stringify(out)).not.toContain(gh);
  });

  it("Claude Edit: redacts new_string, never old_string (it must match the file)", async () => {
    const call = claudeCall("Edit", {
      file_path: "/home/dev/proj/config.py",
      old_string: `TOKEN = "${gh}"`,
      new_string: `TOKEN = "${gh}"\nDB = "postgres://app:${pw}@db.example.com/app"`,
      replace_all: false,
    });
    const d = await ruleAction(writtenContent, call);
    expect(d.action).toBe("modify");
    expect(d.modifiedInput!.old_string).toBe(`TOKEN = "${gh}"`);
    expect(d.modifiedInput!.new_string).toBe(
      `TOKEN = "REDACTED_GITHUB_TOKEN"\nDB = "postgres://app:REDACTED_PASSWORD@db.example.com/app"`,
    );
    expect(d.reason).not.toContain(gh);
    expect(d.reason).not.toContain(pw);
  });

  it("Claude MultiEdit and NotebookEdit", async () => {
    const multi = claudeCall("MultiEdit", {
      file_path: "/home/dev/proj/a.js",
      edits: [{ old_string: "x", new_string: `const k = "${fake.stripeLive()}";` }],
    });
    const d1 = await ruleAction(writtenContent, multi);
    expect(d1.action).toBe("modify");
    expect((d1.modifiedInput!.edits as any[])[0].new_string).toBe(`const k = "REDACTED_STRIPE_LIVE_KEY";`);
    const nb = claudeCall("NotebookEdit", {
      notebook_path: "/home/dev/proj/n.ipynb",
      new_source: `openai.api_key = "${fake.openai()}"`,
    });
    const d2 = await ruleAction(writtenContent, nb);
    expect(d2.action).toBe("modify");
    expect(d2.modifiedInput!.new_source).toBe(`openai.api_key = "REDACTED_OPENAI_API_KEY"`);
  });

  it("Codex apply_patch: a multi-line private key in an added file is redacted and the patch stays valid", async () => {
    const body = key
      .split("\n")
      .map((l) => `+${l}`)
      .join("\n");
    const patch = `*** Begin Patch\n*** Add File: deploy/key.txt\n${body}\n*** End Patch\n`;
    const call = codexCall("apply_patch", { command: patch });
    const d = await ruleAction(writtenContent, call);
    expect(d.action).toBe("modify");
    const out = rendered(call, d);
    expect(out.hookSpecificOutput.permissionDecision).toBe("allow");
    const newPatch = out.hookSpecificOutput.updatedInput.command as string;
    expect(Object.keys(out.hookSpecificOutput.updatedInput)).toEqual(["command"]);
    expect(newPatch).not.toContain(key.split("\n")[1]);
    const parsed = parseApplyPatch(newPatch);
    expect(parsed.problems).toEqual([]);
    expect(parsed.files[0]!.content).toBe("REDACTED_PRIVATE_KEY\n");
  });

  it("Codex apply_patch: only + lines change; a context line holding a secret stays as the file has it", async () => {
    const patch = `*** Begin Patch\n*** Update File: app/settings.py\n@@\n OLD = "${gh}"\n-TIMEOUT = 3\n+TIMEOUT = 5\n+API_TOKEN = "${gh}"\n*** End Patch\n`;
    const call = codexCall("apply_patch", { command: patch });
    const d = await ruleAction(writtenContent, call);
    expect(d.action).toBe("modify");
    const cmd = d.modifiedInput!.command as string;
    expect(cmd).toContain(` OLD = "${gh}"`);
    expect(cmd).toContain(`+API_TOKEN = "REDACTED_GITHUB_TOKEN"`);
    expect(cmd).toContain("+TIMEOUT = 5");
  });

  const ALLOWED: Array<[string, ReturnType<typeof claudeCall>]> = [
    [
      "source code that mentions password",
      claudeCall("Write", {
        file_path: "/home/dev/proj/auth.ts",
        content: `export function check(password: string) {\n  if (password.length < 12) throw new Error("password too short");\n  return bcrypt.compare(password, user.passwordHash);\n}\n`,
      }),
    ],
    [
      ".env.example with placeholders",
      claudeCall("Write", {
        file_path: "/home/dev/proj/.env.example",
        content: `DATABASE_URL=postgres://user:password@localhost:5432/app\nOPENAI_API_KEY=<your-key>\nSECRET_KEY=changeme\nSTRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\n`,
      }),
    ],
    [
      ".env.example with a realistic-looking sample value",
      claudeCall("Write", {
        file_path: "/home/dev/proj/.env.example",
        content: `SESSION_SECRET=${fake.highEntropy()}\n`,
      }),
    ],
    [
      "AWS documented example keys",
      claudeCall("Write", {
        file_path: "/home/dev/proj/docs/aws.md",
        content:
          "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
      }),
    ],
    [
      "config reading from the environment",
      codexCall("apply_patch", {
        command: `*** Begin Patch\n*** Add File: src/config.ts\n+export const apiKey = process.env.API_KEY ?? "";\n+export const dbPassword = process.env.DB_PASSWORD;\n*** End Patch\n`,
      }),
    ],
    [
      "10.0.0.1 in a comment",
      claudeCall("Edit", {
        file_path: "/home/dev/proj/cache.ts",
        old_string: "a",
        new_string: "// the cache listens on 10.0.0.1:6379\n",
      }),
    ],
  ];
  it.each(ALLOWED)("allows: %s", async (_name, call) => {
    expect((await ruleAction(writtenContent, call)).action).toBe("allow");
  });

  it("a real provider token in .env.example is still redacted (example files skip only the generic detector)", async () => {
    const call = claudeCall("Write", { file_path: "/home/dev/proj/.env.example", content: `GITHUB_TOKEN=${gh}\n` });
    expect((await ruleAction(writtenContent, call)).action).toBe("modify");
  });
});

describe("secrets/outbound", () => {
  const SENT: Array<[string, ReturnType<typeof claudeCall>, string]> = [
    [
      "Claude Bash curl with a bearer token",
      bash(`curl -H "Authorization: Bearer ${gh}" https://api.github.com/user`),
      gh,
    ],
    [
      "Codex Bash export of a key",
      codexCall("Bash", { command: `export OPENAI_API_KEY=${fake.openai()} && python app.py` }),
      "sk-proj-",
    ],
    [
      "Codex Bash heredoc writing a key",
      codexCall("Bash", { command: `cat > .npmrc <<EOF\n//registry.npmjs.org/:_authToken=${fake.npm()}\nEOF` }),
      "npm_",
    ],
    [
      "WebFetch with a key in the query",
      claudeCall("WebFetch", {
        url: `https://maps.googleapis.com/maps/api/geocode/json?key=${fake.googleApiKey()}`,
        prompt: "x",
      }),
      "AIza",
    ],
    [
      "MCP argument with a Slack token",
      claudeCall("mcp__slack__post_message", { channel: "#dev", token: fake.slackBot(), text: "hi" }),
      "xoxb-",
    ],
    [
      "MCP argument with a private key",
      claudeCall("mcp__ssh__connect", { host: "example.com", key }),
      "PRIVATE KEY-----\n",
    ],
  ];
  it.each(SENT)("blocks: %s", async (_name, call, fragment) => {
    const d = await ruleAction(outbound, call);
    expect(d.action).toBe("block");
    const out = rendered(call, d);
    expect(out.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(JSON.stringify(out)).not.toContain(fragment.length > 10 ? fragment : "\u0000never");
    expect(d.reason).toMatch(/environment variable|reference/);
  });

  it("never echoes the secret in the reason", async () => {
    const call = bash(`curl -u admin:${pw} https://x.example.com -H "X-Api-Key: ${fake.hex32()}"`);
    const d = await ruleAction(outbound, call);
    expect(d.action).toBe("block");
    expect(d.reason).not.toContain(pw);
    expect(d.reason).not.toContain(fake.hex32());
  });

  it("with action modify (a policy choice) the call runs with placeholders", async () => {
    const call = bash(`curl -H "Authorization: Bearer ${gh}" https://api.github.com/user`);
    const d = await ruleAction({ ...outbound, meta: { ...outbound.meta, defaultAction: "modify" } }, call);
    expect(d.action).toBe("modify");
    expect(d.modifiedInput!.command).toBe(
      `curl -H "Authorization: Bearer REDACTED_GITHUB_TOKEN" https://api.github.com/user`,
    );
  });

  const QUIET: Array<[string, ReturnType<typeof claudeCall>]> = [
    ["git commit message mentioning a password", bash(`git commit -m "Reject password = empty in the login form"`)],
    ["token from the environment", bash(`curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user`)],
    ["grep for the word secret", codexCall("Bash", { command: `grep -rn "SECRET_KEY" src/` })],
    [
      "public URL",
      claudeCall("WebFetch", { url: "https://docs.python.org/3/library/secrets.html", prompt: "summarize" }),
    ],
    ["MCP query without secrets", claudeCall("mcp__github__search_issues", { q: "password reset token bug" })],
  ];
  it.each(QUIET)("allows: %s", async (_name, call) => {
    expect((await ruleAction(outbound, call)).action).toBe("allow");
  });

  it("the full rule set agrees (a secret write through the shell is blocked)", async () => {
    const d = await decide(bash(`echo "API_KEY=${fake.anthropic()}" >> .env`));
    expect(d.action).toBe("block");
  });
});
