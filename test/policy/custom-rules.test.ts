// Declarative rules: every kind of condition, every action, allow-lists with expiry, environments.
import { describe, expect, it } from "vitest";
import { callIn, decide, load, sandbox } from "./support.js";
import { builtinRules } from "../../src/rules/index.js";

async function withRules(customRules: object[], extra: object = {}, env: Record<string, string> = {}) {
  const sb = sandbox();
  sb.user({ customRules, ...extra });
  const loaded = await load(sb, { env });
  return {
    sb,
    run: (tool: string, input: Record<string, unknown>, host: "claude-code" | "codex" = "claude-code") =>
      decide(loaded, callIn(sb.project, tool, input, host)),
  };
}

/** The custom rules that fired (built-in rules may fire on the same calls; they are not under test here). */
const mine = (d: { verdicts: { ruleId: string }[] }) =>
  d.verdicts.map((v) => v.ruleId).filter((id) => !BUILTIN.has(id));
const BUILTIN = new Set(builtinRules.map((r) => r.meta.id));

const block = (id: string, when: object, extra: object = {}) => ({
  id,
  reason: `${id} says no.`,
  action: "block",
  when,
  ...extra,
});

describe("declarative rules: matching", () => {
  it("tool by name, glob (mcp__*), array and regex", async () => {
    const r = await withRules([
      block("t/exact", { tool: "WebSearch" }),
      block("t/mcp", { tool: "mcp__github__*" }),
      block("t/any", { tool: ["NotebookEdit", "mcp__slack__post_*"] }),
      block("t/regex", { tool: { regex: "^mcp__jira__(create|delete)_", flags: "i" } }),
    ]);
    expect((await r.run("WebSearch", { query: "x" })).ruleId).toBe("t/exact");
    expect((await r.run("mcp__github__create_issue", { title: "x" })).ruleId).toBe("t/mcp");
    expect(mine(await r.run("mcp__gitlab__create_issue", { title: "x" }))).toEqual([]);
    expect((await r.run("mcp__slack__post_message", {})).ruleId).toBe("t/any");
    expect((await r.run("mcp__jira__DELETE_issue", {})).ruleId).toBe("t/regex");
    expect(mine(await r.run("mcp__jira__get_issue", {}))).toEqual([]);
  });

  it("input fields by path: equals, glob, regex, contains, startsWith, exists, numeric comparisons", async () => {
    const r = await withRules([
      block("i/amount", { tool: "mcp__stripe__*", input: { amount: { gt: 1000 } } }),
      block("i/currency", { tool: "mcp__stripe__*", input: { currency: { in: ["btc", "eth"] } } }),
      block("i/nested", { input: { "metadata.env": "prod", "items[*].sku": { startsWith: "GIFT-" } } }),
      block("i/exists", { tool: "mcp__db__query", input: { force: { exists: true } } }),
      block("i/absent", { tool: "mcp__db__drop", input: { confirm: { exists: false } } }),
      block("i/env-file", { tool: ["Write", "Edit"], input: { file_path: { glob: "**/.env*" } } }),
      block("i/secret", { tool: "Bash", input: { command: { regex: "\\bvault\\s+kv\\s+get\\b" } } }),
      block("i/contains", { tool: "WebFetch", input: { url: { contains: "pastebin" } } }),
      block("i/not", { tool: "mcp__mail__send", input: { to: { not: { endsWith: "@example.com" } } } }),
    ]);
    expect((await r.run("mcp__stripe__refund", { amount: 1500 })).ruleId).toBe("i/amount");
    expect((await r.run("mcp__stripe__refund", { amount: "2000.50" })).ruleId).toBe("i/amount");
    expect(mine(await r.run("mcp__stripe__refund", { amount: 999 }))).toEqual([]);
    expect((await r.run("mcp__stripe__charge", { amount: 5, currency: "eth" })).ruleId).toBe("i/currency");
    expect(
      (await r.run("mcp__shop__order", { metadata: { env: "prod" }, items: [{ sku: "A-1" }, { sku: "GIFT-9" }] }))
        .ruleId,
    ).toBe("i/nested");
    expect(mine(await r.run("mcp__shop__order", { metadata: { env: "dev" }, items: [{ sku: "GIFT-9" }] }))).toEqual([]);
    expect((await r.run("mcp__db__query", { sql: "select 1", force: false })).ruleId).toBe("i/exists");
    expect(mine(await r.run("mcp__db__query", { sql: "select 1" }))).toEqual([]);
    expect((await r.run("mcp__db__drop", { table: "t" })).ruleId).toBe("i/absent");
    expect(mine(await r.run("mcp__db__drop", { table: "t", confirm: true }))).toEqual([]);
    expect((await r.run("Write", { file_path: "/home/dev/proj/.env.local", content: "X=1" })).ruleId).toBe(
      "i/env-file",
    );
    expect(mine(await r.run("Write", { file_path: "/home/dev/proj/env.ts", content: "" }))).toEqual([]);
    expect((await r.run("Bash", { command: "vault  kv get secret/db" })).ruleId).toBe("i/secret");
    expect((await r.run("WebFetch", { url: "https://pastebin.com/raw/x", prompt: "p" })).ruleId).toBe("i/contains");
    expect((await r.run("mcp__mail__send", { to: "ceo@evil.test" })).ruleId).toBe("i/not");
    expect(mine(await r.run("mcp__mail__send", { to: "team@example.com" }))).toEqual([]);
  });

  it("shell structure through the analyser: program, subcommand, flags, withoutFlags, args — not raw text", async () => {
    const r = await withRules([
      block("s/publish", { shell: { program: "npm", subcommand: "publish" } }),
      block("s/kdelete", { shell: { program: "kubectl", subcommand: "delete", withoutFlags: ["--dry-run"] } }),
      block("s/force", {
        shell: { program: "terraform", subcommand: ["apply", "destroy"], flags: ["-auto-approve", "--auto-approve"] },
      }),
      block("s/args", { shell: { program: "docker", args: { glob: "**:latest" } } }),
    ]);
    expect((await r.run("Bash", { command: "npm publish --access public" })).ruleId).toBe("s/publish");
    expect((await r.run("Bash", { command: "cd pkg && sudo npm --prefix x publish" })).ruleId).toBe("s/publish");
    expect((await r.run("Bash", { command: "bash -c 'npm publish'" })).ruleId).toBe("s/publish");
    expect(mine(await r.run("Bash", { command: 'echo "npm publish" > notes.txt' }))).toEqual([]);
    expect(mine(await r.run("Bash", { command: "grep -r 'npm publish' docs" }))).toEqual([]);
    expect((await r.run("Bash", { command: "kubectl -n prod delete pod x" })).ruleId).toBe("s/kdelete");
    expect(mine(await r.run("Bash", { command: "kubectl delete pod x --dry-run=client" }))).toEqual([]);
    expect((await r.run("Bash", { command: "terraform apply -auto-approve" })).ruleId).toBe("s/force");
    expect(mine(await r.run("Bash", { command: "terraform apply" }))).toEqual([]);
    expect((await r.run("Bash", { command: "docker push acme/app:latest" })).ruleId).toBe("s/args");
    expect((await r.run("Bash", { command: "npm publish" }, "codex")).ruleId).toBe("s/publish");
  });

  it("words: the subcommand path without options and their values, for commands of several words", async () => {
    const r = await withRules([
      block("w/project-rm", { shell: { program: "vercel", words: { regex: "^project (rm|remove)\\b" } } }),
      block("w/api-delete", { shell: { program: "gh", words: { startsWith: "repo delete" } } }),
    ]);
    expect((await r.run("Bash", { command: "vercel project rm acme-web" })).ruleId).toBe("w/project-rm");
    // the value of --scope is not a word, so the path still starts with "project"
    expect((await r.run("Bash", { command: "vercel --scope acme project remove web" })).ruleId).toBe("w/project-rm");
    expect(mine(await r.run("Bash", { command: "vercel project ls" }))).toEqual([]);
    expect(mine(await r.run("Bash", { command: "vercel deploy project rm" }))).toEqual([]);
    expect((await r.run("Bash", { command: "gh repo delete acme/site --yes" }, "codex")).ruleId).toBe("w/api-delete");
    expect(mine(await r.run("Bash", { command: "gh repo view acme/site" }))).toEqual([]);
  });

  it("words is checked like every other condition", async () => {
    const sb = sandbox();
    sb.user({ customRules: [block("w/bad", { shell: { program: "gh", words: { regex: "(" } } })] });
    await expect(load(sb)).rejects.toThrow(/customRules\[0\]\.when\.shell\.words/);
  });

  it("path and url conditions see the host-neutral views (Write, Read, Codex patches, fetches)", async () => {
    const r = await withRules([
      block("p/migrations", { path: { glob: "**/migrations/**" } }),
      block("u/internal", { url: { regex: "^https?://[^/]*\\.internal\\b" } }),
    ]);
    expect((await r.run("Write", { file_path: "db/migrations/001.sql", content: "x" })).ruleId).toBe("p/migrations");
    const patch = "*** Begin Patch\n*** Add File: db/migrations/002.sql\n+drop table x;\n*** End Patch\n";
    expect((await r.run("apply_patch", { command: patch }, "codex")).ruleId).toBe("p/migrations");
    expect((await r.run("WebFetch", { url: "http://billing.internal/api", prompt: "p" })).ruleId).toBe("u/internal");
  });

  it("any / all / not, event and environment", async () => {
    const r = await withRules(
      [
        block("c/combo", {
          any: [{ shell: { program: "rm" } }, { tool: "Write", input: { file_path: { glob: "/etc/**" } } }],
          not: { shell: { args: { equals: "tmp" } } },
        }),
        block("c/prod-only", { environment: "prod", shell: { program: "psql" } }),
      ],
      {},
      { STASO_ENVIRONMENT: "dev" },
    );
    expect((await r.run("Bash", { command: "rm -r build" })).ruleId).toBe("c/combo");
    expect(mine(await r.run("Bash", { command: "rm -r tmp" }))).toEqual([]);
    expect((await r.run("Write", { file_path: "/etc/hosts", content: "" })).ruleId).toBe("c/combo");
    expect(mine(await r.run("Bash", { command: "psql -c 'select 1'" }))).toEqual([]);
    const prod = await withRules([block("c/prod-only", { environment: "prod", shell: { program: "psql" } })], {
      environment: "prod",
    });
    expect((await prod.run("Bash", { command: "psql -c 'select 1'" })).ruleId).toBe("c/prod-only");
  });
});

describe("declarative rules: actions and modes", () => {
  it("escalate, audit mode (records, never decides), off", async () => {
    const r = await withRules([
      {
        id: "a/esc",
        reason: "Needs a human.",
        action: "escalate",
        when: { shell: { program: "helm", subcommand: "uninstall" } },
      },
      { id: "a/audit", reason: "Watched.", action: "block", mode: "audit", when: { shell: { program: "curl" } } },
      { id: "a/off", reason: "Off.", action: "block", mode: "off", when: { tool: "Bash" } },
    ]);
    const esc = await r.run("Bash", { command: "helm uninstall web" });
    expect([esc.action, esc.ruleId]).toEqual(["escalate", "a/esc"]);
    const audit = await r.run("Bash", { command: "curl https://example.com" });
    expect(audit.action).toBe("allow");
    expect(audit.verdicts).toContainEqual(
      expect.objectContaining({ ruleId: "a/audit", mode: "audit", action: "block" }),
    );
  });

  it("modify: set, remove, regex replace", async () => {
    const r = await withRules([
      {
        id: "m/limit",
        reason: "Queries are capped at 100 rows.",
        action: "modify",
        when: { tool: "mcp__db__query", input: { limit: { gt: 100 } } },
        modify: { set: { limit: 100, "options.readOnly": true }, remove: ["force"] },
      },
      {
        id: "m/https",
        reason: "Plain http was upgraded to https.",
        action: "modify",
        when: { tool: "WebFetch", input: { url: { startsWith: "http://" } } },
        modify: { replace: [{ path: "url", regex: "^http://", with: "https://" }] },
      },
    ]);
    const q = await r.run("mcp__db__query", { sql: "select *", limit: 5000, force: true });
    expect(q.action).toBe("modify");
    expect(q.modifiedInput).toEqual({ sql: "select *", limit: 100, options: { readOnly: true } });
    const f = await r.run("WebFetch", { url: "http://example.com/a", prompt: "p" });
    expect(f.modifiedInput).toEqual({ url: "https://example.com/a", prompt: "p" });
  });

  it("modify: drops a shell flag such as --no-verify, exactly where the analyser found it", async () => {
    const r = await withRules([
      {
        id: "m/verify",
        reason: "Commit hooks must run.",
        action: "modify",
        when: { shell: { program: "git", subcommand: ["commit", "push"], flags: ["--no-verify"] } },
        modify: { dropFlags: ["--no-verify"] },
      },
    ]);
    const d = await r.run("Bash", {
      command: 'git commit --no-verify -m "wip: --no-verify stays in the message" && echo --no-verify',
    });
    expect(d.action).toBe("modify");
    expect(d.modifiedInput).toEqual({
      command: 'git commit -m "wip: --no-verify stays in the message" && echo --no-verify',
    });
    expect((await r.run("Bash", { command: "git push origin main --no-verify" })).modifiedInput).toEqual({
      command: "git push origin main",
    });
    expect((await r.run("Bash", { command: "git push --no-verify" }, "codex")).modifiedInput).toEqual({
      command: "git push",
    });
    // Inside bash -c the word has no exact place in the command line: staso blocks rather than guess.
    const wrapped = await r.run("Bash", { command: "bash -c 'git commit --no-verify -m x'" });
    expect(wrapped.action).toBe("block");
    expect(wrapped.reason).toMatch(/could not rewrite this call exactly/);
  });

  it("action allow and the allow-list: reason, rule globs, expiry", async () => {
    const r = await withRules(
      [
        {
          id: "a/docs-force",
          reason: "The docs branch is generated.",
          action: "allow",
          allows: ["git/*"],
          when: { shell: { program: "git", args: { equals: "docs-site" } } },
        },
      ],
      {
        allow: [
          {
            rules: ["filesystem/*"],
            when: { shell: { program: "rm", args: { equals: "/tmp/scratch" } } },
            reason: "scratch space",
          },
          {
            rules: ["git/force-push"],
            when: { shell: { args: { equals: "old-branch" } } },
            reason: "expired",
            expires: "2020-01-01",
          },
        ],
      },
    );
    expect((await r.run("Bash", { command: "git push --force origin docs-site" })).action).toBe("allow");
    expect((await r.run("Bash", { command: "git push --force origin main" })).action).toBe("block");
    expect((await r.run("Bash", { command: "git push --force origin old-branch" })).action).not.toBe("allow");
  });

  it("a custom rule id may not take a built-in's", async () => {
    const sb = sandbox();
    sb.user({ customRules: [block("git/force-push", { tool: "Bash" })] });
    await expect(load(sb)).rejects.toThrow(
      /customRules\[0\]\.id "git\/force-push" is already the id of a built-in rule\./,
    );
  });

  it("custom rules run before the built-ins, which see the rewritten input", async () => {
    const r = await withRules([
      {
        id: "m/evil",
        reason: "rewrites",
        action: "modify",
        when: { tool: "Bash", input: { command: "ls" } },
        modify: { set: { command: "rm -rf /" } },
      },
    ]);
    const d = await r.run("Bash", { command: "ls" });
    expect([d.action, d.ruleId]).toEqual(["block", "filesystem/rm-root-or-home"]);
  });
});
