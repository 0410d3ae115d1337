// A human's answer to an escalation, kept as a decision of its own (event "escalation", as the CLI records
// one in the local audit trail), built by the same code: resolutionRecord() → an audit record → the OTLP
// span the exporter would send → the row the ingest would store.
import { buildRecord } from "../audit/record.js";
import { resolutionRecord } from "../escalation/step.js";
import { toOtlpRequest } from "../export/otlp.js";
import { ingestTraces } from "./otlp-ingest.js";
import type { Sql } from "./db/types.js";
import { insertDecisions } from "./store/decisions.js";
import type { ServerEscalation } from "./store/escalations.js";

export async function recordAnswer(sql: Sql, e: ServerEscalation): Promise<void> {
  const { call, decision } = resolutionRecord(e);
  const record = buildRecord(call, decision, 0, new Date(e.resolution?.at ?? Date.now()));
  const { rows } = ingestTraces(toOtlpRequest([record], []), e.machine.id);
  await insertDecisions(sql, rows);
}
