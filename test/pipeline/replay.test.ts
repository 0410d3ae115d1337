// The replay core as a server would call it: records in, a candidate policy, a report out. The clock and
// the session store a replay binds its calls to, and how it names the rule that makes a difference.
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildRecord, type AuditRecord } from "../../src/audit/record.js";
import type { Decision } from "../../src/engine/types.js";
import { replayRecords } from "../../src/pipeline/replay.js";
import { candidatePolicy } from "../../src/pipeline/replay-policy.js";
import { allow, block, call } from "../audit/fixtures.js";

function sandbox(config?: Record<string, unknown>) {
  const root = mkdtempSync(join(tmpdir(), "staso-replay-core-"));
  const home = join(root, "home");
  const project = join(root, "proj");
  mkdirSync(home);
  mkdirSync(join(project, ".git"), { recursive: true });
  if (config) writeFileSync(join(home, "config.json"), JSON.stringify(config));
  return { root, home, project, env: { ...process.env, STASO_HOME: home } };
}

/** A Read in `project`, recorded `at` (ms), with its result right after, as the hook records a call that ran. */
function read(project: string, i: number, at: number, session = "s-read"): AuditRecord[] {
  const c = call({
    tool: "Read",
    input: { file_path: join(project, `f${i}.ts`) },
    toolUseId: `u${i}`,
    session: { id: session, cwd: project },
  });
  return [
    buildRecord(c, allow(), 1, new Date(at)),
    buildRecord({ ...c, event: "post", outputText: "x".repeat(100) }, allow(), 1, new Date(at + 50)),
  ];
}

const LIMIT = { rules: { "session/rate-limit": { params: { per_tool: ["Read=2"], window_seconds: 60 } } } };

describe("replay core", () => {
  it("decides each call at the time it was recorded: 4 Reads within a minute pass a limit of 2 a minute twice; an hour apart, every time", async () => {
    const sb = sandbox(LIMIT);
    const t0 = Date.parse("2025-06-01T10:00:00Z");
    const run = async (records: AuditRecord[]) => {
      const candidate = candidatePolicy({ env: sb.env });
      try {
        return await replayRecords(records, candidate);
      } finally {
        await candidate.close();
      }
    };
    const burst = await run([0, 1, 2, 3].flatMap((i) => read(sb.project, i, t0 + i * 1000)));
    expect(burst.groups.map((g) => [g.rule, g.count, g.examples.map((e) => e.toolUseId)])).toEqual([
      ["session/rate-limit", 2, ["u2", "u3"]],
    ]);
    expect(burst.results).toBe(4);
    const spread = await run([0, 1, 2, 3].flatMap((i) => read(sb.project, i, t0 + i * 3_600_000)));
    expect(spread.changed).toBe(0);
  });

  it("writes no file anywhere: not in the user's data dir, not in the temporary folder", async () => {
    const sb = sandbox(LIMIT);
    const tmp = join(sb.root, "tmp");
    mkdirSync(tmp);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    const candidate = candidatePolicy({ env: sb.env });
    try {
      const report = await replayRecords(
        [0, 1, 2].flatMap((i) => read(sb.project, i, Date.now() - 10_000 + i)),
        candidate,
      );
      expect(report.changed).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      await candidate.close();
    }
    expect(readdirSync(tmp)).toEqual([]);
    expect(readdirSync(sb.home)).toEqual(["config.json"]);
  });

  it("names the rule that makes the difference, and why", async () => {
    const sb = sandbox();
    const cwd = sb.project;
    const bash = (command: string, id: string) =>
      call({ input: { command }, toolUseId: id, session: { id: "s", cwd } });
    const failed: Decision = {
      action: "block",
      reason: "staso could not check this call safely",
      failure: "rule x failed",
      verdicts: [],
    };
    const gone: Decision = block("team/gone", "No.");
    const audited: Decision = {
      action: "allow",
      reason: "",
      verdicts: [
        { ruleId: "filesystem/rm-root-or-home", action: "block", mode: "audit", reason: "would block", ms: 1 },
      ],
    };
    const t = Date.now() - 60_000;
    const records = [
      buildRecord(bash("ls", "a"), failed, 1, new Date(t)),
      buildRecord(bash("echo hi", "b"), gone, 1, new Date(t + 1)),
      buildRecord(bash("rm -rf /", "c"), audited, 1, new Date(t + 2)),
      buildRecord(bash("rm -rf ~", "d"), allow(), 1, new Date(t + 3)),
      // Not calls: a human's answer, an agent without an adapter, a payload the hook could not read.
      { ...buildRecord(bash("ls", "e"), allow(), 1, new Date(t + 4)), event: "escalation" },
      { ...buildRecord(bash("ls", "f"), allow(), 1, new Date(t + 5)), host: "gemini-cli" },
      buildRecord({ ...bash("", "g"), unreadable: true }, failed, 1, new Date(t + 6)),
      { ...buildRecord(bash("pwd", "h"), allow(), 1, new Date(t + 7)), staso: "0.0.1" },
    ];
    const candidate = candidatePolicy({ env: sb.env });
    const report = await replayRecords(records, candidate);
    await candidate.close();
    expect(
      report.groups.map((g) => [g.rule, g.why, Object.keys(g.transitions), g.examples.map((e) => e.toolUseId)]),
    ).toEqual([
      [
        "(fail mode)",
        "decided by the rules now (the recorded decision came from the fail mode)",
        ["block→allow"],
        ["a"],
      ],
      ["filesystem/rm-root-or-home", "enforced now (it only audited)", ["allow→block"], ["c"]],
      ["filesystem/rm-root-or-home", "fires now", ["allow→block"], ["d"]],
      ["team/gone", "not in the policy now", ["block→allow"], ["b"]],
    ]);
    expect(report.skipped).toEqual({ "escalation-answer": 1, "unknown-host": 1, unreadable: 1 });
    expect(report.calls).toBe(5);
    expect(report.everyday).toEqual({ calls: 3, stopped: 2 });
    expect(report.otherVersions).toEqual({ "0.0.1": 1 });
  });
});

describe("replay and the session memory", () => {
  it("decides a command that runs a file by what its own session wrote there, however alike the command", async () => {
    const sb = sandbox();
    const t = Date.now() - 60_000;
    const records: AuditRecord[] = [];
    let n = 0;
    const add = (session: string, tool: string, input: Record<string, unknown>) => {
      const c = call({ tool, input, toolUseId: `u${n}`, session: { id: session, cwd: sb.project } });
      records.push(buildRecord(c, allow(), 1, new Date(t + n * 10)));
      records.push(buildRecord({ ...c, event: "post", outputText: "ok" }, allow(), 1, new Date(t + n * 10 + 5)));
      n++;
    };
    const script = join(sb.project, "deploy.sh");
    // Each session writes notes (memory the command never reads), then the script, then runs it twice.
    for (const [session, body] of [
      ["kind", "echo deploying"],
      ["harm", "cat ~/.ssh/id_rsa"],
      ["kind2", "echo deploying"],
    ] as const) {
      add(session, "Write", { file_path: join(sb.project, `notes-${session}.md`), content: `# ${session}\n` });
      add(session, "Write", { file_path: script, content: `#!/bin/sh\n${body}\n` });
      add(session, "Bash", { command: "sh deploy.sh" });
      add(session, "Write", { file_path: join(sb.project, `more-${session}.md`), content: "more\n" });
      add(session, "Bash", { command: "sh deploy.sh" });
    }
    const candidate = candidatePolicy({ env: sb.env });
    const report = await replayRecords(records, candidate);
    await candidate.close();
    const stopped = report.groups.flatMap((g) => g.examples.map((e) => [e.session, e.to]));
    expect(report.changed).toBe(2);
    expect(stopped.every(([session, to]) => session === "harm" && to === "block")).toBe(true);
  });
});
