// What bench/scenarios.mjs needs from the TypeScript sources: the same fixture builders the unit tests
// use, and the functions it times in process. Bundled on the fly with esbuild (the bench is plain Node).
export { largeConfigFiles } from "../test/support/large-config.js";
export { longSession } from "../test/support/long-session.js";
export { allow, block, call } from "../test/audit/fixtures.js";
export { buildRecord } from "../src/audit/record.js";
export { appendRecord } from "../src/audit/store.js";
export { appendEvent, readSession } from "../src/state/store.js";
export { foldEvents } from "../src/state/events.js";
export { callsOf } from "../src/state/session.js";
export { callSignatures } from "../src/state/signature.js";
