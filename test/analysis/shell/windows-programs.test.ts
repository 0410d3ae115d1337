// Windows programs run from WSL (`powershell.exe`, `cmd.exe /c …`, `wsl.exe …`) are read as the
// programs they are, and cmd's own deleters and readers as the shell's; Python's os.exec*/posix_spawn
// hand their argv (its first word only the name) to the program.
import { describe, expect, it } from "vitest";
import { analyzeShell } from "../../../src/analysis/shell/index.js";
import { cmdText } from "../../../src/analysis/shell/unwrap.js";

const cwd = "/home/dev/proj";
const home = "/home/dev";
const commands = (cmd: string) =>
  analyzeShell(cmd, { cwd, home }).commands.map((c) => `${c.program}: ${c.argv.join(" ")}`);

describe("Windows programs under WSL", () => {
  it.each([
    ["powershell.exe -c 'Get-ChildItem'", "powershell"],
    ["PowerShell.EXE -NoProfile -c 'Get-ChildItem'", "powershell"],
    ["/mnt/c/Windows/System32/curl.exe -sS https://example.com", "curl"],
    ["schtasks.exe /query", "schtasks"],
  ])("%s runs %s", (cmd, program) => {
    expect(commands(cmd)[0]).toMatch(new RegExp(`^${program}: `));
  });

  it("keeps a Linux program's name as it is", () => {
    expect(commands("./build.exe.sh --fast")[0]).toMatch(/^build\.exe\.sh: /);
  });

  it.each([
    ["cmd.exe /c 'rd /s /q %USERPROFILE%'", "rm: rm -r -f /home/dev"],
    ["cmd.exe /C 'del /f /s /q C:\\Users\\dev'", "rm: rm -r -f /mnt/c/Users/dev"],
    ["cmd.exe /c 'del notes.txt /q'", "rm: rm -f notes.txt"],
    ["cmd.exe /c 'rd build'", "rmdir: rmdir build"],
    ["cmd.exe /c 'type %USERPROFILE%\\.ssh\\id_rsa'", "cat: cat /home/dev/.ssh/id_rsa"],
    ["wsl.exe -u root -- rm -rf /etc", "rm: rm -rf /etc"],
    ["wsl --exec cat /home/dev/.aws/credentials", "cat: cat /home/dev/.aws/credentials"],
  ])("%s runs %s", (cmd, run) => {
    expect(commands(cmd)).toContain(run);
  });

  it("passes cmd's other commands through as words", () => {
    expect(cmdText("dir /b & echo %USERPROFILE%")).toBe("dir /b & echo ~");
    expect(commands("wsl --shutdown")).toEqual(["wsl: wsl --shutdown"]);
  });
});

describe("Python's os.exec* and posix_spawn", () => {
  it.each([
    `python3 -c "import os; os.execvp('bash', ['bash','-c','rm -rf ~'])"`,
    `python3 -c "import os; os.execl('/bin/sh', 'sh', '-c', 'rm -rf ~')"`,
    `python3 -c "import os; os.posix_spawnp('sh', ['sh','-c','rm -rf ~'], {})"`,
    `python3 -c "import os; os.execv('/bin/rm', ['rm', '-rf', os.path.expanduser('~')])"`,
    `python3 -c "__import__('os').execvp('rm', ['rm','-rf','/home/dev'])"`,
    `python3 -c "import os; os.spawnlp(os.P_WAIT, 'sh', 'sh', '-c', 'rm -rf ~')"`,
  ])("%s deletes the home folder", (cmd) => {
    expect(commands(cmd).some((c) => /^rm: \S*rm -rf (?:\/home\/dev|~)$/.test(c))).toBe(true);
  });

  it("runs the program named, not its own name as a script", () => {
    expect(commands(`python3 -c "import os; os.execvp('pytest', ['pytest', '-q'])"`)).toContain("pytest: pytest -q");
  });
});
