// The YAML parser, loaded only when a YAML file is read (a YAML config when the policy cache is stale, a
// kubeconfig a rule checks): Bun's own in the native hook, else js-yaml required at run time from staso's
// node_modules. Not bundled into the hook: its 73 kB cost every call ~2 ms of parsing (measured).
import { runtimeRequire } from "../../builtin.js";

export function yamlParser(): (text: string, file: string) => unknown {
  const bun = (globalThis as { Bun?: { YAML?: { parse(text: string): unknown } } }).Bun;
  if (bun?.YAML?.parse) return (text) => bun.YAML!.parse(text);
  const name = "js-yaml";
  const yaml = runtimeRequire(name) as typeof import("js-yaml");
  return (text, file) => yaml.load(text, { filename: file, schema: yaml.JSON_SCHEMA });
}
