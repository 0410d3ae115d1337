// The worker a JS/TS config is evaluated in (policy/discover.ts starts it): its code must not run in the
// guard's own thread, and one that never finishes is cut at the deadline. A trusted project's config is
// checked module by module as it loads, or recorded (`staso trust`): plugins/trust-guard.ts. Bundled on
// its own into a string (scripts/worker-sources.mjs), started with `new Worker(source, { eval: true })`.
// Protocol: workerData = { url, trust }; the answer is one message: { ok: true, value, files? } (files in
// record mode), { ok: false, untrusted } for code that is not what the user trusted, or { ok: false, code, message }.
import { parentPort, workerData } from "node:worker_threads";
import { isUntrusted, trustGuard, untrustedMessage } from "../plugins/trust-guard.js";
import type { CodeTrust } from "../plugins/trust-protocol.js";

const port = parentPort!;
const data = workerData as { url: string; trust: CodeTrust | null };
const untrustedAnswer = (e: unknown) => ({ ok: false, untrusted: untrustedMessage(e) });

// Node may reject a sibling module's load on its own (an import graph loads in parallel): still an answer.
process.on("unhandledRejection", (e) => {
  if (isUntrusted(e)) port.postMessage(untrustedAnswer(e));
  else throw e;
});

async function run(): Promise<void> {
  const trust = trustGuard();
  await trust.set(data.trust);
  const mod = (await import(data.url)) as Record<string, unknown>;
  let value: unknown = mod && "default" in mod ? mod.default : mod;
  if (typeof value === "function") value = await (value as () => unknown)();
  const files = data.trust && "record" in data.trust ? await trust.recorded() : undefined;
  port.postMessage({
    ok: true,
    value: value === undefined ? undefined : JSON.parse(JSON.stringify(value)),
    ...(files ? { files } : {}),
  });
}

run().catch((e: unknown) =>
  port.postMessage(
    isUntrusted(e)
      ? untrustedAnswer(e)
      : {
          ok: false,
          code: (e as { code?: string } | undefined)?.code,
          message: (e as Error | undefined)?.message ? String((e as Error).message).split("\n")[0] : String(e),
        },
  ),
);
