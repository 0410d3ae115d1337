// Wiping key-value and document stores: redis FLUSHALL/FLUSHDB, MongoDB dropDatabase(), drop(),
// deleteMany({}), from arguments, --eval or stdin.
import { defineRule } from "../../engine/rule.js";
import { shellOf, type SimpleCommand } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";
import { isDisposableDatabase, isLocalRedisDatabase } from "../../analysis/shell/database.js";

const REDIS_VALUE = new Set([
  "-h",
  "-p",
  "-s",
  "-a",
  "-u",
  "-n",
  "-r",
  "-i",
  "-d",
  "-e",
  "--user",
  "--pass",
  "--askpass",
  "--sni",
  "--cacert",
  "--cacertdir",
  "--cert",
  "--key",
  "--tls-ciphers",
  "--tls-ciphersuites",
  "--pattern",
  "--count",
  "--quoted-pattern",
  "--memkeys-samples",
  "--rdb",
  "--functions-rdb",
  "--eval",
]);
/**
 * Raw socket clients pointed at a Redis port: what they are fed on stdin is Redis commands, as redis-cli's
 * would be (`printf 'FLUSHALL\r\n' | nc localhost 6379`).
 */
const RAW_CLIENTS = new Set(["nc", "ncat", "netcat", "socat", "telnet"]);
const REDIS_PORTS = "6379|6380|16379";
/** `nc host 6379`, `nc host:6379`; socat's `TCP:host:6379`. */
const REDIS_PORT_WORD = new RegExp(`^(?:[^:]*:)?(?:${REDIS_PORTS})$`);
const SOCAT_REDIS = new RegExp(`^(?:TCP[46]?|OPENSSL)[^:]*:[^:,]+:(?:${REDIS_PORTS})\\b`, "i");
function rawRedisClient(cmd: SimpleCommand): boolean {
  if (!RAW_CLIENTS.has(cmd.program)) return false;
  return cmd.args.some((a) => (cmd.program === "socat" ? SOCAT_REDIS : REDIS_PORT_WORD).test(a));
}
/** CONFIG SET dir / dbfilename: Redis then saves its database where told, the classic way to plant a file. */
const REDIS_CONFIG_FILE = /^\s*config\s+set\s+(?:dir|dbfilename)\b/im;

const MONGO_WIPE =
  /\.\s*dropDatabase\s*\(|\b(?:dropDatabase|drop)\s*:\s*(?:1|true|["'][^"']+["'])|\.\s*drop\s*\(\s*\)|\.\s*(?:deleteMany|remove)\s*\(\s*\{\s*\}\s*[,)]|dropAllUsers\s*\(|\.\s*dropIndexes\s*\(/;

export default defineRule({
  meta: {
    id: "data/nosql-destructive",
    description:
      "Blocks redis-cli FLUSHALL/FLUSHDB and MongoDB dropDatabase()/drop()/deleteMany({}) (arguments, --eval or stdin); escalates FLUSHDB of a numbered database of a Redis server of this machine, and MongoDB wipes of a clearly test or development MongoDB database.",
    defaultAction: "block",
    actions: ["block", "escalate"],
    kinds: ["shell"],
    looksAt: {
      programs: ["redis-cli", "valkey-cli", "keydb-cli", "dragonfly-cli", "mongosh", "mongo", ...RAW_CLIENTS],
    },
    examples: () => ({
      block: [
        { shell: "redis-cli FLUSHALL" },
        { shell: "redis-cli -h cache -p 6380 -n 2 flushdb" },
        { shell: "echo FLUSHALL | redis-cli" },
        { shell: "redis-cli -h prod-cache.acme.io -n 3 FLUSHDB" },
        { shell: "redis-cli -n 15 flushdb", action: "escalate", note: "a numbered database of the local server" },
        { shell: "redis-cli -h 127.0.0.1 -n 1 FLUSHDB", action: "escalate" },
        { shell: "mongosh mydb --eval 'db.dropDatabase()'" },
        { shell: "mongo prod-replica/admin --eval 'db.adminCommand({dropDatabase: 1})'" },
        { shell: "mongosh app --eval 'db.runCommand({ drop: \"orders\" })'" },
        { shell: `redis-cli EVAL "return redis.call('flushall')" 0` },
        { shell: `redis-cli -h cache eval 'redis.pcall("FLUSHDB")' 0` },
        { shell: "printf 'FLUSHALL\\r\\n' | nc localhost 6379", note: "a raw socket speaks Redis too" },
        { shell: "echo flushall | socat - TCP:127.0.0.1:6379" },
        { shell: "redis-cli -h 10.0.0.7 CONFIG SET dir /root/.ssh" },
        { shell: "printf 'CONFIG SET dbfilename authorized_keys\\r\\n' | ncat cache 6379" },
      ],
      allow: [
        { shell: "redis-cli GET user:1" },
        { shell: "redis-cli DEL session:42" },
        { shell: "redis-cli INFO" },
        { shell: "printf 'PING\\r\\n' | nc localhost 6379" },
        { shell: "nc -z localhost 6379" },
        { shell: "redis-cli CONFIG GET dir" },
        { shell: `redis-cli EVAL "return redis.call('get', KEYS[1])" 1 user:1` },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of actingCommands(analysis)) {
      const p = cmd.program;
      const raw = rawRedisClient(cmd);
      if (raw || p === "redis-cli" || p === "valkey-cli" || p === "keydb-cli" || p === "dragonfly-cli") {
        const words: string[] = [];
        for (let i = 0; i < cmd.args.length && !raw; i++) {
          const a = cmd.args[i]!;
          if (REDIS_VALUE.has(a)) {
            i++;
            continue;
          }
          if (!a.startsWith("-")) words.push(a);
        }
        const stdin = cmd.stdin && cmd.stdin.kind !== "file" ? (cmd.stdin.text ?? "") : "";
        if (REDIS_CONFIG_FILE.test(words.join(" ")) || REDIS_CONFIG_FILE.test(stdin))
          return {
            reason: `${describe(cmd)} points Redis's database file at another folder or name (CONFIG SET dir/dbfilename): its next save writes a file there, the classic way to plant an SSH key or a cron job. Ask the user.`,
          };
        // A Lua script run by EVAL (inline or on stdin) calling FLUSHALL/FLUSHDB: the same wipe.
        const lua = /\bredis\s*\.\s*p?call\s*\(\s*["'](flush(?:all|db))["']/i;
        const script = /^eval(?:_ro)?$/i.test(words[0] ?? "") ? (words[1] ?? "") : "";
        const hit =
          words.find((w) => /^flush(all|db)$/i.test(w)) ??
          /^\s*flush(all|db)\b/im.exec(stdin)?.[0].trim() ??
          lua.exec(script)?.[1] ??
          (/^\s*eval/im.test(stdin) ? lua.exec(stdin)?.[1] : undefined);
        if (hit && /db$/i.test(hit) && isLocalRedisDatabase(cmd))
          return {
            reason: `${describe(cmd)} runs ${hit.toUpperCase()} on a numbered database of a Redis server of this machine (a development or test database). Ask the user to approve it.`,
            action: "escalate",
          };
        if (hit)
          return {
            reason: `${describe(cmd)} runs ${hit.toUpperCase()}, deleting every key ${/all/i.test(hit) ? "of every database" : "of the database"}. Delete the specific keys you mean, or ask the user.`,
          };
      }
      if (p === "mongosh" || p === "mongo") {
        const evals = cmd.args.filter((_, i) => cmd.args[i - 1] === "--eval");
        const stdin = cmd.stdin && cmd.stdin.kind !== "file" ? (cmd.stdin.text ?? "") : "";
        const code = [...evals, stdin].join("\n");
        const m = MONGO_WIPE.exec(code);
        if (m && isDisposableDatabase(cmd))
          return {
            reason: `${describe(cmd)} runs \`${m[0].replace(/\s+/g, "")}\` on what looks like a test or development database. Ask the user to approve it.`,
            action: "escalate",
          };
        if (m)
          return {
            reason: `${describe(cmd)} runs \`${m[0].replace(/\s+/g, "")}\`, deleting a whole database, collection or every document. Ask the user to run it, or filter what you delete.`,
          };
      }
    }
    return null;
  },
});
