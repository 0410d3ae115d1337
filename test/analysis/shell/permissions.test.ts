// Which permission and ownership changes only tighten (nothing given to others, nothing the owner needs
// taken away, no setuid), read against the files on disk; and what a chmod gives away.
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeShell } from "../../../src/analysis/shell/analyze.js";
import { chmodGrants, onlyTightens, placeOperand } from "../../../src/analysis/shell/permissions.js";

const home = "/home/dev";
/** The chmod/chown/setfacl of the line (substitutions such as $(id -u) come before it). */
const first = (line: string, cwd = "/home/dev/proj") =>
  analyzeShell(line, { cwd, home }).commands.find((c) => /^(chmod|chown|chgrp|setfacl)$/.test(c.program))!;
const tightens = (line: string, cwd?: string) => {
  const cmd = first(line, cwd);
  return onlyTightens(cmd, home, (w, info) => placeOperand(w, info, cmd.cwd, home));
};

describe("onlyTightens", () => {
  it.each([
    "chmod 600 ~/.ssh/id_ed25519",
    "chmod 0600 ~/.ssh/config",
    "chmod 400 keys/staging.pem",
    "chmod 700 ~/.ssh",
    "chmod 644 ~/.ssh/id_ed25519.pub",
    "chmod go-rwx ~/.ssh",
    "chmod -R go-rwx ~/.aws",
    "chmod -R u=rwX,go= ~/.kube",
    "chmod u=rw,go= ~/.ssh/id_rsa",
    "chmod a-rwx,u+rw ~/.ssh/id_rsa",
    "chmod og-r ~/.netrc",
    "chmod 600 ~/.ssh/*",
    'chmod go-rwx "$KEY"',
    "chown dev ~/.ssh/config",
    "chown $(id -u):$(id -g) ~/.ssh/id_ed25519",
    "setfacl -b ~/.ssh/id_rsa",
  ])("%s", (line) => expect(tightens(line)).toBe(true));

  it.each([
    ["chmod 644 ~/.ssh/id_rsa", "a private key made readable by everyone"],
    ["chmod 777 ~/.ssh", "opened to everyone"],
    ["chmod o+r ~/.ssh/id_ed25519", "others given read"],
    ["chmod go=r ~/.ssh/config", "others set to read"],
    ["chmod 4700 ~/bin/tool", "setuid"],
    ["chmod u+s ~/bin/tool", "setuid, symbolic"],
    ["chmod 000 ~/.claude", "the owner loses read"],
    ["chmod u-r ~/.claude/settings.json", "the owner loses read"],
    ["chmod 600 $F", "an unknown target may be a program its owner runs"],
    ["chown www-data ~/.ssh/id_rsa", "handed to another user"],
    ["chown $(stat -c %U /etc) key", "handed to whoever a command says"],
    ["setfacl -m u:www-data:r ~/.ssh/id_rsa", "an entry added"],
    ["chmod --reference=/etc/passwd ~/.ssh/id_rsa", "a mode copied from elsewhere"],
  ])("not: %s (%s)", (line) => expect(tightens(line)).toBe(false));

  it("keeps the owner's execute on programs and folders (read on disk)", () => {
    const dir = mkdtempSync(join(tmpdir(), "staso-perm-"));
    const tool = join(dir, "tool");
    const key = join(dir, "key");
    writeFileSync(tool, "#!/bin/sh\n");
    chmodSync(tool, 0o755);
    writeFileSync(key, "k");
    chmodSync(key, 0o644);
    expect(tightens(`chmod 600 ${tool}`)).toBe(false); // its owner could no longer run it
    expect(tightens(`chmod 700 ${tool}`)).toBe(true);
    expect(tightens(`chmod u=rw,go= ${tool}`)).toBe(false);
    expect(tightens(`chmod u=rwX,go= ${tool}`)).toBe(true);
    expect(tightens(`chmod 600 ${dir}`)).toBe(false); // a folder its owner could no longer enter
    expect(tightens(`chmod 600 ${key}`)).toBe(true);
    expect(tightens(`chmod 600 ${dir}/*`)).toBe(false); // the glob reaches the program
  });

  it("takes the user running it for the current user", () => {
    expect(tightens(`chown ${userInfo().username} ~/.ssh/config`)).toBe(true);
  });
});

describe("chmodGrants", () => {
  it.each([
    ["chmod 600 x", { others: false, setuid: false, setgid: false }],
    ["chmod 644 x", { others: true, setuid: false, setgid: false }],
    ["chmod 4755 x", { others: true, setuid: true, setgid: false }],
    ["chmod 2750 x", { others: true, setuid: false, setgid: true }],
    ["chmod go-rwx x", { others: false, setuid: false, setgid: false }],
    ["chmod a+rwx x", { others: true, setuid: false, setgid: false }],
    ["chmod +x x", { others: true, setuid: false, setgid: false }],
    ["chmod u+s x", { others: false, setuid: true, setgid: false }],
    ["chmod g+s x", { others: false, setuid: false, setgid: true }],
  ])("%s", (line, want) => expect(chmodGrants(first(line))).toEqual(want));
});
