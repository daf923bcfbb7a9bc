// What the extension knows about the current (or last) durable-replay session: its operations, divergences and the
// operation it is paused at. Kept after the session ends, until the next session starts or the user clears it.
import * as vscode from "vscode";
import type { DivergenceEventBody, TimelineEventBody } from "../protocol/dap";
import type { Divergence, OperationRecord, ReplayStatus } from "../protocol/operations";
import type { DivergenceLookup } from "./operationMarks";

export class ReplayRun implements DivergenceLookup {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (coalesced by the listeners) whenever operations, divergences or the paused operation change. */
  readonly onDidChange = this.changed.event;
  private readonly records = new Map<number, OperationRecord>();
  private readonly divergencesByPath = new Map<string, Divergence>();
  private readonly messagesByPath = new Map<string, string>();
  /** Divergences known only from a stop (a sentence and the record), until the report's own arrive. */
  private readonly provisional = new Map<string, Divergence>();
  private allDivergences: Divergence[] = [];
  sessionId: string | undefined;
  status: ReplayStatus | undefined;
  pausedSeq: number | undefined;
  /** True while the session runs. */
  active = false;

  begin(sessionId: string): void {
    this.reset();
    this.sessionId = sessionId;
    this.active = true;
    this.changed.fire();
  }

  end(sessionId: string): void {
    if (sessionId !== this.sessionId) return;
    this.active = false;
    this.pausedSeq = undefined;
    this.changed.fire();
  }

  clear(): void {
    this.reset();
    this.sessionId = undefined;
    this.active = false;
    this.changed.fire();
  }

  private reset(): void {
    this.records.clear();
    this.divergencesByPath.clear();
    this.messagesByPath.clear();
    this.provisional.clear();
    this.allDivergences = [];
    this.status = undefined;
    this.pausedSeq = undefined;
  }

  upsert(record: OperationRecord): void {
    this.records.set(record.seq, record);
    this.changed.fire();
  }

  addDivergence(body: DivergenceEventBody): void {
    if (body.divergence) this.addDivergences([body.divergence]);
    // A stop's description starts with the adapter's own "Divergence:" label; hints and Problems say it already.
    const message = body.message.replace(/^divergence:\s*/i, "");
    const path = body.record?.path ?? body.divergence?.path;
    if (path !== undefined) this.messagesByPath.set(path, message);
    if (body.record) {
      this.records.set(body.record.seq, body.record);
      // The adapter stops at a divergence only for a mismatch at a recorded position (the SDK's own check).
      if (!body.divergence && body.record.callSite) {
        this.provisional.set(body.record.path, { kind: "mismatch", message, path: body.record.path, callSite: body.record.callSite });
      }
    }
    this.changed.fire();
  }

  finish(body: TimelineEventBody): void {
    this.status = body.status;
    // The final list replaces what the events built up: it also holds the unreached operations.
    this.records.clear();
    for (const record of body.operations) this.records.set(record.seq, record);
    this.addDivergences(body.divergences);
    this.changed.fire();
  }

  private addDivergences(divergences: Divergence[]): void {
    for (const divergence of divergences) {
      if (this.allDivergences.some((known) => known.message === divergence.message)) continue;
      this.allDivergences.push(divergence);
      if (divergence.path !== undefined && !this.divergencesByPath.has(divergence.path)) this.divergencesByPath.set(divergence.path, divergence);
    }
  }

  setPaused(seq: number | undefined): void {
    if (seq === this.pausedSeq) return;
    this.pausedSeq = seq;
    this.changed.fire();
  }

  operations(): OperationRecord[] {
    return [...this.records.values()].sort((a, b) => a.seq - b.seq);
  }

  get(seq: number): OperationRecord | undefined {
    return this.records.get(seq);
  }

  divergences(): Divergence[] {
    return [...this.allDivergences, ...[...this.provisional.values()].filter((d) => !this.divergencesByPath.has(d.path!))];
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
