// Detection and false-positive figures over the suites: every rule's case table, the evasion suite,
// the everyday commands and a corpus of ordinary agent commands — decided by the full engine with
// (a) the six shell packs and (b) every built-in pack on. Printed for the record; asserted at 100% / 0%.
import { describe, expect, it } from "vitest";
import type { Rule } from "../../../src/engine/rule.js";
import { builtinRules } from "../../../src/rules/index.js";
import { filesystemRules } from "../../../src/rules/filesystem/index.js";
import { gitRules } from "../../../src/rules/git/index.js";
import { systemRules } from "../../../src/rules/system/index.js";
import { remoteExecRules } from "../../../src/rules/remote-exec/index.js";
import { dataRules } from "../../../src/rules/data/index.js";
import { exfiltrationRules } from "../../../src/rules/exfiltration/index.js";
import { bash, decide } from "../../support/calls.js";
import { EVERYDAY } from "./cases.js";
import { filesystemCases } from "../../rules/filesystem/cases.js";
import { gitCases } from "../../rules/git/cases.js";
import { systemCases } from "../../rules/system/cases.js";
import { remoteExecCases } from "../../rules/remote-exec/cases.js";
import { dataCases } from "../../rules/data/cases.js";
import { exfiltrationCases } from "../../rules/exfiltration/cases.js";
import { DANGEROUS, TRANSFORMS } from "./evasions.js";

const SHELL_PACKS: Rule<any>[] = [
  ...filesystemRules,
  ...gitRules,
  ...systemRules,
  ...remoteExecRules,
  ...dataRules,
  ...exfiltrationRules,
];
const ALL_TABLES = [
  ...filesystemCases,
  ...gitCases,
  ...systemCases,
  ...remoteExecCases,
  ...dataCases,
  ...exfiltrationCases,
];

/** Ordinary commands coding agents run all day (none of them should be stopped). */
const AGENT_CORPUS = [
  "ls",
  "pwd",
  "git status",
  "git diff",
  "git diff --cached",
  "git add -A && git commit -m 'wip'",
  "git log -p -1",
  "git rebase -i HEAD~2",
  "git fetch origin && git rebase origin/main",
  "git switch main && git pull",
  "git worktree add ../wt feature",
  "git tag v1.2.3 && git push origin v1.2.3",
  "git push --set-upstream origin feature/x",
  "git cherry-pick abc123",
  "npm install",
  "npm ci",
  "npm run dev",
  "npx tsc --noEmit",
  "npx vitest run",
  "npx eslint . --fix",
  "npx prettier --write src",
  "pnpm install --frozen-lockfile",
  "yarn build",
  "pip install -e '.[dev]'",
  "pytest -x -q",
  "python -m pytest tests/ -k login",
  "python3 manage.py migrate",
  "python3 manage.py makemigrations",
  "ruff check --fix .",
  "mypy src",
  "cargo build --release",
  "cargo test",
  "cargo clippy -- -D warnings",
  "go build ./...",
  "go test ./... -run TestX",
  "go mod tidy",
  "make test",
  "cmake -B build && cmake --build build",
  "docker compose up -d",
  "docker compose logs -f api",
  "docker ps -a",
  "docker exec -it db psql -U postgres -c '\\dt'",
  "docker build -t app:dev .",
  "kubectl get deploy -n staging",
  "kubectl rollout status deploy/api",
  "kubectl port-forward svc/api 8080:80",
  "helm upgrade --install api ./chart -n staging --dry-run",
  "terraform init && terraform plan",
  "aws s3 cp build/ s3://bucket/site/ --recursive",
  "aws logs tail /aws/lambda/fn --follow",
  "gcloud config list",
  "az account show",
  "find . -name '*.ts' -not -path './node_modules/*' | xargs wc -l",
  "find src -type f -name '*.orig' -delete",
  "grep -rn TODO src | head -50",
  "rg -n 'fn main' --type rust",
  "sed -n '1,80p' src/index.ts",
  "awk '{print $1}' access.log | sort | uniq -c | sort -rn | head",
  "jq '.dependencies' package.json",
  "wc -l $(git ls-files '*.py')",
  "cat <<'EOF' > .env.example\nDATABASE_URL=postgres://localhost/dev\nEOF",
  "mkdir -p src/components && touch src/components/Button.tsx",
  "mv src/old.ts src/new.ts",
  "cp -r templates/ out/",
  "rm -f coverage/lcov.info",
  "rm -rf .next out",
  "rm -rf target/debug",
  "rm -rf ./tmp/*",
  "chmod 600 .env",
  "ln -sf ../shared config",
  "tar xzf vendor.tgz -C vendor",
  "curl -sS localhost:3000/health",
  "curl -X POST -H 'Content-Type: application/json' -d '{\"name\":\"x\"}' http://localhost:3000/api/items",
  "wget -q -O - http://localhost:8080/metrics | head",
  "ssh-keygen -t ed25519 -f ./deploy_key -N ''",
  "openssl rand -hex 32",
  "date -u +%Y-%m-%dT%H:%M:%SZ",
  "which node && node --version",
  "echo $PATH | tr ':' '\\n'",
  "export NODE_ENV=test && npm test",
  "source .venv/bin/activate && pytest",
  'for f in src/*.ts; do echo "$f"; done',
  'while read -r line; do echo "$line"; done < list.txt',
  "if [ -f .env ]; then echo exists; fi",
  "test -d node_modules || npm install",
  "timeout 60 npm test",
  "nohup npm run dev > dev.log 2>&1 &",
  "kill $(lsof -t -i:3000)",
  "psql $DATABASE_URL -c 'select 1'",
  "sqlite3 db.sqlite3 '.tables'",
  "redis-cli ping",
  "mongosh --quiet --eval 'db.stats()'",
  "sudo systemctl restart nginx",
  "crontab -l",
  "history | tail -20",
  "du -sh node_modules",
  "df -h",
  "top -b -n 1 | head -20",
  "ps aux | grep node",
  "lsof -i :5432",
  "env | sort",
  "printenv HOME",
];

const RANK: Record<string, number> = { allow: 0, modify: 1, escalate: 2, block: 3 };

interface Tally {
  caught: number;
  total: number;
  exact: number;
  missed: string[];
}

async function tally(commands: [string, string | undefined][], rules: Rule<any>[]): Promise<Tally> {
  const t: Tally = { caught: 0, total: 0, exact: 0, missed: [] };
  for (const [cmd, expected] of commands) {
    const d = await decide(bash(cmd), rules);
    t.total++;
    if (d.action !== "allow") t.caught++;
    else t.missed.push(cmd);
    // The rule's own action, or a stricter one from another rule (block beats escalate beats modify).
    if (expected && RANK[d.action]! >= RANK[expected]!) t.exact++;
  }
  return t;
}

async function falsePositives(commands: string[], rules: Rule<any>[]): Promise<{ stopped: string[]; total: number }> {
  const stopped: string[] = [];
  for (const cmd of commands) {
    const d = await decide(bash(cmd), rules);
    if (d.action !== "allow") stopped.push(`${cmd} → ${d.action}: ${d.reason}`);
  }
  return { stopped, total: commands.length };
}

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;

describe("detection and false-positive figures", () => {
  const positives: [string, string | undefined][] = ALL_TABLES.flatMap((t) =>
    t.catch.map(([c, a]) => [c, a] as [string, string]),
  );
  const evasions: [string, string | undefined][] = DANGEROUS.flatMap((c) =>
    TRANSFORMS.map(([, f]) => [f(c), undefined] as [string, undefined]),
  );
  const negatives = [...new Set([...EVERYDAY, ...ALL_TABLES.flatMap((t) => t.allow), ...AGENT_CORPUS])];

  for (const [name, rules] of [
    ["the six shell packs", SHELL_PACKS],
    ["every built-in pack", builtinRules],
  ] as const) {
    it(`with ${name}`, async () => {
      const tables = await tally(positives, rules);
      const ev = await tally(evasions, rules);
      const fp = await falsePositives(negatives, rules);
      const corpus = await falsePositives(AGENT_CORPUS, rules);
      console.log(
        [
          `— ${name} (${rules.length} rules) —`,
          `case tables: caught ${tables.caught}/${tables.total} (${pct(tables.caught, tables.total)}), expected action or stricter ${tables.exact}/${tables.total} (${pct(tables.exact, tables.total)})`,
          `evasion suite: caught ${ev.caught}/${ev.total} (${pct(ev.caught, ev.total)})`,
          `false positives: ${fp.stopped.length}/${fp.total} near-misses and everyday commands stopped (${pct(fp.stopped.length, fp.total)}); agent corpus ${corpus.stopped.length}/${corpus.total}`,
          ...fp.stopped.map((s) => `  FP: ${s.slice(0, 200)}`),
          ...tables.missed.map((s) => `  missed: ${s}`),
        ].join("\n"),
      );
      expect(tables.missed).toEqual([]);
      expect(ev.missed).toEqual([]);
      if (rules === SHELL_PACKS) {
        expect(tables.exact).toBe(tables.total);
        expect(fp.stopped).toEqual([]);
      }
    }, 60_000);
  }
});
