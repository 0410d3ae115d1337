// The escalation store of a machine connected to a Staso server: the same interface as the local file
// store, over the server's API with this machine's key. A key raises and reads its own machine's
// escalations and closes one whose deadline has come; it never answers one (people do, in the dashboard),
// so resolve() accepts only a timeout. Polling stays the hook's job (step.ts), every pollInterval.
import type { ServerConnection } from "../remote/connection.js";
import { serverRequest, ServerError } from "../remote/client.js";
import {
  EscalationNotFound,
  type CreateResult,
  type Escalation,
  type EscalationRequest,
  type EscalationStore,
  type ResolveInput,
  type ResolveResult,
} from "./types.js";

export class RemoteEscalationStore implements EscalationStore {
  constructor(
    readonly conn: ServerConnection,
    /** How long one request may take (the hook passes what its host's timeout leaves). */
    private readonly timeoutMs = 10_000,
  ) {}

  /** Where a human answers this escalation. */
  answerUrl(id: string): string {
    return `${this.conn.url}/escalations/${id}`;
  }

  async create(request: EscalationRequest): Promise<CreateResult> {
    const r = await serverRequest(this.conn, "/api/v1/escalations", {
      method: "POST",
      body: request,
      timeoutMs: this.timeoutMs,
    });
    return r.json as CreateResult;
  }

  async get(id: string): Promise<Escalation | undefined> {
    try {
      return (await serverRequest(this.conn, `/api/v1/escalations/${encodeURIComponent(id)}`)).json as Escalation;
    } catch (err) {
      if (err instanceof ServerError && err.status === 404) return undefined;
      throw err;
    }
  }

  async resolve(id: string, input: ResolveInput): Promise<ResolveResult> {
    if (input.status !== "timeout")
      throw new ServerError(`escalations on the Staso server are answered in its dashboard: ${this.answerUrl(id)}`);
    try {
      const r = await serverRequest(this.conn, `/api/v1/escalations/${encodeURIComponent(id)}/timeout`, {
        method: "POST",
      });
      return r.json as ResolveResult;
    } catch (err) {
      if (err instanceof ServerError && err.status === 404)
        throw new EscalationNotFound(`there is no escalation ${id}`);
      throw err;
    }
  }

  async list(): Promise<Escalation[]> {
    return (await serverRequest(this.conn, "/api/v1/escalations")).json as Escalation[];
  }
}
