// Format-preserving edits of JSON (and JSON-with-comments) files: every byte outside the edited value stays
// as it was, so a user's layout, key order and comments survive, and an append followed by the matching
// removal gives back the original bytes. jsonc-parser supplies the syntax tree with offsets; the edits
// themselves are spliced here so that nothing around them is reformatted. jsonc-parser's own
// modify/applyEdits was tried in their place (2026-12): with formatting options it re-lays out the edited
// container (a one-line `"a": [1, 2]` becomes five lines, `{}` becomes `{\n}`), without them it writes every
// insertion on one line inside a multi-line file; either way uninstall no longer gives the user's file back
// byte for byte (test/config-files/json-edit.test.ts and the setup matrix check exactly that).
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser/lib/esm/main.js";
import { lineColumn, SetupError } from "./errors.js";

export interface JsonDocument {
  file: string;
  text: string;
  /** undefined when the file is empty (or only whitespace): treated as {}. */
  root: Node | undefined;
  value: unknown;
  eol: string;
  /** One level of indentation as the file uses it (two spaces when it cannot tell). */
  indentUnit: string;
}

export interface ParseJsonOptions {
  /**
   * Accept // and /* comments. The agents' files must be strict JSON: Claude Code 2.1.329 ignores a
   * settings.json with a comment (its hooks included), and Codex drops such a hooks.json.
   */
  allowComments: boolean;
}

function detectEol(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

function detectIndentUnit(text: string): string {
  const m = /\n([ \t]+)["{[\]}]/.exec(text);
  if (!m) return "  ";
  const ws = m[1]!;
  return ws.startsWith("\t") ? "\t" : ws.length >= 1 && ws.length <= 8 ? ws : "  ";
}

/** Parses a JSON file's text; a syntax error stops with the file, line and column. */
export function parseJsonDocument(file: string, text: string, opts: ParseJsonOptions): JsonDocument {
  const eol = detectEol(text);
  const indentUnit = detectIndentUnit(text);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") return { file, text, root: undefined, value: undefined, eol, indentUnit };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    allowTrailingComma: false,
    disallowComments: !opts.allowComments,
    allowEmptyContent: false,
  });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    const at = first ? lineColumn(text, first.offset) : { line: 1, column: 1 };
    const what = first ? describeJsonError(printParseErrorCode(first.error)) : "not valid JSON";
    throw new SetupError(
      `${file}:${at.line}:${at.column}: the file is not valid JSON (${what}), so staso changed nothing. Fix or move the file, then run the command again.`,
    );
  }
  return { file, text, root, value: getNodeValue(root), eol, indentUnit };
}

function describeJsonError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  if (code === "InvalidCommentToken") return "a comment: the agent ignores a file with comments, hooks included";
  return words;
}

// ---------------------------------------------------------------------------------------------------------
// splicing

function lineStartOf(text: string, offset: number): number {
  const i = text.lastIndexOf("\n", offset - 1);
  return i < 0 ? 0 : i + 1;
}

/** The whitespace at the start of the line holding `offset`. */
function lineIndentAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** True when only whitespace stands between the line start and `offset`. */
function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

function isSingleLine(text: string, node: Node): boolean {
  return !text.slice(node.offset, node.offset + node.length).includes("\n");
}

/** A value as JSON laid out like the file: multi-line with the file's indent unit, nested under `baseIndent`. */
function formatJsonValue(value: unknown, indentUnit: string, baseIndent: string, eol: string): string {
  return JSON.stringify(value, null, indentUnit)
    .split("\n")
    .join(eol + baseIndent);
}

function compactJson(value: unknown): string {
  return JSON.stringify(value);
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** Indentation of the children of a container node (object or array). */
function childIndent(doc: JsonDocument, text: string, container: Node): string {
  const first = container.children?.[0];
  if (first && startsLine(text, first.offset)) return lineIndentAt(text, first.offset);
  return lineIndentAt(text, container.offset) + doc.indentUnit;
}

function appendToContainer(
  doc: JsonDocument,
  text: string,
  container: Node,
  entryText: (indent: string, compact: boolean) => string,
): string {
  const children = container.children ?? [];
  const close = container.offset + container.length - 1; // the ] or }
  if (children.length === 0) {
    const outer = lineIndentAt(text, container.offset);
    const inner = outer + doc.indentUnit;
    return splice(text, container.offset + 1, close, doc.eol + inner + entryText(inner, false) + doc.eol + outer);
  }
  const last = children[children.length - 1]!;
  const end = last.offset + last.length;
  if (isSingleLine(text, container)) return splice(text, end, end, `, ${entryText("", true)}`);
  const indent = childIndent(doc, text, container);
  return splice(text, end, end, `,${doc.eol}${indent}${entryText(indent, false)}`);
}

function removeFromContainer(text: string, container: Node, index: number): string {
  const children = container.children ?? [];
  const child = children[index];
  if (!child) throw new Error(`internal: no child ${index} to remove`);
  if (children.length === 1) return splice(text, container.offset + 1, container.offset + container.length - 1, "");
  if (index < children.length - 1) return splice(text, child.offset, children[index + 1]!.offset, "");
  const prev = children[index - 1]!;
  return splice(text, prev.offset + prev.length, child.offset + child.length, "");
}

function reparse(doc: JsonDocument, text: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    allowTrailingComma: false,
    disallowComments: false,
    allowEmptyContent: false,
  });
  if (!root || errors.length > 0) throw new Error(`internal: an edit of ${doc.file} produced invalid JSON`);
  return root;
}

function nodeAt(root: Node, path: (string | number)[]): Node | undefined {
  let node: Node | undefined = root;
  for (const seg of path) {
    if (!node) return undefined;
    if (typeof seg === "number") {
      if (node.type !== "array") return undefined;
      node = node.children?.[seg];
    } else {
      if (node.type !== "object") return undefined;
      const prop: Node | undefined = node.children?.find((p) => p.children?.[0]?.value === seg);
      node = prop?.children?.[1];
    }
  }
  return node;
}

/**
 * A sequence of edits on one JSON document. Each edit re-reads the tree, so paths always refer to the
 * current text. `text` is the result.
 */
export class JsonEditor {
  text: string;
  private root: Node;

  constructor(private readonly doc: JsonDocument) {
    if (doc.root) {
      this.text = doc.text;
      this.root = doc.root;
    } else {
      // an empty file: start from an empty object (keeping a BOM or leading whitespace is not worth it)
      this.text = `{}${doc.eol}`;
      this.root = reparse(doc, this.text);
    }
  }

  private refresh(text: string): void {
    this.text = text;
    this.root = reparse(this.doc, text);
  }

  node(path: (string | number)[]): Node | undefined {
    return nodeAt(this.root, path);
  }

  private container(path: (string | number)[], type: "object" | "array"): Node {
    const n = this.node(path);
    if (!n || n.type !== type)
      throw new Error(`internal: ${JSON.stringify(path)} is not an ${type} in ${this.doc.file}`);
    return n;
  }

  /** Adds a key at the end of the object at `path` (the key must not exist). */
  addProperty(path: (string | number)[], key: string, value: unknown): void {
    const obj = this.container(path, "object");
    this.refresh(
      appendToContainer(
        this.doc,
        this.text,
        obj,
        (indent, compact) =>
          `${JSON.stringify(key)}: ${compact ? compactJson(value) : formatJsonValue(value, this.doc.indentUnit, indent, this.doc.eol)}`,
      ),
    );
  }

  removeProperty(path: (string | number)[], key: string): void {
    const obj = this.container(path, "object");
    const index = (obj.children ?? []).findIndex((p) => p.children?.[0]?.value === key);
    if (index < 0) return;
    this.refresh(removeFromContainer(this.text, obj, index));
  }

  /** Appends an element to the array at `path`. */
  appendElement(path: (string | number)[], value: unknown): void {
    const arr = this.container(path, "array");
    this.refresh(
      appendToContainer(this.doc, this.text, arr, (indent, compact) =>
        compact ? compactJson(value) : formatJsonValue(value, this.doc.indentUnit, indent, this.doc.eol),
      ),
    );
  }

  removeElement(path: (string | number)[], index: number): void {
    const arr = this.container(path, "array");
    this.refresh(removeFromContainer(this.text, arr, index));
  }

  /** Replaces the value at `path`, laid out like the value it replaces (one line stays one line). */
  replaceValue(path: (string | number)[], value: unknown): void {
    const n = this.node(path);
    if (!n) throw new Error(`internal: nothing at ${JSON.stringify(path)} in ${this.doc.file}`);
    const formatted = isSingleLine(this.text, n)
      ? compactJson(value)
      : formatJsonValue(value, this.doc.indentUnit, lineIndentAt(this.text, n.offset), this.doc.eol);
    this.refresh(splice(this.text, n.offset, n.offset + n.length, formatted));
  }

  /** The document's current value. */
  value(): unknown {
    return getNodeValue(this.root);
  }

  /** True when the document is an empty object with nothing else (no comments) in it. */
  isEmptyObject(): boolean {
    return (
      this.root.type === "object" && (this.root.children ?? []).length === 0 && /^\uFEFF?\s*\{\s*\}\s*$/.test(this.text)
    );
  }
}

/** Deep equality of JSON-like values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Compact JSON with keys sorted at every level; undefined members left out. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return JSON.stringify(value);
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
