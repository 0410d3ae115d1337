// Passwords and tokens given on a command line, which look like any other word: `mysql -pS3cret`,
// `--password x`, `PGPASSWORD=x psql`, `sshpass -p x`, `redis-cli -a x`, `docker login -p x`,
// `curl -u user:x`, `npm … --//registry.npmjs.org/:_authToken=x`, `echo x | docker login --password-stdin`,
// and the same inside `bash -c "…"`, `$( … )` or a heredoc. The masking (audit/mask.ts) replaces each with
// a placeholder before a command is stored, shown or sent; a value that is only a reference ($PW, ${PW})
// is kept. The command is read with the shell parser, so quoting and nesting are what the shell sees.
import { step } from "../../util/deadline.js";
import { parseShell, type Cmd, type List, type Word } from "../shell/parse.js";
import { isSecretName } from "./names.js";

const COMMAND_SECRET_PLACEHOLDER = "REDACTED";

/**
 * A text without any of these (lower-cased) holds no command-line secret this module knows: most commands,
 * and most strings of a record, skip the parse. Substring tests, not a regex: compiling one costs the
 * hook's everyday call more than the tests do.
 */
const HINTS = [
  "pass",
  "pwd",
  "token",
  "secret",
  "auth",
  "key",
  "cred",
  "cookie",
  "bearer",
  "mysql",
  "maria",
  "redis",
  "mongo",
  "sqlcmd",
  "bcp",
  "osql",
  "ldap",
  "zip",
  "7z",
  "rar",
  "smb",
  "rpcclient",
  "curl",
  "lftp",
  "cqlsh",
  "mosquitto",
  "vault",
  "login",
];
const mayHoldSecrets = (text: string) => {
  const lower = text.toLowerCase();
  return HINTS.some((h) => lower.includes(h));
};

/** Programs whose one-letter option takes a password: the letter, whether it must be attached, and a subcommand it needs. */
const SHORT_PASSWORD_OPTIONS: Record<string, { letter: string; attached?: true; after?: string; split?: string }> = {
  mysql: { letter: "p", attached: true },
  mariadb: { letter: "p", attached: true },
  mysqldump: { letter: "p", attached: true },
  mysqladmin: { letter: "p", attached: true },
  mysqlimport: { letter: "p", attached: true },
  mysqlshow: { letter: "p", attached: true },
  mysqlcheck: { letter: "p", attached: true },
  mysqlpump: { letter: "p", attached: true },
  mysqlslap: { letter: "p", attached: true },
  "mariadb-dump": { letter: "p", attached: true },
  sshpass: { letter: "p" },
  "redis-cli": { letter: "a" },
  mongo: { letter: "p" },
  mongosh: { letter: "p" },
  mongodump: { letter: "p" },
  mongorestore: { letter: "p" },
  mongoexport: { letter: "p" },
  mongoimport: { letter: "p" },
  cqlsh: { letter: "p" },
  sqlcmd: { letter: "P" },
  bcp: { letter: "P" },
  osql: { letter: "P" },
  isql: { letter: "P" },
  twine: { letter: "p" },
  mosquitto_pub: { letter: "P" },
  mosquitto_sub: { letter: "P" },
  ldapsearch: { letter: "w" },
  ldapadd: { letter: "w" },
  ldapmodify: { letter: "w" },
  ldapdelete: { letter: "w" },
  ldapwhoami: { letter: "w" },
  ldappasswd: { letter: "w" },
  ldapcompare: { letter: "w" },
  ldapmodrdn: { letter: "w" },
  zip: { letter: "P" },
  unzip: { letter: "P" },
  zipcloak: { letter: "P" },
  "7z": { letter: "p", attached: true },
  "7za": { letter: "p", attached: true },
  "7zr": { letter: "p", attached: true },
  rar: { letter: "p", attached: true },
  unrar: { letter: "p", attached: true },
  docker: { letter: "p", after: "login" },
  podman: { letter: "p", after: "login" },
  nerdctl: { letter: "p", after: "login" },
  buildah: { letter: "p", after: "login" },
  skopeo: { letter: "p", after: "login" },
  helm: { letter: "p", after: "login" },
  az: { letter: "p", after: "login" },
  // The password follows a separator inside the value: user:password, user%password, user,password.
  curl: { letter: "u", split: ":" },
  smbclient: { letter: "U", split: "%" },
  rpcclient: { letter: "U", split: "%" },
  smbget: { letter: "U", split: "%" },
  lftp: { letter: "u", split: "," },
};

/** Long options whose value holds a user and a password (curl --user user:password). */
const USER_PASSWORD_OPTIONS: Record<string, string> = {
  "--user": ":",
  "--proxy-user": ":",
  "-U": ":",
};

/** Programs that read a password on stdin: what is echoed into them is the password. */
const READS_PASSWORD_ON_STDIN = (argv: (string | null)[]) => {
  const p = baseName(argv[0] ?? "");
  if (p === "chpasswd") return true;
  if (argv.includes("--password-stdin")) return true;
  if (p === "sudo" && argv.includes("-S")) return true;
  if ((p === "passwd" || p === "smbpasswd") && (argv.includes("--stdin") || argv.includes("-s"))) return true;
  return false;
};

/** mysql and its tools: `--password` alone prompts, so the word after it is not the password. */
const isMysqlFamily = (program: string) => program.startsWith("mysql") || program.startsWith("maria");

const baseName = (p: string) => p.slice(p.lastIndexOf("/") + 1);

/** A value that names where the secret is instead of being it: $PW, ${PW}, env:PW, file:…, @file, -. */
const isReference = (v: string) => /^(?:\$\{?[A-Za-z_]|env:|file:|fd:|stdin$|@|-$)/.test(v);

/** The word's text when it is all literal; null when an expansion makes part of it unknown. */
function literal(w: Word): string | null {
  let out = "";
  for (const p of w.parts) {
    if (p.k !== "lit") return null;
    out += p.v;
  }
  return out;
}

/** A word that is only an expansion ("$PW", ${PW}, $(cat pw)): a reference, not a secret. */
function onlyExpansion(w: Word): boolean {
  return w.parts.length > 0 && w.parts.every((p) => p.k !== "lit" || p.v === "");
}

interface Found {
  spans: [number, number][];
}

/**
 * Where the secrets in `src` are, as [start, end) offsets. `depth` bounds the nesting of shell code inside
 * words (bash -c "…", backquotes, heredocs).
 */
function secretSpans(src: string, depth: number): [number, number][] {
  const found: Found = { spans: [] };
  if (depth > 6 || !mayHoldSecrets(src)) return found.spans;
  const parsed = parseShell(src);

  /** Masks `secret`, found at `offset` of the word's literal value, in the word's source text. */
  const maskIn = (w: Word, value: string, offset: number, secret: string) => {
    if (!secret || isReference(secret)) return;
    const text = src.slice(w.start, w.end);
    let at = -1;
    if (text === value) at = w.start + offset;
    else if (text.length === value.length + 2 && text.slice(1, -1) === value) at = w.start + 1 + offset;
    else {
      const i = text.lastIndexOf(secret);
      if (i >= 0) at = w.start + i;
    }
    found.spans.push(at >= 0 ? [at, at + secret.length] : [w.start, w.end]);
  };
  /** Masks a whole word (an option's separate value), unless it only refers to the secret. */
  const maskWord = (w: Word | undefined) => {
    if (!w || onlyExpansion(w)) return;
    const v = literal(w);
    if (v === null) found.spans.push([w.start, w.end]);
    else if (v && !isReference(v)) {
      const pass = /^pass:/.exec(v); // openssl -passin pass:secret
      maskIn(w, v, pass ? 5 : 0, pass ? v.slice(5) : v);
    }
  };
  /** Shell code inside `text` (found at [start, end) of src): its secrets, located in src. */
  const nested = (text: string, start: number, end: number) => {
    for (const [a, b] of secretSpans(text, depth + 1)) {
      const secret = text.slice(a, b);
      const i = src.slice(start, end).indexOf(secret);
      found.spans.push(i >= 0 ? [start + i, start + i + secret.length] : [start, end]);
    }
  };

  /** `name=value` pairs inside a word (env assignments, --password=…, conninfo, URLs' queries, --from-literal=). */
  const pairs = (w: Word, v: string) => {
    for (let eq = v.indexOf("="); eq > 0; eq = v.indexOf("=", eq + 1)) {
      let k = eq;
      while (k > 0 && /[A-Za-z0-9_.:/-]/.test(v[k - 1]!)) k--;
      const name = v.slice(k, eq).replace(/^.*[:/]/, "");
      if (!isSecretName(name)) continue;
      let e = eq + 1;
      while (e < v.length && !/[\s&;,'"]/.test(v[e]!)) e++;
      if (e > eq + 1) maskIn(w, v, eq + 1, v.slice(eq + 1, e));
    }
    // "Name: value" headers and "key": "value" JSON pairs.
    const header = /^\s*([A-Za-z0-9_-]{1,64})\s*:\s*(?:(?:bearer|basic|token)\s+)?(\S.*)$/i.exec(v);
    if (header && isSecretName(header[1]!)) maskIn(w, v, v.length - header[2]!.length, header[2]!);
    for (const m of v.matchAll(/"([^"\\]{1,64})"\s*:\s*"([^"\\]+)"/g))
      if (isSecretName(m[1]!)) maskIn(w, v, m.index + m[0].length - 1 - m[2]!.length, m[2]!);
  };

  const simple = (cmd: Extract<Cmd, { t: "simple" }>, previous: Extract<Cmd, { t: "simple" }> | undefined) => {
    for (const a of cmd.assigns) {
      if (a.value && isSecretName(a.name)) maskWord(a.value);
      else if (a.value) {
        const v = literal(a.value);
        if (v !== null) pairs(a.value, v);
      }
    }
    const words = cmd.words;
    const values = words.map(literal);
    let program = baseName(values[0] ?? "");
    let programAt = 0;
    for (let i = 0; i < words.length; i++) {
      step();
      const w = words[i]!;
      const v = values[i]!;
      if (v === null) {
        // A word with expansions: the code it runs ($( … ), backquotes) may hold secrets of its own.
        for (const part of w.parts) if (part.k === "cmd" && !part.backquote) list(part.body);
        const text = src.slice(w.start, w.end);
        for (const m of text.matchAll(/`((?:[^`\\]|\\.)*)`/g))
          nested(m[1]!, w.start + m.index + 1, w.start + m.index + 1 + m[1]!.length);
        continue;
      }
      // A program that takes passwords, reached directly or through a wrapper (sudo, env, docker exec, …).
      if (i > 0 && SHORT_PASSWORD_OPTIONS[baseName(v)] && !v.startsWith("-")) {
        program = baseName(v);
        programAt = i;
      }
      pairs(w, v);
      if (v.includes(" ") && i > 0) nested(v, w.start, w.end);
      if (!v.startsWith("-") || v === "-" || v === "--") continue;
      const short = SHORT_PASSWORD_OPTIONS[program];
      const needs = short?.after === undefined || values.slice(programAt + 1, i).includes(short.after);
      if (short && needs && v.length >= 2 && v[1] === short.letter && !v.startsWith("--")) {
        // -pSECRET (attached), or -p SECRET (for programs where -p takes a value).
        const attached = v.slice(2);
        const value = attached || (short.attached ? undefined : values[i + 1]);
        if (attached) {
          const at = short.split ? attached.indexOf(short.split) : -1;
          if (short.split) {
            if (at >= 0) maskIn(w, v, 2 + at + 1, attached.slice(at + 1));
          } else maskIn(w, v, 2, attached);
        } else if (value !== undefined && value !== null && !value.startsWith("-")) {
          const next = words[i + 1]!;
          const at = short.split ? value.indexOf(short.split) : -1;
          if (short.split) {
            if (at >= 0) maskIn(next, value, at + 1, value.slice(at + 1));
          } else maskWord(next);
          i++;
        } else if (value === null && !short.attached) {
          maskWord(words[i + 1]);
          i++;
        }
        continue;
      }
      const name = v.replace(/^-+/, "");
      if (v.includes("=")) continue; // --name=value: handled by pairs()
      const userPass = USER_PASSWORD_OPTIONS[v];
      if (userPass && program === "curl") {
        const next = values[i + 1];
        if (next) {
          const at = next.indexOf(userPass);
          if (at >= 0) maskIn(words[i + 1]!, next, at + 1, next.slice(at + 1));
        }
        i++;
        continue;
      }
      // --password SECRET, -storepass SECRET, --api-token SECRET (not mysql's --password, which prompts).
      if (name.length > 1 && isSecretName(name) && !(isMysqlFamily(program) && name === "password")) {
        const next = values[i + 1];
        if (next === undefined || next?.startsWith("-")) continue;
        maskWord(words[i + 1]);
        i++;
      }
    }
    // htpasswd -b FILE USER PASSWORD: the last operand; npm config set KEY VALUE; vault login TOKEN.
    if (program === "htpasswd" && values.some((v) => v !== null && /^-[a-zA-Z]*b/.test(v))) maskWord(words.at(-1));
    const sub = values.slice(programAt + 1);
    if (/^(npm|yarn|pnpm)$/.test(program) && sub[0] === "config" && sub[1] === "set") {
      const key = sub[2];
      if (key && !key.includes("=") && isSecretName(key.replace(/^.*[:/]/, ""))) maskWord(words[programAt + 4]);
    }
    if (program === "vault" && sub[0] === "login") {
      const k = sub.findIndex((v, j) => j > 0 && v !== null && !v.startsWith("-") && !v.includes("="));
      if (k > 0) maskWord(words[programAt + 1 + k]);
    }
    // echo SECRET | docker login --password-stdin (and sudo -S, chpasswd, passwd --stdin).
    if (previous && READS_PASSWORD_ON_STDIN(values)) {
      const p = baseName(literal(previous.words[0] ?? { parts: [], start: 0, end: 0 }) ?? "");
      if (p === "echo" || p === "printf")
        for (const w of previous.words.slice(1)) if (!/^-[neE]+$/.test(literal(w) ?? "")) maskWord(w);
    }
    for (const r of cmd.redirs) {
      if (r.op === "<<<" && r.target && READS_PASSWORD_ON_STDIN(values)) maskWord(r.target);
      if (r.heredoc?.body)
        nested(src.slice(r.heredoc.body.start, r.heredoc.body.end), r.heredoc.body.start, r.heredoc.body.end);
      else if (r.heredoc) {
        // A quoted heredoc's text is the body as written (but for <<-'s tabs): found in src, or the rest of src.
        const from = r.target?.end ?? 0;
        const at = src.indexOf(r.heredoc.text, from);
        if (at >= 0) nested(r.heredoc.text, at, at + r.heredoc.text.length);
        else nested(r.heredoc.text, from, src.length);
      }
    }
  };

  const command = (cmd: Cmd, previous: Cmd | undefined) => {
    switch (cmd.t) {
      case "simple":
        return simple(cmd, previous?.t === "simple" ? previous : undefined);
      case "subshell":
      case "group":
        return list(cmd.body);
      case "if":
        return cmd.lists.forEach(list);
      case "loop":
        list(cmd.cond);
        return list(cmd.body);
      case "for":
        return list(cmd.body);
      case "case":
        return cmd.arms.forEach((a) => list(a.body));
      case "func":
        return command(cmd.body, undefined);
      default:
        return;
    }
  };
  // Iterative over lists (a long line of `a; b; c` is no deep recursion); nested structures recurse, and
  // the parser bounds their depth.
  const list = (l: List) => {
    for (const ao of l)
      for (const pl of ao.pipelines) pl.cmds.forEach((c, k) => command(c, k > 0 ? pl.cmds[k - 1] : undefined));
  };
  list(parsed.list);
  return found.spans;
}

/** The passwords and tokens given on a command line as literal values (`curl -u u:VALUE`, `sshpass -p VALUE`). */
export function commandSecretValues(command: string): string[] {
  return secretSpans(command, 0).map(([s, e]) => command.slice(s, e).replace(/^(['"])(.*)\1$/s, "$2"));
}

/** The command with every password or token given on it replaced by REDACTED. */
export function maskCommandSecrets(command: string): string {
  const spans = secretSpans(command, 0);
  if (spans.length === 0) return command;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = "";
  let at = 0;
  for (const [s, e] of spans) {
    if (e <= at) continue;
    out += command.slice(at, Math.max(at, s)) + (s >= at ? COMMAND_SECRET_PLACEHOLDER : "");
    at = e;
  }
  return out + command.slice(at);
}
