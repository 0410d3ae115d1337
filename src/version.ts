// Replaced at build time with package.json's version (see scripts/build.mjs).
declare const __STASO_VERSION__: string | undefined;
export const VERSION: string = typeof __STASO_VERSION__ === "string" ? __STASO_VERSION__ : "0.0.0-dev";
