// The local escalation store: plain files under <data dir>/escalations, safe for any number of hooks and
// `staso escalations` commands at once, without locks.
//
//   escalations/                 0700
//     esc_<12 hex>/              one escalation. Its name is derived from (signature, generation), so
//                                creating it with mkdir is the exclusive claim of that generation: two
//                                hooks raising the same call at once get the same escalation.
//       request.json             the call, written once (temp file + rename)
//       resolution.json          the answer: approved, denied or timeout. Put in place with link(), which
//                                fails if it exists, so exactly one answer wins and it appears whole.
//       consumed.json            an approve-once approval used by one call, also by link(): exactly once.
//     signatures/<sha256>        the latest generation of a call (a hint; the directories are the truth)
//     tmp/                       temp files on their way to link() or rename()
//
// Files are 0600, directories 0700. Records are immutable once written; state only moves forward
// (pending → answered → consumed), so a reader never needs a lock.
import { createHash, randomBytes } from "node:crypto";
import {
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  closeSync,
} from "node:fs";
import { join } from "node:path";
import { coverage, resolutionFor } from "./coverage.js";
import {
  EscalationNotFound,
  type CreateResult,
  type Escalation,
  type EscalationRequest,
  type EscalationStore,
  type Resolution,
  type ResolveInput,
  type ResolveResult,
} from "./types.js";

export const ESCALATION_ID = /^esc_[0-9a-f]{12}$/;

/** A directory whose request.json has not appeared after this long was left by a process that died. */
const ABANDONED_MS = 5000;
/** How long a reader waits for a request.json that another process is writing. */
const SETTLE_MS = 2000;

const LINK_UNSUPPORTED = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"]);

type Stored = Omit<Escalation, "status" | "resolution" | "consumed">;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const errno = (err: unknown) => (err as NodeJS.ErrnoException)?.code;

export interface FileStoreOptions {
  /** Milliseconds since the epoch (tests move time forward). */
  now?: () => number;
  /**
   * Whether an answer found in the store carries proof that a human gave it (approval-key.ts). One that
   * does not is ignored (the escalation stays pending) and the next real answer replaces it: a file an
   * agent wrote into the store approves nothing. Default: no answer but a timeout counts.
   */
  verify?: (e: { id: string; signature: string }, r: Resolution) => boolean;
}

const onlyTimeouts = (_e: unknown, r: Resolution) => r.status === "timeout";

export class FileEscalationStore implements EscalationStore {
  private ready = false;
  private readonly now: () => number;
  private readonly verify: NonNullable<FileStoreOptions["verify"]>;

  constructor(
    readonly dir: string,
    o: FileStoreOptions = {},
  ) {
    this.now = o.now ?? Date.now;
    this.verify = o.verify ?? onlyTimeouts;
  }

  /** The escalation of generation `gen` of a call: the n-th time that call needed a human. */
  static idFor(signature: string, gen: number): string {
    return `esc_${createHash("sha256").update(`${signature}\n${gen}`).digest("hex").slice(0, 12)}`;
  }

  // ------------------------------------------------------------------------------------------ interface

  async create(req: EscalationRequest): Promise<CreateResult> {
    this.ensureDirs();
    const timedOut: Escalation[] = [];
    let gen = this.latestGeneration(req.signature);
    for (let attempt = 0; attempt < 1000; attempt++) {
      if (gen > 0) {
        const e = await this.settled(FileEscalationStore.idFor(req.signature, gen));
        if (e && e !== "abandoned" && e.signature === req.signature) {
          const found = await this.match(e, req, timedOut);
          if (found) return found;
        }
      }
      // Nothing answers this call: raise the next generation. mkdir is the claim; losing it means another
      // process raised it a moment ago, and the loop looks at theirs.
      const next = gen + 1;
      const id = FileEscalationStore.idFor(req.signature, next);
      try {
        mkdirSync(join(this.dir, id), { mode: 0o700 });
      } catch (err) {
        if (errno(err) === "EEXIST") {
          gen = next;
          continue;
        }
        throw err;
      }
      const now = this.now();
      const { expiresInSeconds, ...rest } = req;
      const stored: Stored = {
        v: 1,
        id,
        ...rest,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + expiresInSeconds * 1000).toISOString(),
      };
      this.replaceFile(join(this.dir, id, "request.json"), stored);
      this.writeHint(req.signature, next);
      return { escalation: { ...stored, status: "pending" }, created: true, timedOut };
    }
    throw new Error(`the escalation store in ${this.dir} kept changing under this call`);
  }

  async get(id: string): Promise<Escalation | undefined> {
    if (!ESCALATION_ID.test(id)) return undefined;
    const e = await this.settled(id);
    return e === "abandoned" ? undefined : e;
  }

  async resolve(id: string, input: ResolveInput): Promise<ResolveResult> {
    const e = await this.get(id);
    if (!e) throw new EscalationNotFound(`there is no escalation ${id}`);
    if (e.status !== "pending") return { escalation: e, changed: false };
    if (input.status !== "timeout" && this.now() >= Date.parse(e.expiresAt)) {
      // Too late: the answer window closed. Mark it (once), so everyone sees the same end.
      const t = this.answer(e, { status: "timeout", by: "staso" });
      return { escalation: t.escalation, changed: false, timedOut: t.changed };
    }
    return this.answer(e, input);
  }

  async list(): Promise<Escalation[]> {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (err) {
      if (errno(err) === "ENOENT") return [];
      throw err;
    }
    const out: Escalation[] = [];
    for (const name of names) {
      if (!ESCALATION_ID.test(name)) continue;
      const e = this.load(name);
      if (e && e !== "creating") out.push(e);
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }

  // ------------------------------------------------------------------------------------------ beyond it

  /**
   * Removes escalations answered (or raised, if never answered) more than `olderThanMs` ago, and temp
   * files left by processes that died. The generation hints stay, so an id is never used twice.
   */
  prune(olderThanMs: number): string[] {
    const removed: string[] = [];
    const cutoff = this.now() - olderThanMs;
    for (const e of this.listSync()) {
      const last = Date.parse(e.resolution?.at ?? e.expiresAt);
      const covered = e.resolution?.until ? Date.parse(e.resolution.until) : 0;
      if (e.status !== "pending" && last < cutoff && covered < cutoff) {
        rmSync(join(this.dir, e.id), { recursive: true, force: true });
        removed.push(e.id);
      }
    }
    try {
      for (const f of readdirSync(join(this.dir, "tmp"))) {
        const p = join(this.dir, "tmp", f);
        try {
          if (statSync(p).mtimeMs < this.now() - 3600_000) unlinkSync(p);
        } catch {
          // gone already
        }
      }
    } catch {
      // no tmp dir yet
    }
    return removed;
  }

  private listSync(): Escalation[] {
    let names: string[] = [];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: Escalation[] = [];
    for (const n of names) {
      if (!ESCALATION_ID.test(n)) continue;
      const e = this.load(n);
      if (e && e !== "creating") out.push(e);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ internals

  /** What an existing escalation of the same call means for a new try of it; null: it no longer covers it. */
  private async match(e: Escalation, req: EscalationRequest, timedOut: Escalation[]): Promise<CreateResult | null> {
    const now = this.now();
    let c = coverage(e, now);
    if (c === "expired") {
      const t = this.answer(e, { status: "timeout", by: "staso" });
      if (t.changed) timedOut.push(t.escalation);
      e = t.escalation; // a human may have answered in the same instant: look at what won
      c = coverage(e, now);
    }
    if (c === "pending" || c === "denied" || c === "approved-window")
      return { escalation: e, created: false, timedOut };
    if (c !== "approved-once") return null;
    // Approve once: the first call to put consumed.json in place runs; any other raises a new escalation.
    const consumed = {
      at: new Date(now).toISOString(),
      host: req.host,
      ...(req.session ? { session: req.session } : {}),
      ...(req.toolUseId ? { toolUseId: req.toolUseId } : {}),
    };
    if (!this.writeOnce(join(this.dir, e.id, "consumed.json"), consumed)) return null;
    return { escalation: { ...e, consumed }, created: false, consumed: true, timedOut };
  }

  /** Writes the answer unless one is there; returns the escalation as it now stands. */
  private answer(e: Escalation, input: ResolveInput): ResolveResult {
    const unsigned = resolutionFor(e, input, this.now());
    const resolution: Resolution = input.prove ? { ...unsigned, proof: input.prove(unsigned, e) } : unsigned;
    const file = join(this.dir, e.id, "resolution.json");
    let changed = this.writeOnce(file, resolution);
    if (!changed && this.unproven(e, file)) {
      // What stands there is not a human's answer (nothing proves it): it gives way to this one.
      try {
        unlinkSync(file);
      } catch {
        // another answer replaced it first
      }
      changed = this.writeOnce(file, resolution);
    }
    const after = this.load(e.id);
    if (!after || after === "creating") throw new Error(`escalation ${e.id} disappeared while it was being answered`);
    return { escalation: after, changed };
  }

  /** The answer file at `file` does not count: it carries no valid proof. */
  private unproven(e: Escalation, file: string): boolean {
    const r = this.readJson<Resolution>(file);
    return r !== undefined && !this.verify(e, r);
  }

  /** The escalation, waiting out another process that is still writing it; "abandoned" when it never will. */
  private async settled(id: string): Promise<Escalation | "abandoned" | undefined> {
    const until = Date.now() + SETTLE_MS;
    for (;;) {
      const e = this.load(id);
      if (e !== "creating") return e;
      let age = 0;
      try {
        age = Date.now() - statSync(join(this.dir, id)).mtimeMs;
      } catch {
        return undefined;
      }
      if (age > ABANDONED_MS || Date.now() > until) return "abandoned";
      await sleep(10);
    }
  }

  /** One escalation from its files: undefined when there is none, "creating" while request.json is on its way. */
  private load(id: string): Escalation | "creating" | undefined {
    const d = join(this.dir, id);
    const req = this.readJson<Stored>(join(d, "request.json"));
    if (!req) {
      try {
        statSync(d);
        return "creating";
      } catch {
        return undefined;
      }
    }
    const found = this.readJson<Resolution>(join(d, "resolution.json"));
    // An answer counts only with proof that a human gave it (or when it is staso's own timeout).
    const resolution = found && this.verify(req, found) ? found : undefined;
    const consumed = this.readJson<Escalation["consumed"]>(join(d, "consumed.json"));
    return {
      ...req,
      status: resolution?.status ?? "pending",
      ...(resolution ? { resolution } : {}),
      ...(consumed ? { consumed } : {}),
    };
  }

  private readJson<T>(path: string): T | undefined {
    // Files appear whole (rename, link); only the open(O_EXCL) fallback can be seen half-written.
    for (let i = 0; ; i++) {
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch (err) {
        if (errno(err) === "ENOENT" || errno(err) === "ENOTDIR") return undefined;
        throw err;
      }
      try {
        return JSON.parse(text) as T;
      } catch (err) {
        if (i >= 50) throw new Error(`${path} is not valid JSON (${(err as Error).message})`);
        const t = Date.now() + 5;
        while (Date.now() < t) {
          // a writer is finishing the file
        }
      }
    }
  }

  /** Latest generation of a call: the hint, then forward while the next one exists. */
  private latestGeneration(signature: string): number {
    let gen = 0;
    try {
      const n = Number(readFileSync(join(this.dir, "signatures", signature), "utf8").trim());
      if (Number.isInteger(n) && n > 0) gen = n;
    } catch {
      // no hint: start from the first generation
    }
    while (this.exists(join(this.dir, FileEscalationStore.idFor(signature, gen + 1)))) gen++;
    return gen;
  }

  private writeHint(signature: string, gen: number): void {
    try {
      this.replaceText(join(this.dir, "signatures", signature), `${gen}\n`);
    } catch {
      // only a hint: the next reader walks the generations instead
    }
  }

  private exists(path: string): boolean {
    try {
      statSync(path);
      return true;
    } catch {
      return false;
    }
  }

  private ensureDirs(): void {
    if (this.ready) return;
    for (const d of [this.dir, join(this.dir, "tmp"), join(this.dir, "signatures")])
      mkdirSync(d, { recursive: true, mode: 0o700 });
    this.ready = true;
  }

  private tempFile(text: string): string {
    this.ensureDirs();
    const tmp = join(this.dir, "tmp", `${process.pid}-${randomBytes(6).toString("hex")}`);
    writeFileSync(tmp, text, { mode: 0o600, flag: "wx" });
    return tmp;
  }

  private replaceFile(path: string, value: unknown): void {
    this.replaceText(path, `${JSON.stringify(value, null, 2)}\n`);
  }

  private replaceText(path: string, text: string): void {
    const tmp = this.tempFile(text);
    try {
      renameSync(tmp, path);
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
      throw err;
    }
  }

  /** Puts a whole file at `path` unless one is there: true when this call's file is the one. */
  private writeOnce(path: string, value: unknown): boolean {
    const text = `${JSON.stringify(value, null, 2)}\n`;
    const tmp = this.tempFile(text);
    try {
      linkSync(tmp, path);
      return true;
    } catch (err) {
      if (errno(err) === "EEXIST") return false;
      if (!LINK_UNSUPPORTED.has(errno(err) ?? "")) throw err;
      return this.writeExclusive(path, text); // a file system without hard links
    } finally {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
  }

  private writeExclusive(path: string, text: string): boolean {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o600);
    } catch (err) {
      if (errno(err) === "EEXIST") return false;
      throw err;
    }
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return true;
  }
}
