// The part of the config and plugin workers that makes a trusted project's code run only as the user
// trusted it (`staso trust`, policy/trust.ts): every module file the worker loads (import or require, the
// config or plugin itself and whatever it imports, node_modules included) is hashed from the very bytes
// that are then compiled, and refused unless that sha256 is the one recorded for the file when the user
// trusted the project. Hashing what is compiled, not the file once beforehand, leaves no window between
// check and load for a file swapped in between. In record mode (`staso trust` itself) the same hooks
// collect each loaded file's hash instead.
//
// Where the bytes are seen, per runtime:
//   Node: ES modules through a module.register() load hook (plugins/trust-loader.ts, in Node's loader
//         thread); CommonJS through Module._extensions, whose module._compile is given the bytes that were
//         hashed, not a second read.
//   Bun (the native hook): one Bun.plugin onLoad for every file, returning the hashed bytes as contents
//         (a CommonJS file wrapped, since Bun compiles what onLoad returns as an ES module).
// Native addons (.node) are refused: their bytes are loaded by the dynamic linker, not by this code.
// Only the workers import this module (they are bundled into strings: scripts/worker-sources.mjs).
import { createHash } from "node:crypto";
import { readFileSync, realpathSync } from "node:fs";
import NodeModule from "node:module";
import { MessageChannel } from "node:worker_threads";
import { UNTRUSTED_PREFIX, type CodeTrust } from "./trust-protocol.js";

/** The ES module load hook (plugins/trust-loader.ts), bundled as a string by the build. */
declare const __STASO_TRUST_LOADER__: string;

interface BunRuntime {
  plugin(p: {
    name: string;
    setup(build: {
      onLoad(o: { filter: RegExp }, cb: (args: { path: string }) => { contents: string; loader: string }): void;
    }): void;
  }): void;
  Transpiler: new (o: { loader: string }) => { transformSync(code: string): string };
}

type ModuleInternals = {
  _extensions: Record<string, (module: CjsModule, filename: string) => unknown>;
  register?: (specifier: string, options: { data: unknown; transferList: unknown[] }) => void;
};
type CjsModule = { exports: unknown; _compile(content: string, filename: string, ...rest: unknown[]): unknown };

export interface TrustGuard {
  /** Before importing: null (nothing checked, the user's own plugins), a table to check against, or record. */
  set(mode: CodeTrust | null | undefined): Promise<void>;
  /** In record mode: every module file loaded so far (real path) with its sha256. */
  recorded(): Promise<Record<string, string>>;
}

const untrusted = (why: string) => new Error(`${UNTRUSTED_PREFIX}${why}`);

export const isUntrusted = (e: unknown): boolean =>
  typeof (e as Error | undefined)?.message === "string" && (e as Error).message.includes(UNTRUSTED_PREFIX);

/** The sentence after the marker, first line only. */
export const untrustedMessage = (e: unknown): string => {
  const m = (e as Error).message;
  return m.slice(m.indexOf(UNTRUSTED_PREFIX) + UNTRUSTED_PREFIX.length).split("\n")[0]!;
};

const digest = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");
const real = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

// ------------------------------------------------------------------------------------------------ Bun

const packageTypes = new Map<string, "module" | "commonjs">();
function packageType(dir: string): "module" | "commonjs" {
  const known = packageTypes.get(dir);
  if (known) return known;
  let type: "module" | "commonjs";
  try {
    type =
      (JSON.parse(readFileSync(`${dir}/package.json`, "utf8")) as { type?: string }).type === "module"
        ? "module"
        : "commonjs";
  } catch {
    const parent = dir.slice(0, dir.lastIndexOf("/"));
    type = parent && parent !== dir ? packageType(parent) : "commonjs";
  }
  packageTypes.set(dir, type);
  return type;
}

const LOADERS: Record<string, string> = { ts: "ts", mts: "ts", tsx: "tsx", jsx: "jsx", toml: "toml" };

/**
 * What Bun is given for a file it would have loaded itself. An onLoad result is always compiled as an ES
 * module, so JSON becomes one, and a CommonJS file is wrapped: its code runs in the usual function scope,
 * and the wrapper exports module.exports both as require()'s answer (the "module.exports" export, which Bun
 * honours) and as the default export. (Named imports of a CommonJS file's exports are not derived.)
 */
function bunContents(bun: BunRuntime, path: string, bytes: Buffer): { contents: string; loader: string } {
  let text = bytes.toString("utf8");
  const ext = /\.([a-z]+)$/.exec(path)?.[1] ?? "";
  const dir = path.slice(0, path.lastIndexOf("/"));
  if (ext === "json") {
    JSON.parse(text); // a broken JSON file fails as JSON, not as code
    return {
      loader: "js",
      contents: `const __stasoJson = ${text};\nexport { __stasoJson as "module.exports", __stasoJson as default };\n`,
    };
  }
  const commonjs =
    ext === "cjs" ||
    ext === "cts" ||
    (ext === "js" && packageType(dir) !== "module" && !/^\s*(?:import\s*[\w{*"']|export\s)/m.test(text));
  if (!commonjs) return { contents: text, loader: LOADERS[ext] ?? "js" };
  if (ext === "cts") text = new bun.Transpiler({ loader: "ts" }).transformSync(text);
  const p = JSON.stringify(path);
  return {
    loader: "js",
    contents:
      'import { createRequire as __stasoRequire } from "node:module";\n' +
      `const __stasoModule = { exports: {}, id: ${p}, filename: ${p}, loaded: false };\n` +
      `(function (exports, require, module, __filename, __dirname) {${text.replace(/^#!.*/, "")}\n` +
      `}).call(__stasoModule.exports, __stasoModule.exports, __stasoRequire(${p}), __stasoModule, ${p}, ${JSON.stringify(dir)});\n` +
      "__stasoModule.loaded = true;\nconst __stasoExports = __stasoModule.exports;\n" +
      'export { __stasoExports as "module.exports", __stasoExports as default };\n',
  };
}

// ------------------------------------------------------------------------------------------------ both

export function trustGuard(): TrustGuard {
  const state: { table: Record<string, string> | null; record: Record<string, string> | null } = {
    table: null,
    record: null,
  };
  const check = (file: string, bytes: Uint8Array) => {
    const f = real(file);
    if (state.record) {
      state.record[f] = digest(bytes);
      return;
    }
    if (!state.table) return;
    const want = state.table[f];
    if (want === undefined) throw untrusted(`${f} is not among the files trusted for this project`);
    if (want !== digest(bytes)) throw untrusted(`${f} changed since the project was trusted`);
  };
  const checking = () => state.table !== null || state.record !== null;
  let installed = false;
  let esm: { records: Record<string, string>; send(m: object): Promise<void> } | undefined;

  const install = () => {
    if (installed) return;
    installed = true;
    const bun = (globalThis as { Bun?: BunRuntime }).Bun;
    if (bun) {
      bun.plugin({
        name: "staso-trust",
        setup(build) {
          build.onLoad({ filter: /./ }, (args) => {
            if (checking() && /\.node$/.test(args.path))
              throw untrusted(`${args.path} is a native addon, which staso cannot verify`);
            const bytes = readFileSync(args.path);
            check(args.path, bytes);
            return bunContents(bun, args.path, bytes);
          });
        },
      });
      return;
    }
    const Module = NodeModule as unknown as ModuleInternals;
    if (typeof Module.register !== "function")
      throw untrusted(
        `this Node (${process.version}) cannot verify a trusted project's code before it runs; use Node 20.6 or later`,
      );
    for (const ext of [".js", ".cjs", ".json", ".node"]) {
      const original = Module._extensions[ext];
      if (!original) continue;
      Module._extensions[ext] = function (this: unknown, module: CjsModule, filename: string) {
        if (!checking()) return original.call(this, module, filename);
        if (ext === ".node") throw untrusted(`${filename} is a native addon, which staso cannot verify`);
        const bytes = readFileSync(filename);
        check(filename, bytes);
        const text = bytes.toString("utf8");
        if (ext === ".json") {
          module.exports = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
          return;
        }
        // The module is compiled from the bytes that were hashed, not from a second read of the file.
        const compile = module._compile;
        module._compile = function (this: unknown, _content: string, f: string, ...rest: unknown[]) {
          return compile.call(this, text, f, ...rest);
        };
        return original.call(this, module, filename);
      };
    }
    const channel = new MessageChannel();
    const acks = new Map<number, () => void>();
    const records: Record<string, string> = {};
    let seq = 0;
    channel.port1.on("message", (m: { file?: string; sha?: string; ack?: number }) => {
      if (m.file) records[m.file] = m.sha!;
      else if (m.ack !== undefined && acks.has(m.ack)) {
        acks.get(m.ack)!();
        acks.delete(m.ack);
        // Held only while an answer is awaited: an idle port must not keep the worker alive.
        if (acks.size === 0) channel.port1.unref();
      }
    });
    channel.port1.unref();
    Module.register(`data:text/javascript,${encodeURIComponent(__STASO_TRUST_LOADER__)}`, {
      data: { port: channel.port2 },
      transferList: [channel.port2],
    });
    esm = {
      records,
      send(m) {
        const id = ++seq;
        channel.port1.ref();
        return new Promise((resolve) => {
          acks.set(id, resolve);
          channel.port1.postMessage({ id, ...m });
        });
      },
    };
  };

  return {
    async set(mode) {
      if (!mode && !installed) return;
      install();
      state.table = mode && "table" in mode ? mode.table : null;
      state.record = mode && "record" in mode ? (state.record ?? {}) : null;
      if (esm) await esm.send({ table: state.table, record: state.record !== null });
    },
    async recorded() {
      // The port is in order: once this is answered, every record the loader sent before it has arrived.
      if (esm) await esm.send({ table: state.table, record: state.record !== null });
      return { ...(esm?.records ?? {}), ...(state.record ?? {}) };
    },
  };
}
