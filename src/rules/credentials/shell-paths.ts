// The file paths a shell command reads, copies, archives, encodes or prints, as resolved absolute paths.
import type { ToolCall } from "../../engine/types.js";
import { shellOf, userHome, type SimpleCommand } from "../../analysis/shell/index.js";
import { resolvePath } from "../../analysis/secrets/index.js";
import { hasOption, optionValue } from "../../analysis/shell/commands.js";
import { readsConcealed } from "../../analysis/shell/conceals.js";
import { sedEffects, sedScripts } from "../../analysis/shell/sed.js";
import { listedFolder } from "../../analysis/shell/unwrap.js";

/** Programs whose path arguments are read and shown, copied, archived, encoded or sent. */
const READERS = new Set([
  "cat",
  "tac",
  "less",
  "more",
  "most",
  "head",
  "tail",
  "nl",
  "bat",
  "batcat",
  "view",
  "pg",
  "cp",
  "mv",
  "scp",
  "rsync",
  "install",
  "ln",
  "dd",
  "pv",
  "tee",
  "tar",
  "zip",
  "7z",
  "7za",
  "gzip",
  "gunzip",
  "zcat",
  "bzip2",
  "bzcat",
  "xz",
  "xzcat",
  "zstd",
  "zstdcat",
  "cpio",
  "ar",
  "base64",
  "base32",
  "basenc",
  "xxd",
  "od",
  "hexdump",
  "hd",
  "strings",
  "uuencode",
  "openssl",
  "gpg",
  "age",
  "grep",
  "egrep",
  "fgrep",
  "rg",
  "ag",
  "ack",
  "awk",
  "gawk",
  "mawk",
  "sed",
  "gsed",
  "cut",
  "sort",
  "uniq",
  "paste",
  "column",
  "fold",
  "fmt",
  "pr",
  "tr",
  "wc",
  "diff",
  "cmp",
  "comm",
  "jq",
  "yq",
  "xq",
  "sqlite3",
  "strings",
  "file",
  "curl",
  "wget",
  "http",
  "https",
  "xh",
  "nc",
  "ncat",
  "netcat",
  "socat",
  "ssh-keygen",
  "clip",
  "pbcopy",
  "xclip",
  "xsel",
  "wl-copy",
  "iconv",
  "split",
  "csplit",
  "rev",
  "look",
  "unshadow",
  // Editors run as filters (`vim -es -c '%p' -c 'q!' FILE`, `ex -sc '%p|q!' FILE`) print what they open.
  "vim",
  "vi",
  "nvim",
  "ex",
  "ed",
  "vim.basic",
  "vim.tiny",
]);

/** Editors' options whose value is a command or a script, never the file edited. */
const EDITOR_VALUES = ["-c", "--cmd", "-S", "-u", "-U", "-i", "-T", "-w", "-W", "-t", "-q", "--listen", "--remote"];

/**
 * Programs that copy their sources to a destination: the destination (the last operand, unless -t names
 * it) is written, not read, so `cp .env.example .env` reads only the example.
 */
const COPIERS = new Set(["cp", "mv", "install", "ln", "rsync", "scp"]);
/** Programs whose operands are all written (tee copies stdin into them). */
const WRITE_ONLY_OPERANDS = new Set(["tee"]);

/**
 * Short options whose separate value is a count, a pattern, a delimiter or a field list, never a file:
 * `tail -n 20` reads no file "20", `grep -e .env src/` searches for the text ".env" in src/.
 * Options whose value IS a file (grep -f, awk -f, sed -f, curl -T) are not listed: their value stays a read.
 */
const GREP_VALUES = [
  "-e",
  "-m",
  "-A",
  "-B",
  "-C",
  "--regexp",
  "--max-count",
  "--after-context",
  "--before-context",
  "--context",
  "--label",
  "--color",
  "--colour",
];
const AWK_VALUES = ["-F", "-v"];
/**
 * ssh's options whose value is a key, a config or a command it uses, never shows or sends: `scp -i KEY`,
 * `-o IdentityFile=KEY`, `rsync -e "ssh -i KEY"`. Using a key is not leaking it.
 */
const SSH_VALUES = ["-i", "-F", "-o", "-P", "-c", "-l", "-S", "-J", "-X", "-D"];
const RSYNC_VALUES = ["-e", "--rsh", "--rsync-path", "-T", "--temp-dir", "--password-file", "--log-file"];
/** curl's client certificate, key and CA options: used for TLS, not sent. */
const CURL_VALUES = [
  "-E",
  "--cert",
  "--key",
  "--cacert",
  "--capath",
  "--proxy-cert",
  "--proxy-key",
  "--proxy-cacert",
  "--crlfile",
  "--pinnedpubkey",
];
const AG_VALUES = ["-m", "-A", "-B", "-C", "-G", "--max-count", "--context", "--after", "--before"];
const VALUE_OPTIONS: Record<string, string[]> = {
  head: ["-n", "-c"],
  tail: ["-n", "-c", "-s", "--pid", "--sleep-interval"],
  grep: GREP_VALUES,
  egrep: GREP_VALUES,
  fgrep: GREP_VALUES,
  // Not -g/--glob: `rg KEY -g '.env*'` searches the .env files, so the glob stays a read.
  rg: [
    "-e",
    "-m",
    "-A",
    "-B",
    "-C",
    "-M",
    "--regexp",
    "--max-count",
    "--max-columns",
    "--context",
    "--after-context",
    "--before-context",
  ],
  ag: AG_VALUES,
  ack: AG_VALUES,
  sort: ["-k", "-t", "-S", "--key", "--field-separator", "--buffer-size", "--parallel"],
  cut: ["-d", "-f", "-c", "-b", "--delimiter", "--fields", "--characters", "--bytes"],
  uniq: ["-f", "-s", "-w", "--skip-fields", "--skip-chars", "--check-chars"],
  awk: AWK_VALUES,
  gawk: AWK_VALUES,
  mawk: AWK_VALUES,
  xxd: ["-l", "-s", "-c", "-g", "-o"],
  base64: ["-w", "--wrap"],
  fold: ["-w", "--width"],
  fmt: ["-w", "--width"],
  diff: ["-U", "--unified", "--label"],
  jq: ["--arg", "--argjson", "--indent"],
  vim: EDITOR_VALUES,
  vi: EDITOR_VALUES,
  nvim: EDITOR_VALUES,
  ex: EDITOR_VALUES,
  "vim.basic": EDITOR_VALUES,
  "vim.tiny": EDITOR_VALUES,
  scp: SSH_VALUES,
  sftp: SSH_VALUES,
  rsync: RSYNC_VALUES,
  curl: CURL_VALUES,
  openssl: [
    // Written: a new key, certificate or signature.
    "-out",
    "-keyout",
    // Used: the key signs, decrypts or authenticates; nothing of it is printed.
    "-key",
    "-inkey",
    "-sign",
    "-signkey",
    "-CAkey",
    "-prverify",
    "-passin",
    "-passout",
  ],
};

/** Programs whose first operand is a pattern or script, not a file. */
const SCRIPT_FIRST = new Set([
  "grep",
  "egrep",
  "fgrep",
  "rg",
  "ag",
  "ack",
  "awk",
  "gawk",
  "mawk",
  "sed",
  "gsed",
  "jq",
  "yq",
  "xq",
  "tr",
  "look",
]);

export interface ReadPath {
  /** The word as written. */
  word: string;
  /** Resolved absolute path. */
  path: string;
  command: SimpleCommand;
}

/**
 * `sed -i SCRIPT FILE…` edits the files in place: its output goes back into them, not to the screen (even
 * `p`). Undefined when the command is no such edit or its script could reach beyond the files.
 */
function sedInPlace(cmd: SimpleCommand): boolean {
  if (cmd.program !== "sed" && cmd.program !== "gsed") return false;
  const a = cmd.args;
  if (!a.some((x) => /^-[A-Za-z]*i/.test(x) || x.startsWith("--in-place"))) return false;
  if (a.some((x) => x.startsWith("--file") || /^-[A-Za-z]*f/.test(x))) return false;
  const scripts = sedScripts(a);
  return scripts.length > 0 && scripts.every((s) => sedEffects(s).length === 0);
}

/** The files a sed script reads in (`r`, `R`): shown with the text it prints, like its operands. */
const sedReads = (cmd: SimpleCommand): string[] =>
  cmd.program === "sed" || cmd.program === "gsed"
    ? sedScripts(cmd.args).flatMap((s) => sedEffects(s).flatMap((e) => (e.kind === "read" ? [e.text] : [])))
    : [];

/** Candidate path words in one command's arguments (operands, --opt=value values, curl's @file). */
function pathWords(cmd: SimpleCommand): string[] {
  // Edited in place, not read out: the file's content stays in the file.
  if (sedInPlace(cmd)) return [];
  const out: string[] = sedReads(cmd);
  const operands: string[] = [];
  const program = cmd.program;
  const targetFlag = COPIERS.has(program) && cmd.args.some((a) => a === "-t" || a.startsWith("--target-directory"));
  let skipFirst =
    SCRIPT_FIRST.has(program) &&
    !cmd.args.some(
      (a) => a === "-e" || a === "-f" || a.startsWith("--regexp") || a.startsWith("--file") || a === "--expression",
    );
  const valueOptions = VALUE_OPTIONS[program];
  let skipValues = 0;
  // tar -C DIR / --directory=DIR: the operands after it are inside DIR.
  let tarDir: string | undefined;
  const inTarDir = (w: string) =>
    tarDir !== undefined && !w.startsWith("/") && !w.startsWith("~") ? `${tarDir}/${w}` : w;
  for (let k = 0; k < cmd.args.length; k++) {
    const a = cmd.args[k]!;
    if (skipValues > 0) {
      skipValues--;
      continue;
    }
    if (program === "tar" && (a === "-C" || a === "--directory" || a.startsWith("--directory="))) {
      tarDir = a.startsWith("--directory=") ? a.slice(12) : cmd.args[k + 1];
      if (!a.includes("=")) skipValues = 1;
      continue;
    }
    if (!a) {
      // `grep '' FILE`, `sed '' FILE`: an empty pattern or script is still the first operand.
      skipFirst = false;
      continue;
    }
    if (valueOptions?.includes(a)) {
      // jq's --arg/--argjson take a name and a value: both are words, not files.
      skipValues = program === "jq" && (a === "--arg" || a === "--argjson") ? 2 : 1;
      continue;
    }
    if (a.startsWith("-")) {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(0, eq) : a;
      // `--rsh=ssh -i KEY`, `--key=KEY`, scp's `-oIdentityFile=KEY`: a value that is used, not read.
      if (valueOptions?.includes(name) || (SSH_VALUES === valueOptions && a.startsWith("-o"))) continue;
      if (eq > 0 && !a.startsWith("--target-directory=")) out.push(a.slice(eq + 1).replace(/^@/, ""));
      continue;
    }
    if (skipFirst) {
      skipFirst = false;
      continue;
    }
    if (a.startsWith("@")) out.push(a.slice(1));
    else if (/^[a-z]+=/.test(a) && program === "dd") {
      if (!a.startsWith("of=")) out.push(a.slice(a.indexOf("=") + 1)); // of= is written, not read
    } else if (a.includes("=@")) out.push(a.slice(a.indexOf("=@") + 2));
    else
      operands.push(
        a.replace(/^[^@/:]+@[^:]+:/, "") /* user@host:path → the remote side is not ours */ === a ? inTarDir(a) : "",
      );
  }
  // -t DIR: DIR was taken as an operand; it is the destination, as the last operand is otherwise.
  if (COPIERS.has(program) && operands.length > 1) {
    if (targetFlag) {
      const i = cmd.args.indexOf("-t");
      const dir = i >= 0 ? cmd.args[i + 1] : undefined;
      const at = dir === undefined ? -1 : operands.indexOf(dir);
      if (at >= 0) operands.splice(at, 1);
    } else operands.pop();
  }
  if (!WRITE_ONLY_OPERANDS.has(program)) out.push(...operands);
  return out.filter((w) => w !== "" && w !== "-");
}

/**
 * Key tools that read a private key to use it or to derive its public half print nothing of it:
 * ssh-keygen shows a key only when it converts one (-e export, -i import); openssl shows its -in only
 * for key and data subcommands that do not print just the public half (-pubout) or nothing (-noout
 * without -text), never for certificates, requests and digests. Encrypting a file to a recipient or a
 * passphrase (`age -r age1… -o secrets.enc.yaml secrets.yaml`, `gpg -e -r ops secrets.env`, `gpg -c`)
 * shows only ciphertext; decrypting, signing (a plain signature carries the text) or exporting shows it.
 */
/**
 * Encrypting a file to a recipient or a passphrase into another file (`age -r age1… -o secrets.enc.yaml
 * secrets.yaml`, `gpg -e -r ops -o secrets.env.gpg secrets.env`, `gpg -c file` → file.gpg): only
 * ciphertext leaves, and into a file, as sops does it. Ciphertext printed or piped on (to a recipient the
 * agent chose) is sent on as readable as the file; decrypting, signing (a plain signature carries the
 * text) and exports show it.
 */
function encryptsToFile(cmd: SimpleCommand): boolean {
  const a = cmd.args;
  // The project's own secrets files only: a key or login file of the home folder (`-o /tmp/k.age
  // ~/.ssh/id_ed25519`) encrypted to a recipient the agent chose is on its way out.
  const operands = a.filter(
    (x, i) =>
      !x.startsWith("-") && !/^-[oriRu]$|^--(?:output|recipient|recipients-file|identity)$/.test(a[i - 1] ?? ""),
  );
  if (operands.some((x) => /^[~/$]|(?:^|\/)\.\.(?:\/|$)/.test(x)) || cmd.wordInfo.some((w) => w.dynamic)) return false;
  const out = optionValue(a, ["-o", "--output"]);
  const toFile =
    (out !== undefined && out !== "-" && !out.startsWith("/dev/")) ||
    cmd.redirects.some(
      (r) => (r.op === ">" || r.op === ">>") && (r.fd === undefined || r.fd === 1) && !r.target.startsWith("/dev/"),
    );
  if (cmd.program === "age")
    return (
      toFile &&
      !hasOption(a, "d", ["--decrypt"], "oriR") &&
      (hasOption(a, "ep", ["--encrypt", "--passphrase", "--recipient", "--recipients-file"], "oriR") ||
        a.some((x) => /^-[rR]/.test(x)))
    );
  const gpgFile = out === undefined || toFile; // without -o, gpg writes FILE.gpg (FILE.asc with --armor)
  return (
    gpgFile &&
    hasOption(a, "ec", ["--encrypt", "--symmetric"], "roun") &&
    !hasOption(
      a,
      "d",
      [
        "--decrypt",
        "--export",
        "--export-secret-keys",
        "--export-secret-subkeys",
        "--list-packets",
        "--clearsign",
        "--clear-sign",
        "--store",
      ],
      "roun",
    )
  );
}

function showsWhatItReads(cmd: SimpleCommand): boolean {
  const a = cmd.args;
  if (cmd.program === "ssh-keygen") return hasOption(a, "ei", [], "bCDEfFIjmMnNOPrstUVwYzZ");
  if (cmd.program === "age" || cmd.program === "gpg" || cmd.program === "gpg2") return !encryptsToFile(cmd);
  if (cmd.program !== "openssl") return true;
  const sub = a.find((w) => !w.startsWith("-")) ?? "";
  // `openssl enc -aes-256-cbc -pbkdf2 -in .env -out .env.enc`: the project's file encrypted into a file.
  if (sub === "enc" || /^(?:aes|des|chacha|camellia|aria|sm4)[\w-]*$/.test(sub)) {
    const input = optionValue(a, ["-in"]);
    const out = optionValue(a, ["-out"]);
    return !(
      input !== undefined &&
      !/^[~/$]|(?:^|\/)\.\.(?:\/|$)/.test(input) &&
      out !== undefined &&
      out !== "-" &&
      !out.startsWith("/dev/") &&
      !a.includes("-d") &&
      !cmd.wordInfo.some((w) => w.dynamic)
    );
  }
  if (
    /^(x509|req|crl|verify|dgst|sha\d*|md5|genrsa|genpkey|ecparam|gendsa|rand|s_client|version|list|speed|ts|ocsp)$/.test(
      sub,
    )
  )
    return false;
  if (a.includes("-pubout")) return false;
  return !(a.includes("-noout") && !a.includes("-text"));
}

/** Programs whose output is the paths they are given (or, for find, paths under the folders it is given). */
const LISTERS = new Set(["ls", "echo", "printf", "realpath", "readlink", "find", "fd", "fdfind"]);
/** Programs that pass on some of the lines they read, unchanged. */
const FILTERS = new Set(["grep", "egrep", "fgrep", "head", "tail", "sort", "uniq", "shuf"]);

/**
 * `cat "$(ls ~/.ssh/id_* | grep -v pub | head -1)"`: a word that is a substitution names what the
 * substitution lists, when it is a lister and filters that can only narrow what it prints. The lister's
 * operands stand for the word; for find and fd, the folder they list under (unwrap.ts's listedFolder, which
 * the shell analysis also uses for a lone lister in a substitution).
 */
function listedBySubstitution(cmd: SimpleCommand): string[] {
  if (!cmd.substitutions?.length || !cmd.wordInfo.some((w, i) => i > 0 && w.dynamic)) return [];
  const out: string[] = [];
  const pipelines = new Map<number, SimpleCommand[]>();
  for (const sub of cmd.substitutions) {
    const list = pipelines.get(sub.pipeline.id) ?? [];
    list[sub.pipeline.index] = sub;
    pipelines.set(sub.pipeline.id, list);
  }
  for (const [lister, ...filters] of pipelines.values()) {
    if (!lister || !LISTERS.has(lister.program) || !filters.every((f) => f && FILTERS.has(f.program))) continue;
    // find, fd, rg -l: the one folder they list under, as the shell analysis reads a lone one (listedFolder).
    if (lister.program === "find" || lister.program === "fd" || lister.program === "fdfind") {
      const folder = listedFolder(lister);
      if (folder !== undefined) out.push(`${folder.replace(/\/+$/, "")}/`);
      continue;
    }
    const operands = lister.args.filter((a) => !a.startsWith("-"));
    // printf's first operand is its format.
    out.push(...(lister.program === "printf" ? operands.slice(1) : operands));
  }
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const PYTHON = /^(?:python[\d.]*|pypy[\d.]*)$/;

/**
 * `python3 -m base64 -e FILE`, `python -m json.tool FILE`, `python -m gzip -c FILE`: a module run as a
 * program is handed its operands as files, and the standard library's filters print them.
 */
function moduleOperands(args: string[]): string[] {
  const at = args.indexOf("-m");
  if (at < 0 || at + 1 >= args.length) return [];
  return args.slice(at + 2).filter((a) => a !== "" && !a.startsWith("-"));
}

/**
 * Every local path the call's shell command would read and show through a reader program or a "<"
 * redirect. A read whose output shows nothing of the content (`wc -l .env`, `cut -d= -f1 .env`,
 * `cat .env | wc -l`) is left out: it reveals no secret.
 */
/** A container's or pod's side of a copy: `ctr:/path`, `namespace/pod:/path`. */
const REMOTE_SIDE = /^[\w.-]+(?:\/[\w.-]+)?:/;

export function shellReadPaths(call: ToolCall): ReadPath[] {
  const analysis = shellOf(call);
  if (!analysis) return [];
  const home = userHome();
  const out: ReadPath[] = [];
  for (const cmd of analysis.commands) {
    if (readsConcealed(cmd, analysis)) continue;
    const cwd = cmd.cwd ?? call.session.cwd;
    const words =
      READERS.has(cmd.program) ||
      (cmd.program === "git" &&
        (cmd.args[0] === "add" ||
          cmd.args[0] === "show" ||
          (cmd.args[0] === "diff" && cmd.args.includes("--no-index"))))
        ? showsWhatItReads(cmd)
          ? [...pathWords(cmd), ...listedBySubstitution(cmd)]
          : []
        : [];
    const module = PYTHON.test(cmd.program) ? moduleOperands(cmd.args) : [];
    words.push(...module);
    // `curl file:///home/dev/.netrc`, `wget -O- file://…`: a local file fetched as a URL.
    if (cmd.program === "curl" || cmd.program === "wget")
      for (const a of cmd.args) {
        const m = /^file:\/\/(?:localhost)?(\/.*)$/i.exec(a);
        if (m) words.push(decodeURIComponentSafe(m[1]!));
      }
    // `docker cp ~/.ssh/id_ed25519 ctr:/tmp/k`, `kubectl cp … pod:/x`: a local file copied into a container
    // or pod is out of this machine's hands (and its processes may send it on).
    if (
      (cmd.program === "docker" ||
        cmd.program === "podman" ||
        cmd.program === "nerdctl" ||
        cmd.program === "kubectl") &&
      (cmd.args[0] === "cp" || (cmd.args[0] === "container" && cmd.args[1] === "cp"))
    ) {
      const ops = cmd.args.slice(cmd.args[0] === "cp" ? 1 : 2).filter((a) => !a.startsWith("-"));
      if (ops.length >= 2 && REMOTE_SIDE.test(ops.at(-1)!))
        words.push(...ops.slice(0, -1).filter((w) => !REMOTE_SIDE.test(w)));
    }
    // `xargs -a FILE`: the file's words become arguments, echoed when no command is given.
    if (cmd.program === "xargs")
      cmd.args.forEach((a, i) => {
        if ((a === "-a" || a === "--arg-file") && cmd.args[i + 1]) words.push(cmd.args[i + 1]!);
        else if (/^-a./.test(a) || a.startsWith("--arg-file=")) words.push(a.replace(/^-a|^--arg-file=/, ""));
      });
    for (const r of cmd.redirects) if (r.op === "<" || r.op === "<>") words.push(r.target);
    // `while read l; do echo "$l"; done < FILE`: the loop's own redirect feeds the commands inside.
    if (cmd.stdin?.kind === "file" && cmd.stdin.inherited && cmd.stdin.text) words.push(cmd.stdin.text);
    for (const w of words) out.push({ word: w, path: resolvePath(w, cwd, home), command: cmd });
  }
  // `python3 -c 'print(open(sys.argv[1]).read())' FILE`: code that opens what it is handed reads its operands.
  for (const inline of analysis.inlineCode) {
    if (!ARGV_READ.test(inline.code)) continue;
    const cmd = inline.command;
    const at = cmd.args.indexOf(inline.code);
    if (at < 0) continue;
    const cwd = cmd.cwd ?? call.session.cwd;
    for (const w of cmd.args.slice(at + 1).filter((a) => a !== "" && !a.startsWith("-")))
      out.push({ word: w, path: resolvePath(w, cwd, home), command: cmd });
  }
  return out;
}

/** Inline code that opens files named on its command line (sys.argv, process.argv, ARGV, <>, fileinput). */
const ARGV_READ =
  /(?:\bopen|readFileSync|readFile|createReadStream|File\.read|IO\.read|File\.open|file_get_contents|read_text)\s*\(\s*(?:sys\.argv|process\.argv|ARGV|\$ARGV|\$argv)|\bfileinput\.input\(|\bARGF\b|<>|<ARGV>/;
