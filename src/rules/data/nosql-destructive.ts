// Wiping key-value and document stores: redis FLUSHALL/FLUSHDB, MongoDB dropDatabase(), drop(),
// deleteMany({}), from arguments, --eval or stdin.
import { defineRule } from "../../engine/rule.js";
import { shellOf } from "../../analysis/shell/index.js";
import { describe } from "../../analysis/shell/commands.js";
import { actingCommands } from "../../analysis/shell/dry-run.js";
import { isDisposableDatabase } from "../../analysis/shell/database.js";

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
  /\.\s*dropDatabase\s*\(|\.\s*drop\s*\(\s*\)|\.\s*(?:deleteMany|remove)\s*\(\s*\{\s*\}\s*[,)]|dropAllUsers\s*\(|\.\s*dropIndexes\s*\(/;

export default defineRule({
  meta: {
    id: "data/nosql-destructive",
    description:
      "Blocks redis-cli FLUSHALL/FLUSHDB and MongoDB dropDatabase()/drop()/deleteMany({}) (arguments, --eval or stdin).",
    defaultAction: "block",
    actions: ["block", "escalate"],
    kinds: ["shell"],
    examples: () => ({
      block: [
        { shell: "redis-cli FLUSHALL" },
        { shell: "redis-cli -h cache -p 6380 -n 2 flushdb" },
        { shell: "echo FLUSHALL | redis-cli" },
        { shell: "mongosh mydb --eval 'db.dropDatabase()'" },
      ],
      allow: [{ shell: "redis-cli GET user:1" }, { shell: "redis-cli DEL session:42" }, { shell: "redis-cli INFO" }],
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
        const hit = words.find((w) => /^flush(all|db)$/i.test(w)) ?? /^\s*flush(all|db)\b/im.exec(stdin)?.[0].trim();
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
