// Truncating or overwriting files outside the project: `> ~/.bashrc`, `truncate -s 0 /var/log/x`,
// `cp /dev/null ~/.zshrc`, `tee /etc/hosts`. System files and keys are blocked; other files outside the
// project and temp directories are escalated. Appending (>>) is not truncation.
import { defineRule } from "../../engine/rule.js";
import { projectOf, shellOf, userHome, type SimpleCommand } from "../../analysis/shell/index.js";
import { describe, hasOption, operands, optionValue } from "../../analysis/shell/commands.js";
import { isWithin, resolvePathWord } from "../../analysis/shell/paths.js";
import { basename } from "node:path";
import { KNOWN_CREDENTIAL_FILES, writesFreshKey } from "../../analysis/shell/keygen.js";
import { deletion, isAllowedScratch } from "./targets.js";

const SYSTEM_FILES = [
  "/etc",
  "/usr",
  "/bin",
  "/sbin",
  "/lib",
  "/lib32",
  "/lib64",
  "/boot",
  "/System",
  "/Library",
  "/var/lib",
  "/private/etc",
];
const HOME_SECRETS = [".ssh", ".gnupg", ".aws", ".kube", ".docker", ".config/gcloud"];
/**
 * What those folders also hold that can go: caches (kubectl's discovery cache, the AWS CLI's and SSO's
 * token caches), locks and agent sockets, Docker's plugins, builders and contexts.
 */
const DISPOSABLE_IN_SECRETS =
  /\/(?:cache|http-cache|logs)(?:\/|$)|\.lock$|\/S\.gpg-agent|^\/\.docker\/(?:cli-plugins|buildx|contexts|scan|features\.json|\.token_seed)/;

/** Paths that are written without harm (devices that discard, the terminal, file descriptors). */
const HARMLESS =
  /^\/dev\/(null|zero|stdout|stderr|stdin|tty|fd\/\d+|pts\/\d+|full|random|urandom)$|^\/proc\/self\/fd\//;

function written(cmd: SimpleCommand): { word: string; index?: number; how: string }[] {
  const out: { word: string; index?: number; how: string }[] = [];
  for (const r of cmd.redirects) {
    if ((r.op === ">" || r.op === ">|" || r.op === "&>" || r.op === "<>") && r.target && !/^\d+$|^-$/.test(r.target))
      out.push({ word: r.target, how: `redirects output over` });
    if (r.op === ">&" && r.target && !/^\d+$|^-$/.test(r.target))
      out.push({ word: r.target, how: `redirects output over` });
  }
  const p = cmd.program;
  if (p === "truncate") {
    const size = optionValue(cmd.args, ["-s", "--size"]);
    if (size !== undefined && !/^[+<]/.test(size))
      for (const o of operands(cmd.args, ["-s", "--size", "-r", "--reference"]))
        out.push({ word: o.word, index: o.index, how: "truncates" });
  }
  if ((p === "cp" || p === "cat" || p === "dd" || p === "install") && cmd.args.includes("/dev/null")) {
    const ops = operands(
      cmd.args,
      p === "install"
        ? ["-m", "--mode", "-o", "--owner", "-g", "--group", "-S", "--suffix", "-t", "--target-directory"]
        : [],
    );
    const dest = ops[ops.length - 1];
    if ((p === "cp" || p === "install") && dest && dest.word !== "/dev/null")
      out.push({ word: dest.word, index: dest.index, how: "empties" });
  }
  if (p === "tee" && !hasOption(cmd.args, "a", ["--append"]))
    for (const o of operands(cmd.args, ["--output-error"]))
      out.push({ word: o.word, index: o.index, how: "overwrites" });
  if (p === "dd") {
    const of = cmd.args.find((a) => a.startsWith("of="));
    if (of && !cmd.args.includes("conv=notrunc")) out.push({ word: of.slice(3), how: "overwrites" });
  }
  return out;
}

export default defineRule<{ allowedPaths: string[] }>({
  meta: {
    id: "filesystem/truncate-outside-project",
    description:
      "Blocks truncating, overwriting or deleting system files and keys (~/.aws, ~/.kube, ~/.gnupg, …); escalates truncating other files outside the project and temp directories.",
    defaultAction: "escalate",
    kinds: ["shell"],
    params: {
      allowedPaths: {
        type: "array",
        items: { type: "string" },
        default: ["~/.cache"],
        description: "Paths outside the project that may be overwritten freely.",
      },
    },
    actions: ["block", "escalate"],
    examples: () => ({
      block: [
        { shell: "> /etc/hosts", action: "block" },
        { shell: "echo '' > ~/.bashrc" },
        { shell: ": > ~/.zshrc" },
        { shell: "echo 'nameserver 1.1.1.1' | sudo tee /etc/resolv.conf", action: "block" },
        { shell: "wg genkey | tee ~/.ssh/id_ed25519", action: "block", note: "a generated key over the user's own" },
        { shell: "openssl rand -hex 32 > ~/.aws/credentials", action: "block" },
        { shell: "rm -f ~/.kube/config", action: "block", note: "a credential file deleted" },
        { shell: "install -m 600 /dev/null ~/.kube/config", action: "block" },
        { shell: `perl -e 'unlink glob("~/.gnupg/pubring.kbx")'`, action: "block" },
      ],
      allow: [
        { shell: "python3 -c \"open('/tmp/x.txt', 'w').write('1')\"" },
        { shell: "python3 -c \"open(os.path.expanduser('~/notes.txt'), 'a').write('x')\"" },
        { shell: "node -e \"require('fs').writeFileSync('out.json', '{}')\"" },
        { shell: "rm -rf ~/.kube/cache ~/.kube/http-cache", note: "kubectl's caches" },
        { shell: "rm -rf ~/.aws/cli/cache ~/.aws/sso/cache" },
        { shell: "wg genkey | tee ~/.ssh/wg-private | wg pubkey > ~/.ssh/wg-public", note: "a new key, a new name" },
        {
          shell: `node -e "const k=require('crypto').generateKeyPairSync('ed25519');require('fs').writeFileSync(require('os').homedir()+'/.ssh/jwt.pem',k.privateKey.export({type:'pkcs8',format:'pem'}))"`,
        },
      ],
    }),
  },
  check(call, { params }) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const home = userHome();
    const root = projectOf(call);
    for (const cmd of analysis.commands) {
      // Deleting a credential file (rm ~/.kube/config, unlink in inline code): the key is gone for good.
      const d = cmd.remote ? undefined : deletion(cmd, home, analysis.links);
      for (const t of d?.targets ?? []) {
        if (!t.path || /\.pub$/.test(t.path) || DISPOSABLE_IN_SECRETS.test(t.path.slice(home.length))) continue;
        const secret = HOME_SECRETS.find((s) => isWithin(t.path!, `${home}/${s}`) && t.path !== home);
        if (!secret) continue;
        return {
          reason: `${describe(cmd)} deletes ${t.glob ? `entries of ${t.path}` : t.path}, a credential file (~/${secret}); the key or login in it is lost for good. Leave it alone, or ask the user to remove it.`,
          action: "block",
        };
      }
      for (const w of written(cmd)) {
        const info = w.index !== undefined ? cmd.wordInfo[w.index + 1] : undefined;
        if (info?.dynamicStart || w.word === "") continue;
        const path = resolvePathWord(w.word, cmd.remote ? "/" : cmd.cwd, home);
        if (!path.startsWith("/") || HARMLESS.test(path) || path.startsWith("/dev/")) continue; // devices: the disk rules
        // A public key is derived from its private half (`ssh-keygen -y -f k > k.pub`): nothing is lost.
        if (/\.pub$/.test(path) && !cmd.remote) continue;
        if (!cmd.remote && isWithin(path, root)) continue;
        // A key or secret generated right here written under a new name (wg genkey | tee ~/.ssh/wg-private,
        // writeFileSync('~/.ssh/jwt.pem', generated)): nothing there is lost. A known name (id_rsa,
        // authorized_keys, config) would replace the user's own.
        if (!cmd.remote && writesFreshKey(cmd, analysis.inlineCode) && !KNOWN_CREDENTIAL_FILES.test(basename(path)))
          continue;
        if (isAllowedScratch(path, home, params.allowedPaths ?? [])) continue;
        const system =
          SYSTEM_FILES.some((d) => isWithin(path, d)) || HOME_SECRETS.some((d) => isWithin(path, `${home}/${d}`));
        return {
          reason: `${describe(cmd)} ${w.how} ${path}, outside the project; its current content would be lost. ${system ? "It is a system or credential file: leave it alone, or ask the user to change it." : "Append with >> if that is what you mean, write inside the project, or ask the user to confirm."}`,
          ...(system ? { action: "block" as const } : {}),
        };
      }
    }
    return null;
  },
});
