// Finds secrets in text. One detector list serves the rules (block / redact) and the audit masking, so
// what a rule catches never reaches a log in clear.

export interface SecretDetector {
  id: string;
  description: string;
  /** Global regex; the secret is capture group `group` (default: the whole match). */
  pattern: RegExp;
  group?: number;
  /** The placeholder a redaction puts in place of the secret. */
  placeholder: string;
}

export interface SecretMatch {
  detector: SecretDetector;
  value: string;
  index: number;
}

// Documented example values that are not secrets (AWS's own docs keys, placeholders).
const EXAMPLES = [/EXAMPLE/i, /^x+$/i, /^(changeme|your[_-]?|<|\$\{|\{\{)/i];

export const secretDetectors: SecretDetector[] = [
  {
    id: "aws-secret-access-key",
    description: "AWS secret access key",
    pattern: /(?:aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
    placeholder: "REDACTED_AWS_SECRET_ACCESS_KEY",
  },
  {
    id: "aws-access-key-id",
    description: "AWS access key id",
    pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g,
    group: 1,
    placeholder: "REDACTED_AWS_ACCESS_KEY_ID",
  },
  {
    id: "private-key-block",
    description: "private key",
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g,
    placeholder: "REDACTED_PRIVATE_KEY",
  },
];

export function findSecrets(text: string, detectors: SecretDetector[] = secretDetectors): SecretMatch[] {
  const out: SecretMatch[] = [];
  if (!text) return out;
  for (const detector of detectors) {
    detector.pattern.lastIndex = 0;
    for (const m of text.matchAll(detector.pattern)) {
      const value = m[detector.group ?? 0] ?? m[0];
      if (EXAMPLES.some((re) => re.test(value))) continue;
      out.push({ detector, value, index: (m.index ?? 0) + m[0].indexOf(value) });
    }
  }
  return out;
}

/** The text with every secret found replaced by its detector's placeholder. */
export function redactSecrets(text: string, detectors: SecretDetector[] = secretDetectors): string {
  let out = text;
  for (const m of findSecrets(text, detectors)) out = out.split(m.value).join(m.detector.placeholder);
  return out;
}

/** A deep copy of a JSON value with `fn` applied to every string in it (keys untouched). */
export function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === "string") return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn);
    return out;
  }
  return value;
}
