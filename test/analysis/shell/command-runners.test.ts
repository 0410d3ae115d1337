// Runners that prepare an environment and then run a command (`uv run`, `op run --`, `cross-env A=1`,
// `nix shell pkgs -c`, `gdb --args`, `hyperfine 'text'`): the analysis reads the command each runs, with
// the runner among its wrappers, and nothing where none runs (`op run` alone, `ssh-agent -s`).
import { describe, expect, it } from "vitest";
import { analyzeShell } from "../../../src/analysis/shell/index.js";
import { runnerCommand } from "../../../src/analysis/shell/command-runners.js";

const cwd = "/home/dev/proj";
const home = "/home/dev";
const commands = (cmd: string) =>
  analyzeShell(cmd, { cwd, home }).commands.map((c) => `${c.program}: ${c.argv.join(" ")}`);

describe("command runners", () => {
  it.each([
    ["uv run --with requests -- pytest -q", "pytest: pytest -q"],
    ["uv tool run --from ruff ruff check .", "ruff: ruff check ."],
    ["poetry run -C backend python app.py", "python: python app.py"],
    ["conda run -n ml --cwd /srv python train.py", "python: python train.py"],
    ["mise exec node@20 python@3.12 -- node -v", "node: node -v"],
    ["mise x -c 'npm test'", "npm: npm test"],
    ["nix shell nixpkgs#jq nixpkgs#curl -c jq . f.json", "jq: jq . f.json"],
    ["nix-shell -p curl jq --run 'make build'", "make: make build"],
    ["direnv exec /home/dev/proj make test", "make: make test"],
    ["op run --env-file=.env -- npm start", "npm: npm start"],
    ["aws-vault exec prod -- aws s3 ls", "aws: aws s3 ls"],
    ["aws-vault exec prod aws s3 ls", "aws: aws s3 ls"],
    ["op run cat config.yml", "cat: cat config.yml"],
    ["watchexec -e ts npm test", "npm: npm test"],
    ["cross-env NODE_ENV=test A=1 jest", "jest: jest"],
    ["ip netns exec vpn ping -c1 10.0.0.1", "ping: ping -c1 10.0.0.1"],
    ["gdb -batch -ex run --args ./app --flag", "app: ./app --flag"],
    ["start-stop-daemon --start --exec /usr/bin/node -- server.js", "node: /usr/bin/node server.js"],
    ["hyperfine --prepare 'make clean' 'make -j4'", "make: make clean"],
    ["hyperfine --prepare 'make clean' 'make -j4'", "make: make -j4"],
    ["sg docker 'docker ps -a'", "docker: docker ps -a"],
    ["doppler run --command 'node server.js'", "node: node server.js"],
  ])("%s runs %s", (cmd, run) => {
    expect(commands(cmd)).toContain(run);
  });

  it.each([
    ["fd . ~ -x rm -rf", "rm: rm -rf /home/dev"],
    ["fd -H . /srv/data -X rm -rf", "rm: rm -rf /srv/data"],
    ["fd -e pem . ~ -x cat", "find: find /home/dev -name *.pem -exec cat {} ;"],
    ["fd node_modules -t d -x rm -rf", "find: find . -regex node_modules -exec rm -rf {} ;"],
    ["fd -d 1 . build -x rm -rf {}", "find: find build -maxdepth 1 -exec rm -rf {} ;"],
  ])("reads %s as the find it amounts to (%s)", (cmd, run) => {
    expect(commands(cmd)).toContain(run);
  });

  it("reads an fd that runs nothing as a lister only", () => {
    expect(commands("fd -e ts . src")).toEqual(["fd: fd -e ts . src"]);
  });

  it("puts the runner among the command's wrappers, and its working directory option in force", () => {
    const rm = analyzeShell("poetry run --directory /tmp/x rm -rf build", { cwd, home }).commands.find(
      (c) => c.program === "rm",
    );
    expect(rm?.wrappers).toContain("poetry run");
    expect(rm?.cwd).toBe("/tmp/x");
  });

  it.each([
    ["op run", ["op", "run"]],
    ["chamber exec svc", ["chamber", "exec", "svc"]],
    ["ssh-agent -s", ["ssh-agent", "-s"]],
    ["mise exec node@20", ["mise", "exec", "node@20"]],
    ["nix shell nixpkgs#jq", ["nix", "shell", "nixpkgs#jq"]],
  ])("finds no command in %s", (_text, argv) => {
    expect(runnerCommand(argv[0]!, argv)?.command).toBeUndefined();
  });

  it("is not a runner without its subcommand (uv pip install, poetry add, op read)", () => {
    expect(runnerCommand("uv", ["uv", "pip", "install", "rm"])).toBeUndefined();
    expect(runnerCommand("poetry", ["poetry", "add", "requests"])).toBeUndefined();
    expect(runnerCommand("op", ["op", "read", "op://vault/item/field"])).toBeUndefined();
  });
});
