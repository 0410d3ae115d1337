// The plugin worker's program. It is not imported by any module: the build bundles it on its own into a
// string (scripts/worker-sources.mjs) that the bundles carry as __STASO_PLUGIN_WORKER__, and
// plugins/host.ts starts it with `new Worker(source, { eval: true })`, so no bundle needs a file beside it
// (hook.cjs, cli.mjs, lib.mjs, the native binary).
// Protocol: workerData.plugins = [{ url, spec, trust }] (trust: null, or how a trusted project's code is
// checked: plugins/trust-guard.ts); the worker answers {type:"ready", plugins:[{spec, metas}], files?}
// (files: what record mode saw), after {type:"untrusted", spec, message} for each plugin it refused to load,
// or {type:"error", spec, message}; then "call" messages store a call by id and "check" messages run one
// rule on one stored call, answered by {type:"result", seq, finding | error}.
import { parentPort, workerData } from "node:worker_threads";
import { isUntrusted, trustGuard, untrustedMessage } from "./trust-guard.js";
import type { CodeTrust } from "./trust-protocol.js";

interface PluginRule {
  meta: Record<string, unknown>;
  check(call: unknown, ctx: { params: unknown }): unknown;
}

type ToHost =
  | { type: "ready"; plugins: { spec: string; metas: Record<string, unknown>[] }[]; files?: Record<string, string> }
  | { type: "untrusted"; spec: string; message: string }
  | { type: "error"; spec: string; message: string }
  | { type: "result"; seq: number; finding?: Finding | null; error?: string };

type FromHost =
  | { type: "call"; callId: number; call: unknown }
  | { type: "check"; seq: number; key: string; callId: number; params: unknown };

interface Finding {
  reason: string;
  action?: string;
  unsure?: true;
  input?: unknown;
}

const port = parentPort!;
const post = (m: ToHost) => port.postMessage(m);
const rules = new Map<string, PluginRule>();
const calls = new Map<number, unknown>();
const message = (e: unknown): string =>
  e && typeof e === "object" && "message" in e ? String((e as Error).message).split("\n")[0]! : String(e);

/** The rules a plugin module exports: a default list, `rules`, `{ rules }`, or one rule. */
function rulesOf(mod: Record<string, unknown>): unknown[] | undefined {
  let v: unknown = mod && "default" in mod ? mod.default : mod;
  const o = v as { rules?: unknown; check?: unknown } | null;
  if (o && !Array.isArray(o) && Array.isArray(o.rules)) v = o.rules;
  else if (o && !Array.isArray(o) && typeof o.check !== "function" && Array.isArray(mod.rules)) v = mod.rules;
  if (v && !Array.isArray(v) && typeof v === "object" && typeof (v as { check?: unknown }).check === "function")
    v = [v];
  return Array.isArray(v) ? v : undefined;
}

/** Only plain data crosses back: a plugin cannot hand the host a getter or a prototype. */
function sanitize(f: unknown): Finding | null {
  if (f === null || f === undefined) return null;
  if (typeof f !== "object") throw new Error(`returned ${typeof f} instead of a finding object or null`);
  const r = f as Record<string, unknown>;
  const out: Finding = { reason: typeof r.reason === "string" ? r.reason : String(r.reason ?? "") };
  if (typeof r.action === "string") out.action = r.action;
  if (r.unsure) out.unsure = true;
  if (r.input !== undefined) out.input = JSON.parse(JSON.stringify(r.input));
  return out;
}

type PluginEntry = { url: string; spec: string; trust: CodeTrust | null };
/** The plugin being loaded: Node may reject a sibling module's load on its own (a graph loads in parallel). */
let loading: PluginEntry | null = null;
process.on("unhandledRejection", (e) => {
  if (loading && isUntrusted(e)) post({ type: "untrusted", spec: loading.spec, message: untrustedMessage(e) });
  else throw e;
});

async function load(plugins: PluginEntry[]): Promise<void> {
  const out: { spec: string; metas: Record<string, unknown>[] }[] = [];
  const trust = trustGuard();
  let recording = false;
  for (const p of plugins) {
    let mod: Record<string, unknown>;
    loading = p;
    try {
      // The user's own plugins load first, unchecked; a trusted project's are checked as they load.
      await trust.set(p.trust);
      if (p.trust && "record" in p.trust) recording = true;
      mod = await import(p.url);
    } catch (e) {
      if (isUntrusted(e)) {
        post({ type: "untrusted", spec: p.spec, message: untrustedMessage(e) });
        continue;
      }
      return post({ type: "error", spec: p.spec, message: `could not be loaded (${message(e)})` });
    }
    loading = null;
    const list = rulesOf(mod);
    if (!list || list.length === 0)
      return post({
        type: "error",
        spec: p.spec,
        message: "exports no rules (export default [rule, …] or export const rules = […])",
      });
    const metas: Record<string, unknown>[] = [];
    for (let i = 0; i < list.length; i++) {
      const r = list[i] as PluginRule | null;
      if (!r || typeof r !== "object" || typeof r.check !== "function" || !r.meta || typeof r.meta !== "object")
        return post({
          type: "error",
          spec: p.spec,
          message: `export ${i} is not a rule (an object with meta and check)`,
        });
      let meta: Record<string, unknown>;
      try {
        meta = JSON.parse(JSON.stringify(r.meta));
      } catch (e) {
        return post({
          type: "error",
          spec: p.spec,
          message: `rule ${i} has a meta that is not plain data (${message(e)})`,
        });
      }
      metas.push(meta);
      rules.set(`${p.spec}\0${String(meta.id)}`, r);
    }
    out.push({ spec: p.spec, metas });
  }
  post({ type: "ready", plugins: out, ...(recording ? { files: await trust.recorded() } : {}) });
}

load((workerData as { plugins: PluginEntry[] }).plugins).catch((e) =>
  post({ type: "error", spec: "", message: `could not be started (${message(e)})` }),
);

port.on("message", async (m: FromHost) => {
  if (m.type === "call") {
    calls.set(m.callId, m.call);
    if (calls.size > 16) calls.delete(calls.keys().next().value!);
    return;
  }
  if (m.type !== "check") return;
  try {
    const rule = rules.get(m.key);
    if (!rule) throw new Error("no such rule in the worker");
    const finding = await rule.check(calls.get(m.callId), { params: m.params });
    post({ type: "result", seq: m.seq, finding: sanitize(finding) });
  } catch (e) {
    post({ type: "result", seq: m.seq, error: message(e) });
  }
});
