// The rows of the timeline webview, computed here so the webview only draws: every operation in order, each child
// right after its parent (context, map, parallel) one level deeper, with a result preview and the times its duration
// bar spans. Posted whole when the webview opens, then as the rows that changed while records stream in.
import type {
  Divergence,
  OperationRecord,
  OperationState,
  OperationTiming,
  ReplayStatus,
} from "../../protocol/operations";
import { shownOutcome } from "../marks/operationHints";
import { previewOutcome } from "../marks/resultPreview";

export interface TimelineRow {
  seq: number;
  path: string;
  depth: number;
  label: string;
  /** `STEP`, `CONTEXT / Map`, ... */
  kind: string;
  state: OperationState;
  preview: string;
  /**
   * Start and end in epoch ms of the record's timing (recorded in production, or this session's own for a live
   * operation); absent without timestamps. The webview places the bar on the span of all rows, which grows as records
   * stream in, so rows already posted stay valid.
   */
  start?: number;
  end?: number;
  duration?: string;
  /** Whose clock `start`, `end` and `duration` are: the log's (production) or this session's (a live operation). */
  timing?: "recorded" | "live";
  /** `3 attempts`, for a step that was retried. */
  attempts?: string;
  /** `+10 s`: the execution was suspended this long before this call's invocation began (recorded). */
  gap?: string;
  /** The times in words, for the row's tooltip. */
  timingTitle?: string;
  /** Whether clicking the row can open the call site. */
  navigable: boolean;
}

/**
 * A divergence no operation row shows (a different final result, ...): a row of its own above the operations. The
 * index is its place in the run's divergences, to reveal its call site on a click.
 */
export interface TimelineFinding {
  index: number;
  severity: "error" | "warning";
  kind: string;
  message: string;
  navigable: boolean;
}

/** Every divergence that has no operation of its own to mark, in the order the replay found them. */
export function timelineFindings(divergences: readonly Divergence[]): TimelineFinding[] {
  const findings: TimelineFinding[] = [];
  divergences.forEach((divergence, index) => {
    if (divergence.path !== undefined) return;
    findings.push({
      index,
      severity: divergence.severity ?? "error",
      kind: divergence.kind,
      message: divergence.message,
      navigable: divergence.callSite !== undefined,
    });
  });
  return findings;
}

/** Everything the webview draws, posted whole when it opens and when the run is replaced or finishes. */
export interface TimelineView {
  rows: TimelineRow[];
  pausedSeq?: number;
  status?: ReplayStatus;
  counts: Record<OperationState, number>;
}

/**
 * What changed since the last post, while records stream in: rows to insert at their index in the new order (in
 * ascending index order, so inserting one after the other lands each where it belongs), and rows to replace at their
 * index in the new order. `total` is the number of rows after both.
 */
export interface TimelineUpdate {
  inserts: Array<[number, TimelineRow]>;
  updates: Array<[number, TimelineRow]>;
  total: number;
  pausedSeq?: number;
  status?: ReplayStatus;
  counts: Record<OperationState, number>;
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
    const parent =
      record.parentPath !== undefined && paths.has(record.parentPath) && record.parentPath !== record.path
        ? record.parentPath
        : undefined;
    const list = children.get(parent) ?? [];
    list.push(record);
    children.set(parent, list);
  }
  const out: Array<{ record: OperationRecord; depth: number }> = [];
  // Iterative depth-first walk: 10,000 nested operations must not overflow the stack.
  const stack: Array<{ record: OperationRecord; depth: number }> = (children.get(undefined) ?? [])
    .map((record) => ({ record, depth: 0 }))
    .reverse();
  while (stack.length > 0) {
    const next = stack.pop()!;
    out.push(next);
    const below = children.get(next.record.path) ?? [];
    for (let i = below.length - 1; i >= 0; i--) stack.push({ record: below[i], depth: next.depth + 1 });
  }
  return out;
}

function timelineRow(record: OperationRecord, depth: number, maxPreview: number): TimelineRow {
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
  const timing = record.timing;
  if (timing) {
    row.start = Date.parse(timing.start);
    row.end = timing.end === undefined ? row.start : Date.parse(timing.end);
    if (timing.durationMs !== undefined) row.duration = formatDuration(timing.durationMs);
    row.timing = timing.source;
    if (timing.attempts !== undefined) row.attempts = `${timing.attempts} attempts`;
    if (timing.gapBeforeMs !== undefined) row.gap = `+${formatDuration(timing.gapBeforeMs)}`;
    row.timingTitle = timingTitle(timing);
  }
  return row;
}

function timingTitle(timing: OperationTiming): string {
  const lines = [
    timing.source === "recorded"
      ? "Recorded in production (from the log):"
      : "Ran live in this replay (this session's own timing):",
    `start ${timing.start}`,
    timing.end === undefined ? "not ended" : `end ${timing.end}`,
  ];
  if (timing.durationMs !== undefined) lines.push(`duration ${formatDuration(timing.durationMs)}`);
  if (timing.attempts !== undefined) lines.push(`${timing.attempts} attempts (${timing.attempts - 1} retries)`);
  if (timing.gapBeforeMs !== undefined)
    lines.push(`suspended ${formatDuration(timing.gapBeforeMs)} between the invocation before and this one`);
  return lines.join("\n");
}

function stateCounts(records: readonly OperationRecord[]): Record<OperationState, number> {
  const counts: Record<OperationState, number> = { replayed: 0, live: 0, diverged: 0, unreached: 0 };
  for (const record of records) counts[record.state]++;
  return counts;
}

export function timelineView(
  records: readonly OperationRecord[],
  maxPreview: number,
  pausedSeq?: number,
  status?: ReplayStatus,
): TimelineView {
  const [whole] = timelineViewParts(records, maxPreview, Infinity, pausedSeq, status);
  return (whole as { view: TimelineView }).view;
}

/** A whole view cut into parts: the view with the first rows, then updates that append the rest in order. */
export type TimelinePart = { view: TimelineView } | { update: TimelineUpdate };

/**
 * The whole view in parts of `size` rows, each row built only when its part is taken: posting (and building) 10,000
 * rows at once would block the extension host for about 100 ms. The order is fixed when the first part is taken;
 * records that change meanwhile are posted as updates after the last part.
 */
export function* timelineViewParts(
  records: readonly OperationRecord[],
  maxPreview: number,
  size: number,
  pausedSeq?: number,
  status?: ReplayStatus,
): Generator<TimelinePart, void, undefined> {
  const order = nestedOrder(records);
  const counts = stateCounts(records);
  const rows = (from: number) =>
    order.slice(from, from + size).map(({ record, depth }) => timelineRow(record, depth, maxPreview));
  yield { view: { rows: rows(0), pausedSeq, status, counts } };
  for (let from = size; from < order.length; from += size) {
    const part = rows(from);
    yield {
      update: {
        inserts: part.map((row, i) => [from + i, row]),
        updates: [],
        total: from + part.length,
        pausedSeq,
        status,
        counts,
      },
    };
  }
}

/**
 * The rows that changed since a post that showed every record but `added`, with `updated` changed since; `records` in
 * seq order. Undefined when an added record is the parent of one posted before (it moves under it): then only a whole
 * view is right.
 */
export function timelineUpdate(
  records: readonly OperationRecord[],
  added: ReadonlySet<number>,
  updated: ReadonlySet<number>,
  maxPreview: number,
  pausedSeq?: number,
  status?: ReplayStatus,
): TimelineUpdate | undefined {
  const inserts: Array<[number, TimelineRow]> = [];
  const updates: Array<[number, TimelineRow]> = [];
  const tail = records.slice(records.length - added.size);
  const tailPaths = new Set(tail.map((record) => record.path));
  if (
    updated.size === 0 &&
    tail.every(
      (record) => added.has(record.seq) && (record.parentPath === undefined || tailPaths.has(record.parentPath)),
    )
  ) {
    // The common case while a replay streams: new calls after all the others, outside every context shown so far,
    // so their rows go below all rows, nested among themselves. A parent is called before its children, so none of
    // them is the parent of a row shown: all of this costs the new records only, not all 10,000 again.
    const start = records.length - tail.length;
    nestedOrder(tail).forEach(({ record, depth }, index) =>
      inserts.push([start + index, timelineRow(record, depth, maxPreview)]),
    );
    return { inserts, updates, total: records.length, pausedSeq, status, counts: stateCounts(records) };
  }
  const addedPaths = new Set<string>();
  for (const record of records) if (added.has(record.seq)) addedPaths.add(record.path);
  if (
    records.some(
      (record) => !added.has(record.seq) && record.parentPath !== undefined && addedPaths.has(record.parentPath),
    )
  )
    return undefined;
  if (added.size > 0 || updated.size > 0) {
    nestedOrder(records).forEach(({ record, depth }, index) => {
      if (added.has(record.seq)) inserts.push([index, timelineRow(record, depth, maxPreview)]);
      else if (updated.has(record.seq)) updates.push([index, timelineRow(record, depth, maxPreview)]);
    });
  }
  return { inserts, updates, total: records.length, pausedSeq, status, counts: stateCounts(records) };
}
