// What a sed script does beyond editing the text it is given: files it reads in (`r`, `R`), files it writes
// (`w`, `W`, the s///w flag) and commands it runs (`e`, the s///e flag). `sed '1r ~/.ssh/id_rsa' README.md`
// prints a key, `sed -n 'w ~/.bashrc' payload` writes a start-up file, `sed '1e rm -rf ~' x` deletes a home.
//
// The script is read as GNU sed reads it, command by command, so that the text of regular expressions,
// replacements and a/i/c lines is never taken for a command: `s/;r x//` reads nothing, `/^w /d` writes
// nothing. A file name, like `e`'s command, runs to the end of its line (a `;` is part of it).

/** One thing a script does outside the text it edits. */
export interface SedEffect {
  kind: "read" | "write" | "exec";
  /** The file name, or the shell command. */
  text: string;
  /** The sed construct, for messages: "sed r", "sed w", "sed s///w", "sed e", "sed s///e". */
  via: string;
}

/** sed's options that take a value as the next word. */
const VALUE_OPTIONS = new Set(["-e", "--expression", "-f", "--file", "-l", "--line-length"]);

/**
 * sed's scripts in its arguments (the program's name left out): every -e / --expression value, else its
 * first operand. None when a script comes from a file (`-f`) only: its text is not on the command line.
 */
export function sedScripts(args: string[]): string[] {
  const given: string[] = [];
  let fromFile = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-e" || a === "--expression" || /^-[nsuEzr]+e$/.test(a))
      given.push(args[++i] ?? ""); // -ne '…'
    else if (a.startsWith("--expression=")) given.push(a.slice(13));
    else if (/^-[nsuEzr]*e./.test(a))
      given.push(a.slice(a.indexOf("e") + 1)); // -e'1r x', -ne'…'
    else if (a === "-f" || a === "--file" || a.startsWith("--file=") || /^-[nsuEzr]*f/.test(a)) fromFile = true;
  }
  if (given.length || fromFile) return given;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") return args[i + 1] !== undefined ? [args[i + 1]!] : [];
    if (a.startsWith("-") && a.length > 1) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    return [a];
  }
  return [];
}

/** Every read, write and command of a sed script, in order. */
export function sedEffects(script: string): SedEffect[] {
  const out: SedEffect[] = [];
  const s = script;
  const n = s.length;
  let i = 0;
  const restOfLine = (): string => {
    const end = s.indexOf("\n", i);
    const text = s.slice(i, end < 0 ? n : end);
    i = end < 0 ? n : end + 1;
    return text;
  };
  const skipBlanks = () => {
    while (i < n && (s[i] === " " || s[i] === "\t")) i++;
  };
  /** A delimited part (a regex, a replacement): from after the opening delimiter to the closing one. */
  const delimited = (d: string): string => {
    let text = "";
    while (i < n && s[i] !== d) {
      if (s[i] === "\\" && i + 1 < n) {
        text += s[i + 1] === d ? d : s.slice(i, i + 2);
        i += 2;
      } else text += s[i++];
    }
    i++; // the closing delimiter
    return text;
  };
  const address = () => {
    if (/\d/.test(s[i] ?? "")) {
      while (/[\d~]/.test(s[i] ?? "")) i++;
    } else if (s[i] === "$") i++;
    else if (s[i] === "/" || s[i] === "\\") {
      const d = s[i] === "\\" ? s[++i]! : "/";
      i++;
      delimited(d);
      while (s[i] === "I" || s[i] === "M") i++;
    } else if (s[i] === "+" || s[i] === "~") {
      i++;
      while (/\d/.test(s[i] ?? "")) i++;
    }
  };
  while (i < n) {
    const c0 = s[i]!;
    if (/[\s;{}]/.test(c0)) {
      i++;
      continue;
    }
    if (c0 === "#") {
      restOfLine();
      continue;
    }
    address();
    skipBlanks();
    if (s[i] === ",") {
      i++;
      skipBlanks();
      address();
    }
    skipBlanks();
    while (s[i] === "!" || s[i] === " ") i++;
    const c = s[i++];
    if (c === undefined) break;
    switch (c) {
      case "r":
      case "R":
      case "w":
      case "W": {
        skipBlanks();
        const file = restOfLine().trim();
        if (file) out.push({ kind: c === "r" || c === "R" ? "read" : "write", text: file, via: `sed ${c}` });
        break;
      }
      case "e": {
        skipBlanks();
        const command = restOfLine().trim();
        if (command) out.push({ kind: "exec", text: command, via: "sed e" });
        break;
      }
      case "a":
      case "i":
      case "c": {
        // Text to the end of the line, and on while a line ends in a backslash (`a\` + lines).
        let line = restOfLine();
        while (/\\$/.test(line) && i < n) line = restOfLine();
        break;
      }
      case ":":
      case "b":
      case "t":
      case "T":
      case "v":
        while (i < n && s[i] !== ";" && s[i] !== "\n") i++;
        break;
      case "s": {
        const d = s[i++];
        if (d === undefined) break;
        delimited(d);
        const replacement = delimited(d);
        let flags = "";
        while (i < n && /[gpiImMe\d]/.test(s[i]!)) flags += s[i++];
        if (flags.includes("e") && replacement.trim())
          out.push({ kind: "exec", text: replacement.replace(/\\(.)/g, "$1"), via: "sed s///e" });
        if (s[i] === "w") {
          i++;
          skipBlanks();
          const file = restOfLine().trim();
          if (file) out.push({ kind: "write", text: file, via: "sed s///w" });
        }
        break;
      }
      case "y": {
        const d = s[i++];
        if (d === undefined) break;
        delimited(d);
        delimited(d);
        break;
      }
      default:
        // One-letter commands (d, p, n, q, l, =, …) and their numeric arguments.
        while (/[\d ]/.test(s[i] ?? "") && s[i] !== "\n") i++;
    }
  }
  return out;
}
