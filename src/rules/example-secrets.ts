// Fake secrets in real formats for the rules' examples, assembled at run time so the repository holds no
// token a secret scanner would flag.

/** A GitHub personal access token's shape (ghp_ and 36 letters and digits). */
export const fakeGithubToken = (): string => `ghp_${"R8vQ2mXkT4pZ9wLc".repeat(2)}Ab3d`;
