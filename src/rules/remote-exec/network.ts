// Which programs fetch from (or talk to) the network, for the remote-exec and exfiltration rules.
import type { SimpleCommand } from "../../analysis/shell/index.js";

const DOWNLOADERS = new Set([
  "curl",
  "wget",
  "wget2",
  "fetch",
  "http",
  "https",
  "httpie",
  "xh",
  "xhs",
  "curlie",
  "aria2c",
  "axel",
  "lwp-request",
  "lwp-download",
  "GET",
  "POST",
  "lynx",
  "links",
  "w3m",
  "nc",
  "ncat",
  "netcat",
  "socat",
  "telnet",
  "openssl",
  "tftp",
  "ftp",
  "sftp",
  "scp",
  "rsync",
  "gsutil",
  "aws",
  "gh",
  "glab",
  "iwr",
  "Invoke-WebRequest",
  "irm",
  "Invoke-RestMethod",
]);

/** A command that downloads something (curl URL, wget -O- URL, `aws s3 cp s3://… -`, `gh api …`). */
export function downloads(cmd: SimpleCommand): boolean {
  const p = cmd.program;
  if (!DOWNLOADERS.has(p)) return false;
  if (p === "openssl") return cmd.args[0] === "s_client";
  if (p === "aws") return cmd.args.includes("s3") && cmd.args.includes("cp") && cmd.args[cmd.args.length - 1] === "-";
  if (p === "gsutil") return cmd.args.includes("cat");
  if (p === "gh" || p === "glab") return cmd.args[0] === "api" || (cmd.args[0] === "gist" && cmd.args[1] === "view");
  if (p === "scp" || p === "rsync" || p === "sftp" || p === "ftp" || p === "tftp") return false;
  return true;
}

/** URL-ish operands of a downloader, for allow-lists. */
export function urlsOf(cmd: SimpleCommand): string[] {
  return cmd.args.filter((a) => /^[a-z][a-z0-9+.-]*:\/\//i.test(a) || /^[\w.-]+\.[a-z]{2,}(\/|$)/i.test(a));
}
