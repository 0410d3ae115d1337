// Codex's apply_patch envelope: "*** Begin Patch", file sections (Add / Update [+ Move to] / Delete),
// "*** End Patch". Parsed into the files it touches and the text it would put there, so file rules
// treat a Codex patch like Claude's Write and Edit.

interface PatchFile {
  op: "add" | "update" | "delete";
  path: string;
  moveTo?: string;
  /** Add File: the whole new content. */
  content?: string;
  /** The lines the patch adds ("+" lines), joined with newlines. */
  added: string;
  /** The lines the patch removes ("-" lines). */
  removed: string;
}

export interface ParsedPatch {
  files: PatchFile[];
  /** Empty when the patch is well formed. */
  problems: string[];
}

const HEADER = /^\*\*\* (Add File|Update File|Delete File): (.+)$/;

export function parseApplyPatch(text: string): ParsedPatch {
  const problems: string[] = [];
  const files: PatchFile[] = [];
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === "") i++;
  if (lines[i]?.trim() !== "*** Begin Patch") {
    return { files, problems: ["The patch does not start with '*** Begin Patch'."] };
  }
  i++;
  let current: (PatchFile & { addedLines: string[]; removedLines: string[] }) | undefined;
  let ended = false;
  const close = () => {
    if (!current) return;
    const { addedLines, removedLines, ...file } = current;
    file.added = addedLines.join("\n");
    file.removed = removedLines.join("\n");
    if (file.op === "add") file.content = addedLines.length ? `${file.added}\n` : "";
    files.push(file);
    current = undefined;
  };
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    // Only a line that starts with "*", or with what trim() removes (below "!" or outside ASCII), can be
    // a marker ("*** ...", possibly indented): the others are not trimmed nor matched. A 1 MiB patch has
    // ~12,000 lines and the hook runs this loop interpreted: a trim and a regex per line cost ~8 ms.
    const c = line.charCodeAt(0);
    const marker = c === 42 || c <= 32 || c >= 127;
    if (marker && line.trim() === "*** End Patch") {
      ended = true;
      break;
    }
    const h = marker ? HEADER.exec(line) : null;
    if (h) {
      close();
      const op = h[1] === "Add File" ? "add" : h[1] === "Update File" ? "update" : "delete";
      current = { op, path: h[2]!.trim(), added: "", removed: "", addedLines: [], removedLines: [] };
      continue;
    }
    if (!current) {
      if (line.trim() !== "") problems.push(`Line ${i + 1} of the patch is outside any file section.`);
      continue;
    }
    if (marker && line.startsWith("*** Move to: ")) {
      if (current.op !== "update") problems.push(`'*** Move to' on line ${i + 1} follows a ${current.op} section.`);
      current.moveTo = line.slice("*** Move to: ".length).trim();
      continue;
    }
    if (line === "*** End of File") continue;
    if (current.op === "delete") {
      if (line.trim() !== "") problems.push(`Line ${i + 1} of the patch follows a Delete File section.`);
      continue;
    }
    if (current.op === "add") {
      if (c === 43) {
        // A run of "+" lines is taken at once: one join and one replace, not a slice and a push per line.
        let j = i + 1;
        while (j < lines.length && lines[j]!.charCodeAt(0) === 43) j++;
        current.addedLines.push(lines.slice(i, j).join("\n").slice(1).replaceAll("\n+", "\n"));
        i = j - 1;
      } else if (line !== "") problems.push(`Line ${i + 1} of an Add File section does not start with '+'.`);
      continue;
    }
    if (line.startsWith("@@") || line.startsWith(" ") || line === "") continue;
    if (line.startsWith("+")) current.addedLines.push(line.slice(1));
    else if (line.startsWith("-")) current.removedLines.push(line.slice(1));
    else problems.push(`Line ${i + 1} of the patch is not a context, '+' or '-' line.`);
  }
  close();
  if (!ended) problems.push("The patch does not end with '*** End Patch'.");
  if (files.length === 0 && problems.length === 0) problems.push("The patch changes no file.");
  return { files, problems };
}
