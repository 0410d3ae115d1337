// Wiping key-value and document stores: redis FLUSHALL/FLUSHDB, MongoDB dropDatabase(), drop(),
// deleteMany({}), from arguments, --eval or stdin.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
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
    looksAt: { programs: ["redis-cli", "valkey-cli", "keydb-cli", "dragonfly-cli", "mongosh", "mongo"] },
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
      ],
      allow: [
        { shell: "redis-cli GET user:1" },
        { shell: "redis-cli DEL session:42" },
        { shell: "redis-cli INFO" },
        { shell: `redis-cli EVAL "return redis.call('get', KEYS[1])" 1 user:1` },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of actingCommands(analysis)) {
      const p = cmd.program;
      if (p === "redis-cli" || p === "valkey-cli" || p === "keydb-cli" || p === "dragonfly-cli") {
        const words: string[] = [];
        for (let i = 0; i < cmd.args.length; i++) {
          const a = cmd.args[i]!;
          if (REDIS_VALUE.has(a)) {
            i++;
            continue;
          }
          if (!a.startsWith("-")) words.push(a);
        }
        const stdin = cmd.stdin && cmd.stdin.kind !== "file" ? (cmd.stdin.text ?? "") : "";
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
