// The hook path is a pipeline, and src/ is laid out in layers: a module may import its own folder and the
// layers below it, never one above. The order, top first (each line one layer):
const LAYERS = [
  ["cli", "lib.ts", "lib-types.ts"], // entry points: commands, the library
  ["server"], // the Staso server: HTTP API, dashboard, storage (started by `staso server` / `staso dashboard`)
  ["setup"], // installing staso into agents: plans, applies, doctor
  ["hook"], // the hook process: stdin → pipeline → stdout → audit
  ["pipeline"], // policy + rules + engine for one call (decide, simulate)
  ["export"], // shipping the audit trail (background)
  ["escalation"], // a human's answer to an escalated call
  ["policy"], // config discovery, trust, schema, merge, custom-rule compiler
  // agents' payloads and protocols, and their installers (the host registry). Below policy, which names
  // hosts (escalation modes per agent, the payload shape of a policy test); hosts import no policy.
  ["hosts"],
  ["plugins"], // rules from plugin modules, run in a worker
  ["judges"], // rules whose check asks a model: masking what it sees, providers, transport, verdict cache
  ["rules"], // the built-in rule packs
  ["state"], // session memory for the stateful rules
  ["audit"], // the audit trail: records, masking, queries
  ["analysis"], // shell, network and secret analysers
  ["engine"], // ToolCall, Decision, Rule, evaluate
  ["config-files"], // editing agents' JSON/TOML config files safely
  ["remote"], // this machine's connection to a Staso server (URL, API key, requests)
  ["native", "paths.ts"], // where staso and its state live on disk
  ["util", "builtin.ts", "version.ts"], // leaves: small helpers that import nothing of staso
];

const folder = (name) => (name.endsWith(".ts") ? `^src/${name.replace(".", "\\.")}$` : `^src/${name}/`);
const anyOf = (names) => `(${names.map(folder).join("|")})`;

const layerRules = LAYERS.slice(1).map((layer, i) => {
  const above = LAYERS.slice(0, i + 1).flat();
  return {
    name: `layer-${layer[0]}`,
    comment: `${layer.join(", ")} may not import a layer above it (${above.join(", ")}): imports point down the pipeline.`,
    severity: "error",
    from: { path: anyOf(layer) },
    to: { path: anyOf(above) },
  };
});

// Within a layer, folders side by side do not import each other either (each stands alone).
const siblingRules = LAYERS.filter((l) => l.length > 1).flatMap((layer) =>
  layer.map((name) => ({
    name: `sibling-${name}`,
    comment: `${name} may not import its siblings in the same layer.`,
    severity: "error",
    from: { path: folder(name) },
    to: { path: anyOf(layer.filter((n) => n !== name)) },
  })),
);

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Modules that import each other in a circle: put the shared part in a module of its own.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "unlayered",
      comment: "Every folder of src/ belongs to a layer: add a new one to LAYERS in .dependency-cruiser.cjs.",
      severity: "error",
      from: { path: "^src/", pathNot: anyOf(LAYERS.flat()) },
      to: {},
    },
    ...layerRules,
    ...siblingRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".mjs", ".cjs"] },
  },
};
