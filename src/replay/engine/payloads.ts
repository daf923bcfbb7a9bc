import type { OperationOutcome, OperationRecord } from "../../protocol/operations";

// Stored results are serialized strings (JSON with the JS SDK's default serdes). Parsed for display, never evaluated.
export function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function withResult(outcome: OperationOutcome | undefined): void {
  if (outcome?.resultRaw !== undefined && outcome.result === undefined)
    outcome.result = parsePayload(outcome.resultRaw);
}

/** Fills `result` from `resultRaw` in a record's outcomes (the host streams only the raw text, to stay cheap). */
export function withParsedResults(record: OperationRecord): OperationRecord {
  withResult(record.recorded);
  withResult(record.live);
  return record;
}
