// Plugins (modules exporting rules, listed in a config's `plugins`) run in a worker thread, started only
// when a config lists plugins, so the default path pays nothing. In the worker, a plugin that throws is a
// failed rule and one that hangs — even in a synchronous infinite loop — cannot stop the main thread:
// the engine's deadline still fires there, the call follows the fail mode, and the worker is terminated.
// Each plugin rule becomes a proxy Rule here whose check posts the call to the worker.
import { workerThreads, url } from "../builtin.js";
import { paramSpecProblem } from "../engine/params.js";
import type { RuleFinding, RuleMeta, AnyRule } from "../engine/rule.js";
import type { ToolCall } from "../engine/types.js";
import type { CodeTrust } from "./trust-protocol.js";

// The worker's program (plugins/worker.ts), bundled into a string by the build (scripts/worker-sources.mjs).
declare const __STASO_PLUGIN_WORKER__: string;

export interface PluginSpec {
  /** As written in the config. */
  spec: string;
  /** The resolved module file. */
  file: string;
  /** "<config file>: plugins[i]", for messages. */
  where: string;
  /** A trusted project's plugin: its code is checked against what the user trusted (or recorded). */
  trust?: CodeTrust;
}

export interface LoadedPlugins {
  rules: { rule: AnyRule; plugin: PluginSpec }[];
  /** Plugins not loaded because their code is not what the user trusted: one sentence each. */
  ignored: { plugin: PluginSpec; message: string }[];
  /** In record mode: every module file the plugins loaded, with its sha256. */
  files?: Record<string, string>;
  /** Ends the worker (a command must; the hook exits anyway). */
  close(): Promise<void>;
}

class PluginError extends Error {}

const ACTIONS = ["block", "modify", "escalate"];
const MODES = ["enforce", "audit", "off"];
const EVENTS = ["pre", "post", "post-failure"];

/** One sentence about what is wrong with a plugin rule's metadata, or undefined. */
function metaProblem(meta: Record<string, unknown>): string | undefined {
  if (typeof meta.id !== "string" || !/^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)+$/.test(meta.id))
    return `has meta.id ${JSON.stringify(meta.id)}, which is not of the form "<pack>/<name>"`;
  if (typeof meta.description !== "string") return `${meta.id} has no meta.description (one line for \`staso rules\`)`;
  if (!ACTIONS.includes(meta.defaultAction as string))
    return `${meta.id} has meta.defaultAction ${JSON.stringify(meta.defaultAction)}, expected one of ${ACTIONS.join(", ")}`;
  if (meta.defaultMode !== undefined && !MODES.includes(meta.defaultMode as string))
    return `${meta.id} has meta.defaultMode ${JSON.stringify(meta.defaultMode)}, expected one of ${MODES.join(", ")}`;
  if (meta.events !== undefined && !(Array.isArray(meta.events) && meta.events.every((e) => EVENTS.includes(e))))
    return `${meta.id} has meta.events that are not among ${EVENTS.join(", ")}`;
  if (meta.kinds !== undefined && !(Array.isArray(meta.kinds) && meta.kinds.every((k) => typeof k === "string")))
    return `${meta.id} has meta.kinds that is not an array of tool kinds`;
  if (meta.params !== undefined) {
    if (meta.params === null || typeof meta.params !== "object" || Array.isArray(meta.params))
      return `${meta.id} has meta.params that is not an object`;
    for (const [name, spec] of Object.entries(meta.params as Record<string, unknown>)) {
      const problem = paramSpecProblem(spec);
      if (problem) return `${meta.id} has meta.params.${name} that ${problem}`;
    }
  }
  return undefined;
}

export async function loadPlugins(specs: PluginSpec[], opts: { deadlineAt: number }): Promise<LoadedPlugins> {
  const worker = new (workerThreads().Worker)(__STASO_PLUGIN_WORKER__, {
    eval: true,
    workerData: {
      plugins: specs.map((p) => ({ url: url().pathToFileURL(p.file).href, spec: p.spec, trust: p.trust ?? null })),
    },
  });
  let seq = 0;
  let callSeq = 0;
  const pending = new Map<number, { resolve: (f: RuleFinding | null) => void; reject: (e: Error) => void }>();
  const sent = new WeakMap<ToolCall, number>();
  let dead: Error | undefined;
  const close = async () => {
    dead ??= new Error("the plugin worker was stopped");
    await worker.terminate().catch(() => undefined);
  };
  const failAll = (err: Error) => {
    dead ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  const ignored: LoadedPlugins["ignored"] = [];
  let files: Record<string, string> | undefined;
  const ready = await new Promise<{ spec: string; metas: Record<string, unknown>[] }[]>((resolve, reject) => {
    const timer = setTimeout(
      () => {
        reject(
          new PluginError(`the plugins (${specs.map((s) => s.spec).join(", ")}) did not load before the deadline`),
        );
      },
      Math.max(0, opts.deadlineAt - performance.now()),
    );
    worker.on(
      "message",
      (m: {
        type: string;
        seq?: number;
        finding?: RuleFinding | null;
        error?: string;
        spec?: string;
        message?: string;
        plugins?: { spec: string; metas: Record<string, unknown>[] }[];
        files?: Record<string, string>;
      }) => {
        if (m.type === "ready") {
          clearTimeout(timer);
          files = m.files;
          resolve(m.plugins!);
        } else if (m.type === "untrusted") {
          const plugin = specs.find((s) => s.spec === m.spec);
          if (plugin && !ignored.some((i) => i.plugin === plugin)) ignored.push({ plugin, message: m.message ?? "" });
        } else if (m.type === "error") {
          clearTimeout(timer);
          const spec = specs.find((s) => s.spec === m.spec);
          reject(new PluginError(`${spec?.where ?? "a plugin"} (${JSON.stringify(m.spec)}) ${m.message}`));
        } else if (m.type === "result") {
          const p = pending.get(m.seq!);
          if (!p) return;
          pending.delete(m.seq!);
          if (m.error !== undefined) p.reject(new Error(m.error));
          else p.resolve(m.finding ?? null);
        }
      },
    );
    worker.on("error", (err) => {
      clearTimeout(timer);
      const e = new PluginError(`a plugin crashed its worker (${(err as Error).message.split("\n")[0]})`);
      failAll(e);
      reject(e);
    });
    worker.on("exit", () => failAll(dead ?? new Error("the plugin worker exited")));
  }).catch(async (err) => {
    await close();
    throw err;
  });

  const rules: LoadedPlugins["rules"] = [];
  for (const { spec, metas } of ready) {
    const plugin = specs.find((s) => s.spec === spec)!;
    for (const meta of metas) {
      const problem = metaProblem(meta);
      if (problem) {
        await close();
        throw new PluginError(`${plugin.where} (${JSON.stringify(spec)}): a rule ${problem}.`);
      }
      const key = `${spec}\0${meta.id as string}`;
      rules.push({
        plugin,
        rule: {
          meta: meta as unknown as RuleMeta,
          check(call, ctx) {
            if (dead) return Promise.reject(dead);
            let callId = sent.get(call);
            if (callId === undefined) {
              callId = ++callSeq;
              sent.set(call, callId);
              worker.postMessage({ type: "call", callId, call });
            }
            const id = ++seq;
            return new Promise<RuleFinding | null>((resolve, reject) => {
              pending.set(id, { resolve, reject });
              worker.postMessage({ type: "check", seq: id, key, callId, params: ctx.params });
            });
          },
        },
      });
    }
  }
  return { rules, ignored, ...(files ? { files } : {}), close };
}
