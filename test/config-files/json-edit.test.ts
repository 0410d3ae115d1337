import { describe, expect, it } from "vitest";
import { JsonEditor, parseJsonDocument } from "../../src/config-files/json-edit.js";
import { SetupError } from "../../src/config-files/errors.js";

const doc = (text: string, allowComments = true) => parseJsonDocument("/x/settings.json", text, { allowComments });

describe("JSON editing keeps every other byte", () => {
  it("appends to a multi-line array and removing it gives the original bytes back", () => {
    const text = `{\n    // mine\n    "a": [\n        {"x": 1}\n    ],\n    "b": true\n}\n`;
    const ed = new JsonEditor(doc(text));
    ed.appendElement(["a"], { y: [1, 2] });
    expect(ed.text).toBe(
      `{\n    // mine\n    "a": [\n        {"x": 1},\n        {\n            "y": [\n                1,\n                2\n            ]\n        }\n    ],\n    "b": true\n}\n`,
    );
    const back = new JsonEditor(doc(ed.text));
    back.removeElement(["a"], 1);
    expect(back.text).toBe(text);
  });

  it("adds a key to an empty object and removes it again", () => {
    const ed = new JsonEditor(doc("{}\n"));
    ed.addProperty([], "hooks", { E: [] });
    expect(ed.text).toBe('{\n  "hooks": {\n    "E": []\n  }\n}\n');
    ed.removeProperty([], "hooks");
    expect(ed.text).toBe("{}\n");
  });

  it("keeps a one-line container on one line", () => {
    const ed = new JsonEditor(doc('{"a": [1, 2], "b": {"c": 1}}'));
    ed.appendElement(["a"], 3);
    ed.addProperty(["b"], "d", { e: 1 });
    expect(ed.text).toBe('{"a": [1, 2, 3], "b": {"c": 1, "d": {"e":1}}}');
  });

  it("removes the first, middle and last elements cleanly", () => {
    const text = "[\n  1,\n  2,\n  3\n]\n";
    const first = new JsonEditor(doc(`{"a": ${text}}`));
    first.removeElement(["a"], 0);
    expect(first.text).toBe('{"a": [\n  2,\n  3\n]\n}');
    const last = new JsonEditor(doc(`{"a": ${text}}`));
    last.removeElement(["a"], 2);
    expect(last.text).toBe('{"a": [\n  1,\n  2\n]\n}');
  });

  it("uses the file's tabs and CRLF", () => {
    const ed = new JsonEditor(doc('{\r\n\t"a": 1\r\n}\r\n'));
    ed.addProperty([], "b", { c: 2 });
    expect(ed.text).toBe('{\r\n\t"a": 1,\r\n\t"b": {\r\n\t\t"c": 2\r\n\t}\r\n}\r\n');
  });

  it("names the file, line and column of a syntax error", () => {
    expect(() => doc('{\n  "a": 1,\n  "b" 2\n}')).toThrow(SetupError);
    expect(() => doc('{\n  "a": 1,\n  "b" 2\n}')).toThrow(
      /settings\.json:3:7: the file is not valid JSON \(colon expected\)/,
    );
    expect(() => doc('{\n  // c\n  "a": 1\n}', false)).toThrow(
      /settings\.json:2:3: the file is not valid JSON \(a comment: the agent ignores a file with comments, hooks included\)/,
    );
  });

  it("treats an empty file as an empty object", () => {
    const ed = new JsonEditor(doc(""));
    ed.addProperty([], "a", 1);
    expect(ed.text).toBe('{\n  "a": 1\n}\n');
  });
});
