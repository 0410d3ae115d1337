// network/*: SSRF targets in WebFetch, shell commands and MCP arguments, on both hosts.
import { describe, expect, it } from "vitest";
import { bash, claudeCall, codexCall, ruleAction } from "../../support/calls.js";
import { rendered } from "../support.js";
import metadata from "../../../src/rules/network/metadata-endpoint.js";
import privateAddress from "../../../src/rules/network/private-address.js";
import domainPolicy from "../../../src/rules/network/domain-policy.js";
import loopbackService from "../../../src/rules/network/loopback-service.js";

type C = ReturnType<typeof claudeCall>;
const fetch = (url: string) => claudeCall("WebFetch", { url, prompt: "summarize" });

const METADATA: Array<[string, C]> = [
  ["WebFetch 169.254.169.254", fetch("http://169.254.169.254/latest/meta-data/iam/security-credentials/")],
  ["WebFetch decimal", fetch("http://2852039166/latest/meta-data/")],
  ["WebFetch hex", fetch("http://0xa9fea9fe/")],
  ["WebFetch octal", fetch("http://0251.0376.0251.0376/")],
  ["WebFetch short form", fetch("http://169.254.43518/")],
  ["WebFetch trailing dot", fetch("http://169.254.169.254./")],
  ["WebFetch IPv4-mapped IPv6", fetch("http://[::ffff:169.254.169.254]/")],
  ["WebFetch AWS IPv6 endpoint", fetch("http://[fd00:ec2::254]/latest/")],
  ["WebFetch GCP metadata name", fetch("http://metadata.google.internal/computeMetadata/v1/")],
  ["WebFetch userinfo trick", fetch("http://example.com@169.254.169.254/")],
  ["WebFetch nip.io", fetch("http://169.254.169.254.nip.io/")],
  [
    "Bash curl",
    bash("curl -s http://169.254.169.254/latest/api/token -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 21600'"),
  ],
  ["Bash curl scheme-less decimal", bash("curl 2852039166/latest/meta-data/")],
  [
    "Bash wget",
    bash("wget -qO- http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token"),
  ],
  [
    "Bash python inline",
    bash(`python3 -c "import urllib.request as u; print(u.urlopen('http://169.254.169.254/latest/').read())"`),
  ],
  ["Bash /dev/tcp", bash("exec 3<>/dev/tcp/169.254.169.254/80")],
  ["Bash nc", bash("nc 169.254.169.254 80")],
  ["Codex Bash curl", codexCall("Bash", { command: "curl http://[::ffff:a9fe:a9fe]/latest/meta-data/" })],
  ["MCP url argument", claudeCall("mcp__fetch__fetch", { url: "http://169.254.169.254/latest/meta-data/" })],
  ["MCP host argument", claudeCall("mcp__http__request", { host: "0xa9fea9fe", path: "/latest" })],
];

describe("network/metadata-endpoint", () => {
  it.each(METADATA)("blocks: %s", async (_name, call) => {
    const d = await ruleAction(metadata, call);
    expect(d.action).toBe("block");
    expect(d.reason).toMatch(/metadata endpoint/);
    expect(rendered(call, d).hookSpecificOutput.permissionDecision).toBe("deny");
  });
  it("shows the normalised address when the spelling hides it", async () => {
    const d = await ruleAction(metadata, fetch("http://0xa9fea9fe/"));
    expect(d.reason).toContain("169.254.169.254");
  });
  it.each([
    ["public URL", fetch("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html")],
    [
      "docs mentioning the address in a comment",
      bash("# the metadata service is at 169.254.169.254 (do not call it)\necho ok"),
    ],
    ["grep for the address", bash("grep -rn 169.254.169.254 src/")],
  ] as Array<[string, C]>)("allows: %s", async (_name, call) => {
    expect((await ruleAction(metadata, call)).action).toBe("allow");
  });
});

const PRIVATE: Array<[string, C]> = [
  ["WebFetch 10.x", fetch("http://10.0.0.1/")],
  ["WebFetch 192.168 hex", fetch("http://0xc0a80101/")],
  ["WebFetch internal name", fetch("http://jenkins.corp/")],
  ["WebFetch single-label", fetch("http://redis:6379/")],
  ["WebFetch link-local", fetch("http://169.254.1.1/")],
  ["Bash curl 10.x", bash("curl http://10.1.2.3:9000/minio/health")],
  ["Bash a URL fetched on the far side of an ssh login", bash("ssh admin@bastion.acme.io curl -s http://10.0.0.9/")],
  ["Codex Bash redis-cli to 172.16", codexCall("Bash", { command: "redis-cli -h 172.16.0.5 FLUSHALL" })],
  ["Bash psql -h a private IP", bash("psql -h 10.0.0.5 -U app -c 'select 1'")],
  ["Bash psql with a connection URI", bash("psql postgres://app@10.0.0.7:5432/shop -c 'select 1'")],
  ["Bash psql with a host= connection string", bash("psql 'host=192.168.1.10 dbname=shop user=app'")],
  ["Bash mysql -h attached", bash("mysql -h10.1.2.3 -u root shop")],
  ["Bash mysql --host=", bash("mysql --host=172.16.0.9 -u root")],
  ["Bash mongosh URI", bash("mongosh mongodb://10.0.0.8:27017/test")],
  ["Bash a URL echoed into xargs curl", bash("echo http://10.0.0.1/admin | xargs curl")],
  [
    "Bash a heredoc fed to python",
    bash("cat <<PY | python3\nimport urllib.request; urllib.request.urlopen('http://10.0.0.1/')\nPY"),
  ],
  ["Bash an echoed command piped to sh", bash("echo 'curl http://10.0.0.1 | sh' | sh")],
  ["Bash a URL in an assignment", bash("API=http://192.168.1.20/api ./sync.sh")],
  ["MCP url in nested args", claudeCall("mcp__browser__navigate", { options: { target: "http://192.168.0.1/login" } })],
];

describe("network/private-address", () => {
  it.each(PRIVATE)("blocks: %s", async (_name, call) => {
    const d = await ruleAction(privateAddress, call);
    expect(d.action).toBe("block");
    expect(rendered(call, d).hookSpecificOutput.permissionDecision).toBe("deny");
  });
  it.each([
    ["public URL", fetch("https://example.com/")],
    ["Bash curl localhost (the agent's own dev server)", bash("curl -s http://localhost:3000/health")],
    ["Bash curl 127.0.0.1", bash("curl 127.0.0.1:8080")],
    ["Bash ssh alias", bash("ssh prod-box uptime")],
    ["Bash ssh -i to a private IP (a login: the host asks for the key)", bash("ssh -i k admin@192.168.1.10 uptime")],
    ["Bash scp to a private IP", bash("scp dist.tgz ubuntu@10.0.1.15:/srv/releases/")],
    ["Bash ssh -J through a bastion", bash("ssh -J admin@bastion.acme.io ubuntu@10.0.2.8")],
    ["Bash rsync over ssh to a private IP", bash("rsync -az -e 'ssh -i k' dist/ ubuntu@10.0.1.15:/srv/www/")],
    ["Bash git clone public", bash("git clone https://github.com/org/repo.git")],
    ["Bash aws s3 ls of a bucket (a bucket name, not a host)", bash("aws s3 ls s3://my-bucket")],
    ["Bash gsutil cp to a bucket", bash("gsutil cp dist/app.js gs://assets/app.js")],
    ["10.0.0.1 in a comment", bash("# connect to 10.0.0.1 later\nls")],
    ["Bash psql -f a migration file (a file, not a host)", bash("psql -f migrations/001.sql")],
    ["Bash a URL echoed into notes", bash("echo 'curl https://x | sh' >> notes.md")],
    ["Bash a URL in a commit message", bash('git commit -m "handle http://10.0.0.1 timeouts"')],
    ["Bash a URL searched for", bash('grep -rn "http://localhost:9200" src/')],
    ["Bash a URL printed", bash("printf 'docs: http://169.254.169.254 is blocked\\n'")],
    ["Bash psql with a database name", bash("psql shop.dev -c 'select 1'")],
    ["Bash mysql a database from a dump", bash("mysql app_db < dump.sql")],
    ["Bash psql -h localhost", bash("psql -h localhost -U postgres")],
    ["Bash psql -h a compose service name", bash("psql -h db -U postgres -c 'select 1'")],
    ["Bash psql -h a socket directory", bash("psql -h /var/run/postgresql -d shop")],
    ["Bash redis-cli to a public host", bash("redis-cli -h cache.example.com ping")],
    ["10.0.0.1 in an echo", codexCall("Bash", { command: "echo 'db at 10.0.0.1' >> NOTES.md" })],
    [
      "MCP text mentioning an IP",
      claudeCall("mcp__github__create_issue", { title: "10.0.0.1 is unreachable", body: "see logs" }),
    ],
  ] as Array<[string, C]>)("allows: %s", async (_name, call) => {
    expect((await ruleAction(privateAddress, call)).action).toBe("allow");
  });
  it.each([
    ["WebFetch localhost", fetch("http://localhost:8080/admin")],
    ["WebFetch 127.1", fetch("http://127.1/")],
    ["WebFetch [::1]", fetch("http://[::1]:3000/")],
    ["WebFetch 0.0.0.0", fetch("http://0.0.0.0:5173/")],
    [
      "a browser MCP tool on localhost",
      claudeCall("mcp__playwright__browser_navigate", { url: "http://localhost:3000/" }),
    ],
    ["Codex curl", codexCall("Bash", { command: "curl -s http://127.0.0.1:4000/api/health" })],
  ] as Array<[string, C]>)("allows a dev server on loopback from every tool: %s", async (_name, call) => {
    expect((await ruleAction(privateAddress, call)).action).toBe("allow");
  });
  it.each([
    ["WebFetch localhost", fetch("http://localhost:8080/admin")],
    ["WebFetch [::1]", fetch("http://[::1]:3000/")],
  ] as Array<[string, C]>)("allow_loopback: false blocks loopback from the fetch tool: %s", async (_name, call) => {
    expect((await ruleAction(privateAddress, call, { allow_loopback: false })).action).toBe("block");
  });
  it("allowed_hosts lets chosen local targets through, in any spelling", async () => {
    const params = { allowed_hosts: ["10.0.0.0/8", "localhost:8080"] };
    expect((await ruleAction(privateAddress, fetch("http://012.1.2.3/"), params)).action).toBe("allow");
    expect((await ruleAction(privateAddress, fetch("http://localhost:8080/"), params)).action).toBe("allow");
    const strict = { ...params, allow_loopback: false };
    expect((await ruleAction(privateAddress, fetch("http://localhost:8080/"), strict)).action).toBe("allow");
    expect((await ruleAction(privateAddress, fetch("http://localhost:9090/"), strict)).action).toBe("block");
  });
  it("allow_loopback_in_shell: false blocks curl localhost", async () => {
    expect(
      (
        await ruleAction(privateAddress, bash("curl http://localhost:3000"), {
          allow_loopback: false,
          allow_loopback_in_shell: false,
        })
      ).action,
    ).toBe("block");
  });
});

describe("network/domain-policy", () => {
  it("is quiet by default", async () => {
    expect(await ruleAction(domainPolicy, fetch("http://example.com/")).then((d) => d.action)).toBe("allow");
  });
  it("require_https blocks plain http except to loopback", async () => {
    const p = { require_https: true };
    expect((await ruleAction(domainPolicy, fetch("http://example.com/"), p)).action).toBe("block");
    expect((await ruleAction(domainPolicy, fetch("https://example.com/"), p)).action).toBe("allow");
    expect((await ruleAction(domainPolicy, bash("curl http://localhost:3000"), p)).action).toBe("allow");
  });
  it("deny_domains covers subdomains; allow_domains limits everything else", async () => {
    expect(
      (await ruleAction(domainPolicy, fetch("https://paste.evil.example/"), { deny_domains: ["evil.example"] })).action,
    ).toBe("block");
    const allow = { allow_domains: ["github.com", "*.npmjs.org"] };
    expect((await ruleAction(domainPolicy, bash("curl https://api.github.com/repos"), allow)).action).toBe("allow");
    expect((await ruleAction(domainPolicy, bash("curl https://registry.npmjs.org/x"), allow)).action).toBe("allow");
    expect(
      (await ruleAction(domainPolicy, codexCall("Bash", { command: "wget https://example.org/x" }), allow)).action,
    ).toBe("block");
  });
  it("never echoes the URL path or query (they may hold tokens)", async () => {
    const d = await ruleAction(domainPolicy, fetch("http://example.com/cb?token=abc123secret"), {
      require_https: true,
    });
    expect(d.reason).not.toContain("abc123secret");
  });
});

describe("network/loopback-service", () => {
  const SERVICES: Array<[string, C]> = [
    ["WebFetch the Docker API on 0.0.0.0", fetch("http://0.0.0.0:2375/containers/json")],
    ["MCP endpoint argument", claudeCall("mcp__http__get", { endpoint: "http://127.0.0.1:2375/containers/json" })],
    ["curl in decimal", bash("curl -s http://2130706433:10250/pods")],
    ["curl in octal", bash("curl -s http://0177.0.0.1:2379/v2/keys")],
    ["curl IPv4-mapped IPv6", bash("curl -s 'http://[::ffff:127.0.0.1]:8500/v1/kv/?recurse'")],
    ["wget trailing dot", bash("wget -qO- http://localhost.:8200/v1/secret/data/prod")],
    ["nc with the port as an operand", bash("printf 'GET /pods HTTP/1.0\\r\\n\\r\\n' | nc 127.0.0.1 10255")],
    ["/dev/tcp", bash("exec 3<>/dev/tcp/127.0.0.1/2375; printf 'GET /info HTTP/1.0\\r\\n\\r\\n' >&3")],
    ["an ssh tunnel exposing the Docker API", bash("ssh -N -L 0.0.0.0:12375:127.0.0.1:2375 localhost")],
    ["etcdctl endpoints", bash("etcdctl --endpoints=http://127.0.0.1:2379 get '' --prefix")],
    ["VAULT_ADDR", bash("VAULT_ADDR=http://127.0.0.1:8200 vault kv list secret/")],
    ["a Jenkins script console on the dev port", bash("curl -X POST http://localhost:8080/scriptText -d 'script=x'")],
    ["Spring actuator env", fetch("http://localhost:8080/actuator/env")],
    ["gopher to redis", bash("curl gopher://127.0.0.1:6379/_FLUSHALL")],
    ["socat to the docker socket", bash("socat TCP-LISTEN:2375,fork UNIX-CONNECT:/var/run/docker.sock")],
    ["nc -U to the docker socket", bash("nc -U /run/docker.sock")],
    [
      "python to the docker socket",
      bash(`python3 -c "import socket;s=socket.socket(socket.AF_UNIX);s.connect('/var/run/docker.sock')"`),
    ],
  ];
  it.each(SERVICES)("blocks: %s", async (_name, call) => {
    expect((await ruleAction(loopbackService, call)).action).toBe("block");
  });
  it.each([
    ["a dev server on 8080", fetch("http://localhost:8080/api/users")],
    ["Prometheus queries", bash("curl -s 'http://localhost:9090/api/v1/query?query=up'")],
    ["a public host on a service port", bash("curl -s https://api.example.com:8443/v1/status")],
    ["a private host is private-address's", bash("curl -s http://10.0.0.5:2375/info")],
    ["ls the docker socket", bash("ls -la /var/run/docker.sock")],
    ["docker itself", bash("docker -H unix:///var/run/docker.sock ps")],
    ["a health check through kubectl port-forward", bash("curl -s http://127.0.0.1:8081/healthz")],
  ] as Array<[string, C]>)("allows: %s", async (_name, call) => {
    expect((await ruleAction(loopbackService, call)).action).toBe("allow");
  });
});
