// Where data leaves the machine: what a network client sends, and which commands feed it.
import type { SimpleCommand } from "../../analysis/shell/index.js";
import { operands, subcommands } from "../../analysis/shell/commands.js";

/** Programs that send data to the network (isNetworkSink narrows some to their subcommands). */
export const SINK_PROGRAMS = [
  "nc",
  "ncat",
  "netcat",
  "nc.traditional",
  "nc.openbsd",
  "socat",
  "telnet",
  "ssh",
  "ftp",
  "sftp",
  "tftp",
  "openssl",
  "curl",
  "wget",
  "http",
  "https",
  "xh",
  "xhs",
  "httpie",
  "mail",
  "mailx",
  "sendmail",
  "mutt",
  "dig",
  "nslookup",
  "host",
  "ping",
  "gh",
  "aws",
  "gsutil",
  "rclone",
  "scp",
  "rsync",
  "smbclient",
  "lftp",
  "s3cmd",
  "az",
  "gcloud",
  "mc",
  "croc",
  "wormhole",
  "swaks",
];
const STREAM_SINKS = new Set(SINK_PROGRAMS);

/** A command that sends something to the network at all. */
export function isNetworkSink(cmd: SimpleCommand): boolean {
  const p = cmd.program;
  if (!STREAM_SINKS.has(p)) return false;
  if (p === "openssl") return cmd.args[0] === "s_client";
  if (p === "gh") return cmd.args[0] === "api" || cmd.args[0] === "gist";
  if (p === "aws") return cmd.args.includes("s3") || cmd.args.includes("s3api");
  if (p === "az" || p === "gcloud") return cmd.args.includes("storage");
  return true;
}

/** Sinks that read stdin and ship it (curl -d @-, nc, ssh host 'cat > x', …). */
export function sendsStdin(cmd: SimpleCommand): boolean {
  const p = cmd.program;
  const a = cmd.args;
  if (p === "curl")
    return a.some(
      (x, i) =>
        (/^(-d|--data|--data-binary|--data-raw|--data-urlencode|--json|-T|--upload-file)$/.test(a[i - 1] ?? "") &&
          /^@?-$|=@-$/.test(x)) ||
        (/^(-F|--form)$/.test(a[i - 1] ?? "") && /=[@<]-$/.test(x)),
    );
  if (p === "wget")
    return a.some((x) => x === "--post-file=-" || x === "--post-file=/dev/stdin" || x === "--body-file=-");
  if (p === "http" || p === "https" || p === "xh" || p === "xhs" || p === "httpie")
    return !a.includes("--ignore-stdin");
  if (p === "gh") return a[0] === "gist" && a.includes("-");
  if (p === "aws") return a.includes("cp") && a[a.indexOf("cp") + 1] === "-";
  if (p === "rclone") return a[0] === "rcat";
  return [
    "nc",
    "ncat",
    "netcat",
    "nc.traditional",
    "nc.openbsd",
    "socat",
    "telnet",
    "ssh",
    "openssl",
    "mail",
    "mailx",
    "sendmail",
    "mutt",
    "ftp",
    "tftp",
    "smbclient",
    "lftp",
  ].includes(p);
}

/** Local files a sink uploads (curl -d @f, -F x=@f, -T f; wget --post-file; scp/rsync sources to a remote; aws s3 cp f s3://…). */
export function filesUploaded(cmd: SimpleCommand): string[] {
  const p = cmd.program;
  const a = cmd.args;
  const out: string[] = [];
  if (p === "curl") {
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      const v = a[i + 1] ?? "";
      if (/^(-d|--data|--data-binary|--data-urlencode|--json)$/.test(x)) {
        const m = /(?:^|=)@(.+)$/.exec(v);
        if (m && m[1] !== "-") out.push(m[1]!);
      } else if (/^(-F|--form|--form-string)$/.test(x)) {
        const m = /=[@<]([^;]+)/.exec(v);
        if (m && m[1] !== "-") out.push(m[1]!);
      } else if (/^(-T|--upload-file)$/.test(x) && v !== "-") out.push(v);
      else if (/^-d@/.test(x)) out.push(x.slice(3));
    }
  } else if (p === "wget") {
    for (const x of a) {
      const m = /^--(post-file|body-file)=(.+)$/.exec(x);
      if (m) out.push(m[2]!);
    }
  } else if (p === "http" || p === "https" || p === "xh" || p === "xhs" || p === "httpie") {
    for (const x of a) {
      const m = /^[^=:@]*(?:=@|@)(.+)$/.exec(x);
      if (m && !x.startsWith("-") && !/^[a-z]+:\/\//i.test(x)) out.push(m[1]!);
    }
  } else if (p === "scp" || p === "rsync" || p === "sftp") {
    const ops = operands(a, [
      "-P",
      "-p",
      "-i",
      "-F",
      "-o",
      "-c",
      "-l",
      "-S",
      "-e",
      "--rsh",
      "-J",
      "--exclude",
      "--include",
      "--port",
    ]);
    const dest = ops[ops.length - 1];
    if (dest && /^[^/]*:/.test(dest.word) && ops.length >= 2) out.push(...ops.slice(0, -1).map((o) => o.word));
    // sftp's batch commands, from a here-string, a heredoc or a pipe: `put FILE [REMOTE]`.
    if (p === "sftp" && cmd.stdin?.text)
      for (const m of cmd.stdin.text.matchAll(/^\s*-?(?:put|reput|mput)\s+(?:-[afpPr]+\s+)*(\S+)/gm)) out.push(m[1]!);
  } else if (p === "aws" || p === "gsutil" || p === "s3cmd" || p === "rclone" || p === "gcloud") {
    const { path, rest } = subcommands(a, p === "aws" || p === "gcloud" ? 2 : 1, [
      "--profile",
      "--region",
      "--endpoint-url",
      "-o",
      "--config",
    ]);
    const verb = path[path.length - 1];
    if (verb === "cp" || verb === "sync" || verb === "put" || verb === "copy" || verb === "mv" || verb === "copyto") {
      const ops = operands(rest, [
        "--profile",
        "--region",
        "--endpoint-url",
        "--acl",
        "--storage-class",
        "--content-type",
        "--exclude",
        "--include",
        "--sse",
        "--expected-size",
      ]);
      const dest = ops[ops.length - 1];
      if (dest && /^[a-z0-9]+:/i.test(dest.word))
        out.push(
          ...ops
            .slice(0, -1)
            .map((o) => o.word)
            .filter((w) => !/^[a-z0-9]+:/i.test(w)),
        );
    }
  } else if (p === "socat") {
    // socat FILE:path TCP:host:port (or OPEN:, GOPEN:, READLINE is not a file): the file is sent when the
    // other address reaches the network.
    const addrs = a.filter((x) => !x.startsWith("-"));
    if (
      addrs.some((x) =>
        /^(?:tcp|tcp4|tcp6|udp|udp4|udp6|ssl|openssl|tcp-connect|tcp4-connect|tcp6-connect|socks4a?|proxy):/i.test(x),
      )
    )
      for (const x of addrs) {
        const m = /^(?:file|open|gopen|create):([^,]+)/i.exec(x);
        if (m) out.push(m[1]!);
      }
  } else if (p === "mc" && /^(?:cp|mirror|put|mv)$/.test(a.find((x) => !x.startsWith("-")) ?? "")) {
    // MinIO's client names remotes alias/bucket/key: the local sources are the paths before the last.
    const ops = operands(a.slice(a.findIndex((x) => !x.startsWith("-")) + 1), ["--attr", "--storage-class"]);
    out.push(
      ...ops
        .slice(0, -1)
        .map((o) => o.word)
        .filter((w) => /^(?:[/~.]|\$HOME)/.test(w)),
    );
  } else if ((p === "croc" || p === "wormhole") && a.includes("send")) {
    out.push(...operands(a.slice(a.indexOf("send") + 1), ["--code", "--text", "--hash"]).map((o) => o.word));
  } else if (p === "az" && a.includes("upload")) {
    for (let i = 0; i < a.length; i++)
      if ((a[i] === "--file" || a[i] === "-f" || a[i] === "--source" || a[i] === "-s") && a[i + 1]) out.push(a[i + 1]!);
  } else if (p === "smbclient") {
    const c = a[a.findIndex((x) => x === "-c" || x === "--command") + 1];
    if (a.some((x) => x === "-c" || x === "--command") && c)
      for (const m of c.matchAll(/(?:^|;)\s*m?put\s+(\S+)/g)) out.push(m[1]!);
  } else if (p === "gh" && a[0] === "gist" && a[1] === "create") {
    out.push(...operands(a.slice(2), ["-d", "--desc", "-f", "--filename"]).map((o) => o.word));
  } else if (p === "swaks") {
    // swaks --attach FILE / --attach @FILE / --attach-body @FILE / --data @FILE: the file goes in the mail.
    for (let i = 0; i < a.length; i++) {
      const m = /^--(?:attach(?:-body)?|data|body)(?:=(.*))?$/.exec(a[i]!);
      const v = m ? (m[1] ?? a[i + 1]) : undefined;
      if (v && v !== "-" && (v.startsWith("@") || /^--attach$|^--attach=/.test(a[i]!))) out.push(v.replace(/^@/, ""));
    }
  } else if ((p === "mail" || p === "mailx" || p === "mutt") && a.some((x) => x === "-a" || x === "-A")) {
    for (let i = 0; i < a.length; i++) if ((a[i] === "-a" || a[i] === "-A") && a[i + 1]) out.push(a[i + 1]!);
  }
  return out;
}
