// The Python SDK's default serdes stores values as tagged envelopes (`{"t":"m","v":{...}}`); people read plain JSON.
import type { OperationOutcome, OperationRecord } from "../../protocol/operations";
import { parsePayload } from "./payloads";

const SCALAR_TAGS = new Set(["s", "i", "f", "b", "B", "u", "d", "dt", "D"]);
const ALL_TAGS = new Set([...SCALAR_TAGS, "n", "t", "l", "m", "br"]);

function isEnvelope(value: object): value is { t: string; v: unknown } {
  const keys = Object.keys(value);
  const tag = (value as { t?: unknown }).t;
  return keys.length === 2 && "v" in value && typeof tag === "string" && ALL_TAGS.has(tag);
}

/**
 * Plain JSON for a value the Python SDK serialized: tags go, values stay (bytes stay base64, dates and decimals
 * strings, tuples lists). Primitives and lists of primitives are stored without an envelope and come back as they are.
 */
export function decodePythonEnvelope(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodePythonEnvelope);
  if (value === null || typeof value !== "object") return value;
  if (!isEnvelope(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decodePythonEnvelope(item)]));
  }
  const { t: tag, v: inner } = value;
  if (tag === "n") return null;
  if (SCALAR_TAGS.has(tag)) return inner;
  return decodePythonEnvelope(inner);
}

function withDecoded(outcome: OperationOutcome | undefined): void {
  if (outcome?.resultRaw !== undefined) outcome.result = decodePythonEnvelope(parsePayload(outcome.resultRaw));
}

/** Fills `result` from `resultRaw` in a Python record's outcomes, envelopes decoded (`resultRaw` keeps the text). */
export function withPythonResults(record: OperationRecord): OperationRecord {
  withDecoded(record.recorded);
  withDecoded(record.live);
  return record;
}
