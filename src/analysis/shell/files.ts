// Files the command line makes and then runs: what a download (curl -o, wget -O, git clone, an unpacked
// archive), a redirect, tee or a copy puts in a file is remembered for the rest of the walk — and, through
// ShellOptions.files, from earlier calls of the session — so that running the file (`bash f`, `./f`,
// `python3 f`, `source f`, `make`, `npm run x`) is seen for what it runs: the text when it is known (walked
// as shell, or as the interpreter's code), and the commands that made it (`fileSources`), so a rule can
// tell a file that came from the network from one the project holds.
import type { FileFact, RememberedFile, SimpleCommand, WordInfo } from "./types.js";
import { feeders, operands, optionValue } from "./commands.js";
import { normalizePath, resolvePathWord } from "./paths.js";
import { pathPattern } from "../fs/glob.js";
import { basename, programName, type WalkState } from "./walk-state.js";

const MAX_TEXT = 8192;
const DOWNLOADERS = new Set([
  "curl",
  "wget",
  "wget2",
  "http",
  "https",
  "xh",
  "xhs",
  "curlie",
  "aria2c",
  "fetch",
  "axel",
  "lwp-download",
  "lwp-request",
  "GET",
]);
const URL = /^(?:https?|ftp):\/\/\S+$/i;
const known: WordInfo = { dynamic: false, dynamicStart: false };

const urlOf = (cmd: SimpleCommand): string | undefined => cmd.args.find((a) => URL.test(a));

/** A made-up download command standing for a file downloaded by an earlier call (or by inline code). */
function downloadCommand(url: string, path: string, like?: SimpleCommand): SimpleCommand {
  const argv = ["curl", "-o", path, url];
  return {
    argv,
    program: "curl",
    args: argv.slice(1),
    assignments: {},
    redirects: [],
    wrappers: like ? [...like.wrappers] : ["an earlier call of the session"],
    context: like?.context ?? "wrapped",
    pipeline: like?.pipeline ?? { id: 0, index: 0, length: 1 },
    dynamic: false,
    text: argv.join(" "),
    wordInfo: argv.map(() => known),
  };
}

function place(word: string | undefined, info: WordInfo | undefined, cwd: string | undefined, home: string) {
  if (word === undefined || word === "" || word === "-" || info?.dynamicStart) return undefined;
  const p = resolvePathWord(word, cwd, home);
  // Devices and descriptors are not files anyone runs (/dev/shm is a folder like /tmp).
  return p.startsWith("/") && !/^\/dev\/(?!shm\/)/.test(p) ? p : undefined;
}

/** The file a downloader writes (curl -o/-O, wget -O or the URL's name, http --download, aria2c -o). */
function downloadTarget(sc: SimpleCommand, home: string): string | undefined {
  const p = sc.program;
  const a = sc.args;
  const url = urlOf(sc);
  const urlName = url ? basename(url.replace(/[?#].*$/, "")) : undefined;
  if (p === "curl" || p === "curlie") {
    let out = optionValue(a, ["-o", "--output"]);
    if (out === undefined) {
      // -sSLo FILE: a cluster that ends in o takes the next word.
      const i = a.findIndex((x) => /^-[a-zA-Z]*o$/.test(x) && !x.startsWith("--"));
      if (i >= 0) out = a[i + 1];
    }
    if (out === undefined && a.some((x) => x === "-O" || x === "--remote-name" || /^-[a-zA-Z]*O[a-zA-Z]*$/.test(x)))
      out = urlName;
    const dir = optionValue(a, ["--output-dir"]);
    if (out !== undefined && dir !== undefined && !out.startsWith("/")) out = `${dir}/${out}`;
    return place(out, undefined, sc.cwd, home);
  }
  if (p === "wget" || p === "wget2") {
    let out = optionValue(a, ["-O", "--output-document"]);
    if (out === undefined) {
      const i = a.findIndex((x) => /^-[a-zA-Z]*O$/.test(x) && !x.startsWith("--"));
      if (i >= 0) out = a[i + 1];
      else {
        const j = a.findIndex((x) => /^-[a-zA-Z]*O./.test(x) && !x.startsWith("--"));
        if (j >= 0) out = a[j]!.slice(a[j]!.indexOf("O") + 1);
      }
    }
    if (out === undefined && !a.includes("--spider")) {
      const dir = optionValue(a, ["-P", "--directory-prefix"]);
      out = urlName ? (dir ? `${dir}/${urlName}` : urlName) : undefined;
    }
    return place(out, undefined, sc.cwd, home);
  }
  if (p === "http" || p === "https" || p === "xh" || p === "xhs") {
    if (!a.some((x) => x === "--download" || x === "-d" || /^-[a-zA-Z]*d/.test(x))) return undefined;
    return place(optionValue(a, ["-o", "--output"]) ?? urlName, undefined, sc.cwd, home);
  }
  // lwp-download URL [FILE|DIR] (a folder gets the URL's name); axel -o FILE URL.
  if (p === "lwp-download") {
    const ops = a.filter((x) => !x.startsWith("-"));
    const out = ops[1];
    return place(
      out === undefined ? urlName : out.endsWith("/") ? `${out}${urlName ?? ""}` : out,
      undefined,
      sc.cwd,
      home,
    );
  }
  if (p === "axel") return place(optionValue(a, ["-o", "--output"]) ?? urlName, undefined, sc.cwd, home);
  if (p === "aria2c") {
    const out = optionValue(a, ["-o", "--out"]) ?? urlName;
    const dir = optionValue(a, ["-d", "--dir"]);
    return place(out && dir && !out.startsWith("/") ? `${dir}/${out}` : out, undefined, sc.cwd, home);
  }
  return undefined;
}

/** The fact of a path: its own, or the folder's it sits in (a clone, an unpacked archive); a glob matches by pattern. */
function factOf(state: WalkState, path: string | undefined): FileFact | undefined {
  if (!path || !state.files?.size) return undefined;
  const own = state.files.get(path);
  if (own) return own;
  for (const [p, f] of state.files) if (f.dir && path.startsWith(`${p}/`)) return f;
  if (/[*?[]/.test(path)) {
    const re = pathPattern(path, true);
    if (re) for (const [p, f] of state.files) if (re.test(p)) return f;
  }
  return undefined;
}

/**
 * The text of a file this command line or an earlier call of the session wrote, by the word that names
 * it (for programs that read commands from a file: at -f, vim -s, run-parts).
 */
export function madeFileText(state: WalkState, word: string, cwd: string | undefined): string | undefined {
  return factOf(state, place(word, undefined, cwd, state.home))?.text;
}

/**
 * The texts of the files this command line or an earlier call of the session put in a folder, by the
 * word that names it (run-parts runs every program there), with the commands that made them.
 */
export function madeFilesIn(state: WalkState, word: string, cwd: string | undefined): FileFact[] {
  const dir = place(word, undefined, cwd, state.home)?.replace(/\/+$/, "");
  if (!dir || !state.files?.size) return [];
  const out: FileFact[] = [];
  for (const [p, f] of state.files)
    if (p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes("/") && !f.dir) out.push(f);
  return out.slice(0, 50);
}

function remember(state: WalkState, path: string, fact: FileFact): void {
  const files = (state.files ??= new Map());
  if (files.size > 500) return;
  const text = fact.text !== undefined && fact.text.length > MAX_TEXT ? undefined : fact.text;
  files.set(path, { ...fact, ...(text !== undefined ? { text } : { text: undefined }) });
  (state.made ??= new Set()).add(path);
}

/** After `sc` ran: the files it wrote, downloaded, copied, cloned or unpacked. `output`: its stdout when known. */
export function recordWrites(state: WalkState, sc: SimpleCommand, output: string | undefined): void {
  if (sc.remote) return;
  const home = state.home;
  const p = sc.program;
  const info = sc.wordInfo.slice(1);
  // What feeds it: a download upstream makes its output a download too (curl … | tee f, … | base64 -d > f).
  const upstream = sc.stdin && sc.stdin.kind !== "file" ? (sc.stdin.from ?? []) : [];
  const fetched = DOWNLOADERS.has(p) ? sc : upstream.find((c) => DOWNLOADERS.has(c.program));
  const fromFile = sc.stdin?.kind === "file" ? factOf(state, place(sc.stdin.text, undefined, sc.cwd, home)) : undefined;
  const base = (text: string | undefined): FileFact => ({
    from: [sc, ...(fetched && fetched !== sc ? [fetched] : []), ...(fromFile?.from ?? [])],
    ...(text !== undefined ? { text } : {}),
    ...(fetched ? { url: urlOf(fetched) ?? "" } : fromFile?.url !== undefined ? { url: fromFile.url } : {}),
  });
  for (const r of sc.redirects) {
    if (![">", ">>", ">|", "&>", "&>>"].includes(r.op) || (r.fd !== undefined && r.fd !== 1)) continue;
    const path = place(r.target, r.info, sc.cwd, home);
    if (!path) continue;
    // Appending: what the file held before is added to when known (otherwise the appended text is what is known).
    const prev = r.op.includes(">>") ? (factOf(state, path)?.text ?? "") : "";
    remember(state, path, base(output !== undefined && prev !== undefined ? prev + output : undefined));
  }
  if (p === "tee") {
    const text = sc.stdin && sc.stdin.kind !== "file" ? sc.stdin.text : undefined;
    for (const o of operands(sc.args)) {
      const path = place(o.word, info[o.index], sc.cwd, home);
      if (path) remember(state, path, base(text));
    }
    return;
  }
  const dl = DOWNLOADERS.has(p) ? downloadTarget(sc, home) : undefined;
  if (dl) {
    remember(state, dl, { from: [sc], url: urlOf(sc) ?? "" });
    return;
  }
  if (p === "cp" || p === "mv" || p === "install") {
    const ops = operands(sc.args, ["-t", "--target-directory", "-S", "--suffix", "-m", "--mode", "-o", "-g"]);
    if (ops.length !== 2) return;
    const src = place(ops[0]!.word, info[ops[0]!.index], sc.cwd, home);
    let dest = place(ops[1]!.word, info[ops[1]!.index], sc.cwd, home);
    const fact = factOf(state, src);
    if (!fact || !dest || !src) return;
    if (ops[1]!.word.endsWith("/")) dest = `${dest}/${basename(src)}`;
    remember(state, normalizePath(dest), fact);
    return;
  }
  // npm pkg set scripts.x=CMD (npm set-script x CMD; pnpm pkg set, bun pm pkg set the same): a package
  // script the next `npm run x` (`pnpm x`, `bun run x`) runs.
  const pkgArgs = p === "bun" && sc.args[0] === "pm" ? sc.args.slice(1) : sc.args;
  if (
    (p === "npm" || p === "pnpm" || p === "bun") &&
    ((pkgArgs[0] === "pkg" && pkgArgs[1] === "set") || (p === "npm" && pkgArgs[0] === "set-script"))
  ) {
    const pairs: [string, string][] =
      pkgArgs[0] === "set-script"
        ? pkgArgs[1] && pkgArgs[2] !== undefined
          ? [[pkgArgs[1], pkgArgs[2]]]
          : []
        : pkgArgs
            .slice(2)
            .map((a) => /^scripts\.([^=]+)=([\s\S]*)$/.exec(a))
            .filter((m): m is RegExpExecArray => m !== null)
            .map((m) => [m[1]!, m[2]!]);
    const pkg = place("package.json", undefined, sc.cwd, home);
    for (const [name, cmd] of pairs) if (pkg) remember(state, `${pkg}#scripts.${name}`, { from: [sc], text: cmd });
    return;
  }
  // package.json edited by another tool: the scripts the edit spells are what `npm run x` runs next.
  const edited = scriptEdits(sc);
  if (edited.length) {
    const pkg = place("package.json", undefined, sc.cwd, home);
    for (const [name, cmd] of edited) if (pkg) remember(state, `${pkg}#scripts.${name}`, { from: [sc], text: cmd });
    return;
  }
  if (p === "git" && sc.args.includes("clone")) {
    const i = sc.args.indexOf("clone");
    const ops = operands(sc.args.slice(i + 1), ["-b", "--branch", "--depth", "-o", "--origin", "-c", "--config"]);
    const url = ops[0]?.word;
    if (!url) return;
    const dir = ops[1]?.word ?? basename(url.replace(/\/+$/, "")).replace(/\.git$/, "");
    const path = place(dir, undefined, sc.cwd, home);
    if (path) remember(state, path, { from: [{ ...sc, program: "git clone" }], url, dir: true });
    return;
  }
  // tar x / unzip of a known file: what it unpacks shares the archive's fact.
  if (p === "tar" || p === "bsdtar" || p === "unzip") {
    const extracting =
      p === "unzip" ||
      sc.args.some((a) => /^-?[a-zA-Z]*x/.test(a) && !a.startsWith("--")) ||
      sc.args.includes("--extract");
    if (!extracting) return;
    const archiveWord =
      p === "unzip"
        ? operands(sc.args, ["-d", "-x", "-P"])[0]?.word
        : (optionValue(sc.args, ["-f", "--file"]) ??
          (() => {
            const i = sc.args.findIndex((a) => /^-?[a-zA-Z]*f$/.test(a) && !a.startsWith("--"));
            return i >= 0 ? sc.args[i + 1] : undefined;
          })());
    // The archive read from a pipe a downloader feeds (`curl -s URL | tar xz -C dir`): what it unpacks came
    // from the network as surely as a downloaded archive's contents.
    const piped =
      p !== "unzip" && (archiveWord === undefined || archiveWord === "-") && sc.stdin?.kind === "pipe"
        ? feeders(sc).find((c) => DOWNLOADERS.has(c.program) && urlOf(c) !== undefined)
        : undefined;
    const fact = piped
      ? { from: [piped], url: urlOf(piped)! }
      : factOf(state, place(archiveWord, undefined, sc.cwd, home));
    if (!fact) return;
    const into = p === "unzip" ? optionValue(sc.args, ["-d"]) : optionValue(sc.args, ["-C", "--directory"]);
    const path = place(into ?? ".", undefined, sc.cwd, home);
    if (path)
      remember(state, path, { from: fact.from, ...(fact.url !== undefined ? { url: fact.url } : {}), dir: true });
  }
}

/** `scripts.x = "…"`, `scripts["x"] = '…'`, `['scripts']['x'] = "…"`: a script assigned in code or a jq filter. */
const SCRIPT_ASSIGN =
  /\bscripts['"]?\s*\]?\s*(?:\.\s*([\w:-]+)|\[\s*(['"])([\w:-]+)\2\s*\])\s*\|?=\s*(['"`])((?:\\.|(?!\4)[^\\])*)\4/g;
/** `"x": "…"` in a sed or perl substitution's replacement: a script line written over another. */
const SCRIPT_LINE = /"([\w:-]+)"\s*:\s*"((?:\\.|[^"\\])*)"/g;
/** Programs that only read or print a file: naming package.json there edits nothing. */
const MANIFEST_READERS = /^(?:cat|less|more|head|tail|grep|egrep|rg|wc|diff|git|echo|printf|npm|pnpm|yarn|bun)$/;

/**
 * The package scripts a command writes into package.json by editing it (`npx json -I -f package.json -e
 * 'this.scripts.x="…"'`, `jq '.scripts.x="…"' package.json > t && mv t package.json`, `sed -i
 * 's#"test": ".*"#"test": "…"#' package.json`, inline code that assigns p.scripts.x and writes the file).
 */
function scriptEdits(sc: SimpleCommand): [string, string][] {
  if (MANIFEST_READERS.test(sc.program)) return [];
  const text = sc.args.join("\n");
  const editor = /^(?:sed|gsed|perl)$/.test(sc.program);
  if (!text.includes("package.json") || (!text.includes("scripts") && !editor)) return [];
  const out = new Map<string, string>();
  const unquoted = (v: string) => v.replace(/\\(.)/g, "$1");
  for (const m of text.matchAll(SCRIPT_ASSIGN)) out.set(m[1] ?? m[3]!, unquoted(m[5]!));
  if (editor && sc.args.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith("--in-place")))
    for (const m of text.matchAll(SCRIPT_LINE))
      if (!/^(?:name|version|main|type|license)$/.test(m[1]!)) out.set(m[1]!, unquoted(m[2]!));
  return [...out].slice(0, 20);
}

/** Interpreters that run a script file given as their first operand, and the language of its code. */
const SCRIPT_LANGUAGES: [RegExp, string][] = [
  [/^(?:python[0-9.]*|pypy[0-9.]*)$/, "python"],
  [/^(?:node|nodejs|bun|deno|tsx|ts-node)$/, "node"],
  [/^perl$/, "perl"],
  [/^ruby$/, "ruby"],
  [/^php$/, "php"],
  [/^(?:lua|luajit)$/, "lua"],
  [/^(?:pwsh|powershell)$/, "powershell"],
  [/^Rscript$/, "r"],
  [/^go$/, "go"],
  [/^rust-script$|^cargo-script$/, "rust"],
  [/^dotnet$/, "csharp"],
  // java File.java runs a single source file (Java 11 and later).
  [/^(?:kotlinc?|kscript|scala|scala-cli|jshell|java)$/, "jvm"],
  [/^groovy$/, "groovy"],
  [/^(?:clojure|clj|bb)$/, "clojure"],
  [/^(?:octave|octave-cli)$/, "octave"],
  [/^crystal$/, "ruby"],
  [/^elixir$/, "elixir"],
];
/** Languages no scanner reads in full: their files' command strings are walked too (commandsInCode). */
const COMPILED = new Set(["go", "rust", "csharp", "jvm", "clojure"]);
/** Subcommands that take the script next (go run f.go, dotnet script f.csx, deno run f.ts, crystal run f.cr). */
const RUN_VERBS: Record<string, RegExp> = {
  deno: /^(?:run|eval)$/,
  go: /^run$/,
  dotnet: /^script$/,
  "scala-cli": /^(?:run|shebang)$/,
  crystal: /^run$/,
};

/** The script file a command runs, and how: as shell code, as an interpreter's code, or a program run by its path. */
function scriptOf(sc: SimpleCommand, shells: Set<string>): { word: string; language: string } | undefined {
  // busybox sh f, toybox sh f: the applet is the program.
  if ((sc.program === "busybox" || sc.program === "toybox") && sc.argv[1] && !sc.argv[1].startsWith("-"))
    return scriptOf(
      { ...sc, argv: sc.argv.slice(1), program: programName(sc.argv[1]), args: sc.argv.slice(2) },
      shells,
    );
  const p = sc.program;
  const a = sc.args;
  if (shells.has(p) || p === "source" || p === ".") {
    if (a.some((x) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(x) && !x.startsWith("--"))) return undefined;
    const op = a.find((x) => !x.startsWith("-") && !x.startsWith("+"));
    if (op !== undefined) return { word: op, language: "sh" };
    if (sc.stdin?.kind === "file" && sc.stdin.text) return { word: sc.stdin.text, language: "sh" };
    return undefined;
  }
  for (const [re, language] of SCRIPT_LANGUAGES) {
    if (!re.test(p)) continue;
    const file = optionValue(a, ["-f", "-File", "-file", "--file"]);
    if (file !== undefined) return { word: file, language };
    const codeAt = a.findIndex((x) => /^-[a-zA-Z]*[ce]$/.test(x) || x === "--eval" || x === "-Command");
    if (codeAt >= 0) {
      const loaded = fileLoadedBy(a[codeAt + 1] ?? "");
      return loaded !== undefined ? { word: loaded, language } : undefined;
    }
    if (a.includes("-m")) return undefined;
    // go, dotnet: only their run verbs run a script (go build, dotnet test run the project's own code).
    if ((p === "go" || p === "dotnet") && !RUN_VERBS[p]!.test(a[0] ?? "")) return undefined;
    const rest = RUN_VERBS[p]?.test(a[0] ?? "") ? a.slice(1) : a;
    const op = rest.find((x) => !x.startsWith("-"));
    if (op !== undefined) return { word: op, language };
    if ((rest.length === 0 || rest.includes("-")) && sc.stdin?.kind === "file" && sc.stdin.text)
      return { word: sc.stdin.text, language };
    return undefined;
  }
  if (p === "cat" && a.length > 0 && a.every((x) => !x.startsWith("-"))) return { word: a[0]!, language: "data" };
  // Installing a package file runs its scripts (a .deb's maintainer scripts, an npm tarball's install
  // script, a wheel's or sdist's build): the package is a program that runs.
  const pkg = packageFileInstalled(p, a);
  if (pkg !== undefined) return { word: pkg, language: "program" };
  // A program run by its path (./x, /tmp/x, ~/.local/bin/x).
  if (sc.argv[0]?.includes("/")) return { word: sc.argv[0], language: "program" };
  return undefined;
}

/**
 * A quoted path in inline code: absolute, relative with ./ or ../, under ~, or named with a script's
 * extension; not a data file (`require('./package.json')` reads JSON, it runs nothing).
 */
const LOADED_PATH = String.raw`(['"])((?:\/|\.\.?\/|~\/)[^'"]*|[^'"]*\.(?:py|js|mjs|cjs|ts|rb|pl|pm|php|lua|sh))(?<!\.(?:json|jsonc|json5|txt|csv|ya?ml|toml|md|node))\1`;
/**
 * Inline code that runs a file's code as its own (`exec(open('/tmp/p.py').read())`, `runpy.run_path(…)`,
 * `require('./x.js')`, `eval(fs.readFileSync(…))`, ruby's `load`, perl's `do`, php's `include`): the file
 * it loads, which then runs as if named on the command line.
 */
const LOADS_FILE = new RegExp(
  [
    String.raw`\bexec\s*\(\s*(?:compile\s*\(\s*)?(?:open|io\.open)\s*\(\s*${LOADED_PATH}`,
    String.raw`\bexec\s*\(\s*(?:pathlib\.)?Path\s*\(\s*${LOADED_PATH}\s*\)\s*\.read_(?:text|bytes)`,
    String.raw`\brunpy\.run_path\s*\(\s*${LOADED_PATH}`,
    String.raw`\b(?:eval|Function|runInThisContext|runInNewContext)\s*\(\s*(?:require\s*\(\s*['"](?:node:)?fs['"]\s*\)|fs)\.readFileSync\s*\(\s*${LOADED_PATH}`,
    String.raw`\b(?:require|import)\s*\(\s*${LOADED_PATH}`,
    String.raw`\beval\s*\(?\s*(?:File|IO)\.read\s*\(\s*${LOADED_PATH}`,
    String.raw`\b(?:load|require_relative|do|include|include_once|require_once|dofile|loadfile)\s*\(?\s*${LOADED_PATH}`,
  ].join("|"),
);

function fileLoadedBy(code: string): string | undefined {
  const m = LOADS_FILE.exec(code);
  if (!m) return undefined;
  for (let i = 2; i < m.length; i += 2) if (m[i] !== undefined) return m[i];
  return undefined;
}

/** A package file's installer and verbs, and the file names it takes as a package file. */
const PACKAGE_FILE = /\.(?:deb|rpm|apk|pkg\.tar\.(?:zst|xz|gz)|whl|tgz|tar\.gz|zip|gem|snap|AppImage|run)$/i;
const PACKAGE_INSTALLS: Record<string, RegExp> = {
  dpkg: /^(?:-i|--install|-[a-zA-Z]*i[a-zA-Z]*)$/,
  apt: /^(?:install|reinstall)$/,
  "apt-get": /^install$/,
  rpm: /^(?:-i|-U|-F|--install|--upgrade|-[a-zA-Z]*[iUF][a-zA-Z]*)$/,
  dnf: /^(?:install|localinstall|reinstall)$/,
  yum: /^(?:install|localinstall)$/,
  zypper: /^(?:install|in)$/,
  pacman: /^-U[a-zA-Z]*$/,
  apk: /^add$/,
  pip: /^install$/,
  pip3: /^install$/,
  npm: /^(?:install|i|add)$/,
  gem: /^install$/,
  snap: /^install$/,
};

/** The package file an install command installs (`dpkg -i f.deb`, `pip install ./f.whl`), if any. */
function packageFileInstalled(p: string, a: string[]): string | undefined {
  const verb = PACKAGE_INSTALLS[p];
  if (!verb || !a.some((x) => verb.test(x))) return undefined;
  return a.find((x) => !x.startsWith("-") && PACKAGE_FILE.test(x) && !/^[a-z][\w+.-]*:\/\//i.test(x));
}

/** Package-manager verbs that run no script of the package (anything else may be a script's name). */
const PM_VERBS = new Set([
  "add",
  "remove",
  "rm",
  "uninstall",
  "update",
  "upgrade",
  "outdated",
  "ls",
  "list",
  "why",
  "info",
  "view",
  "publish",
  "pack",
  "login",
  "logout",
  "whoami",
  "config",
  "set",
  "get",
  "cache",
  "init",
  "create",
  "link",
  "unlink",
  "audit",
  "dedupe",
  "prune",
  "exec",
  "x",
  "dlx",
  "pkg",
  "version",
  "help",
  "search",
  "bin",
  "root",
  "prefix",
  "global",
  "workspace",
  "workspaces",
  "import",
  "patch",
  "store",
  "env",
]);

/**
 * Files a tool runs by itself, found in the cwd: package scripts (npm run x, npm test, npm install's
 * lifecycle), Makefile and justfile recipes, pytest's conftest.py, setup.py, test runners' setup files.
 * Each with how its text runs.
 */
function implicitRuns(sc: SimpleCommand): { names: string[]; language: string }[] {
  const p = sc.program;
  const a = sc.args;
  const scripts = (...names: string[]) => ({
    names: names.flatMap((n) => [
      `package.json#scripts.pre${n}`,
      `package.json#scripts.${n}`,
      `package.json#scripts.post${n}`,
    ]),
    language: "sh",
  });
  // Yarn runs the release its yarnPath names (.yarn/releases/…) for every command.
  if (p === "yarn")
    return [...(packageRuns(p, a, scripts) ?? []), { names: [".yarn/releases/*.cjs"], language: "node" }];
  return packageRuns(p, a, scripts) ?? otherRuns(sc);
}

function packageRuns(
  p: string,
  a: string[],
  scripts: (...names: string[]) => { names: string[]; language: string },
): { names: string[]; language: string }[] | undefined {
  if (p === "npm" || p === "pnpm" || p === "yarn" || p === "bun") {
    const verb = a.find((x) => !x.startsWith("-"));
    if (verb === undefined) return p === "yarn" ? [scripts("install", "prepare")] : [];
    if (verb === "run" || verb === "run-script" || verb === "rum" || verb === "urn") {
      const name = a[a.indexOf(verb) + 1];
      if (!name) return [];
      // The usual dev, build and lint scripts start a tool that loads its JavaScript config file.
      return /^(?:dev|build|start|serve|preview|lint|test)\b/.test(name)
        ? [scripts(name), { names: JS_CONFIGS, language: "node" }]
        : [scripts(name)];
    }
    if (verb === "test" || verb === "t" || verb === "tst") return [scripts("test")];
    if (verb === "start" || verb === "stop" || verb === "restart") return [scripts(verb)];
    if (verb === "install" || verb === "i" || verb === "ci" || verb === "add" || verb === "rebuild")
      return [scripts("install", "prepare", "prepublish")];
    if ((p === "yarn" || p === "pnpm" || p === "bun") && !PM_VERBS.has(verb)) return [scripts(verb)];
    return [];
  }
  return undefined;
}

function otherRuns(sc: SimpleCommand): { names: string[]; language: string }[] {
  const p = sc.program;
  const a = sc.args;
  if (p === "make" || p === "gmake") {
    const f = optionValue(a, ["-f", "--file", "--makefile"]);
    return [{ names: f !== undefined ? [f] : ["GNUmakefile", "makefile", "Makefile"], language: "make" }];
  }
  if (p === "just") return [{ names: ["justfile", "Justfile", ".justfile"], language: "just" }];
  if (p === "task" || p === "go-task")
    return [
      {
        names: [optionValue(a, ["-t", "--taskfile"]) ?? "Taskfile.yml"].concat(
          optionValue(a, ["-t", "--taskfile"]) ? [] : ["Taskfile.yaml", "taskfile.yml", "taskfile.yaml"],
        ),
        language: "task",
      },
    ];
  // Specs a launcher reads: a compose file (compose up/run/create/start), a manifest (kubectl apply -f).
  // Their text is kept for the container rules (ShellAnalysis.inlineCode, language "compose" / "kube").
  const words = a.filter((x) => !x.startsWith("-"));
  const compose =
    p === "docker-compose" || p === "podman-compose"
      ? words.some((w) => /^(?:up|run|create|start)$/.test(w))
      : (p === "docker" || p === "podman" || p === "nerdctl") &&
        words[0] === "compose" &&
        words.some((w) => /^(?:up|run|create|start)$/.test(w));
  if (compose) {
    // Every -f given (compose merges them), else the default file and the override compose merges over it.
    const given: string[] = [];
    a.forEach((x, i) => {
      if (x === "-f" || x === "--file") given.push(a[i + 1] ?? "");
      else if (x.startsWith("--file=")) given.push(x.slice(7));
      else if (/^-f./.test(x)) given.push(x.slice(2));
    });
    const files = given.filter(Boolean);
    return [
      {
        names: files.length
          ? files.slice(0, 8)
          : [
              ...["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"],
              ...["compose.override.yaml", "compose.override.yml"],
              ...["docker-compose.override.yml", "docker-compose.override.yaml"],
            ],
        language: "compose",
      },
    ];
  }
  if ((p === "kubectl" || p === "oc") && /^(?:apply|create|replace)$/.test(words[0] ?? "")) {
    const file = optionValue(a, ["-f", "--filename"]);
    return file && file !== "-" ? [{ names: [file], language: "kube" }] : [];
  }
  if (p === "pytest" || (/^python/.test(p) && a[0] === "-m" && a[1] === "pytest"))
    return [{ names: ["conftest.py", "tests/conftest.py", "test/conftest.py"], language: "python" }];
  if ((p === "pip" || p === "pip3" || p === "uv") && a.includes("install") && a.some((x) => x === "." || x === "-e"))
    return [{ names: ["setup.py", "hatch_build.py", "build.py"], language: "python" }];
  if (/^python/.test(p) && a[0] === "setup.py") return [{ names: ["setup.py"], language: "python" }];
  // python -c 'import m': the module file m.py beside it runs.
  if (/^python/.test(p)) {
    const code = a[a.findIndex((x) => /^-[a-zA-Z]*c$/.test(x)) + 1];
    const mods = code && a.some((x) => /^-[a-zA-Z]*c$/.test(x)) ? [...code.matchAll(/\bimport\s+([\w]+)/g)] : [];
    if (mods.length) return [{ names: mods.slice(0, 8).map((m) => `${m[1]}.py`), language: "python" }];
  }
  const runner = p === "npx" || p === "bunx" ? a.find((x) => !x.startsWith("-")) : p;
  const built = buildFiles(p, runner, a, words);
  if (built) return built;
  if (runner === "vitest" || runner === "jest")
    return [
      {
        names: ["js", "ts", "mjs", "mts", "cjs"].flatMap((e) => [
          `${runner}.setup.${e}`,
          `${runner}.config.${e}`,
          `test/setup.${e}`,
          `tests/setup.${e}`,
        ]),
        language: "node",
      },
    ];
  return [];
}

/** JavaScript config files a dev server, bundler or linter loads (and so runs) as it starts. */
const JS_CONFIGS = [
  "vite",
  "webpack",
  "next",
  "nuxt",
  "rollup",
  "astro",
  "svelte",
  "eslint",
  "tailwind",
  "postcss",
].flatMap((n) => ["js", "ts", "mjs", "cjs", "mts"].map((e) => `${n}.config.${e}`));
const GIT_HOOKS: Record<string, string[]> = {
  commit: ["pre-commit", "prepare-commit-msg", "commit-msg", "post-commit"],
  push: ["pre-push"],
  checkout: ["post-checkout"],
  switch: ["post-checkout"],
  pull: ["post-merge"],
  merge: ["pre-merge-commit", "post-merge"],
  rebase: ["pre-rebase"],
  am: ["applypatch-msg", "pre-applypatch", "post-applypatch"],
};

/**
 * The build and task files an everyday command runs by itself (cargo's build.rs, a pre-commit config, a
 * noxfile, tox.ini, a Rakefile, a Gemfile, CMakeLists.txt, a Gradle script, mix.exs, composer scripts, git
 * hooks, a Procfile, a devcontainer's lifecycle commands, a dev server's config): each with how its text
 * runs. Only files the session made are ever looked at (factOf), so the lists can be wide.
 */
function buildFiles(
  p: string,
  runner: string | undefined,
  a: string[],
  words: string[],
): { names: string[]; language: string }[] | undefined {
  const verb = words[0];
  if (p === "cargo" && /^(?:build|b|run|r|test|t|check|c|bench|install|clippy|doc)$/.test(verb ?? ""))
    return [{ names: ["build.rs", "*/build.rs", ".cargo/config.toml", ".cargo/config"], language: "code" }];
  if (p === "pre-commit" || (/^python/.test(p) && a[0] === "-m" && a[1] === "pre_commit"))
    return [{ names: [".pre-commit-config.yaml", ".pre-commit-config.yml"], language: "code" }];
  if (p === "nox") return [{ names: ["noxfile.py"], language: "python" }];
  // Notebooks executed headless: their cells run (jupyter nbconvert --execute, jupyter execute, papermill).
  if (
    (p === "jupyter" && (verb === "execute" || (verb === "nbconvert" && a.includes("--execute")))) ||
    (p === "jupyter-nbconvert" && a.includes("--execute")) ||
    p === "papermill"
  )
    return [{ names: a.filter((x) => x.endsWith(".ipynb")).slice(0, p === "papermill" ? 1 : 8), language: "notebook" }];
  if (p === "tox") return [{ names: ["tox.ini"], language: "code" }];
  if (p === "rake") {
    // Rake's own `sh "…"` is a shell-out the ruby scan does not know: the strings are walked too.
    const names = ["Rakefile", "rakefile", "Rakefile.rb"];
    return [
      { names, language: "ruby" },
      { names, language: "code" },
    ];
  }
  if (p === "bundle" || p === "bundler") return [{ names: ["Gemfile"], language: "ruby" }];
  if (runner === "gulp" || runner === "grunt")
    return [{ names: ["gulpfile.js", "gulpfile.mjs", "Gruntfile.js", "gruntfile.js"], language: "node" }];
  if (runner === "eslint") return [{ names: JS_CONFIGS.filter((n) => n.startsWith("eslint")), language: "node" }];
  if (runner && /^(?:vite|webpack|next|nuxt|rollup|astro|tailwindcss)$/.test(runner))
    return [{ names: JS_CONFIGS, language: "node" }];
  if (p === "go" && verb === "generate") return [{ names: ["*.go", "*/*.go", "*/*/*.go"], language: "code" }];
  if (p === "cmake") return [{ names: ["CMakeLists.txt", "*/CMakeLists.txt"], language: "code" }];
  if (p === "gradle" || p === "gradlew" || p === "./gradlew")
    return [
      {
        names: ["build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "*/build.gradle.kts"],
        language: "code",
      },
    ];
  if (p === "mvn" || p === "mvnw") return [{ names: ["pom.xml"], language: "code" }];
  if (p === "mix") return [{ names: ["mix.exs"], language: "code" }];
  if (p === "composer" && /^(?:install|update|i|u|run-script|run)$/.test(verb ?? ""))
    return [{ names: ["composer.json"], language: "code" }];
  if (p === "foreman" || p === "honcho" || p === "overmind" || p === "hivemind")
    return [{ names: ["Procfile", "Procfile.dev"], language: "procfile" }];
  if (p === "devcontainer" || (p === "code" && a.some((x) => x === "." || x === "--folder-uri")))
    return [{ names: [".devcontainer/devcontainer.json", ".devcontainer.json"], language: "code" }];
  if (p === "act") return [{ names: [".github/workflows/*.yml", ".github/workflows/*.yaml"], language: "code" }];
  if (
    (p === "poetry" || p === "pdm" || p === "hatch" || p === "uv") &&
    words.some((w) => /^(?:install|build|sync)$/.test(w))
  )
    return [{ names: ["build.py", "hatch_build.py", "setup.py"], language: "python" }];
  if (p === "git" && verb && GIT_HOOKS[verb]) {
    const hooks = GIT_HOOKS[verb];
    return [{ names: hooks.flatMap((h) => [`.git/hooks/${h}`, `.husky/${h}`, `.githooks/${h}`]), language: "sh" }];
  }
  return undefined;
}

/**
 * The shell commands in a build or config file of a language nobody parses here (Rust, Go, CMake,
 * Gradle, YAML, INI, JSON, Elixir): every quoted string that reads as a command line, the values of keys
 * that hold commands (`run:`, `entry:`, `commands =`, `postCreateCommand`), and `//go:generate` lines.
 * Walked as shell: a string that is no command names no program any rule knows.
 */
function commandsInCode(text: string): string[] {
  const out: string[] = [];
  const add = (c: string) => {
    // Task runners' own substitutions of the environment and the home folder, as the shell spells them:
    // tox's {env:HOME} and {homedir}, GitHub Actions' ${{ env.HOME }}.
    const t = c
      .replace(/\{env:(\w+)(?::[^}]*)?\}/g, "$$$1")
      .replace(/\{homedir\}/g, "~")
      .replace(/\$\{\{\s*env\.(\w+)\s*\}\}/g, "$$$1")
      .trim();
    if (out.length < 200 && /[a-z]/i.test(t) && /\s/.test(t)) out.push(t);
  };
  for (const m of text.matchAll(/"((?:[^"\\\n]|\\.){0,2000})"|'([^'\n]{0,2000})'/g)) {
    if (m[1] !== undefined) {
      try {
        add(JSON.parse(`"${m[1]}"`) as string);
      } catch {
        add(m[1]);
      }
    } else add(m[2]!);
  }
  const lines = text.split("\n");
  const KEY =
    /^(\s*)(?:-\s+)?(?:run|entry|command|commands|cmd|cmds|script|args|exec|postCreateCommand|postStartCommand|postAttachCommand|onCreateCommand|updateContentCommand|initializeCommand)\s*[:=]\s*(.*)$/;
  for (let i = 0; i < lines.length && out.length < 200; i++) {
    const gen = /^\s*\/\/go:generate\s+(.+)$/.exec(lines[i]!);
    if (gen) add(gen[1]!);
    const m = KEY.exec(lines[i]!);
    if (!m) continue;
    const value = m[2]!.trim();
    if (value && !/^[|>][-+]?$/.test(value)) add(value.replace(/^(['"])(.*)\1,?$/, "$2"));
    // A block below the key (YAML `run: |`, tox's indented `commands =` lines).
    for (let j = i + 1; j < lines.length && out.length < 200; j++) {
      const l = lines[j]!;
      if (!l.trim()) continue;
      if (l.search(/\S/) <= m[1]!.length) break;
      add(l.trim().replace(/^-\s+/, ""));
    }
  }
  return out;
}

/** The commands of a Taskfile: the list items under each task's `cmds:` (`- cmd`, `- cmd: cmd`). */
function taskCommands(text: string): string[] {
  const out: string[] = [];
  let indent = -1;
  for (const line of text.split("\n")) {
    const cmds = /^(\s*)cmds\s*:\s*$/.exec(line);
    if (cmds) {
      indent = cmds[1]!.length;
      continue;
    }
    if (indent < 0 || !line.trim()) continue;
    const item = /^(\s*)-\s+(?:cmd\s*:\s*)?(.+)$/.exec(line);
    if (item && item[1]!.length >= indent) out.push(item[2]!.replace(/^(['"])(.*)\1$/, "$2"));
    else if (line.search(/\S/) <= indent) indent = -1;
  }
  return out.slice(0, 200);
}

/** The recipe lines of a justfile (indented lines under a recipe header). */
function justRecipes(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => /^[ \t]+\S/.test(l))
    .map((l) => l.trim().replace(/^@/, ""))
    .slice(0, 200);
}

/**
 * `package.json#scripts.x` when the whole package.json was made (downloaded, or written by a call): the
 * download's commands, or the script's text read from the JSON the call wrote.
 */
function manifestEntry(state: WalkState, path: string | undefined): FileFact | undefined {
  const hash = path?.indexOf("#scripts.") ?? -1;
  if (!path || hash < 0) return undefined;
  const whole = factOf(state, path.slice(0, hash));
  if (!whole || whole.dir) return undefined;
  if (whole.text === undefined) return whole.url !== undefined ? { from: whole.from, url: whole.url } : undefined;
  try {
    const scripts = (JSON.parse(whole.text) as { scripts?: Record<string, unknown> }).scripts;
    const text = scripts?.[path.slice(hash + 9)];
    return typeof text === "string" ? { from: whole.from, text } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A notebook's code, from its JSON (every code cell's source) or from a cell's source alone (what an edit
 * added): `!cmd` lines and %%bash / %%sh cells are shell, the rest is Python.
 */
function notebookCode(text: string): { shell: string[]; python: string } {
  let sources: string[] = [text];
  try {
    const nb = JSON.parse(text) as { cells?: { cell_type?: string; source?: string | string[] }[] };
    if (Array.isArray(nb.cells))
      sources = nb.cells
        .filter((c) => c.cell_type === "code")
        .map((c) => (Array.isArray(c.source) ? c.source.join("") : (c.source ?? "")));
  } catch {
    // Not JSON: the text is one cell's source.
  }
  const shell: string[] = [];
  const python: string[] = [];
  for (const src of sources.slice(0, 200)) {
    if (/^\s*%%(?:bash|sh|script\s+(?:ba)?sh)\b/.test(src)) {
      shell.push(src.replace(/^\s*%%[^\n]*\n?/, ""));
      continue;
    }
    for (const line of src.split("\n")) {
      if (/^\s*!/.test(line)) shell.push(line.replace(/^\s*!/, ""));
      else python.push(line);
    }
  }
  return { shell, python: python.join("\n") };
}

/** Folders on PATH where a downloaded program may be dropped and then run by its bare name. */
const PATH_DIRS = ["~/.local/bin", "~/bin", "/usr/local/bin"];

/**
 * Before `sc` runs: the file it runs as a script or program, when the command line or the session made
 * it. Sets `sc.fileSources`; walks known text as shell (`walk`) or as interpreter code (`inline`).
 * Returns the file's text when the command only prints it (`cat f`), for what reads its output.
 */
export function runsMadeFile(
  state: WalkState,
  sc: SimpleCommand,
  shells: Set<string>,
  walk: (text: string, label: string) => void,
  inline: (language: string, code: string) => void,
): string | undefined {
  if (!state.files?.size || sc.remote) return undefined;
  const home = state.home;
  // Files the tool runs by itself (package scripts, Makefile, conftest.py, …).
  for (const run of implicitRuns(sc)) {
    for (const name of run.names) {
      const path = place(name, undefined, sc.cwd, home);
      const fact = factOf(state, path) ?? manifestEntry(state, path);
      // A cloned or unpacked folder's own scripts (npm test in a fresh clone) are everyday work; a
      // Makefile's install from a downloaded archive is not.
      if (!fact || !path || (fact.dir && run.language !== "make")) continue;
      sc.fileSources = [...(sc.fileSources ?? []), ...fact.from];
      if (fact.text === undefined) continue;
      const label = `the file ${path}`;
      if (run.language === "sh") walk(fact.text, label);
      else if (run.language === "make") for (const r of makeRecipes(fact.text)) walk(r, `a recipe of ${path}`);
      else if (run.language === "just") for (const r of justRecipes(fact.text)) walk(r, `a recipe of ${path}`);
      else if (run.language === "task") for (const r of taskCommands(fact.text)) walk(r, `a task of ${path}`);
      else if (run.language === "code") for (const r of commandsInCode(fact.text)) walk(r, `a command in ${path}`);
      else if (run.language === "notebook") {
        const cells = notebookCode(fact.text);
        for (const l of cells.shell) walk(l, `a cell of ${path}`);
        if (cells.python.trim()) inline("python", cells.python);
      } else if (run.language === "procfile")
        for (const m of fact.text.matchAll(/^[\w.-]+\s*:\s*(.+)$/gm)) walk(m[1]!, `a process of ${path}`);
      else if (run.language === "compose" || run.language === "kube")
        state.inline.push({ language: run.language, code: fact.text, command: sc });
      else inline(run.language, fact.text);
    }
  }
  const s = scriptOf(sc, shells);
  let path = s ? place(s.word, undefined, sc.cwd, home) : undefined;
  // go run ./cmd/x: the package folder's files.
  if (s?.language === "go" && path && !path.endsWith(".go")) path = `${path.replace(/\/+$/, "")}/*.go`;
  let fact = factOf(state, path);
  let language = s?.language ?? "program";
  if (!fact && !s && sc.argv[0] && !sc.argv[0].includes("/")) {
    for (const d of PATH_DIRS) {
      path = resolvePathWord(`${d}/${sc.argv[0]}`, undefined, home);
      fact = factOf(state, path);
      if (fact) break;
    }
    language = "program";
  }
  if (!fact || !path) return undefined;
  sc.fileSources = [...(sc.fileSources ?? []), ...fact.from];
  if (language === "data") return fact.text;
  if (fact.text === undefined) return undefined;
  const label = `the file ${path}`;
  if (language === "sh" || (language === "program" && !/^#!\s*\S*(?:python|node|perl|ruby|php)/.test(fact.text)))
    walk(fact.text, label);
  else if (language !== "program") {
    inline(language, fact.text);
    if (COMPILED.has(language)) for (const r of commandsInCode(fact.text)) walk(r, `a command in ${label}`);
  } else {
    const m = /^#!\s*\S*?(python|node|perl|ruby|php)/.exec(fact.text);
    if (m) inline(m[1]!, fact.text);
  }
}

/** The files this command line made, for the session memory (texts capped, at most 16). */
export function madeFiles(state: WalkState, held: Map<string, string>): RememberedFile[] {
  const out: RememberedFile[] = [];
  for (const path of state.made ?? []) {
    const f = state.files?.get(path);
    if (!f || out.length >= 16) continue;
    out.push({
      path,
      ...(f.url !== undefined ? { url: f.url } : {}),
      ...(f.text !== undefined && f.text.length <= 4096 ? { text: f.text } : {}),
      ...(f.dir ? { dir: true } : {}),
      ...(held.has(path) ? { holds: held.get(path)! } : {}),
    });
  }
  return out;
}

/** Facts from earlier calls of the session, as the walk starts with them. */
export function seedFiles(state: WalkState, files: RememberedFile[]): void {
  for (const f of files) {
    if (f.link !== undefined || f.was !== undefined) continue;
    const fact: FileFact = {
      from: [downloadCommand(f.url ?? "", f.path)],
      ...(f.text !== undefined ? { text: f.text } : {}),
      ...(f.dir ? { dir: true } : {}),
      ...(typeof f.holds === "string" ? { holds: f.holds.slice(0, 200) } : {}),
    };
    if (f.url === undefined) fact.from = [];
    if (f.url !== undefined) fact.url = f.url;
    (state.files ??= new Map()).set(f.path, fact);
  }
}

/** The recipe lines of a Makefile (tab-indented, after a rule), as the shell gets them. */
export function makeRecipes(text: string): string[] {
  const out: string[] = [];
  let inRule = false;
  // $(shell …) runs when make reads the line, in a recipe or a variable alike; $$ is a literal $.
  for (const m of text.matchAll(/\$\(shell\s+((?:[^()]|\([^()]*\))*)\)/g)) out.push(m[1]!.replace(/\$\$/g, "$"));
  for (const line of text.split("\n")) {
    if (line.startsWith("\t")) {
      if (inRule)
        out.push(
          line
            .slice(1)
            .replace(/^[@+-]+/, "")
            .replace(/\$\$/g, "$"),
        );
      continue;
    }
    if (/^\s*(#|$)/.test(line)) continue;
    inRule = /^[^=\t#]*[^:]:(?!=)/.test(line);
  }
  return out.slice(0, 200);
}

/**
 * What a file tool's change leaves for later calls (Write, Edit, apply_patch): the text of a short file,
 * or for package.json the scripts the text defines (`"name": "command"`).
 */
export function rememberedWrites(changes: { path: string; content?: string; added?: string }[]): RememberedFile[] {
  const out: RememberedFile[] = [];
  for (const c of changes.slice(0, 16)) {
    const text = c.content ?? c.added;
    if (text === undefined || text.length > 64 * 1024) continue;
    if (basename(c.path) === "package.json") {
      for (const m of text.matchAll(/"([\w:.@/-]+)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
        let cmd: string;
        try {
          cmd = JSON.parse(`"${m[2]}"`) as string;
        } catch {
          continue;
        }
        if (out.length < 32) out.push({ path: `${c.path}#scripts.${m[1]}`, text: cmd });
      }
      continue;
    }
    if (text.length <= 4096) out.push({ path: c.path, text });
  }
  return out;
}
