// The report as `--json` prints it: JSON.stringify's two-space layout, made a slice of operations at a time. A report
// of a million operations would otherwise be one string of several hundred MB, alive at once with the report.
import type { ReplayReport } from "../../protocol/operations";

/** Small enough that a piece stays in the young generation, where garbage costs nothing to collect. */
const OPERATIONS_PER_PIECE = 200;

/** The fields `--json` prints for a replay, in their order. */
export function jsonReport(report: ReplayReport): { operations: unknown[] } & Record<string, unknown> {
  return {
    status: report.status,
    result: report.result,
    error: report.error,
    operations: report.operations,
    divergences: report.divergences,
    invocations: report.invocations,
    ...(report.frontier ? { frontier: report.frontier } : {}),
    ...(report.pendingReason ? { pendingReason: report.pendingReason } : {}),
    ...(report.waitingFor ? { waitingFor: report.waitingFor } : {}),
    warnings: report.warnings,
  };
}

/** Pieces of `JSON.stringify(fields, null, 2)`: joined, exactly that text; `fields.operations` is made piece by piece. */
export function* jsonPieces(fields: { operations: unknown[] }): Generator<string> {
  const { operations } = fields;
  // The layout's only raw line breaks are its own (strings escape theirs), and only top-level keys sit two spaces in:
  // this text occurs once.
  const slot = '\n  "operations": []';
  const text = JSON.stringify({ ...fields, operations: [] }, null, 2);
  const at = text.indexOf(slot);
  yield text.slice(0, at + slot.length - 1);
  if (operations.length > 0) {
    for (let start = 0; start < operations.length; start += OPERATIONS_PER_PIECE) {
      // A slice laid out as a top-level array ("[\n  {…},\n  {…}\n]"), its items moved two spaces further in.
      const items = JSON.stringify(operations.slice(start, start + OPERATIONS_PER_PIECE), null, 2).slice(2, -2);
      yield `${start === 0 ? "\n" : ",\n"}  ${items.replaceAll("\n", "\n  ")}`;
    }
    yield "\n  ";
  }
  yield text.slice(at + slot.length - 1);
}
