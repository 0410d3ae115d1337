// Redaction inside a patch: only the lines the patch adds ("+" lines) may change; context and "-" lines
// must keep matching the file. Runs of consecutive "+" lines are redacted together, so a private key
// spread over many lines is caught whole.
import { redactSecrets, type SecretDetector } from "./detect.js";
import { secretDetectors } from "./detectors.js";

export function redactPatchAdditions(patch: string, detectors: SecretDetector[] = secretDetectors): string {
  const lines = patch.split("\n");
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const redacted = redactSecrets(run.join("\n"), detectors);
    for (const l of redacted.split("\n")) out.push(`+${l}`);
    run = [];
  };
  for (const line of lines) {
    if (line.startsWith("+") && !line.startsWith("+++ ")) run.push(line.slice(1));
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out.join("\n");
}
