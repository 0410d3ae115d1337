// The plugin worker's program, run with `new Worker(source, { eval: true })` so it needs no file of its
// own in the bundles (hook.cjs, cli.mjs, the native binary). Plain JavaScript, CommonJS-style.
// Protocol: workerData.plugins = [{ url, spec }]; the worker answers {type:"ready", plugins:[{spec, metas}]}
// or {type:"error", spec, message}; then "call" messages store a call by id and "check" messages run one
// rule on one stored call, answered by {type:"result", seq, finding | error}.
export const PLUGIN_WORKER_SOURCE = String.raw`
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const rules = new Map();
const calls = new Map();
const message = (e) => (e && e.message ? String(e.message).split("\n")[0] : String(e));
function rulesOf(mod) {
  let v = mod && "default" in mod ? mod.default : mod;
  if (v && !Array.isArray(v) && Array.isArray(v.rules)) v = v.rules;
  else if (v && !Array.isArray(v) && typeof v.check !== "function" && Array.isArray(mod.rules)) v = mod.rules;
  if (v && !Array.isArray(v) && typeof v === "object" && typeof v.check === "function") v = [v];
  return Array.isArray(v) ? v : undefined;
}
function sanitize(f) {
  if (f === null || f === undefined) return null;
  if (typeof f !== "object") throw new Error("returned " + typeof f + " instead of a finding object or null");
  const out = { reason: typeof f.reason === "string" ? f.reason : String(f.reason ?? "") };
  if (typeof f.action === "string") out.action = f.action;
  if (f.unsure) out.unsure = true;
  if (f.input !== undefined) out.input = JSON.parse(JSON.stringify(f.input));
  return out;
}
(async () => {
  const out = [];
  for (const p of workerData.plugins) {
    let mod;
    try {
      mod = await import(p.url);
    } catch (e) {
      parentPort.postMessage({ type: "error", spec: p.spec, message: "could not be loaded (" + message(e) + ")" });
      return;
    }
    const list = rulesOf(mod);
    if (!list || list.length === 0) {
      parentPort.postMessage({ type: "error", spec: p.spec, message: "exports no rules (export default [rule, …] or export const rules = […])" });
      return;
    }
    const metas = [];
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (!r || typeof r !== "object" || typeof r.check !== "function" || !r.meta || typeof r.meta !== "object") {
        parentPort.postMessage({ type: "error", spec: p.spec, message: "export " + i + " is not a rule (an object with meta and check)" });
        return;
      }
      let meta;
      try {
        meta = JSON.parse(JSON.stringify(r.meta));
      } catch (e) {
        parentPort.postMessage({ type: "error", spec: p.spec, message: "rule " + i + " has a meta that is not plain data (" + message(e) + ")" });
        return;
      }
      metas.push(meta);
      rules.set(p.spec + "\0" + meta.id, r);
    }
    out.push({ spec: p.spec, metas });
  }
  parentPort.postMessage({ type: "ready", plugins: out });
})();
parentPort.on("message", async (m) => {
  if (m.type === "call") {
    calls.set(m.callId, m.call);
    if (calls.size > 16) calls.delete(calls.keys().next().value);
    return;
  }
  if (m.type !== "check") return;
  try {
    const rule = rules.get(m.key);
    if (!rule) throw new Error("no such rule in the worker");
    const finding = await rule.check(calls.get(m.callId), { params: m.params });
    parentPort.postMessage({ type: "result", seq: m.seq, finding: sanitize(finding) });
  } catch (e) {
    parentPort.postMessage({ type: "result", seq: m.seq, error: message(e) });
  }
});
`;
