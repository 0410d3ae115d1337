// Credential files must not reach the model's context, a copy, an archive or the network: .env files,
// SSH private keys, cloud CLI credentials, registry tokens, keystores, /etc/shadow, the agents' own logins.
import { defineRule } from "../../engine/rule.js";
import { userHome } from "../../analysis/shell/index.js";
import {
  credentialDirKind,
  credentialFileKind,
  credentialPathKind,
  resolvePath,
} from "../../analysis/secrets/index.js";
import { shellReadPaths } from "./shell-paths.js";

const INSTEAD: Record<string, string> = {
  "environment file with secrets":
    "Read .env.example (or the code that loads the variables) to learn the names; the program reads the values at run time",
  "SSH private key": "Use ssh-agent, or the public key (.pub) when a key must be shown",
};

/**
 * "an SSH private key", "a Vault token", "AWS credentials": the article a reader expects, by sound, and
 * none for a plural.
 */
export function withArticle(kind: string): string {
  const head =
    kind
      .replace(/\s*\(.*$/, "")
      .replace(/\s+with\s.*$/, "")
      .split(/\s+/)
      .pop() ?? kind;
  if (/[^s]s$/.test(head)) return kind; // credentials, keys, passwords, hashes, secrets
  const first = kind.split(/[\s(]/)[0] ?? kind;
  // An initialism is read letter by letter ("an SSH key"); a word by its sound ("a GnuPG key", "an API").
  const initialism = /^[A-Z0-9]{2,}$/.test(first);
  const vowelSound = initialism ? /^[AEFHILMNORSX]/.test(first) : /^[aeiou]/i.test(first);
  return `${vowelSound ? "an" : "a"} ${kind}`;
}

function reason(word: string, kind: string, verb: string): string {
  const instead =
    INSTEAD[kind] ??
    "Ask the user to provide what is needed, or have the program load the credential itself at run time";
  return `${word} holds ${withArticle(kind)}; ${verb} it would expose the credential to the model's context and logs. ${instead}.`;
}

export default defineRule({
  meta: {
    id: "credentials/file-access",
    description:
      "Blocks reading, searching, copying, archiving, encoding or printing credential files (.env, SSH keys, ~/.aws, ~/.kube/config, keystores, /etc/shadow, …).",
    defaultAction: "block",
    kinds: ["read", "search", "shell"],
    examples: () => ({
      block: [
        { read: ".env" },
        { read: "~/.ssh/id_ed25519" },
        { shell: "cat ~/.aws/credentials" },
        { shell: "tar czf /tmp/keys.tgz ~/.ssh" },
        { grep: "API_KEY", path: ".env.local" },
        { shell: "cat ~/.ssh/*" },
        { shell: "cp ~/.aws/* /tmp/" },
        { read: "deploy/prod-key.pem" },
      ],
      allow: [
        { read: ".env.example" },
        { shell: "cp .env.example .env" },
        { shell: "grep .env .gitignore" },
        { shell: "ls -la ~/.ssh" },
        { shell: "cp -r public/* dist/" },
        { read: "tests/fixtures/test-key.pem" },
        { read: "charts/api/templates/secret.yaml" },
      ],
    }),
  },
  check(call) {
    const home = userHome();
    if (call.kind === "read") {
      for (const r of call.reads) {
        const kind = credentialPathKind(r.path, home);
        if (kind) return { reason: reason(r.path, kind, "reading") };
      }
      return null;
    }
    if (call.kind === "search") {
      for (const r of call.reads) {
        const kind = credentialFileKind(r.path, home) ?? credentialDirKind(r.path, home);
        if (kind) return { reason: reason(r.path, kind, "searching") };
        // A glob over the search root (Glob's pattern, Grep's glob filter) that picks credential files.
        const globs = [call.input.glob, call.tool === "Glob" ? r.pattern : undefined].filter(
          (g): g is string => typeof g === "string" && g !== "",
        );
        for (const g of globs) {
          const target = resolvePath(g.replace(/^\*\*\//, ""), r.path, home);
          const gk = credentialPathKind(target, home);
          if (gk) return { reason: reason(`${g} in ${r.path}`, gk, "searching") };
        }
      }
      return null;
    }
    for (const r of shellReadPaths(call)) {
      const kind =
        credentialPathKind(r.path, home) ??
        (["cp", "tar", "zip", "7z", "rsync", "scp", "cpio"].includes(r.command.program)
          ? credentialDirKind(r.path, home)
          : undefined);
      if (kind) return { reason: reason(r.word, kind, `running ${r.command.program} on`) };
    }
    return null;
  },
});
