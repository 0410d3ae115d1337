// What the host and the workers say about a trusted project's code (plugins/trust-guard.ts checks it in the
// workers): nothing here loads anything, so the hook's bundle can name it for free.

/** How a trusted project's code is checked: against the hashes `staso trust` recorded (table), or recorded (record). */
export type CodeTrust = { table: Record<string, string> } | { record: true };

/** Starts the message of an Error for a module file that is not what the user trusted. */
export const UNTRUSTED_PREFIX = "staso-untrusted: ";
