// How operation records reach the DAP client: one `durable/operation` event per record (the default, which other
// clients rely on), or, for a client that opts in with `operationEvents: "batched"`, `durable/operations` events with
// the records made in the last ~50 ms. An editor that relays each DAP message to its UI spends most of a
// 10,000-operation replay on the per-record events; VS Code also copies and serializes every message in the
// extension host, so a batch is capped and the next one waits for the next turn of the event loop.
import { Event } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { OPERATION_EVENT, OPERATIONS_EVENT, type OperationEventsMode, type OperationsEventBody } from "../protocol/dap";
import type { OperationRecord } from "../protocol/operations";

export const BATCH_INTERVAL_MS = 50;
/** Records per event: VS Code's extension host copies and serializes each message in one go (~0.05 ms a record). */
export const BATCH_SIZE = 250;
/** Between the batches of a burst: room for the extension host's other work (up to 25,000 records a second). */
const BURST_GAP_MS = 10;

export class OperationEvents {
  private pending: OperationRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Work that must follow the records waiting now, run once their last batch is out. */
  private afterSent: Array<() => void> = [];
  mode: OperationEventsMode = "each";

  constructor(private readonly send: (event: DebugProtocol.Event) => void) {}

  add(record: OperationRecord): void {
    if (this.mode === "each") {
      this.send(new Event(OPERATION_EVENT, record));
      return;
    }
    this.pending.push(record);
    this.timer ??= setTimeout(() => this.sendSome(), BATCH_INTERVAL_MS);
  }

  /** Sends the records still waiting for their batch at once; called before any event that must come after them. */
  flush(): void {
    while (this.pending.length > 0) this.sendBatch();
    this.sent();
  }

  /**
   * Runs `then` once every record waiting now has been sent, batch by batch with pauses in between:
   * the end of a fast replay finds thousands of records still waiting, and sending them at once would block.
   */
  whenSent(then: () => void): void {
    if (this.pending.length === 0 && this.afterSent.length === 0) return then();
    this.afterSent.push(then);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.sendSome(), 0);
  }

  /** One batch now, the next one a moment later. */
  private sendSome(): void {
    this.timer = undefined;
    this.sendBatch();
    if (this.pending.length > 0) this.timer = setTimeout(() => this.sendSome(), BURST_GAP_MS);
    else this.sent();
  }

  private sendBatch(): void {
    const body: OperationsEventBody = { operations: this.pending.splice(0, BATCH_SIZE) };
    if (body.operations.length > 0) this.send(new Event(OPERATIONS_EVENT, body));
  }

  private sent(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const afterSent = this.afterSent;
    this.afterSent = [];
    for (const then of afterSent) then();
  }
}
