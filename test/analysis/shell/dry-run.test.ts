// Which commands only show what they would do (dry runs, plans, previews, help), and the near misses
// that really act: a flag the program does not read, turned off, after `--`, or someone else's.
import { describe, expect, it } from "vitest";
import { analyzeShell } from "../../../src/analysis/shell/analyze.js";
import { actingCommands, isDryRun } from "../../../src/analysis/shell/dry-run.js";

const opts = { cwd: "/home/dev/proj", home: "/home/dev" };
/** Whether the command's first simple command of `program` is a dry run. */
const dry = (line: string, program?: string) => {
  const cmds = analyzeShell(line, opts).commands;
  const cmd = program ? cmds.find((c) => c.program === program) : cmds[0];
  if (!cmd) throw new Error(`no ${program ?? "command"} in ${line}`);
  return isDryRun(cmd);
};

describe("dry runs, plans, previews and help pages", () => {
  it.each([
    "kubectl delete ns prod --dry-run=client",
    "kubectl delete ns prod --dry-run=server -o yaml",
    "kubectl --dry-run='client' delete -k overlays/prod",
    "kubectl delete pvc --all --dry-run",
    "kubectl delete ns prod --dry-run client",
    "helm uninstall api -n production --dry-run",
    "aws s3 rm s3://b --recursive --dryrun",
    "aws ec2 terminate-instances --instance-ids i-1 --dry-run",
    "aws s3 rm help",
    "rclone purge remote:b/old --dry-run",
    "gsutil -m rsync -r -d -n ./dist gs://b",
    "rsync -an --delete dist/ web:/srv/www/",
    "rsync -a --delete --dry-run src/ /srv/www/",
    "git push -n --delete origin main",
    "git push --dry-run --force origin main",
    "git clean -ndx",
    "git -C repo clean -n -f",
    "git reflog expire --expire=now --all -n",
    "git filter-repo --path secrets/ --invert-paths --dry-run",
    "terraform plan -destroy",
    "terraform -chdir=infra plan -destroy",
    "terraform destroy -help",
    "terragrunt run-all plan",
    "pulumi preview --stack prod",
    "pulumi destroy --preview-only --stack prod",
    "az deployment group what-if -g prod -f main.bicep",
    "az deployment group create -g prod -f main.bicep --what-if",
    "ansible-playbook -i prod teardown.yml --check",
    "apt-get -s remove nginx",
    "dnf remove --assumeno httpd",
    "zfs destroy -nv tank/old@snap",
    "lvremove --test vg0/old",
    "sfdisk --no-act /dev/sda",
    "npm publish --dry-run",
    "npm uninstall lodash --dry-run",
    "python manage.py flush --help",
    "python manage.py migrate --plan",
    "php artisan migrate --pretend",
    "flyway clean -dryRunOutput=clean.sql",
    "liquibase rollback-count-sql 5",
    "docker compose --dry-run down -v",
    "gcloud compute instances delete vm-1 --help",
  ])("%s", (line) => expect(dry(line)).toBe(true));

  it("is read for the command that carries the flag, wherever it was reached", () => {
    expect(dry("sudo kubectl delete ns prod --dry-run=client", "kubectl")).toBe(true);
    expect(dry("npx prisma migrate reset --help", "prisma")).toBe(true);
  });
});

describe("near misses: the command really acts", () => {
  it.each([
    ["kubectl delete ns prod --dry-run=none", "turned off"],
    ["kubectl delete ns prod --dry-run=false", "kubectl's legacy boolean, off"],
    ["kubectl delete ns prod --dry-run none", "off, as a separate value"],
    ["helm uninstall api --dry-run=false", "off"],
    ["aws ec2 terminate-instances --instance-ids i-1 --dry-run --no-dry-run", "the last flag wins"],
    ["pulumi destroy --yes --preview-only=false", "off"],
    ["kubectl delete ns prod", "no flag"],
    ["DRY_RUN=1 kubectl delete ns prod", "an environment variable kubectl does not read"],
    ["kubectl delete ns prod # --dry-run", "in a comment"],
    ["kubectl exec pod -- rm -rf / --dry-run", "after --: the container's words"],
    ["rm -rf /home/dev --dry-run", "rm has no dry run (BSD rm deletes, then complains)"],
    ["dd if=/dev/zero of=/dev/sda --dry-run", "dd has no dry run"],
    ["rimraf /home/dev --dry-run", "rimraf has no dry run"],
    ["bash -c 'kubectl delete ns prod' --dry-run", "bash's $0"],
    ["python cleanup.py --dry-run", "a script may ignore it"],
    ["redis-cli DEL sessions --dry-run", "redis-cli sends it as a key name"],
    ["npm run clean --dry-run", "npm run runs the script anyway"],
    ["docker run --rm -v /:/h alpine rm -rf /h --dry-run", "the container's command"],
    ["docker compose --dry-run=false down -v", "off"],
    ["git commit -n -m x", "git commit's -n is --no-verify"],
    ["git fetch -n", "git fetch's -n is --no-tags"],
    ["terraform destroy -auto-approve -var dry_run=true", "a Terraform variable"],
    ["terraform apply plan.tfplan", "a plan file applied"],
    ["zfs destroy -r tank/data", "no -n"],
    ["make -n clean", "make -n still runs recipe lines marked +"],
  ])("%s (%s)", (line) => expect(dry(line)).toBe(false));
});

describe("actingCommands", () => {
  it("keeps the real command next to a dry run", () => {
    const a = analyzeShell("kubectl delete ns prod --dry-run=client -o yaml && kubectl delete ns prod", opts);
    expect(actingCommands(a).map((c) => c.text)).toEqual(["kubectl delete ns prod"]);
  });

  it("keeps a substitution inside a dry run's words", () => {
    const a = analyzeShell("kubectl delete ns $(rm -rf /home/dev) --dry-run=client", opts);
    expect(actingCommands(a).map((c) => c.program)).toEqual(["rm"]);
  });
});
