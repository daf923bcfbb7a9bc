// The rows of the timeline webview, computed here so the webview only draws: every operation in order, each child
// right after its parent (context, map, parallel) one level deeper, with a result preview and a duration bar placed
// on the span of the whole execution.
import type { OperationOutcome, OperationRecord, OperationState, ReplayStatus } from "../protocol/operations";
import { shownOutcome } from "./operationHints";
import { previewOutcome } from "./resultPreview";

export interface TimelineRow {
  seq: number;
  path: string;
  depth: number;
  label: string;
  /** `STEP`, `CONTEXT / Map`, ... */
  kind: string;
  state: OperationState;
  preview: string;
  /** Bar position and length in percent of the execution's span; absent without timestamps. */
  left?: number;
  width?: number;
  duration?: string;
  /** Whether clicking the row can open the call site. */
  navigable: boolean;
}

/** Everything the webview draws; posted whole, so the webview keeps no state of its own but the scroll position. */
export interface TimelineView {
  rows: TimelineRow[];
  pausedSeq?: number;
  status?: ReplayStatus;
  counts: Record<OperationState, number>;
}

function time(stamp: string | undefined): number | undefined {
  if (stamp === undefined) return undefined;
  const ms = Date.parse(stamp);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Start and end in epoch ms: the recorded timing, else the live one. */
function timing(record: OperationRecord): { start?: number; end?: number } {
  const pick = (get: (outcome: OperationOutcome) => string | undefined) =>
    time(record.recorded && get(record.recorded)) ?? time(record.live && get(record.live));
  return { start: pick((o) => o.startTimestamp), end: pick((o) => o.endTimestamp) };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** Parents before children, siblings in call order; a record whose parent is missing stays at the top level. */
function nestedOrder(records: readonly OperationRecord[]): Array<{ record: OperationRecord; depth: number }> {
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  const paths = new Set(sorted.map((record) => record.path));
  const children = new Map<string | undefined, OperationRecord[]>();
  for (const record of sorted) {
    const parent = record.parentPath !== undefined && paths.has(record.parentPath) && record.parentPath !== record.path ? record.parentPath : undefined;
    const list = children.get(parent) ?? [];
    list.push(record);
    children.set(parent, list);
  }
  const out: Array<{ record: OperationRecord; depth: number }> = [];
  // Iterative depth-first walk: 10,000 nested operations must not overflow the stack.
  const stack: Array<{ record: OperationRecord; depth: number }> = (children.get(undefined) ?? []).map((record) => ({ record, depth: 0 })).reverse();
  while (stack.length > 0) {
    const next = stack.pop()!;
    out.push(next);
    const below = children.get(next.record.path) ?? [];
    for (let i = below.length - 1; i >= 0; i--) stack.push({ record: below[i], depth: next.depth + 1 });
  }
  return out;
}

export function timelineView(
  records: readonly OperationRecord[],
  maxPreview: number,
  pausedSeq?: number,
  status?: ReplayStatus,
): TimelineView {
  const times = new Map(records.map((record) => [record.seq, timing(record)]));
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const { start, end } of times.values()) {
    for (const t of [start, end]) {
      if (t === undefined) continue;
      first = Math.min(first, t);
      last = Math.max(last, t);
    }
  }
  const span = Math.max(1, last - first);
  const counts: Record<OperationState, number> = { replayed: 0, live: 0, diverged: 0, unreached: 0 };
  const rows = nestedOrder(records).map(({ record, depth }): TimelineRow => {
    counts[record.state]++;
    const { start, end } = times.get(record.seq)!;
    const row: TimelineRow = {
      seq: record.seq,
      path: record.path,
      depth,
      label: record.name ?? record.type,
      kind: [record.type, record.subType].filter(Boolean).join(" / "),
      state: record.state,
      preview: previewOutcome(shownOutcome(record), maxPreview) ?? "",
      navigable: record.callSite !== undefined,
    };
    if (start !== undefined) {
      const stop = end ?? start;
      row.left = ((start - first) / span) * 100;
      // A zero-length operation still gets a visible sliver.
      row.width = Math.max(0.5, ((stop - start) / span) * 100);
      row.left = Math.min(row.left, 100 - row.width);
      if (end !== undefined) row.duration = formatDuration(end - start);
    }
    return row;
  });
  return { rows, pausedSeq, status, counts };
}
