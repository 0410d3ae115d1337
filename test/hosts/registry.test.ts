// The host registry: one entry per agent holds everything about it, and nothing about agents is spelled
// elsewhere. Each entry's facts hang together (its payload shape parses back to the call it describes,
// its tool map agrees with what parse derives), and the hook's bundles carry no setup code.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectHost, HOST_IDS, hostById, hostByName } from "../../src/hosts/index.js";
import { cardByName, HOST_CARDS, loadHost } from "../../src/hosts/cards.js";
import { protectedPathKind } from "../../src/rules/paths/protected.js";
import { planSetup } from "../../src/setup/plan.js";
import { workspaces } from "../setup/support.js";

const { ws } = workspaces();

const ROOT = join(import.meta.dirname, "..", "..");

describe("the host registry", () => {
  it("ids and every alias name one host each", () => {
    const names = HOST_IDS.flatMap((id) => hostById(id).aliases);
    expect(new Set(names).size).toBe(names.length);
    for (const id of HOST_IDS) {
      expect(hostByName(id)?.id).toBe(id);
      for (const a of hostById(id).aliases) expect(hostByName(a.toUpperCase())?.id).toBe(id);
    }
    expect(hostByName("not-an-agent")).toBeUndefined();
  });

  it.each(HOST_IDS)("%s: its card (what the hook loads first) and its lazily loaded adapter agree", async (id) => {
    const card = HOST_CARDS.find((c) => c.id === id)!;
    const adapter = await loadHost(id);
    expect(adapter).toBe(hostById(id));
    for (const key of ["id", "label", "short", "aliases", "recognizes", "escalation"] as const)
      expect(adapter[key]).toBe(card[key]);
    for (const a of card.aliases) expect(cardByName(a)?.id).toBe(id);
  });

  it.each(HOST_IDS)("%s: its own payload parses back to the call it describes, and is detected as its own", (id) => {
    const host = hostById(id);
    const payload = host.payload({ tool: host.shellTool, input: { command: "ls -la" }, cwd: "/work/proj" });
    const call = host.parse(payload)!;
    expect(call).toMatchObject({ host: id, event: "pre", tool: host.shellTool, kind: "shell" });
    expect(call.shell?.command).toBe("ls -la");
    expect(call.session.cwd).toBe("/work/proj");
    expect(detectHost(payload).id).toBe(id);
  });

  it.each(HOST_IDS)("%s: every tool of its map is read as that kind", (id) => {
    const host = hostById(id);
    for (const [tool, kind] of Object.entries(host.tools)) {
      const call = host.parse(host.payload({ tool, input: {}, cwd: "/work/proj" }));
      expect(call?.kind, tool).toBe(kind);
    }
  });

  it.each(HOST_IDS)("%s: its installer loads, and names its scopes and binaries", async (id) => {
    const inst = await hostById(id).install!();
    expect(inst.scopes.length).toBeGreaterThan(0);
    expect(inst.scopes).toContain("user");
    expect(inst.binaries.length).toBeGreaterThan(0);
    for (const s of ["user", "project", "local"] as const) expect(inst.scopes).toContain(inst.scopeFor(s));
  });

  it.each(HOST_IDS)(
    "%s: every file setup writes is one an agent may not change (paths/protected-write)",
    async (id) => {
      const inst = await hostById(id).install!();
      for (const scope of inst.scopes) {
        const w = ws();
        const plan = await planSetup({
          targets: [{ target: id, scope }],
          projectDir: w.project,
          failMode: "closed",
          writeTrust: true,
          env: w.env,
          command: () => "/usr/bin/node /opt/staso/bin/staso.js hook",
        });
        expect(plan.changes.length, scope).toBeGreaterThan(0);
        for (const c of plan.changes) expect(protectedPathKind(c.path, w.home, w.env), c.path).toBeDefined();
      }
    },
  );

  it("the README's agent table has a row for every agent, by its label and --target", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("## Protect your agent"));
    for (const id of HOST_IDS) expect(table).toContain(`| ${hostById(id).label} (\`${id}\`)`);
    const docs = readFileSync(join(ROOT, "docs", "agents.md"), "utf8");
    for (const id of HOST_IDS) expect(docs).toContain(`\`${id}\``);
  });

  it("the hook and the library carry no setup code (the installers stay in the CLI's chunks)", () => {
    const marker = "Codex config: hook trust"; // a label only the Codex installer writes
    expect(readFileSync(join(ROOT, "dist", "hook.cjs"), "utf8")).not.toContain(marker);
    expect(readFileSync(join(ROOT, "dist", "lib.mjs"), "utf8")).not.toContain(marker);
    const chunks = readdirSync(join(ROOT, "dist", "chunks")).map((f) =>
      readFileSync(join(ROOT, "dist", "chunks", f), "utf8"),
    );
    expect(chunks.some((c) => c.includes(marker))).toBe(true);
  });
});
