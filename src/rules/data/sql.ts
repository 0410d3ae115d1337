// Reading SQL well enough to spot destructive statements: comments and string literals are removed
// first, so `INSERT INTO log VALUES ('DROP TABLE x')` is data, not a DROP. Linear, never throws.

/** Removes -- and block comments and replaces string literals with two quotes. */
function stripSql(sql: string): string {
  let out = "";
  const n = sql.length;
  for (let i = 0; i < n; i++) {
    const c = sql[i]!;
    if (c === "-" && sql[i + 1] === "-") {
      while (i < n && sql[i] !== "\n") i++;
      out += " ";
      continue;
    }
    if (c === "#" && (i === 0 || /\s/.test(sql[i - 1]!))) {
      // MySQL comment
      while (i < n && sql[i] !== "\n") i++;
      out += " ";
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 1;
      out += " ";
      continue;
    }
    if (c === "'" || (c === "$" && sql[i + 1] === "$")) {
      const close = c === "'" ? "'" : "$$";
      let j = i + close.length;
      for (;;) {
        const k = sql.indexOf(close, j);
        if (k < 0) {
          j = n;
          break;
        }
        if (close === "'" && sql[k + 1] === "'") {
          j = k + 2;
          continue;
        }
        j = k + close.length;
        break;
      }
      out += "''";
      i = j - 1;
      continue;
    }
    out += c;
  }
  return out;
}

export interface SqlFinding {
  statement: string;
  what: string;
  severity: "block" | "escalate";
}

/** Destructive statements in a SQL text. */
export function destructiveSql(sql: string): SqlFinding[] {
  const out: SqlFinding[] = [];
  const stripped = stripSql(sql.length > 500_000 ? sql.slice(0, 500_000) : sql);
  for (const raw of stripped.split(";")) {
    // Regexes below scan one statement; very long ones are cut so scanning stays cheap.
    let s = (raw.length > 20_000 ? raw.slice(0, 20_000) : raw).replace(/\s+/g, " ").trim();
    if (!s) continue;
    const shown = s.length > 100 ? `${s.slice(0, 99)}…` : s;
    // A WHERE that holds for every row (WHERE 1=1, WHERE true) selects them all: it counts as none.
    s = s.replace(
      /\bWHERE\s+(?:\(\s*)?(?:1\s*=\s*1|true|1|''\s*=\s*''|0\s*=\s*0|1\s*<>\s*0)(?:\s*\))?\s*(?=$|;|\bRETURNING\b|\bLIMIT\b)/i,
      "",
    );
    let m: RegExpExecArray | null;
    if (
      (m =
        /\bDROP\s+(DATABASE|SCHEMA|TABLE|TABLESPACE|USER|ROLE|OWNED|COLLECTION|KEYSPACE|MATERIALIZED\s+VIEW|VIEW|INDEX|FUNCTION|TRIGGER|SEQUENCE|TYPE|EXTENSION)\b/i.exec(
          s,
        ))
    ) {
      const kind = m[1]!.toUpperCase();
      const severe = /^(DATABASE|SCHEMA|TABLE|TABLESPACE|OWNED|COLLECTION|KEYSPACE)$/.test(kind);
      out.push({ statement: shown, what: `DROP ${kind}`, severity: severe ? "block" : "escalate" });
      continue;
    }
    if (/\bTRUNCATE\b/i.test(s) && /^\s*(WITH\b.*?)?TRUNCATE\b/i.test(s)) {
      out.push({ statement: shown, what: "TRUNCATE", severity: "block" });
      continue;
    }
    if ((m = /\bDELETE\s+FROM\b/i.exec(s)) && !/\bWHERE\b/i.test(s.slice(m.index))) {
      out.push({ statement: shown, what: "DELETE without WHERE", severity: "block" });
      continue;
    }
    if (/^\s*DELETE\s+\w/i.test(s) && !/\bFROM\b/i.test(s) && !/\bWHERE\b/i.test(s)) {
      out.push({ statement: shown, what: "DELETE without WHERE", severity: "block" });
      continue;
    }
    if ((m = /(?:^|\s)UPDATE\s+\S+\s+SET\b/i.exec(s)) && !/\bWHERE\b/i.test(s.slice(m.index))) {
      out.push({ statement: shown, what: "UPDATE without WHERE", severity: "escalate" });
      continue;
    }
    if (/\bALTER\s+TABLE\b.*\bDROP\s+(COLUMN|CONSTRAINT|PARTITION)\b/i.test(s)) {
      out.push({ statement: shown, what: "ALTER TABLE … DROP", severity: "escalate" });
      continue;
    }
    if (/^\s*(DROPDB|FLUSHALL|FLUSHDB)\b/i.test(s))
      out.push({ statement: shown, what: s.split(" ")[0]!.toUpperCase(), severity: "block" });
  }
  return out;
}
