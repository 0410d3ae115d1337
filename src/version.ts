// Replaced at build time with package.json's version (see scripts/build.mjs).
declare const __STASO_VERSION__: string | undefined;
export const VERSION: string = typeof __STASO_VERSION__ === "string" ? __STASO_VERSION__ : "0.0.0-dev";

// Replaced at build time with the version plus a hash of the sources (scripts/build-id.mjs): caches of
// compiled data are keyed by it, since every development build shares one version.
declare const __STASO_BUILD__: string | undefined;
export const BUILD: string = typeof __STASO_BUILD__ === "string" ? __STASO_BUILD__ : `${VERSION}+source`;
