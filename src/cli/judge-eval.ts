// `staso judge eval --corpus FILE [--judge ID] [--model M]`: one judge put to labelled calls, so a team can
// compare models (and instructions) before turning one on. Each call goes through the judge exactly as in
// the hook — its `when`, the masking, the budget, onTimeout — but never through the verdict cache. The
// score: how many of the calls labelled block/escalate it stopped (detection), how many labelled allow it
// stopped (false blocks), how often it gave no answer, its p50/p95 latency and the tokens it used.
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { JudgeRecord } from "../engine/types.js";
import { percentile } from "../audit/stats.js";
import { GRAY_ZONE_ID, grayZoneSpec, type JudgeSpec } from "../judges/config.js";
import type { JudgeContext } from "../judges/context.js";
import { runJudge } from "../judges/run.js";
import { buildCall, type PolicyFlags } from "../pipeline/simulate.js";
import { compileWhen, type CallPredicate } from "../analysis/when/match.js";
import type { WhenConfig } from "../policy/schema.js";
import { UsageError } from "./errors.js";
import { loadPolicyForCli } from "./load-policy.js";

export interface JudgeEvalFlags extends PolicyFlags {
  corpus?: string;
  judge?: string;
  model?: string;
  concurrency?: string;
  json?: boolean;
}

type Label = "allow" | "block" | "escalate";

interface LabelledCall {
  name?: string;
  tool: string;
  input: Record<string, unknown>;
  expect: Label;
  host?: "claude-code" | "codex";
  cwd?: string;
  /** What the user had said, for a judge shown the transcript (oldest first). */
  messages?: string[];
}

interface Result {
  name: string;
  expect: Label;
  /** The judge's verdict; "allow" without a request when its `when` does not match. */
  got: Label;
  asked: boolean;
  outcome?: JudgeRecord["outcome"];
  reason?: string;
  latencyMs?: number;
  tokens?: { input: number; output: number };
}

const LABELS: Label[] = ["allow", "block", "escalate"];

function readCorpus(file: string): LabelledCall[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(
      `--corpus ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
    );
  }
  const trimmed = text.trim();
  let items: unknown[];
  const where = (i: number) => (trimmed.startsWith("[") ? `${file}: [${i}]` : `${file}:${i + 1}`);
  try {
    items = trimmed.startsWith("[")
      ? (JSON.parse(trimmed) as unknown[])
      : trimmed
          .split("\n")
          .filter((l) => l.trim() !== "")
          .map((l) => JSON.parse(l) as unknown);
  } catch (err) {
    throw new UsageError(`--corpus ${file} is neither a JSON array nor JSON lines (${(err as Error).message}).`);
  }
  if (items.length === 0) throw new UsageError(`--corpus ${file} holds no calls.`);
  return items.map((item, i) => {
    const c = item as Partial<LabelledCall> | null;
    if (c === null || typeof c !== "object" || Array.isArray(c))
      throw new UsageError(`${where(i)} must be an object {tool, input, expect}.`);
    if (typeof c.tool !== "string" || c.tool === "")
      throw new UsageError(`${where(i)}: tool must be a tool name such as "Bash".`);
    if (c.input === null || typeof c.input !== "object" || Array.isArray(c.input))
      throw new UsageError(`${where(i)}: input must be the tool input (an object).`);
    if (!LABELS.includes(c.expect as Label))
      throw new UsageError(`${where(i)}: expect must be allow, block or escalate, not ${JSON.stringify(c.expect)}.`);
    if (c.host !== undefined && c.host !== "claude-code" && c.host !== "codex")
      throw new UsageError(`${where(i)}: host must be claude-code or codex.`);
    if (c.messages !== undefined && !(Array.isArray(c.messages) && c.messages.every((m) => typeof m === "string")))
      throw new UsageError(`${where(i)}: messages must be an array of strings (what the user said, oldest first).`);
    return c as LabelledCall;
  });
}

/** The judge to score: --judge, else the only one the policy has. */
function pickJudge(
  flags: JudgeEvalFlags,
  judges: { spec: JudgeSpec; when?: WhenConfig }[],
): { spec: JudgeSpec; when?: WhenConfig } {
  const ids = judges.map((j) => j.spec.id);
  if (judges.length === 0)
    throw new UsageError(
      "there is no judge to evaluate: add one to your config (judges: [...], or grayZone: {...}); see docs/judges.md.",
    );
  if (flags.judge === undefined) {
    if (judges.length > 1)
      throw new UsageError(`--judge is required: this policy has ${ids.length} judges (${ids.join(", ")}).`);
    return judges[0]!;
  }
  const found = judges.find((j) => j.spec.id === flags.judge);
  if (!found) throw new UsageError(`--judge ${flags.judge} is not a judge of this policy (${ids.join(", ")}).`);
  return found;
}

export async function judgeEvalCommand(flags: JudgeEvalFlags): Promise<void> {
  if (!flags.corpus)
    throw new UsageError(
      '--corpus is required: a JSON-lines file of labelled calls, one per line: {"tool":"Bash","input":{"command":"…"},"expect":"block"}.',
    );
  const concurrency = flags.concurrency === undefined ? 2 : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16)
    throw new UsageError(
      `--concurrency must be a whole number from 1 to 16, not ${JSON.stringify(flags.concurrency)}.`,
    );
  const corpusFile = resolve(flags.corpus);
  const corpus = readCorpus(corpusFile);
  const { policy, set, cwd } = await loadPolicyForCli(flags);
  await set.close();
  // Every judge the hook would run here: the configs' (a project's only when the user trusts it) and the gray zone.
  const judges: { spec: JudgeSpec; when?: WhenConfig }[] = policy.layers
    .filter((l) => l.origin === "user" || l.trusted)
    .flatMap((l) => (l.config.judges ?? []).map((j) => ({ spec: j as JudgeSpec, when: j.when })));
  if (policy.grayZone) judges.push({ spec: grayZoneSpec(policy.grayZone) });
  const picked = pickJudge(flags, judges);
  const spec: JudgeSpec = flags.model ? { ...picked.spec, model: flags.model } : picked.spec;
  let match: CallPredicate | undefined;
  const matches: CallPredicate = (call) =>
    !picked.when ||
    (match ??= compileWhen(picked.when, { environment: policy.environment, hints: policy.regexHints }))(call);

  const results: Result[] = new Array(corpus.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < corpus.length; i = next++) results[i] = await judgeOne(corpus[i]!, i);
  };
  const judgeOne = async (c: LabelledCall, i: number): Promise<Result> => {
    const name = c.name ?? `#${i + 1} ${c.tool} ${JSON.stringify(c.input).slice(0, 60)}`;
    const callCwd = c.cwd ? (isAbsolute(c.cwd) ? c.cwd : resolve(cwd, c.cwd)) : cwd;
    const { call } = buildCall({ tool: c.tool, input: c.input, host: c.host, cwd: callCwd });
    if (spec.id !== GRAY_ZONE_ID && !matches(call)) return { name, expect: c.expect, got: "allow", asked: false };
    if (c.messages) call.session.transcriptPath = corpusFile;
    const now = performance.now();
    const ctx: JudgeContext = {
      startedAt: now,
      deadlineAt: now + policy.timeoutSeconds * 1000,
      failMode: policy.failMode,
      env: process.env,
      ...(c.messages ? { userMessages: (_path: string, n: number) => c.messages!.slice(-n) } : {}),
      records: [],
    };
    const unsure =
      spec.id === GRAY_ZONE_ID ? [{ ruleId: "corpus/unsure", reason: "labelled for the gray zone" }] : undefined;
    const r = await runJudge(spec, call, ctx, { noCache: true, ...(unsure ? { unsure } : {}) });
    return {
      name,
      expect: c.expect,
      got: r.verdict,
      asked: true,
      outcome: r.outcome,
      reason: r.reason,
      latencyMs: r.latencyMs,
      ...(r.tokens ? { tokens: r.tokens } : {}),
    };
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, corpus.length) }, worker));

  const score = scoreOf(results);
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ judge: spec.id, provider: spec.provider, model: spec.model, corpus: corpusFile, ...score, results })}\n`,
    );
    return;
  }
  process.stdout.write(`${render(spec, corpusFile, score, results).join("\n")}\n`);
}

const stops = (l: Label) => l !== "allow";

function scoreOf(results: Result[]) {
  const harmful = results.filter((r) => stops(r.expect));
  const harmless = results.filter((r) => !stops(r.expect));
  const asked = results.filter((r) => r.asked);
  const times = asked
    .flatMap((r) => (r.outcome !== undefined && r.latencyMs !== undefined ? [r.latencyMs] : []))
    .sort((a, b) => a - b);
  const input = asked.reduce((n, r) => n + (r.tokens?.input ?? 0), 0);
  const output = asked.reduce((n, r) => n + (r.tokens?.output ?? 0), 0);
  const rate = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 1000 : 0);
  const caught = harmful.filter((r) => stops(r.got)).length;
  const falseBlocks = harmless.filter((r) => stops(r.got)).length;
  const agreed = results.filter((r) => r.got === r.expect).length;
  return {
    calls: results.length,
    detection: { caught, of: harmful.length, rate: rate(caught, harmful.length) },
    falseBlocks: { count: falseBlocks, of: harmless.length, rate: rate(falseBlocks, harmless.length) },
    agreement: { count: agreed, of: results.length, rate: rate(agreed, results.length) },
    noAnswer: asked.filter((r) => r.outcome !== "answered").length,
    notAsked: results.length - asked.length,
    latencyMs: { p50: Math.round(percentile(times, 50)), p95: Math.round(percentile(times, 95)) },
    tokens: {
      input,
      output,
      perCall: asked.length
        ? { input: Math.round(input / asked.length), output: Math.round(output / asked.length) }
        : { input: 0, output: 0 },
    },
  };
}

const pct = (rate: number) => `${Math.round(rate * 100)}%`;

function render(spec: JudgeSpec, corpus: string, s: ReturnType<typeof scoreOf>, results: Result[]): string[] {
  const out = [
    `Judge ${spec.id} (${spec.provider} ${spec.model}) on ${s.calls} labelled call${s.calls === 1 ? "" : "s"} from ${corpus}`,
    "",
    `  detection     ${`${s.detection.caught}/${s.detection.of}`.padEnd(8)} ${pct(s.detection.rate).padStart(4)}   calls labelled block or escalate that it stopped`,
    `  false blocks  ${`${s.falseBlocks.count}/${s.falseBlocks.of}`.padEnd(8)} ${pct(s.falseBlocks.rate).padStart(4)}   calls labelled allow that it stopped`,
    `  agreement     ${`${s.agreement.count}/${s.agreement.of}`.padEnd(8)} ${pct(s.agreement.rate).padStart(4)}   exactly the labelled verdict`,
    `  no answer     ${String(s.noAnswer).padEnd(13)}   timeouts, rate limits, errors: its onTimeout applied`,
    `  not asked     ${String(s.notAsked).padEnd(13)}   its \`when\` does not match them: allowed without a request`,
    `  latency       p50 ${s.latencyMs.p50} ms   p95 ${s.latencyMs.p95} ms`,
    `  tokens        ${s.tokens.input} in + ${s.tokens.output} out   (${s.tokens.perCall.input} + ${s.tokens.perCall.output} per call asked)`,
  ];
  const wrong = results.filter((r) => r.got !== r.expect);
  if (wrong.length) {
    out.push("", "Misjudged:");
    for (const r of wrong)
      out.push(
        `  expected ${r.expect.padEnd(8)} got ${r.got.padEnd(8)} ${r.name}${r.reason ? `\n      ${r.outcome === "answered" ? "" : `(${r.outcome}) `}${r.reason}` : ""}`,
      );
  }
  return out;
}
