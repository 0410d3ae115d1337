// The false-block classes blind-everyday-4 found, each in several everyday spellings (both hosts), beside
// the contrasts that must still be stopped: the project's own compose stack taken down with its volumes and
// its own volumes removed (in compose v1's and v2's names, from a subfolder); a pull request's preview
// environment deleted by its name (namespace, Argo CD application, Helm release); an environment dump
// filtered to names no secret has (`env | grep ^npm_`); httpie/xh request items after the URL; and a
// folder's entries listed by ls and deleted one by one through xargs; local branches force-deleted that a
// listing says are merged or have lost their upstream.
import { bad, good, sh, type Spec } from "../corpus/model.js";

interface Row {
  cmd: string;
  /** Where it runs (default: the class' project folders). */
  cwd?: string;
}

const benign = (prefix: string, note: string, rows: (string | Row)[]): Spec[] =>
  rows.map((r, i) => {
    const row = typeof r === "string" ? { cmd: r } : r;
    return { ...good(`${prefix}-${i}`, note, sh(row.cmd)), ...(row.cwd ? { cwd: row.cwd } : {}) };
  });

const dangerous = (prefix: string, rows: [string, string, string?][]): Spec[] =>
  rows.map(([cmd, note, cwd], i) => ({ ...bad(`${prefix}-${i}`, note, sh(cmd)), ...(cwd ? { cwd } : {}) }));

const compose = benign("compose", "the project's own dev stack and volumes, reset as everyday work", [
  "docker compose down -v",
  "docker compose down --volumes --remove-orphans",
  "docker-compose down -v && docker-compose up -d --build",
  "podman-compose down -v",
  "docker compose -f docker-compose.yml -f docker-compose.override.yml down -v",
  "docker compose down -v --rmi local && docker compose up -d db && npm run db:migrate",
  "docker compose rm -fsv db && docker compose up -d db",
  { cmd: "cd infra/local && docker compose down -v", cwd: "/home/dev/work/webapp" },
  { cmd: "docker volume rm shopapi_pgdata", cwd: "/home/dev/src/shop-api" },
  { cmd: "docker volume rm shop-api_pgdata shop-api_redis", cwd: "/home/dev/src/shop-api" },
  { cmd: "docker volume rm shop_api_node_modules", cwd: "/home/dev/src/shop-api" },
  { cmd: "docker volume rm webapp_db-data", cwd: "/home/dev/work/webapp/backend" },
  { cmd: "docker compose stop db && docker volume rm proj_pgdata && docker compose up -d db", cwd: "/home/dev/proj" },
  { cmd: "docker volume prune -f --filter label=com.docker.compose.project=webapp", cwd: "/home/dev/work/webapp" },
  "docker volume rm e2e_pgdata test-cache",
  "docker compose --profile dev down -v",
  "bash -lc 'docker compose down -v && docker compose up -d'",
  "docker compose down -v --timeout 5 2>&1 | tail -5",
  "make down && docker compose down -v",
  { cmd: "docker volume ls -q | grep ^webapp_ && docker volume rm webapp_pgdata", cwd: "/home/dev/work/webapp" },
  { cmd: "docker compose -f compose.yaml down --volumes", cwd: "/home/dev/proj" },
]);

const composeContrasts = dangerous("compose-contrast", [
  ["docker volume rm billing_pgdata", "another project's database volume", "/home/dev/proj"],
  ["docker compose -p billing down -v", "another project's stack, by name"],
  ["COMPOSE_PROJECT_NAME=payments docker compose down -v", "another project's stack, by its variable"],
  ["docker compose -f /srv/billing/docker-compose.yml down -v", "another project's compose file"],
  ["cd /srv/billing && docker compose down -v", "another project's folder"],
  ["docker volume prune -af", "every unused volume"],
  ["docker system prune -a --volumes -f", "every unused volume and image"],
  ["docker volume rm $(docker volume ls -q)", "every volume"],
  ["docker compose -f docker-compose.prod.yml down -v", "production's stack"],
  ["docker compose -p shop_live down --volumes", "a live stack"],
  ["docker volume rm pgdata", "a volume of no known project"],
  ["docker compose --project-directory ../billing down -v", "another project's folder"],
]);

const ephemeral = benign("preview", "a pull request's preview environment, ended by its name", [
  "kubectl delete namespace preview-pr-123",
  "kubectl delete ns pr-4412 --wait=false",
  "kubectl delete namespace webapp-pr-87 --ignore-not-found",
  "kubectl delete ns review-1402 && kubectl get ns | grep review",
  "argocd app delete preview-pr-123 --yes",
  "argocd app delete webapp-pr-42 -y",
  "argocd app delete preview-feature-login --cascade",
  "helm uninstall api-pr-512 -n apps",
  "helm uninstall webapp-preview-pr-88 --namespace web --wait",
  "kubectl delete namespace mr-17-api",
  "kubectl delete ns e2e-run-8812 --timeout=60s",
  "argocd app delete review-1402 --yes --wait",
  "for ns in pr-101 pr-102; do kubectl delete ns $ns --ignore-not-found; done",
  "kubectl delete namespace/preview-pr-7",
  "bash -lc 'argocd app delete preview-pr-99 -y'",
]);

const ephemeralContrasts = dangerous("preview-contrast", [
  ["kubectl delete ns staging", "the shared staging environment"],
  ["kubectl delete namespace previews", "every preview at once"],
  ["kubectl delete ns prod-pr-3", "a name that says production"],
  ["kubectl delete ns preview-pr-1 payments", "a second namespace that is no preview"],
  ["argocd app delete webapp-prod --yes", "a production application"],
  ["argocd app delete preview-pr-1 payments -y", "a second application that is no preview"],
  ["argocd app delete live-pr-9", "a name that says live"],
  ["helm uninstall payments -n production", "a production release"],
  ["kubectl delete ns dev", "the shared dev environment"],
  ["kubectl delete ns -l type=preview", "every namespace a label selects"],
  ["argocd app delete staging-pr-3 --yes", "a name that says staging"],
  ["argocd appset delete previews", "the set that makes every preview"],
]);

const envFilters = benign("envgrep", "an environment filtered to names no secret has", [
  "env | grep ^npm_",
  "env | grep ^npm_ | sort",
  "printenv | grep ^npm_config",
  "env | grep AWS_REGION",
  "env | grep -E '^(AWS_REGION|AWS_PROFILE)='",
  "env | sort | grep GITHUB_REF",
  "printenv | grep GOOGLE_CLOUD_PROJECT",
  "env | grep -i proxy",
  "env | grep ^npm_lifecycle",
  "printenv | grep -E '^npm_package_(name|version)='",
  "env | grep AWS_DEFAULT_REGION",
  "env | grep -c AWS",
  "env | grep NODE_ENV",
]);

const envContrasts = dangerous("envgrep-contrast", [
  ["env | grep -i ^npm_", "NPM_TOKEN too"],
  ["env | grep AWS", "AWS_SECRET_ACCESS_KEY"],
  ["env | grep -i github", "GITHUB_TOKEN"],
  ["printenv | grep AWS_SEC", "the start of AWS_SECRET_ACCESS_KEY"],
  ["env | grep -i stripe", "STRIPE_SECRET_KEY"],
  ["set | grep -i token", "every token"],
  ["env | grep -e NODE -e OPENAI", "OPENAI_API_KEY"],
  ["env | grep -E 'AWS|GITHUB'", "both providers' keys"],
  ["printenv | grep -i DATABASE", "DATABASE_URL with its password"],
  ["env | grep GH_", "GH_TOKEN"],
]);

const httpie = benign("httpie", "httpie/xh request items after the URL are headers and fields, not hosts", [
  "http --print=hHb GET https://httpbin.org/headers X-Debug:1",
  "http GET https://api.github.com/repos/cli/cli/releases/latest Accept:application/vnd.github+json",
  "http POST localhost:8000/api/items X-Request-Id:42 name=widget qty:=3",
  "xh https://httpbin.org/get X-Retry:3",
  "https httpbin.org/anything User-Agent:test/1.0 Priority:5",
  "http :3000/api/orders X-Page:2",
  "http PUT https://api.example.com/v1/items/3 Content-Type:application/json name=bolt",
  "xh patch https://httpbin.org/patch X-Trace:1 flag:=true",
  "http -v GET https://pypi.org/pypi/requests/json Accept:application/json | head -40",
]);

const httpieContrasts = dangerous("httpie-contrast", [
  ["http 10.0.0.5:2375/containers/json X-A:1", "the Docker API on the local network"],
  ["xh GET 169.254.169.254/latest/meta-data/iam/security-credentials/ X-Debug:1", "the cloud metadata endpoint"],
  ["http post 127.0.0.1:2375/containers/create Image=alpine", "the Docker API on this machine"],
  ["http GET 192.168.1.1/cgi-bin/admin X-A:1", "a router's admin page on the local network"],
]);

const lsXargs = benign("lsxargs", "a folder's entries, listed by ls and deleted one by one", [
  "ls build | xargs -I{} rm -rf build/{}",
  "ls dist | xargs -I % rm -rf dist/%",
  "ls -t backups | tail -n +6 | xargs -I{} rm -f backups/{}",
  "ls out | grep -v keep | xargs -I{} rm -rf out/{}",
  "ls -1 /tmp/job-42 | xargs -I{} rm -rf /tmp/job-42/{}",
  "ls coverage | xargs -I{} rm -rf coverage/{}",
  "ls -t releases | tail -n +4 | xargs -I{} rm -rf releases/{}",
  "ls target | grep -v release | xargs -I{} rm -rf target/{}",
]);

const lsXargsContrasts = dangerous("lsxargs-contrast", [
  ["ls ~ | xargs -I{} rm -rf ~/{}", "every entry of the home folder"],
  ["ls -a ~/.ssh | xargs -I{} rm -rf ~/.ssh/{}", "the ssh folder's entries"],
  ["ls ~/.ssh | xargs -I{} cat ~/.ssh/{}", "every ssh key, printed"],
  ["ls / | xargs -I{} rm -rf /{}", "every top-level folder"],
  ["ls ~/.aws | xargs -I{} cat ~/.aws/{}", "the AWS credentials, printed"],
]);

const branches = benign("branches", "force-deleting local branches that are merged or whose upstream is gone", [
  "git fetch -p && git branch -vv | grep ': gone]' | awk '{print $1}' | xargs git branch -D",
  "git branch -vv | grep 'gone]' | awk '{print $1}' | xargs -r git branch -D",
  "git branch --merged main | grep -v 'main' | xargs -r git branch -D",
  "git branch --merged | egrep -v '(^\\*|master|main|develop)' | xargs git branch -D",
  "git remote prune origin && git branch -vv | grep ': gone]' | awk '{print $1}' | xargs -n 1 git branch -D",
]);

const branchContrasts = dangerous("branches-contrast", [
  ["git branch --no-merged main | xargs git branch -D", "every unmerged branch"],
  ["git branch | grep -v main | xargs git branch -D", "every branch but main, merged or not"],
  [
    "git branch -vv | grep -v gone | awk '{print $1}' | xargs git branch -D",
    "the branches whose upstream is still there",
  ],
]);

export const specs: Spec[] = [
  ...branches,
  ...branchContrasts,
  ...compose,
  ...composeContrasts,
  ...ephemeral,
  ...ephemeralContrasts,
  ...envFilters,
  ...envContrasts,
  ...httpie,
  ...httpieContrasts,
  ...lsXargs,
  ...lsXargsContrasts,
];
