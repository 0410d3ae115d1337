// The one interface the server's storage speaks: parameterised SQL ($1, $2, …) against PostgreSQL, either
// embedded (PGlite: Postgres compiled to WASM, a folder under STASO_HOME, one process) or a real server
// (DATABASE_URL, any number of staso server instances). Both run the very same SQL, so every query is
// written once (src/server/store/) and the schema is one list of migrations (migrations.ts).
//
// Conventions that keep the two drivers' answers identical: JSON goes in as text with a ::text::jsonb cast
// (a bare ::jsonb makes the postgres driver encode the text a second time),
// times go in as ISO strings with ::timestamptz, counts and ids come out cast to int or text.
export interface Sql {
  readonly kind: "embedded" | "postgres";
  /** Where the data lives, for messages (a folder, or the URL without its password). */
  readonly describe: string;
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A database that could not be opened or reached: one sentence for the user. */
export class DatabaseError extends Error {}
