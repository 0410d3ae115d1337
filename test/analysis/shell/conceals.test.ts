// Which reads of a file show nothing of its content (counts, tests, names, hashes, the key names of
// KEY=value lines), and the near misses that do show it: values, oracles on values, copies on the way.
import { describe, expect, it } from "vitest";
import { analyzeShell } from "../../../src/analysis/shell/analyze.js";
import { readsConcealed } from "../../../src/analysis/shell/conceals.js";

const opts = { cwd: "/home/dev/proj", home: "/home/dev" };
/** Every command that reads .env (by an operand or a "<") conceals what it read. */
const concealed = (line: string) => {
  const a = analyzeShell(line, opts);
  const readers = a.commands.filter(
    (c) => c.args.some((w) => w.includes(".env")) || c.redirects.some((r) => r.target.includes(".env")),
  );
  if (readers.length === 0) throw new Error(`nothing reads .env in ${line}`);
  return readers.every((c) => readsConcealed(c, a));
};

describe("reads that show nothing of the content", () => {
  it.each([
    "wc -l .env",
    "wc -l < .env",
    "wc .env",
    "grep -c . .env",
    "grep -c '^[A-Z_]*=' .env",
    "grep -cv '^#' .env",
    "grep -c DATABASE .env",
    "grep -q '^STRIPE_KEY=' .env",
    "grep -q DATABASE_URL .env",
    "grep -l API_KEY .env",
    "rg -c . .env",
    "grep -o '^[^=#]*' .env",
    "grep -o '^[A-Z_]*' .env",
    "cut -d= -f1 .env",
    "cut -d '=' -f 1 .env",
    "awk -F= '{print $1}' .env",
    "awk -F= 'NF && $1 !~ /^#/ {print $1}' .env",
    "awk 'END {print NR}' .env",
    "awk 'BEGIN{FS=\"=\"} {print $1}' .env",
    "sed 's/=.*//' .env",
    "sed -e '/^#/d' -e 's/=.*//' .env",
    "sed -n '$=' .env",
    "file .env",
    "sha256sum .env",
    "md5sum .env",
    "cat .env | wc -l",
    "sort .env | cut -d= -f1",
  ])("%s", (line) => expect(concealed(line)).toBe(true));
});

describe("near misses: the content is shown", () => {
  it.each([
    ["cat .env", "printed"],
    ["grep DATABASE_URL .env", "the matching line printed"],
    ["grep -q '^STRIPE_KEY=sk_live_4' .env", "a value probed (an oracle, one character at a time)"],
    ["grep -c 'sk_live' .env", "a value probed"],
    ["grep -c -f patterns .env", "patterns from a file: unknown"],
    ["grep -o '^[^#]*' .env", "every uncommented line"],
    ["grep -o 'KEY=.*' .env", "a value printed"],
    ["cut -d= -f2 .env", "the values"],
    ["cut -d= -f1- .env", "every field"],
    ["cut -f1 .env", "the tab-separated first field: the whole line"],
    ["awk '{print $1}' .env", "the whitespace-separated first field: the whole line"],
    ["awk -F= '{print $2}' .env", "the values"],
    ["awk -F= '{print}' .env", "the whole line"],
    ["awk -F= 'NF' .env", "a bare pattern prints the line"],
    ["awk -F= '$2 ~ /^sk/ {print $1}' .env", "a condition on the value (an oracle)"],
    ["awk -F= '{print $1; system(\"cat .env\")}' .env", "a command run"],
    ["sed -n 's/^DB_PASSWORD=//p' .env", "a value printed"],
    ["sed 's/^[^=]*=//' .env", "the keys stripped, the values printed"],
    ["sed -n '1p' .env", "a line printed"],
    ["wc --files0-from=.env", "the lines become file names in wc's errors"],
    ["file -f .env", "the lines become file names in file's output"],
    ["sha256sum -c .env", "check mode prints the names in the file"],
    ["cat .env | tee /tmp/e | wc -l", "a copy made on the way"],
    ["cat .env > /tmp/e; wc -l /tmp/e", "a copy made"],
    ["cat .env | sort", "printed, sorted"],
  ])("%s (%s)", (line) => expect(concealed(line)).toBe(false));
});
