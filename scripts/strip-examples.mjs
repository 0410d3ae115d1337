// The hook bundles (Node's and the native one) leave out the built-in rules' must-block and must-allow
// examples: only the rule tester, `staso test`, `staso rules <id>` and the docs read them (the CLI and the
// library keep them), while the hook process would carry ~80 KB of them on every tool call, compiled or
// not (docs/speed.md has the figures).
//
// Every rule declares them the same way, `examples: () => ({ ... }),` in its meta. The cut runs from that
// property to the parenthesis that closes it, skipping strings, template literals and comments; esbuild
// then parses both what was cut (as a property) and what is left, so a cut in the wrong place fails the
// build instead of changing a rule.
import { transformSync } from "esbuild";

const START = /(?<=[{,\s])examples:\s*\(\)\s*=>\s*\(/g;

/** The index just past the bracket that closes the one opened at `open` (source[open] is ( [ or {). */
function closing(source, open) {
  const stack = [];
  let i = open;
  while (i < source.length) {
    const c = source[i];
    if (c === "(" || c === "[" || c === "{") stack.push(c);
    else if (c === ")" || c === "]" || c === "}") {
      stack.pop();
      if (stack.length === 0) return i + 1;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < source.length && source[i] !== c) i += source[i] === "\\" ? 2 : 1;
    } else if (c === "`") {
      i = templateEnd(source, i + 1) - 1;
    } else if (c === "/" && source[i + 1] === "/") {
      i = source.indexOf("\n", i);
      if (i < 0) break;
    } else if (c === "/" && source[i + 1] === "*") {
      i = source.indexOf("*/", i + 2) + 1;
      if (i <= 0) break;
    }
    i++;
  }
  throw new Error("unbalanced brackets after `examples:`");
}

/** The index just past the backtick that ends a template literal whose text starts at `i`. */
function templateEnd(source, i) {
  while (i < source.length) {
    if (source[i] === "\\") i += 2;
    else if (source[i] === "`") return i + 1;
    else if (source[i] === "$" && source[i + 1] === "{") i = closing(source, i + 1);
    else i++;
  }
  throw new Error("unterminated template literal after `examples:`");
}

/** A rule file's source without its examples; the source unchanged when it declares none. */
export function stripExamples(source, fileName) {
  const cuts = [];
  for (const m of source.matchAll(START)) {
    const open = m.index + m[0].length - 1;
    let end = closing(source, open);
    const property = source.slice(m.index, end);
    const comma = /^\s*,/.exec(source.slice(end));
    if (comma) end += comma[0].length;
    cuts.push([m.index, end, property]);
  }
  if (cuts.length === 0) return source;
  let out = source;
  for (const [start, end, property] of cuts.reverse()) {
    try {
      transformSync(`({${property}})`, { loader: "ts" });
    } catch {
      throw new Error(`${fileName}: the examples property could not be cut out whole`);
    }
    out = out.slice(0, start) + out.slice(end);
  }
  try {
    transformSync(out, { loader: "ts" });
  } catch {
    throw new Error(`${fileName}: the rule does not parse once its examples are cut out`);
  }
  return out;
}

/** The esbuild plugin that applies it to the built-in rules (src/rules/**). */
export const stripExamplesPlugin = {
  name: "strip-rule-examples",
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]rules[\\/].*\.ts$/ }, async (args) => {
      const { readFile } = await import("node:fs/promises");
      const source = await readFile(args.path, "utf8");
      return { contents: stripExamples(source, args.path), loader: "ts" };
    });
  },
};
