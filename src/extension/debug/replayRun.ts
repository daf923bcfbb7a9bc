// What the extension knows about the current (or last) durable-replay session: its operations, divergences and the
// operation it is paused at. Kept after the session ends, until the next session starts or the user clears it.
import * as vscode from "vscode";
import type { DivergenceEventBody, TimelineEventBody } from "../../protocol/dap";
import type { Divergence, OperationRecord, ReplayStatus } from "../../protocol/operations";
import type { DivergenceLookup } from "../marks/operationMarks";

/** What one change of the run touched, so each view redraws only what it must. */
export interface RunChange {
  /** Seqs of records seen for the first time. */
  readonly added: readonly number[];
  /** Seqs of records that replaced an earlier version of themselves (a state change). */
  readonly updated: readonly number[];
  /** Anything may differ: a new session, a clear, the final report. */
  readonly reset: boolean;
  readonly divergences: boolean;
}

const NOTHING: RunChange = { added: [], updated: [], reset: false, divergences: false };
const EVERYTHING: RunChange = { added: [], updated: [], reset: true, divergences: true };

export class ReplayRun implements DivergenceLookup {
  private readonly changed = new vscode.EventEmitter<RunChange>();
  /**
   * Fires whenever operations, divergences, the status or the paused operation change; a batch of records is one
   * change. Listeners coalesce their redraws.
   */
  readonly onDidChange = this.changed.event;
  private readonly records = new Map<number, OperationRecord>();
  /**
   * `records` in seq order, kept up to date record by record: records come mostly in seq order, and sorting all
   * 10,000 again for every batch would cost each batch the whole run.
   */
  private sorted: OperationRecord[] = [];
  private readonly divergencesByPath = new Map<string, Divergence>();
  private readonly messagesByPath = new Map<string, string>();
  /** Divergences known only from a stop (a sentence and the record), until the report's own arrive. */
  private readonly provisional = new Map<string, Divergence>();
  private allDivergences: Divergence[] = [];
  sessionId: string | undefined;
  status: ReplayStatus | undefined;
  /** Why the handler could not run at all, when it could not. */
  failure: string | undefined;
  pausedSeq: number | undefined;
  /** True while the session runs. */
  active = false;

  begin(sessionId: string): void {
    this.reset();
    this.sessionId = sessionId;
    this.active = true;
    this.changed.fire(EVERYTHING);
  }

  end(sessionId: string): void {
    if (sessionId !== this.sessionId) return;
    this.active = false;
    this.pausedSeq = undefined;
    this.changed.fire(NOTHING);
  }

  clear(): void {
    this.reset();
    this.sessionId = undefined;
    this.active = false;
    this.changed.fire(EVERYTHING);
  }

  private reset(): void {
    this.records.clear();
    this.sorted = [];
    this.divergencesByPath.clear();
    this.messagesByPath.clear();
    this.provisional.clear();
    this.allDivergences = [];
    this.status = undefined;
    this.failure = undefined;
    this.pausedSeq = undefined;
  }

  /** Takes in records in the order they happened (one `durable/operation`, or a `durable/operations` batch). */
  upsert(records: readonly OperationRecord[]): void {
    const added: number[] = [];
    const updated: number[] = [];
    for (const record of records) (this.put(record) ? updated : added).push(record.seq);
    this.changed.fire({ added, updated, reset: false, divergences: false });
  }

  addDivergence(body: DivergenceEventBody): void {
    if (body.divergence) this.addDivergences([body.divergence]);
    // A stop's description starts with the adapter's own "Divergence:" label; hints and Problems say it already.
    const message = body.message.replace(/^divergence:\s*/i, "");
    const path = body.record?.path ?? body.divergence?.path;
    if (path !== undefined) this.messagesByPath.set(path, message);
    const added: number[] = [];
    const updated: number[] = [];
    if (body.record) {
      (this.put(body.record) ? updated : added).push(body.record.seq);
      // The adapter stops at a divergence only for a mismatch at a recorded position (the SDK's own check).
      if (!body.divergence && body.record.callSite) {
        this.provisional.set(body.record.path, {
          kind: "mismatch",
          message,
          path: body.record.path,
          callSite: body.record.callSite,
        });
      }
    }
    this.changed.fire({ added, updated, reset: false, divergences: true });
  }

  finish(body: TimelineEventBody): void {
    this.status = body.status;
    this.failure = body.error;
    this.addDivergences(body.divergences);
    // Without batches the final list replaces what the events built up: it also holds the unreached operations.
    if (body.operations) {
      this.records.clear();
      this.sorted = [];
      for (const record of body.operations) this.put(record);
    }
    this.changed.fire(body.operations ? EVERYTHING : { ...NOTHING, divergences: true });
  }

  private addDivergences(divergences: Divergence[]): void {
    for (const divergence of divergences) {
      if (this.allDivergences.some((known) => known.message === divergence.message)) continue;
      this.allDivergences.push(divergence);
      if (divergence.path !== undefined && !this.divergencesByPath.has(divergence.path))
        this.divergencesByPath.set(divergence.path, divergence);
    }
  }

  setPaused(seq: number | undefined): void {
    if (seq === this.pausedSeq) return;
    this.pausedSeq = seq;
    this.changed.fire(NOTHING);
  }

  /** Stores a record in its place in seq order; true when it replaced an earlier version of itself. */
  private put(record: OperationRecord): boolean {
    const known = this.records.has(record.seq);
    this.records.set(record.seq, record);
    const sorted = this.sorted;
    if (sorted.length === 0 || sorted[sorted.length - 1].seq < record.seq) {
      sorted.push(record);
      return known;
    }
    // First index whose seq is not below the record's.
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle].seq < record.seq) low = middle + 1;
      else high = middle;
    }
    sorted.splice(low, known ? 1 : 0, record);
    return known;
  }

  /** Every record in seq order; a live array that changes with the run, so callers must not modify or keep it. */
  operations(): readonly OperationRecord[] {
    return this.sorted;
  }

  get(seq: number): OperationRecord | undefined {
    return this.records.get(seq);
  }

  divergences(): Divergence[] {
    return [
      ...this.allDivergences,
      ...[...this.provisional.values()].filter((d) => !this.divergencesByPath.has(d.path!)),
    ];
  }

  divergence(record: OperationRecord): Divergence | undefined {
    return this.divergencesByPath.get(record.path);
  }

  message(record: OperationRecord): string | undefined {
    return this.messagesByPath.get(record.path);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
