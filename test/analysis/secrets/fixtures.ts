// Fake secrets in the real formats, generated (not written out) so the repository holds no token that
// a scanner would flag. Deterministic: the same seed gives the same value.
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const HEX = "0123456789abcdef";
const B64 = `${ALNUM}+/`;
const URLSAFE = `${ALNUM}-_`;

export function rand(n: number, alphabet = ALNUM, seed = 7): string {
  let x = seed * 2654435761 + n * 40503;
  let out = "";
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet[(x >> 8) % alphabet.length];
  }
  return out;
}

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

export const fake = {
  awsAccessKeyId: () => `AKIA${rand(16, UPPER32, 1)}`,
  awsSecretAccessKey: () => rand(40, B64, 2),
  github: () => `ghp_${rand(36, ALNUM, 3)}`,
  githubFineGrained: () => `github_pat_${rand(22, ALNUM, 4)}_${rand(59, ALNUM, 5)}`,
  gitlab: () => `glpat-${rand(20, URLSAFE, 6)}`,
  slackBot: () => `xoxb-${rand(11, "0123456789", 7)}-${rand(13, "0123456789", 8)}-${rand(24, ALNUM, 9)}`,
  slackWebhook: () =>
    "https://hooks.slack.com/services/T" +
    rand(8, UPPER32, 10) +
    "/B" +
    rand(8, UPPER32, 11) +
    "/" +
    rand(24, ALNUM, 12),
  stripeLive: () => `sk_live_${rand(24, ALNUM, 13)}`,
  stripeTest: () => `sk_test_${rand(24, ALNUM, 13)}`,
  openai: () => `sk-proj-${rand(48, URLSAFE, 14)}T3BlbkFJ${rand(48, URLSAFE, 15)}`,
  openaiLegacy: () => `sk-${rand(20, ALNUM, 16)}T3BlbkFJ${rand(20, ALNUM, 17)}`,
  anthropic: () => `sk-ant-api03-${rand(93, URLSAFE, 18)}AA`,
  googleApiKey: () => `AIza${rand(35, URLSAFE, 19)}`,
  npm: () => `npm_${rand(36, ALNUM, 20)}`,
  huggingface: () => `hf_${rand(34, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 21)}`,
  sendgrid: () => `SG.${rand(22, URLSAFE, 22)}.${rand(43, URLSAFE, 23)}`,
  digitalocean: () => `dop_v1_${rand(64, HEX, 24)}`,
  vault: () => `hvs.${rand(90, URLSAFE, 25)}`,
  jwt: () =>
    b64url({ alg: "HS256", typ: "JWT" }) +
    "." +
    b64url({ sub: "user-42", iat: 1700000000, scope: "admin" }) +
    "." +
    rand(43, URLSAFE, 26),
  privateKey: () =>
    "-----BEGIN " +
    "RSA PRIVATE KEY-----\n" +
    Array.from({ length: 8 }, (_, i) => rand(64, B64, 30 + i)).join("\n") +
    "\n-----END RSA PRIVATE KEY-----",
  opensshKey: () =>
    "-----BEGIN " +
    "OPENSSH PRIVATE KEY-----\n" +
    Array.from({ length: 5 }, (_, i) => rand(70, B64, 40 + i)).join("\n") +
    "\n-----END OPENSSH PRIVATE KEY-----",
  password: () => `Q7v!${rand(12, ALNUM, 50)}`,
  highEntropy: () => rand(32, ALNUM, 51),
  hex32: () => rand(32, HEX, 52),
};
