// Key-value and search stores emptied by other means than FLUSHALL or dropDatabase (data/nosql-destructive):
// etcd keys deleted by prefix or from a key on, Redis keys listed (SCAN/KEYS) and fed to DEL/UNLINK or
// deleted in a Lua script, Redis told to write its dump over another file (CONFIG SET dir/dbfilename),
// and HTTP DELETE of an Elasticsearch/OpenSearch index or a CouchDB database.
import { defineRule, type RuleFinding } from "../../engine/rule.js";
import { rememberedFiles, shellOf, userHome } from "../../analysis/shell/index.js";
import { resolvePathWord } from "../../analysis/shell/paths.js";
import { stateful } from "../../state/session.js";
import { writtenTexts } from "../persistence/written-text.js";
import { describe, feeders, subcommands } from "../../analysis/shell/commands.js";
import { findUrls, parseUrlTarget } from "../../analysis/net/index.js";
import type { SimpleCommand } from "../../analysis/shell/types.js";
import { isLocalRedisDatabase } from "../../analysis/shell/database.js";

const REDIS = /^(?:redis-cli|valkey-cli|keydb-cli)$/;
const REDIS_VALUE = /^(?:-[hpansrid]|-u|--user|--pass|--pattern|--count|--cacert|--cert|--key|--sni)$/;
const SEARCH_OR_COUCH =
  /:(?:9200|9201|5984|6984)\b|\b(?:es|elastic|elasticsearch|opensearch|search|couch|couchdb)[.-]/i;

/**
 * Test indices of a search server on this machine (`curl -X DELETE localhost:9200/test-index-*`,
 * `…/orders_test`): every index the name or pattern can match is named for tests, as test databases
 * are; an approval will do. `_all`, `*`, `logs-*` or a server elsewhere stay refused.
 */
function testIndexHere(url: string, path: string): boolean {
  if (parseUrlTarget(url)?.class !== "loopback") return false;
  const names = decodeURIComponent(path.replace(/^\/|\/$/g, "")).split(",");
  return names.every(
    (n) => /^[\w.*-]+$/.test(n) && TEST_INDEX.test(n.replace(/\*/g, "")) && !/^[*]|prod|live/i.test(n),
  );
}
const TEST_INDEX = /(?:^|[-_.])(?:test|tests|testing|e2e|ci|spec|dev|tmp|scratch)(?:[-_.]|$)/i;

/** A redis-cli invocation that lists keys (KEYS pattern, --scan). */
function isListing(cmd: SimpleCommand): boolean {
  return cmd.args.includes("--scan") || cmd.args.some((x) => /^keys$/i.test(x));
}

function wipe(
  cmd: SimpleCommand,
  all: SimpleCommand[],
  texts: (file: string, cmd: SimpleCommand) => string | undefined,
): { what: string; action: "block" | "escalate" } | undefined {
  const a = cmd.args;
  const words = a.filter((x) => !x.startsWith("-"));
  if (cmd.program === "etcdctl" && (words[0] === "del" || words[0] === "delete")) {
    const key = words[1] ?? "";
    if (a.some((x) => /^--from-key(?:=true)?$/.test(x)))
      return { what: "deletes every etcd key from there on", action: "block" };
    if (a.some((x) => /^--prefix(?:=true)?$/.test(x)))
      return key === "" || key === "/" || /^\/registry\b/.test(key)
        ? { what: `deletes every etcd key${key ? ` under ${key}` : ""}`, action: "block" }
        : { what: `deletes the etcd keys under ${key}`, action: "escalate" };
  }
  // Consul's KV store: -recurse deletes every key under the prefix (an empty prefix: every key).
  if (cmd.program === "consul" && words[0] === "kv" && words[1] === "delete") {
    if (a.some((x) => /^--?recurse(?:=true)?$/.test(x)))
      return { what: `deletes every Consul key${words[2] ? ` under ${words[2]}` : ""}`, action: "block" };
  }
  if (REDIS.test(cmd.program)) {
    const plain: string[] = [];
    for (let i = 0; i < a.length; i++) {
      if (REDIS_VALUE.test(a[i]!)) i++;
      else if (!a[i]!.startsWith("-")) plain.push(a[i]!);
    }
    const upper = plain.map((w) => w.toUpperCase());
    if (upper[0] === "CONFIG" && upper[1] === "SET" && /^(?:DIR|DBFILENAME)$/.test(upper[2] ?? ""))
      return { what: "points Redis's dump file elsewhere (it then overwrites that file)", action: "block" };
    if (upper[0] === "EVAL" || upper[0] === "EVALSHA" || upper[0] === "FCALL") {
      const script = plain[1] ?? "";
      if (/\b(?:keys|scan)\b/i.test(script) && /\b(?:del|unlink)\b/i.test(script))
        return { what: "deletes every key it lists in a Lua script", action: "block" };
    }
    if (upper[0] === "DEL" || upper[0] === "UNLINK" || (upper.length === 0 && cmd.context === "wrapped")) {
      // Keys fed by xargs from a SCAN or KEYS listing.
      const listers = [...feeders(cmd), ...all.filter((c) => c.pipeline.id === cmd.pipeline.id && c !== cmd)].filter(
        (f) => REDIS.test(f.program) && (f.args.includes("--scan") || f.args.some((x) => /^keys$/i.test(x))),
      );
      // On a numbered database of this machine's server (redis-cli -n 15, as tests use): less than the
      // FLUSHDB data/nosql-destructive asks about there, so asked too.
      if (listers.length > 0 && cmd.wrappers.includes("xargs"))
        return {
          what: "deletes every key a SCAN/KEYS listing finds",
          action: isLocalRedisDatabase(cmd) && listers.every(isLocalRedisDatabase) ? "escalate" : "block",
        };
      // Keys given by a command substitution: redis-cli DEL $(redis-cli KEYS 'sess:*').
      if ((cmd.substitutions ?? []).some((f) => REDIS.test(f.program) && isListing(f)))
        return { what: "deletes every key a SCAN/KEYS listing finds", action: "block" };
    }
    if (a.includes("--eval")) {
      const file = a[a.indexOf("--eval") + 1];
      const script = file !== undefined ? texts(file, cmd) : undefined;
      if (script !== undefined && /\b(?:keys|scan)\b/i.test(script) && /\b(?:del|unlink)\b/i.test(script))
        return { what: `deletes every key it lists in the Lua script ${file}`, action: "block" };
    }
  }
  // DynamoDB batch writes that delete: DeleteRequest items, inline or in a file written earlier; a file
  // whose content staso cannot see is asked about (it may hold thousands of deletes).
  const awsPath =
    cmd.program === "aws"
      ? subcommands(a, 2, ["--profile", "--region", "--endpoint-url", "--output", "--query", "--cli-read-timeout"]).path
      : [];
  if (awsPath[0] === "dynamodb" && awsPath[1] === "batch-write-item") {
    const i = a.findIndex((x) => x === "--request-items" || x.startsWith("--request-items="));
    const value = i < 0 ? undefined : a[i]!.includes("=") ? a[i]!.slice(a[i]!.indexOf("=") + 1) : a[i + 1];
    if (value !== undefined) {
      const body = value.startsWith("file://") ? texts(value.slice(7), cmd) : value;
      const deletes = body === undefined ? undefined : (body.match(/"DeleteRequest"/g) ?? []).length;
      if (deletes === undefined)
        return {
          what: `writes a batch of DynamoDB items from ${value}, which staso cannot read (it may delete them)`,
          action: "escalate",
        };
      if (deletes > 0)
        return {
          what: `deletes ${deletes === 1 ? "DynamoDB items" : `${deletes} DynamoDB items at once`} (DeleteRequest)`,
          action: deletes > 1 ? "block" : "escalate",
        };
    }
  }
  if (
    (cmd.program === "curl" || cmd.program === "http" || cmd.program === "xh" || cmd.program === "wget") &&
    a.some(
      (x, i) =>
        (/^(?:-X|--request|--method)$/.test(x) && /^DELETE$/i.test(a[i + 1] ?? "")) ||
        /^-XDELETE$|^--(?:request|method)=DELETE$/i.test(x) ||
        x === "DELETE",
    )
  ) {
    // curl takes a URL without its scheme (`curl -XDELETE localhost:9200/*`): such a word is read as http.
    const urls = a.flatMap((x) => (/^[\w.-]+:\d+(?:\/|$)/.test(x) ? [`http://${x}`] : findUrls(x)));
    for (const u of urls) {
      const path = u.replace(/^[a-z]+:\/\/[^/]+/i, "").replace(/[?#].*$/, "");
      if (!SEARCH_OR_COUCH.test(u)) continue;
      if (/^\/(?:_all|\*|_data_stream\/\*|[^/_][^/]*)\/?$/.test(path))
        return {
          what: `deletes a whole index or database (${path})`,
          action: testIndexHere(u, path) ? "escalate" : "block",
        };
    }
  }
  return undefined;
}

// Stateful: a Lua script or a DynamoDB request file written by an earlier call is read from the session.
export default stateful(
  defineRule({
    meta: {
      id: "data/store-wipe",
      description:
        "Blocks etcd deletes by prefix or --from-key, consul kv delete -recurse, Redis SCAN/KEYS piped or substituted into DEL/UNLINK or Lua scripts (inline or written earlier) deleting what KEYS lists, DynamoDB batch writes of DeleteRequests (escalated for a request file staso cannot read), Redis CONFIG SET dir/dbfilename, and HTTP DELETE of an Elasticsearch/OpenSearch index or CouchDB database.",
      defaultAction: "block",
      actions: ["block", "escalate"],
      kinds: ["shell"],
      looksAt: {
        programs: ["etcdctl", "consul", "redis-cli", "valkey-cli", "keydb-cli", "aws", "curl", "http", "xh", "wget"],
      },
      examples: () => ({
        block: [
          { shell: "etcdctl del --prefix /" },
          { shell: "etcdctl del '' --from-key=true" },
          { shell: "consul kv delete -recurse config/" },
          { shell: "consul kv delete --recurse=true ''" },
          { shell: "redis-cli --scan --pattern '*' | xargs -L 100 redis-cli unlink" },
          { shell: `redis-cli EVAL "for _,k in ipairs(redis.call('keys','*')) do redis.call('del',k) end" 0` },
          { shell: "redis-cli CONFIG SET dir /home/dev/.ssh" },
          { shell: "curl -X DELETE 'http://es.prod.acme.io:9200/_all'" },
          { shell: "curl -XDELETE localhost:9200/*" },
          { shell: "wget -qO- --method=DELETE 'http://127.0.0.1:9200/logs-*'" },
          { shell: "etcdctl del --prefix /config/feature_x", action: "escalate" },
          {
            shell: 'curl -X DELETE "http://localhost:9200/test-index-*"',
            action: "escalate",
            note: "test indices here",
          },
          { shell: "curl -XDELETE 'http://localhost:9200/test-*,orders'", note: "one index not named for tests" },
          { shell: "redis-cli -n 15 --scan --pattern 'test:*' | xargs -r redis-cli -n 15 DEL", action: "escalate" },
          { shell: "redis-cli -n 15 --scan | xargs redis-cli DEL", note: "the listing's database, deleted in 0" },
          { shell: "redis-cli -h prod-cache.acme.io UNLINK $(redis-cli -h prod-cache.acme.io KEYS 'sess:*')" },
          {
            shell: "redis-cli -h prod-cache.acme.io --eval /tmp/purge.lua",
            session: [
              {
                shell:
                  "cat > /tmp/purge.lua <<'EOF'\nfor _,k in ipairs(redis.call('KEYS','*')) do redis.call('DEL',k) end\nEOF",
              },
            ],
          },
          {
            shell: `aws dynamodb batch-write-item --request-items '{"users":[{"DeleteRequest":{"Key":{"id":{"S":"1"}}}},{"DeleteRequest":{"Key":{"id":{"S":"2"}}}}]}'`,
          },
          { shell: "aws dynamodb batch-write-item --request-items file://purge.json", action: "escalate" },
        ],
        allow: [
          { shell: "etcdctl get --prefix /config --keys-only" },
          { shell: "consul kv delete config/app/feature-x" },
          { shell: "consul kv get -recurse config/" },
          { shell: "redis-cli --scan --pattern 'cache:*' | head -20" },
          { shell: "redis-cli DEL cache:homepage" },
          { shell: "curl -s http://localhost:9200/_cat/indices" },
          { shell: "curl -X DELETE 'http://es.prod.acme.io:9200/logs-2024.01.01/_doc/42'" },
          { shell: "curl -XDELETE localhost:9200/logs/_doc/42" },
          { shell: "wget -qO- --method=GET 'http://127.0.0.1:9200/_cat/indices'" },
          { shell: "curl -XDELETE localhost:3000/api/items/7" },
          { shell: "redis-cli DEL $(echo cache:homepage)" },
          {
            shell: "aws dynamodb batch-write-item --request-items file://seed.json",
            session: [
              { write: "/home/dev/proj/seed.json", content: '{"plans":[{"PutRequest":{"Item":{"id":{"S":"free"}}}}]}' },
            ],
          },
        ],
      }),
    },
    check(call) {
      const analysis = shellOf(call);
      if (!analysis) return null;
      let escalation: RuleFinding | undefined;
      const home = userHome();
      // A file the command reads: written by this call, or by an earlier call of the session.
      const texts = (file: string, cmd: SimpleCommand) => {
        const path = resolvePathWord(file, cmd.cwd ?? call.session.cwd, home);
        return (
          writtenTexts(call).find((w) => w.path === path)?.text ??
          rememberedFiles(call).find((f) => f.path === path)?.text
        );
      };
      for (const cmd of analysis.commands) {
        if (cmd.remote) continue;
        const w = wipe(cmd, analysis.commands, texts);
        if (!w) continue;
        const finding = {
          reason: `${describe(cmd)} ${w.what}. Delete the specific keys or documents you mean, or ask the user.`,
          action: w.action,
        };
        if (w.action === "block") return finding;
        escalation ??= finding;
      }
      return escalation ?? null;
    },
  }),
);
