import { LogReadError } from "../../protocol/replayLog";
import { childPath, describeValue } from "./jsonFields";

/**
 * Epoch numbers below this are seconds, above it milliseconds: 1e11 s is the year 5138 while 1e11 ms is 1973,
 * so no real execution time is ambiguous. The AWS CLI prints seconds (often with a fraction), JS tools print ms.
 */
const EPOCH_SECONDS_LIMIT = 1e11;

/** ISO text without a zone: AWS writes UTC, so it is read as UTC rather than the machine's local time. */
const ZONELESS_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** What `Date.prototype.toISOString` prints: already normalized, only checked to be a real date. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** ISO 8601 UTC text for a timestamp as the service, the CLI or the testing library write it; undefined if unreadable. */
export function isoTimestamp(value: unknown): string | undefined {
  if (typeof value === "string" && CANONICAL_ISO.test(value) && !Number.isNaN(Date.parse(value))) return value;
  let ms: number;
  if (typeof value === "number" && Number.isFinite(value)) {
    ms = Math.abs(value) < EPOCH_SECONDS_LIMIT ? value * 1000 : value;
  } else if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    ms = Date.parse(ZONELESS_ISO.test(value) ? `${value}Z` : value);
  } else {
    return undefined;
  }
  const date = new Date(Math.round(ms));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `key` is the field under `path`: the error path is built only when there is an error. */
export function readTimestamp(value: unknown, file: string, path: string, key: string): string {
  const iso = isoTimestamp(value);
  if (iso === undefined) {
    throw new LogReadError(
      file,
      childPath(path, key),
      `expected a timestamp (ISO 8601 text or epoch seconds/milliseconds), got ${describeValue(value)}`,
    );
  }
  return iso;
}
