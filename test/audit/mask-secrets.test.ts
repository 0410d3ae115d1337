// What staso keeps, shows and sends of a call is masked by one function (audit/mask.ts): secrets the
// detectors know, passwords and tokens given on command lines, values of secret-named fields at any depth,
// and an input nested deeper than a record can hold is still recorded. Attacks first (the secret must not
// survive), everyday text next to them (it must survive unchanged).
import { describe, expect, it } from "vitest";
import { maskCommandSecrets } from "../../src/analysis/secrets/command-secrets.js";
import { isSecretName } from "../../src/analysis/secrets/names.js";
import { MAX_DEPTH, MAX_VALUES, maskText, maskValue, SECRET_FIELD_PLACEHOLDER } from "../../src/audit/mask.js";
import { buildRecord } from "../../src/audit/record.js";
import { toOtlpRequest } from "../../src/export/otlp.js";
import { claudeCall } from "../support/calls.js";

const PW = "hunter2Xq9";

describe("passwords given on a command line", () => {
  it.each([
    [`mysql -uroot -p${PW} app -e 'select 1'`, "mysql -uroot -pREDACTED app -e 'select 1'"],
    [`mysqldump -u root --password=${PW} app`, "mysqldump -u root --password=REDACTED app"],
    [`PGPASSWORD=${PW} psql -h db -U app`, "PGPASSWORD=REDACTED psql -h db -U app"],
    [`export GITHUB_TOKEN=${PW}; gh pr list`, "export GITHUB_TOKEN=REDACTED; gh pr list"],
    [`MYSQL_PWD=${PW} mysql app`, "MYSQL_PWD=REDACTED mysql app"],
    [`sshpass -p '${PW}' ssh deploy@host`, "sshpass -p 'REDACTED' ssh deploy@host"],
    [`redis-cli -a ${PW} -h cache ping`, "redis-cli -a REDACTED -h cache ping"],
    [`docker login -u me -p ${PW} registry.example.com`, "docker login -u me -p REDACTED registry.example.com"],
    [`docker login -u me --password ${PW} reg`, "docker login -u me --password REDACTED reg"],
    [`echo ${PW} | docker login -u me --password-stdin reg`, "echo REDACTED | docker login -u me --password-stdin reg"],
    [`curl -u admin:${PW} https://api.example.com`, "curl -u admin:REDACTED https://api.example.com"],
    [`npm publish --//registry.npmjs.org/:_authToken=${PW}`, "npm publish --//registry.npmjs.org/:_authToken=REDACTED"],
    [
      `npm config set //registry.npmjs.org/:_authToken ${PW}`,
      "npm config set //registry.npmjs.org/:_authToken REDACTED",
    ],
    [`wget --user=me --password=${PW} https://x.example`, "wget --user=me --password=REDACTED https://x.example"],
    [`keytool -importkeystore -srcstorepass ${PW}`, "keytool -importkeystore -srcstorepass REDACTED"],
    [`openssl enc -aes256 -pass pass:${PW} -in f`, "openssl enc -aes256 -pass pass:REDACTED -in f"],
    [`psql "host=db user=app password=${PW}"`, 'psql "host=db user=app password=REDACTED"'],
    [
      `kubectl create secret generic db --from-literal=password=${PW}`,
      "kubectl create secret generic db --from-literal=password=REDACTED",
    ],
    [`curl -H 'X-Api-Key: ${PW}' https://x.example`, "curl -H 'X-Api-Key: REDACTED' https://x.example"],
    [`zip -P ${PW} out.zip a`, "zip -P REDACTED out.zip a"],
    [`7z a -p${PW} out.7z a`, "7z a -pREDACTED out.7z a"],
    [`smbclient //srv/share -U user%${PW}`, "smbclient //srv/share -U user%REDACTED"],
    [`ldapsearch -x -D cn=admin -w ${PW}`, "ldapsearch -x -D cn=admin -w REDACTED"],
    [`sqlcmd -S srv -U sa -P ${PW}`, "sqlcmd -S srv -U sa -P REDACTED"],
    [`mongosh -u admin -p ${PW} app`, "mongosh -u admin -p REDACTED app"],
    [`htpasswd -b .htpasswd user ${PW}`, "htpasswd -b .htpasswd user REDACTED"],
    // Reached through wrappers and nested shells, as an agent would hide it.
    [`sudo -u postgres mysql -p${PW}`, "sudo -u postgres mysql -pREDACTED"],
    [`bash -c "mysql -p${PW} -e 'drop database x'"`, "bash -c \"mysql -pREDACTED -e 'drop database x'\""],
    [`ssh host 'PGPASSWORD=${PW} psql'`, "ssh host 'PGPASSWORD=REDACTED psql'"],
    [`echo $(mysql -p${PW} -e 'select 1')`, "echo $(mysql -pREDACTED -e 'select 1')"],
    [`echo \`mysql -p${PW}\``, "echo `mysql -pREDACTED`"],
    [`bash <<EOF\nmysql -p${PW}\nEOF`, "bash <<EOF\nmysql -pREDACTED\nEOF"],
  ])("%s", (command, masked) => {
    expect(maskCommandSecrets(command)).toBe(masked);
    expect(maskText(command, 4096, { command: true })).not.toContain(PW);
  });

  it.each([
    "git status && npm test -- --run 2>&1 | tail -n 20",
    "mkdir -p build/out && cp -p a b",
    "docker run -p 8080:80 nginx",
    "ssh -p 2222 deploy@host uptime",
    "mysql -p app",
    "mysql -u root --password app",
    'mysql -p"$DB_PASSWORD" app',
    "PGPASSWORD=$PGPASS psql -h db",
    'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
    'git commit -m "rotate the token handling"',
    "docker login --password-stdin -u me reg < ~/.docker-pw",
    "openssl enc -aes256 -pass env:KEY -in f",
  ])("leaves everyday commands and references alone: %s", (command) => {
    expect(maskCommandSecrets(command)).toBe(command);
  });
});

describe("secret-named fields at any depth", () => {
  it("masks MCP argument fields named like secrets, nested in objects and arrays", () => {
    const input = {
      query: "select 1",
      password: PW,
      connection: { host: "db", port: 5432, credentials: { user: "app", pass: PW } },
      headers: [{ Authorization: `Bearer ${PW}` }, { "X-Api-Key": PW }],
      apiKey: PW,
      client_secret: PW,
      refresh_token: PW,
      pin: { secret: 123456 },
    };
    const masked = maskValue(input);
    expect(JSON.stringify(masked)).not.toContain(PW);
    expect(JSON.stringify(masked)).not.toContain("123456");
    expect(masked).toMatchObject({
      query: "select 1",
      password: SECRET_FIELD_PLACEHOLDER,
      connection: { host: "db", port: 5432, credentials: { user: SECRET_FIELD_PLACEHOLDER } },
      headers: [{ Authorization: SECRET_FIELD_PLACEHOLDER }, { "X-Api-Key": SECRET_FIELD_PLACEHOLDER }],
    });
    // Key order is kept.
    expect(Object.keys(masked)).toEqual(Object.keys(input));
  });

  it.each([
    ["password", true],
    ["db_password", true],
    ["PGPASSWORD", true],
    ["apiKey", true],
    ["x-api-key", true],
    ["Authorization", true],
    ["accessToken", true],
    ["_authToken", true],
    ["private_key", true],
    ["max_tokens", false],
    ["token_type", false],
    ["password_file", false],
    ["api_key_id", false],
    ["author", false],
    ["keyboard", false],
    ["key", false],
    ["bypass", false],
    ["no-auth", false],
  ])("%s is a secret name: %s", (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });

  it("keeps everyday inputs as they are", () => {
    const input = { command: "npm test", description: "run the tests", timeout: 60000, max_tokens: 4096 };
    expect(maskValue(input)).toEqual(input);
  });
});

describe("any input is recorded", () => {
  const deep = (levels: number) => {
    let v: unknown = "bottom";
    for (let i = 0; i < levels; i++) v = { a: v };
    return v;
  };

  it("an input nested 100,000 levels deep: masked without recursion, its deep part a placeholder", () => {
    const masked = maskValue({ q: deep(100_000), password: PW }) as Record<string, unknown>;
    expect(masked.password).toBe(SECRET_FIELD_PLACEHOLDER);
    const text = JSON.stringify(masked);
    expect(text).toContain(`nested deeper than ${MAX_DEPTH} levels`);
    let depth = 0;
    for (let v: unknown = masked.q; v && typeof v === "object"; v = (v as { a: unknown }).a) depth++;
    expect(depth).toBeLessThan(MAX_DEPTH);
  });

  it("a record of such a call can be written and exported", () => {
    const call = claudeCall("mcp__db__query", { q: deep(100_000), api_key: PW });
    const record = buildRecord(call, { action: "allow", reason: "", verdicts: [] }, 1);
    const line = JSON.stringify(record);
    expect(line).not.toContain(PW);
    expect(line).toContain("nested deeper than");
    const spans = JSON.stringify(toOtlpRequest([record]));
    expect(spans).not.toContain(PW);
  });

  it("an input of more values than a record holds keeps its head and says how much more there was", () => {
    const masked = maskValue({ items: Array.from({ length: MAX_VALUES + 500 }, (_, i) => i) }) as { items: unknown[] };
    expect(masked.items.length).toBeLessThanOrEqual(MAX_VALUES + 1);
    expect(String(masked.items.at(-1))).toMatch(/more values/);
  });

  it("command secrets in the record's input and in the reasons that quote it", () => {
    const call = claudeCall("Bash", { command: `mysql -p${PW} -e 'drop database prod'` });
    const record = buildRecord(
      call,
      {
        action: "block",
        reason: `\`mysql -p${PW} -e 'drop database prod'\` drops a database [rule data/sql-destructive]`,
        ruleId: "data/sql-destructive",
        verdicts: [
          { ruleId: "data/sql-destructive", action: "block", mode: "enforce", reason: `mysql -p${PW}`, ms: 1 },
        ],
      },
      1,
    );
    expect(JSON.stringify(record)).not.toContain(PW);
    expect((record.input as { command: string }).command).toBe("mysql -pREDACTED -e 'drop database prod'");
  });
});
