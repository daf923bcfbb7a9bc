// Which line of which file gets which mark: one mark per source line that made durable calls.
import { resolve } from "node:path";
import { isUserCall, type Divergence, type OperationRecord, type OperationState } from "../../protocol/operations";
import { hintText } from "./operationHints";

export interface OperationMark {
  /** 1-based, as the editor shows it. */
  line: number;
  /** 1-based column of the call. */
  column: number;
  state: OperationState;
  text: string;
  /** The operation the hint and hover describe (the most telling one when the line ran several). */
  record: OperationRecord;
  /** Operations made from this line (a loop or a map calls one line many times). */
  count: number;
}

/** What explains a diverged record: the structured divergence at its path, or just the adapter's sentence. */
export interface DivergenceLookup {
  divergence(record: OperationRecord): Divergence | undefined;
  message(record: OperationRecord): string | undefined;
}

const RANK: Record<OperationState, number> = { unreached: 0, replayed: 1, live: 2, diverged: 3 };

export function marksForFile(
  records: Iterable<OperationRecord>,
  file: string,
  maxPreview: number,
  lookup: DivergenceLookup,
): OperationMark[] {
  const target = resolve(file);
  const byLine = new Map<number, OperationRecord[]>();
  for (const record of records) {
    // SDK-made children carry their parent's call site; only the user's own calls get a mark.
    if (!isUserCall(record) || !record.callSite) continue;
    if (resolve(record.callSite.file) !== target) continue;
    const list = byLine.get(record.callSite.line) ?? [];
    list.push(record);
    byLine.set(record.callSite.line, list);
  }
  const marks: OperationMark[] = [];
  for (const [line, list] of byLine) {
    const shown = list.reduce((a, b) =>
      RANK[b.state] > RANK[a.state] || (RANK[b.state] === RANK[a.state] && b.seq > a.seq) ? b : a,
    );
    const text = hintText(shown, maxPreview, lookup.divergence(shown), lookup.message(shown));
    marks.push({
      line,
      column: shown.callSite!.column,
      state: shown.state,
      text: list.length > 1 ? `${text} (×${list.length})` : text,
      record: shown,
      count: list.length,
    });
  }
  return marks.sort((a, b) => a.line - b.line);
}
