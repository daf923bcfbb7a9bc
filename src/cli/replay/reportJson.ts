// The report as `--json` prints it: JSON.stringify's two-space layout, made a slice of items at a time. A report
// of a million operations would otherwise be one string of several hundred MB, alive at once with the report.
import type { ReplayReport } from "../../protocol/operations";

/** Small enough that a piece stays in the young generation, where garbage costs nothing to collect. */
const ITEMS_PER_PIECE = 200;

/** The fields `--json` prints for a replay, in their order. */
export function jsonReport(report: ReplayReport): Record<string, unknown> {
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

/**
 * Pieces of `JSON.stringify(fields, null, 2)`: joined, exactly that text. Every top-level array (the operations, the
 * divergences: a million unreached operations are a million divergences) is made a slice of items at a time.
 */
export function* jsonPieces(fields: Record<string, unknown>): Generator<string> {
  const arrays = Object.keys(fields).filter((key) => Array.isArray(fields[key]) && (fields[key] as unknown[]).length);
  const emptied: Record<string, unknown> = { ...fields };
  for (const key of arrays) emptied[key] = [];
  const text = JSON.stringify(emptied, null, 2);
  let from = 0;
  for (const key of arrays) {
    // The layout's only raw line breaks are its own (strings escape theirs), and only top-level keys sit two spaces
    // in: this text occurs once, and the slots come in the order of the keys.
    const slot = `\n  ${JSON.stringify(key)}: [`;
    const at = text.indexOf(slot, from) + slot.length;
    yield text.slice(from, at);
    yield* itemPieces(fields[key] as unknown[]);
    from = at;
  }
  yield text.slice(from);
}

/** The items of a top-level array in the layout, between its brackets. */
function* itemPieces(items: unknown[]): Generator<string> {
  for (let start = 0; start < items.length; start += ITEMS_PER_PIECE) {
    // A slice laid out as a top-level array ("[\n  {…},\n  {…}\n]"), its items moved two spaces further in.
    const laid = JSON.stringify(items.slice(start, start + ITEMS_PER_PIECE), null, 2).slice(2, -2);
    yield `${start === 0 ? "\n" : ",\n"}  ${laid.replaceAll("\n", "\n  ")}`;
  }
  yield "\n  ";
}

/** Pieces of `JSON.stringify(items, null, 2)` for a list of reports (`check --json`), each made as jsonPieces makes it. */
export function* jsonListPieces(items: ReadonlyArray<Record<string, unknown>>): Generator<string> {
  if (items.length === 0) {
    yield "[]";
    return;
  }
  for (let k = 0; k < items.length; k++) {
    yield k === 0 ? "[\n  " : ",\n  ";
    // One level further in: every line break of the item's own layout gains two spaces.
    for (const piece of jsonPieces(items[k])) yield piece.replaceAll("\n", "\n  ");
  }
  yield "\n]";
}
