// The class of a tool failure (PostToolUseFailure's error text), as the session memory keeps it: enough
// to tell a failure that will happen again on the same input (no permission, a missing file, a bad
// argument) from one that may not (a timeout, a flaky network, a test that failed).

export const ERROR_CLASSES = [
  "permission",
  "auth",
  "validation",
  "not-found",
  "timeout",
  "network",
  "interrupted",
  "exit-status",
  "other",
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

const TESTS: [ErrorClass, RegExp][] = [
  [
    "permission",
    /permission denied|\beacces\b|\beperm\b|operation not permitted|access is denied|read-only file system/i,
  ],
  [
    "auth",
    /\b401\b|\b403\b|unauthori[sz]ed|forbidden|authentication (?:failed|required)|not authenticated|invalid (?:api[ _-]?key|token|credentials)|bad credentials|login required/i,
  ],
  [
    "validation",
    /inputvalidationerror|invalid (?:argument|parameter|input|option|request|value)|validation (?:error|failed)|\b400\b|bad request|unknown (?:option|flag|argument|command)|unrecognized (?:option|argument)|\busage:|syntax error|has not been read yet|required parameter|is a directory/i,
  ],
  [
    "not-found",
    /\benoent\b|no such file or directory|command not found|not found|does not exist|\b404\b|cannot find|could not find/i,
  ],
  ["timeout", /timed? ?out|\betimedout\b|deadline exceeded/i],
  [
    "network",
    /\beconnrefused\b|\beconnreset\b|\beai_again\b|\benotfound\b|socket hang up|network|\b429\b|\b50[0-4]\b|rate limit|too many requests|temporar(?:y|ily)/i,
  ],
];

/** Classifies an error text by its head (the message, not pages of test output). */
export function classifyError(error: string | undefined, interrupted = false): ErrorClass {
  if (interrupted) return "interrupted";
  if (!error) return "other";
  // Claude Code's Bash failures start "Exit code N" and then the output: the message is what follows.
  const exit = /^Exit code \d+\s*\n?/.exec(error);
  const head = (exit ? error.slice(exit[0].length) : error).slice(0, 400);
  for (const [cls, re] of TESTS) if (re.test(head)) return cls;
  return exit ? "exit-status" : "other";
}
