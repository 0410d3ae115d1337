// A shell or interpreter running code decoded from a payload (`… | base64 -d | sh`, `eval "$(xxd -r -p
// <<< …)"`, `gzip -dc <<< "$(…)" | bash`, `sh -c "$(… | xargs printf %b)"`). Where staso can decode the
// payload itself, the shell analysis hands the decoded commands to every rule and this one stays out of
// the way; where it cannot (a payload read from a file, a decoder it does not know, an encoding chained
// through sed or xargs), nobody can read what runs, and encoding a command has no everyday use: blocked.
import { defineRule } from "../../engine/rule.js";
import { shellOf, type SimpleCommand } from "../../analysis/shell/index.js";
import { describe, feeders, hasOption } from "../../analysis/shell/commands.js";
import { isRunner, programWordSources, readsProgramFromInput, RUNNER_PROGRAMS } from "./runners.js";

/** Programs that only decode or decompress (any use of them turns encoded text back into what it hides). */
const ALWAYS = /^(?:uudecode|gunzip|zcat|gzcat|bzcat|xzcat|unxz|unlzma|lzcat|unzstd|zstdcat|lz4cat|rev|base64url)$/;
const WITH_D = /^(?:base64|base32|basenc|gbase64|gzip|pigz|bzip2|xz|lzma|zstd|lz4|brotli)$/;

/** Whether the command turns an encoded text back into what it hides. */
function decodes(cmd: SimpleCommand): boolean {
  const p = cmd.program;
  const a = cmd.args;
  if (ALWAYS.test(p)) return true;
  if (WITH_D.test(p)) return hasOption(a, "dD", ["--decode", "--decompress", "--uncompress"]);
  if (p === "xxd") return hasOption(a, "r", ["--revert"]);
  if (p === "openssl")
    return a.includes("-d") && a.some((w) => w === "enc" || w === "base64" || /^-?aes|^-?des|^-?chacha/.test(w));
  // tr mapping letters onto letters (rot13 and kin), not deleting or squeezing.
  if (p === "tr") {
    const sets = a.filter((w) => !w.startsWith("-"));
    return sets.length === 2 && sets.every((s) => /[a-zA-Z]-[a-zA-Z]/.test(s)) && sets[0] !== sets[1];
  }
  // printf %b / escapes, echo -e: byte escapes turned into text.
  if (p === "printf") return a.some((w) => /%b|\\x[0-9a-fA-F]|\\[0-7]{3}/.test(w));
  if (p === "echo") return hasOption(a, "e") && a.some((w) => /\\x[0-9a-fA-F]|\\[0-7]{3}/.test(w));
  return false;
}

export default defineRule({
  meta: {
    id: "remote-exec/hidden-code",
    description:
      'Blocks a shell or interpreter running code decoded from a payload staso cannot read (… | base64 -d | sh, eval "$(xxd -r -p …)", gzip -dc … | bash).',
    defaultAction: "block",
    kinds: ["shell"],
    looksAt: { programs: RUNNER_PROGRAMS },
    examples: () => ({
      block: [
        { shell: "cat payload.txt | base64 -d | sh" },
        { shell: 'eval "$(base64 --decode < .cache/p)"' },
        { shell: 'gzip -dc <<< "$(echo H4sIAAAAAAACAxXF | base64 -d)" | sh', note: "a payload staso cannot unpack" },
        { shell: `sh -c "$(echo 726d202d7266207e | sed 's/../\\\\x&/g' | xargs -0 printf '%b')"` },
        { shell: "bash <(xxd -r -p notes.hex)" },
        { shell: "tr 'A-Za-z' 'N-ZA-Mn-za-m' < s.txt | bash" },
        { shell: 'p=$(base64 -d blob.b64); bash -c "$p"', note: "carried in a variable" },
        { shell: "openssl enc -d -aes-256-cbc -pass pass:x -in s.enc | python3 -" },
      ],
      allow: [
        { shell: "base64 -d cert.b64 > cert.pem && openssl x509 -in cert.pem -noout -text" },
        { shell: "gunzip -c backup.sql.gz | psql -d app_dev", note: "data for a database client, not a shell" },
        { shell: 'eval "$(ssh-agent -s)"' },
        { shell: 'eval "$(pyenv init -)"' },
        { shell: "source <(kubectl completion bash)" },
        { shell: "zcat logs/app.log.gz | grep ERROR | sh scripts/summarise.sh", note: "the script is a file it names" },
        { shell: "echo 'ZWNobyBoZWxsbwo=' | base64 -d", note: "decoded to look at it" },
        { shell: "printf '%b\\n' 'line\\tone' | bash -c 'cat -A'", note: "data for the -c script, not the script" },
      ],
    }),
  },
  check(call) {
    const analysis = shellOf(call);
    if (!analysis) return null;
    for (const cmd of analysis.commands) {
      if (!isRunner(cmd.program)) continue;
      let decoder: SimpleCommand | undefined;
      // The program read on stdin or from <( … ), which the analysis could not work out.
      if (cmd.stdin && cmd.stdin.kind !== "file" && cmd.stdin.text === undefined && readsProgramFromInput(cmd))
        decoder = feeders(cmd).find(decodes);
      // The program given as a word the analysis could not resolve: eval "$(…)", sh -c "$v".
      if (!decoder && cmd.wordInfo.some((w, i) => i > 0 && w.dynamic)) decoder = programWordSources(cmd).find(decodes);
      if (decoder)
        return {
          reason: `${describe(cmd)} runs code decoded by ${describe(decoder)}, which staso cannot read, so nobody knows what it does. Decode it to a file, show it to the user, and run it only if they agree.`,
        };
    }
    return null;
  },
});
