// Reading a private SSH key puts the user's identity into the model's context (and possibly its logs).
import { homedir } from "node:os";
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { resolvePathWord } from "../../analysis/shell/analyze.js";

const READERS = new Set(["cat", "less", "more", "head", "tail", "cp", "scp", "base64", "xxd", "od", "hexdump", "strings", "tar", "zip", "gzip", "nl", "bat", "vim", "vi", "nano", "grep", "awk", "sed", "openssl", "ssh-keygen", "rsync", "curl"]);

/** A path inside ~/.ssh (or any .ssh dir) naming a private key: id_* without .pub, or *.pem / *.key there. */
export function isSshPrivateKeyPath(path: string): boolean {
  const m = /(?:^|\/)\.ssh\/([^/]+)$/.exec(path);
  if (!m) return false;
  const name = m[1]!;
  if (name.endsWith(".pub")) return false;
  return /^id_[a-z0-9_]+$/i.test(name) || /\.(pem|key)$/i.test(name) || name === "identity";
}

export default defineRule({
  meta: {
    id: "credentials/ssh-private-key-read",
    description: "Blocks reading, copying or encoding private SSH keys (~/.ssh/id_*).",
    defaultAction: "block",
    kinds: ["read", "search", "shell"],
  },
  check(call) {
    const why = (path: string) => ({
      reason: `${path} is a private SSH key; reading it would expose the user's identity. Use ssh-agent or the public key (.pub) instead.`,
    });
    for (const r of call.reads) if (isSshPrivateKeyPath(r.path)) return why(r.path);
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = homedir();
    for (const cmd of analysis.commands) {
      const words = READERS.has(cmd.program) ? cmd.args : [];
      const inputs = [...words, ...cmd.redirects.filter((r) => r.op === "<").map((r) => r.target)];
      for (const w of inputs) {
        const p = resolvePathWord(w, cmd.cwd, home);
        if (isSshPrivateKeyPath(p)) return why(w);
      }
    }
    return null;
  },
});
