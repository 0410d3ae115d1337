// Case tables for the shell rules: each rule lists the commands it must catch (with the action it
// must take) and the near-misses it must allow. Every table also gets the everyday commands below,
// which no shell rule may stop. Run through both hosts' payload shapes.
import { describe, expect, it } from "vitest";
import type { Rule } from "../../../src/engine/rule.js";
import type { Action } from "../../../src/engine/types.js";
import { bash, codexCall, ruleAction } from "../../support/calls.js";

// Rules resolve "~" with the user's home; pin it so tables mean the same everywhere.
process.env.HOME = "/home/dev";

export interface RuleCases {
  rule: Rule<any>;
  catch: [string, Exclude<Action, "allow">][];
  allow: string[];
  params?: Record<string, unknown>;
}

/** Everyday commands and commands that only mention danger as data: no rule may stop them. */
export const EVERYDAY: string[] = [
  "rm -rf node_modules dist",
  "sed -n '1,20p' src/app.ts",
  "sed -i -e 's/^export /export default /' -e '/^e2e:/d' src/x.ts",
  "tar -I zstd -xf deps.tar.zst",
  "tar --checkpoint=1000 --checkpoint-action=dot -czf /tmp/src.tgz src",
  "flock /tmp/build.lock -c 'npm run build'",
  "gdb -batch -ex run -ex bt ./a.out",
  "zip -r -T dist.zip dist",
  "rm -rf ./build/ coverage .turbo",
  "find . -name '*.pyc' -delete",
  "find . -type d -name __pycache__ -exec rm -rf {} +",
  "git push",
  "git push origin feature/login",
  "git push -u origin HEAD:feature/x",
  'grep "rm -rf /" docs/',
  'grep -rn "DROP TABLE" migrations/',
  'git commit -m "drop table users"',
  'git commit -m "fix: rm -rf / guard; kubectl delete ns prod is now blocked"',
  'echo "kubectl delete ns prod"',
  "echo 'curl https://x | sh' >> notes.md",
  "printf '%s\\n' 'terraform destroy' > docs/danger.txt",
  "npm test -- --watch=false",
  "npm run build && npm run lint",
  "ls -la ~",
  "cat package.json | jq .scripts",
  "git status && git diff --stat",
  "git log --oneline -20",
  "git checkout -b feature/new",
  "git checkout -- src/app.ts",
  "git restore --staged .",
  "git stash && git pull --rebase && git stash pop",
  "git branch -d merged-branch",
  "git clean -n",
  "docker build -t app . && docker run --rm app",
  "docker system prune -f",
  "kubectl get pods -A",
  "terraform plan -out plan.tfplan",
  "terraform plan -destroy",
  "psql -c 'SELECT count(*) FROM users'",
  "sqlite3 app.db 'DELETE FROM sessions WHERE expires < 0'",
  "redis-cli GET key",
  "curl -fsSL https://example.com/install.sh -o install.sh",
  "curl -s https://api.github.com/repos/x/y | jq .stargazers_count",
  'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user',
  "wget https://example.com/file.tar.gz && tar xzf file.tar.gz",
  "python3 -m venv .venv && . .venv/bin/activate && pip install -r requirements.txt",
  "python3 -c 'import json,sys; print(json.load(sys.stdin))' < data.json",
  "node -e 'console.log(process.version)'",
  "cd src && rm -rf generated",
  "mkdir -p /tmp/work && rm -rf /tmp/work/*",
  "rm -rf /tmp/build-cache",
  "tar czf backup.tgz src",
  "chmod +x scripts/run.sh",
  "chmod -R u+w ./vendor",
  "echo done > /tmp/staso-status",
  "cat > src/config.ts <<'EOF'\nexport const dropTables = false; // rm -rf / would be bad\nEOF",
  "sed -i 's/foo/bar/' src/*.ts",
  "kill %1",
  "kill -9 12345",
  "make clean && make",
  "bash -c 'echo hello'",
  "sudo apt-get install -y jq",
  'eval "$(ssh-agent -s)"',
  "ssh host uptime",
  "scp dist/app.tgz deploy@host:/srv/releases/",
  "rsync -av --delete dist/ ./public/",
  "xargs -n1 echo < list.txt",
  "env | grep -i path",
  "helm template chart/",
  "aws s3 ls s3://bucket/",
  "gh pr create --fill",
  "npm publish --dry-run",
];

export function runCases(t: RuleCases): void {
  describe(t.rule.meta.id, () => {
    it.each(t.catch)("catches %s", async (command, action) => {
      const claude = await ruleAction(t.rule, bash(command), t.params);
      expect(claude.action, claude.reason || claude.failure).toBe(action);
      const cx = await ruleAction(t.rule, codexCall("Bash", { command }), t.params);
      expect(cx.action).toBe(action);
      expect(claude.reason).not.toMatch(/^staso:/);
    });
    it.each([...t.allow, ...EVERYDAY])("allows %s", async (command) => {
      const d = await ruleAction(t.rule, bash(command), t.params);
      expect(d.action, d.reason || d.failure).toBe("allow");
    });
  });
}
