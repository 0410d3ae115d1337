// Secret detection, redaction, credential paths and output sanitising: one entry point for rules.
export {
  findSecrets,
  findSecretsIn,
  redactSecrets,
  applyRedactions,
  mapStrings,
  describeSecrets,
  isPlaceholderSecret,
  secretDetectors,
  entropy,
  type SecretMatch,
  type SecretDetector,
} from "./detect.js";
export { resolvePath, isExampleFile, credentialFileKind, credentialDirKind, credentialPathKind } from "./paths.js";
export {
  HIDDEN_CHARS,
  countHiddenChars,
  decodeTagChars,
  sanitizeToolOutput,
  outputSecrets,
  outputTextOf,
} from "./output.js";
export { redactPatchAdditions } from "./patch.js";
