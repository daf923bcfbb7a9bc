// When each operation ran, for the timeline: the production timing the log recorded (a replay serves a 10 s wait in
// a few milliseconds, which says nothing about the execution), and this session's own timing only for operations
// that ran live. Computed once here, carried on every record (`OperationRecord.timing`).
import type { OperationOutcome, OperationRecord, OperationTiming } from "../../protocol/operations";
import type { RecordedInvocation } from "../../protocol/replayLog";

function epochMs(stamp: string | undefined): number | undefined {
  if (stamp === undefined) return undefined;
  const ms = Date.parse(stamp);
  return Number.isFinite(ms) ? ms : undefined;
}

function outcomeTiming(outcome: OperationOutcome, source: OperationTiming["source"]): OperationTiming | undefined {
  const start = epochMs(outcome.startTimestamp);
  if (start === undefined) return undefined;
  let end = epochMs(outcome.endTimestamp);
  // A wait that succeeded lasted until it was due: a run that skipped time (AWS's testing library) records its end
  // at once, but the wait's scheduled end is what it stands for in production.
  const due = epochMs(outcome.scheduledEndTimestamp);
  if (source === "recorded" && outcome.status === "SUCCEEDED" && due !== undefined && (end === undefined || due > end))
    end = due;
  const timing: OperationTiming = { source, start: new Date(start).toISOString() };
  if (end !== undefined && end >= start) {
    timing.end = new Date(end).toISOString();
    timing.durationMs = end - start;
  }
  if (outcome.attempt !== undefined && outcome.attempt > 1) timing.attempts = outcome.attempt;
  return timing;
}

/**
 * Gives each record its timing as records stream in (the same record again when its state changes). A recorded call
 * belongs to the recorded invocation that was running when it started; the first call of each later invocation
 * carries the gap before it: how long the execution was suspended (a wait, a retry's delay, a callback). A replay
 * serves a finished wait at once, so its own invocations say nothing about the recorded ones.
 */
export class OperationTimings {
  /** Recorded invocation index → the seq of the first call seen in it. */
  private readonly firstOfInvocation = new Map<number, number>();
  private readonly ends: number[];

  constructor(private readonly invocations: readonly RecordedInvocation[] = []) {
    this.ends = invocations.map((invocation) => epochMs(invocation.endTimestamp) ?? Number.NaN);
  }

  /** Sets `record.timing` (or removes it when nothing says when the operation ran). */
  apply(record: OperationRecord): void {
    const outcome = record.state === "live" ? record.live : (record.recorded ?? record.live);
    const timing = outcome && outcomeTiming(outcome, outcome === record.recorded ? "recorded" : "live");
    if (!timing) {
      delete record.timing;
      return;
    }
    if (timing.source === "recorded") {
      const gap = this.gapBefore(record.seq, Date.parse(timing.start));
      if (gap !== undefined) timing.gapBeforeMs = gap;
    }
    record.timing = timing;
  }

  private gapBefore(seq: number, start: number): number | undefined {
    const index = this.invocationAt(start);
    if (index < 1) return undefined;
    const first = this.firstOfInvocation.get(index);
    if (first === undefined || seq < first) this.firstOfInvocation.set(index, seq);
    else if (first !== seq) return undefined;
    const before = this.ends[index - 1];
    // Without the invocation's own start, its first call bounds it.
    const after = epochMs(this.invocations[index].startTimestamp) ?? start;
    return Number.isFinite(before) && after >= before ? after - before : undefined;
  }

  /** The first invocation that had not ended when `start` came: the one the call ran in; -1 when none. */
  private invocationAt(start: number): number {
    let low = 0;
    let high = this.ends.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ends[middle] < start) low = middle + 1;
      else high = middle;
    }
    return low < this.ends.length ? low : -1;
  }
}
