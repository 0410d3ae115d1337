// Lines a tool's install instructions tell the user to append to their shell start-up file: put the
// tool's own bin folder on PATH, set the tool's home variable, source the tool's env script, or eval the
// tool's init output (rustup, uv, Go, Bun, Deno, nvm, pyenv, rbenv, Homebrew, starship, zoxide, direnv,
// mise, fnm, conda). An agent following those instructions writes exactly these lines; a start-up file
// that runs anything else (a download, a script in /tmp, an alias over sudo, PATH led by a folder anyone
// can fill) stays protected. Every line of the text must be one of these, or a comment.

/** A home folder in the spellings a start-up file uses. */
const HOME = String.raw`(?:\$HOME|\$\{HOME\}|~)`;

/** The tools' own bin folders under the home folder. */
const HOME_DIRS = [
  ".local/bin",
  ".cargo/bin",
  "go/bin",
  ".go/bin",
  ".bun/bin",
  ".deno/bin",
  ".npm-global/bin",
  ".npm/bin",
  ".yarn/bin",
  ".config/yarn/global/node_modules/.bin",
  ".local/share/pnpm",
  "Library/pnpm",
  ".pyenv/bin",
  ".pyenv/shims",
  ".rbenv/bin",
  ".rbenv/shims",
  ".nodenv/bin",
  ".volta/bin",
  ".dotnet/tools",
  ".krew/bin",
  ".pub-cache/bin",
  ".foundry/bin",
  ".fly/bin",
  ".elan/bin",
  ".ghcup/bin",
  ".cabal/bin",
  ".nimble/bin",
  ".jenv/bin",
  ".poetry/bin",
  ".rd/bin",
  ".docker/bin",
  ".linkerd2/bin",
  ".istioctl/bin",
  ".tfenv/bin",
  ".rvm/bin",
  ".composer/vendor/bin",
  ".config/composer/vendor/bin",
  ".gem/bin",
  ".luarocks/bin",
  ".opam/default/bin",
  ".sdkman/candidates/java/current/bin",
  "flutter/bin",
  "Android/Sdk/platform-tools",
  "Android/Sdk/emulator",
  "Library/Android/sdk/platform-tools",
  "Library/Android/sdk/emulator",
].map((d) => d.replace(/[.]/g, "\\."));

/** System folders package managers install into (root-owned: nothing the agent could have filled). */
const SYSTEM_DIRS = [
  "/usr/local/go/bin",
  "/usr/local/bin",
  "/usr/local/sbin",
  "/opt/homebrew/bin",
  "/opt/homebrew/sbin",
  "/home/linuxbrew/\\.linuxbrew/bin",
  "/home/linuxbrew/\\.linuxbrew/sbin",
  "/opt/local/bin",
  "/snap/bin",
  "/usr/local/cuda/bin",
  "/opt/nvim-linux64/bin",
  "/usr/lib/go/bin",
];

/** A tool's home variable, and the folders under it that hold its programs. */
const VAR_DIRS = String.raw`\$\{?(?:GOPATH|GOROOT|GOBIN|CARGO_HOME|BUN_INSTALL|DENO_INSTALL|PNPM_HOME|VOLTA_HOME|PYENV_ROOT|JAVA_HOME|ANDROID_HOME|ANDROID_SDK_ROOT|FLUTTER_HOME|NVM_BIN)\}?(?:/(?:bin|shims|platform-tools|emulator|cmdline-tools/latest/bin|tools/bin))?`;

const DIR = `(?:${HOME}/(?:${HOME_DIRS.join("|")})|${SYSTEM_DIRS.join("|")}|${VAR_DIRS})/?`;
const PATH_VAR = String.raw`\$\{?PATH\}?`;
/** `export PATH="$HOME/.cargo/bin:$PATH"`, `PATH=$PATH:/usr/local/go/bin`, several folders, either side. */
const PATH_LINE = new RegExp(
  String.raw`^(?:export\s+)?PATH=(["']?)(?:(?:${DIR}:)+${PATH_VAR}|${PATH_VAR}(?::${DIR})+|(?:${DIR}:)+${PATH_VAR}(?::${DIR})+)\1\s*;?$`,
);
/** fish: `fish_add_path ~/.cargo/bin`, `set -gx PATH $HOME/go/bin $PATH`. */
const FISH_PATH_LINE = new RegExp(
  String.raw`^(?:fish_add_path(?:\s+-[a-zA-Z]+)*(?:\s+(["']?)${DIR}\1)+|set\s+-[a-zA-Z]*x[a-zA-Z]*\s+PATH(?:\s+(["']?)${DIR}\2)+\s+\$PATH)\s*$`,
);

/**
 * The tools' home variables, each with the folder its installer sets (PATH lines may name `$GOPATH/bin`:
 * a GOPATH moved to a folder the agent fills would put its programs first on PATH).
 */
const HOME_VARIABLES: Record<string, string> = {
  GOPATH: `${HOME}/go`,
  GOROOT: "/usr/local/go|/usr/lib/go|/opt/homebrew/opt/go/libexec",
  GOBIN: `${HOME}/go/bin`,
  CARGO_HOME: `${HOME}/\\.cargo`,
  RUSTUP_HOME: `${HOME}/\\.rustup`,
  BUN_INSTALL: `${HOME}/\\.bun`,
  DENO_INSTALL: `${HOME}/\\.deno`,
  PNPM_HOME: `${HOME}/(?:\\.local/share/pnpm|Library/pnpm)`,
  VOLTA_HOME: `${HOME}/\\.volta`,
  PYENV_ROOT: `${HOME}/\\.pyenv`,
  NVM_DIR: `${HOME}/\\.nvm`,
  SDKMAN_DIR: `${HOME}/\\.sdkman`,
  ANDROID_HOME: `${HOME}/(?:Android/Sdk|Library/Android/sdk)`,
  ANDROID_SDK_ROOT: `${HOME}/(?:Android/Sdk|Library/Android/sdk)`,
  FLUTTER_HOME: `${HOME}/flutter`,
  JAVA_HOME:
    "/usr/lib/jvm/[\\w.-]+|/Library/Java/JavaVirtualMachines/[\\w.-]+/Contents/Home|/opt/homebrew/opt/openjdk(?:@\\d+)?",
};
const HOME_VARIABLE_LINE = new RegExp(
  `^(?:export\\s+)?(?:${Object.entries(HOME_VARIABLES)
    .map(([k, v]) => `${k}=(["']?)(?:${v})/?\\${Object.keys(HOME_VARIABLES).indexOf(k) + 1}`)
    .join("|")})\\s*;?$`,
);
/** Settings that name a word or a number, never a folder or a command. */
const SETTINGS =
  "GOPROXY|GOPRIVATE|GOFLAGS|LANG|LC_ALL|LC_CTYPE|DOCKER_BUILDKIT|COMPOSE_DOCKER_CLI_BUILD|HOMEBREW_NO_ANALYTICS|" +
  "HOMEBREW_NO_AUTO_UPDATE|DOTNET_CLI_TELEMETRY_OPTOUT|NEXT_TELEMETRY_DISABLED|GATSBY_TELEMETRY_DISABLED|" +
  "PIP_REQUIRE_VIRTUALENV|PYTHONDONTWRITEBYTECODE|HISTSIZE|HISTFILESIZE|CLICOLOR|COLORTERM|UV_PYTHON_PREFERENCE";
const SETTING_LINE = new RegExp(String.raw`^(?:export\s+)?(?:${SETTINGS})=(["']?)[\w@%+=:,.*-]*\1\s*;?$`);
/** `export GPG_TTY=$(tty)`, as GnuPG's manual spells it. */
const GPG_TTY_LINE = /^(?:export\s+)?GPG_TTY=(?:"\$\(tty\)"|\$\(tty\)|`tty`)\s*;?$/;

/** The env scripts the tools install, sourced as their docs say. */
const SCRIPT = String.raw`(?:${HOME}/\.cargo/env|${HOME}/\.local/bin/env|${HOME}/\.ghcup/env|\$NVM_DIR/(?:nvm\.sh|bash_completion)|\$\{NVM_DIR\}/(?:nvm\.sh|bash_completion)|${HOME}/\.nvm/nvm\.sh|${HOME}/\.sdkman/bin/sdkman-init\.sh|\$SDKMAN_DIR/bin/sdkman-init\.sh|/opt/homebrew/opt/nvm/nvm\.sh|${HOME}/\.bun/_bun|${HOME}/\.deno/env|${HOME}/\.rvm/scripts/rvm|${HOME}/\.asdf/asdf\.sh|/opt/homebrew/opt/asdf/libexec/asdf\.sh)`;
// \2: the test before it (SOURCE_LINE) holds group 1.
const SOURCE = String.raw`(?:source|\\?\.)\s+(["']?)${SCRIPT}\2`;
/** `. "$HOME/.cargo/env"`, `[ -s "$NVM_DIR/nvm.sh" ] && \. "$NVM_DIR/nvm.sh"  # This loads nvm`. */
const SOURCE_LINE = new RegExp(String.raw`^(?:\[\[?\s+-[sfe]\s+(["']?)${SCRIPT}\1\s+\]\]?\s+&&\s+)?${SOURCE}\s*;?$`);

/** The init programs whose output a start-up file evaluates, with their documented arguments. */
const INIT = String.raw`(?:starship\s+init\s+(?:bash|zsh|fish)(?:\s+--print-full-init)?|zoxide\s+init\s+(?:bash|zsh|fish|posix)(?:\s+--cmd\s+\w+)?|direnv\s+hook\s+(?:bash|zsh|fish)|pyenv\s+(?:init\s+(?:-|--path)(?:\s+(?:bash|zsh))?|virtualenv-init\s+-)|rbenv\s+init\s+-(?:\s+(?:bash|zsh))?|nodenv\s+init\s+-|goenv\s+init\s+-|jenv\s+init\s+-|fnm\s+env(?:\s+--use-on-cd)?(?:\s+--shell\s+(?:bash|zsh|fish))?|mise\s+activate\s+(?:bash|zsh|fish)|rtx\s+activate\s+(?:bash|zsh|fish)|atuin\s+init\s+(?:bash|zsh|fish)|(?:/opt/homebrew/bin/|/usr/local/bin/|/home/linuxbrew/\.linuxbrew/bin/)?brew\s+shellenv|conda\s+shell\.(?:bash|zsh)\s+hook|(?:kubectl|helm|gh|npm|rustup|poetry|pip)\s+completion(?:\s+-s)?\s+(?:bash|zsh|fish)|thefuck\s+--alias)`;
/** `eval "$(starship init zsh)"`, `source <(kubectl completion zsh)`, fish's `starship init fish | source`. */
const INIT_LINE = new RegExp(
  String.raw`^(?:eval\s+(["']?)\$\(${INIT}\)\1|(?:source|\.)\s+<\(${INIT}\)|${INIT}\s+\|\s+source)\s*;?$`,
);

/**
 * Whether `text` is only such setup lines (and comments): what a tool's install docs tell the user to
 * append to a shell start-up file. Empty text is not: nothing to vouch for.
 */
export function onlySetupLines(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  if (!lines.length || lines.length > 20) return false;
  return lines.every((line) => {
    // A trailing comment (`\. "$NVM_DIR/nvm.sh"  # This loads nvm`) says nothing the shell runs.
    const code = line.replace(/\s+#[^'"`$]*$/, "");
    return (
      PATH_LINE.test(code) ||
      FISH_PATH_LINE.test(code) ||
      HOME_VARIABLE_LINE.test(code) ||
      SETTING_LINE.test(code) ||
      GPG_TTY_LINE.test(code) ||
      SOURCE_LINE.test(code) ||
      INIT_LINE.test(code)
    );
  });
}
