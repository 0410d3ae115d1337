// Secret detection, redaction, credential paths and output sanitising: one entry point for rules.
export {
  findSecrets,
  findSecretsIn,
  redactSecrets,
  mapStrings,
  describeSecrets,
  secretDetectors,
  type SecretMatch,
} from "./detect.js";
export {
  resolvePath,
  isExampleFile,
  credentialFileKind,
  credentialDirKind,
  credentialParentKind,
  credentialPathKind,
  holdsCredentials,
  SECRET_PATTERN,
  MATCH_ALL,
} from "./paths.js";
export {
  countHiddenChars,
  decodeTagChars,
  sanitizeToolOutput,
  outputTextOf,
} from "./output.js";
export { redactPatchAdditions } from "./patch.js";
export { isSecretName } from "./names.js";
export { commandSecretValues } from "./command-secrets.js";
