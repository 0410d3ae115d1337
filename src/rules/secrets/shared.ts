// What the secrets rules share: the detector subsets and the wording of their reasons.
import { describeSecrets, secretDetectors, type SecretMatch } from "../../analysis/secrets/index.js";

/** Provider formats only: for example/template files, where "NAME=value" assignments are placeholders. */
export const providerDetectors = secretDetectors.filter((d) => d.id !== "secret-assignment");

/** Where to load the secrets from instead, at most two hints. */
export function loadHint(matches: SecretMatch[]): string {
  const hints = [...new Set(matches.map((m) => m.detector.loadFrom).filter((h): h is string => !!h))].slice(0, 2);
  return hints.length ? hints.join("; or ") : "an environment variable or a secret manager";
}

export { describeSecrets };
