// The names of throwaway environments: a pull request's preview, a review app, one e2e run. Deleting one
// (its namespace, its Argo CD application, its Helm release) is how it is meant to end, so it is everyday;
// the same delete of `staging`, `dev` or a bare `previews` (every preview at once) is not. Kept as a regex
// source so the platform table (data in the custom-rule language) and code use the one spelling.

/**
 * One environment name: a pull/merge request or review number as a token (`preview-pr-123`, `webapp-pr-42`,
 * `pr88`, `review-1402`, `mr-17-api`), or a preview/review/e2e/ephemeral prefix followed by an identifier
 * (`preview-feature-login`, `e2e-run-8812`); and none may hold NOT_EPHEMERAL (production, live, staging).
 */
export const EPHEMERAL_ENV_NAME =
  "(?:(?:[\\w.-]*[-_.])?(?:pr|mr|preview|review)[-_]?\\d+(?:[-_.][\\w.-]*)?|(?:preview|review|e2e|ephemeral)[-_][\\w.-]+)";

/** What the names must not hold (the custom-rule language has no lookaround to say it inside the name). */
export const NOT_EPHEMERAL = "prod|live|stag";

const ONE = new RegExp(`^${EPHEMERAL_ENV_NAME}$`, "i");
const NOT = new RegExp(NOT_EPHEMERAL, "i");

/** Every name given is a throwaway environment's (and one is given). */
export const allEphemeral = (names: string[]): boolean =>
  names.length > 0 && names.every((n) => ONE.test(n) && !NOT.test(n));
