// The fake durable-execution service: serves the recorded operations, accepts new checkpoints and completes timers
// at once (time is skipped). It is what the SDK's injected `durableExecutionClient` talks to.
import type { OperationUpdate, WireOperation } from "../../protocol/wire";

export interface CheckpointRequest {
  DurableExecutionArn?: string;
  CheckpointToken?: string;
  Updates?: OperationUpdate[];
}

export interface CheckpointResponse {
  CheckpointToken: string;
  NewExecutionState: { Operations: WireOperation[]; NextMarker?: string };
}

/**
 * Answers for callbacks and chained invokes, by operation name (or the enclosing waitForCallback's name), or by the
 * operation id, the only handle an unnamed one has (the pending hint names it by id). A map: names
 * such as `constructor` or `__proto__` are the user's, never an object's inherited members.
 */
export type ExternalAnswers = ReadonlyMap<string, string>;

export interface BackendListener {
  /** Called for every accepted update, after the operation changed. */
  onUpdate(update: OperationUpdate, operation: WireOperation): void;
}

const now = (): string => new Date().toISOString();

function detailsKey(type: string): keyof WireOperation {
  switch (type) {
    case "STEP":
      return "StepDetails";
    case "CONTEXT":
      return "ContextDetails";
    case "CALLBACK":
      return "CallbackDetails";
    case "CHAINED_INVOKE":
      return "ChainedInvokeDetails";
    case "WAIT":
      return "WaitDetails";
    default:
      return "ExecutionDetails";
  }
}

export class CheckpointBackend {
  private readonly operations = new Map<string, WireOperation>();
  /** Operations still STARTED or PENDING: the only ones time skipping or an answer can complete. */
  private readonly open = new Set<string>();
  /** Operations this backend has copied and may change. */
  private readonly owned = new Set<string>();
  private tokenSeq = 0;
  checkpointCalls = 0;
  /** Bumped on every change of state: an invocation that suspended after a change may be able to go on. */
  version = 0;
  /** Callbacks and invokes that are started and have no answer: the execution cannot go on without one. */
  readonly unanswered = new Map<string, string>();

  constructor(
    recorded: readonly WireOperation[],
    private readonly answers: ExternalAnswers,
    private readonly listener: BackendListener,
  ) {
    // Recorded operations are shared until the session changes one (see `own`): a 10,000-step log is not copied.
    for (const op of recorded) {
      this.operations.set(op.Id, op);
      this.trackOpen(op);
    }
  }

  /** All operations in start order, as the next invocation's `InitialExecutionState` needs them. */
  all(): WireOperation[] {
    return [...this.operations.values()];
  }

  nextToken(): string {
    return `durable-replay-${++this.tokenSeq}`;
  }

  async getExecutionState(): Promise<{ Operations: WireOperation[]; NextMarker?: string }> {
    // The whole state travels in InitialExecutionState; there are never more pages.
    return { Operations: [] };
  }

  async checkpoint(request: CheckpointRequest): Promise<CheckpointResponse> {
    this.checkpointCalls++;
    const changed = new Map<string, WireOperation>();
    for (const update of request.Updates ?? []) {
      const op = this.apply(update);
      changed.set(op.Id, op);
      this.listener.onUpdate(update, op);
    }
    // Empty updates are a poll; answering every poll with what is due keeps the SDK inside one invocation.
    for (const op of this.completeDue()) changed.set(op.Id, op);
    return {
      CheckpointToken: this.nextToken(),
      NewExecutionState: { Operations: [...changed.values()].map((op) => structuredClone(op)) },
    };
  }

  /**
   * Completes what time skipping and the known answers allow: waits end, retry delays elapse, callbacks and invokes
   * with an answer succeed. Returns the operations that changed.
   */
  completeDue(): WireOperation[] {
    const changed: WireOperation[] = [];
    const settle = (op: WireOperation, status: WireOperation["Status"]): void => {
      this.version++;
      op.Status = status;
      if (status !== "READY") op.EndTimestamp = now();
      this.open.delete(op.Id);
      changed.push(op);
      if (status === "SUCCEEDED") this.listener.onUpdate({ Id: op.Id, Type: op.Type, Action: "SUCCEED" }, op);
    };
    for (const id of this.open) {
      const op = this.own(id);
      if (op.Type === "WAIT" && op.Status === "STARTED") settle(op, "SUCCEEDED");
      else if (op.Type === "STEP" && op.Status === "PENDING") settle(op, "READY");
      else if ((op.Type === "CALLBACK" || op.Type === "CHAINED_INVOKE") && op.Status === "STARTED") {
        const answer = this.answerFor(op);
        if (answer === undefined) {
          this.unanswered.set(op.Id, this.displayName(op));
          continue;
        }
        this.unanswered.delete(op.Id);
        const key = detailsKey(op.Type);
        op[key] = { ...(op[key] as object), Result: answer };
        settle(op, "SUCCEEDED");
      }
    }
    return changed;
  }

  /** The names a user would give a callback: its own, then that of the waitForCallback around it, then its id. */
  private namesOf(op: WireOperation): string[] {
    const parent = op.ParentId ? this.operations.get(op.ParentId) : undefined;
    return [op.Name, parent?.Name, op.Id].filter((name): name is string => name !== undefined);
  }

  /** The name the user wrote: a waitForCallback's own name rather than the SDK's name for the callback inside it. */
  private displayName(op: WireOperation): string {
    const parent = op.ParentId ? this.operations.get(op.ParentId) : undefined;
    if (parent?.SubType === "WaitForCallback" && parent.Name !== undefined) return parent.Name;
    return this.namesOf(op)[0] ?? op.Id;
  }

  private answerFor(op: WireOperation): string | undefined {
    return this.namesOf(op)
      .map((name) => this.answers.get(name))
      .find((answer) => answer !== undefined);
  }

  private apply(update: OperationUpdate): WireOperation {
    this.version++;
    const existing = this.operations.has(update.Id) ? this.own(update.Id) : undefined;
    const key = detailsKey(update.Type);
    const op: WireOperation = existing ?? {
      Id: update.Id,
      Type: update.Type,
      Status: "STARTED",
      StartTimestamp: now(),
      ...(update.ParentId !== undefined ? { ParentId: update.ParentId } : {}),
      ...(update.Name !== undefined ? { Name: update.Name } : {}),
      ...(update.SubType !== undefined ? { SubType: update.SubType } : {}),
    };
    if (!existing) {
      this.operations.set(op.Id, op);
      this.owned.add(op.Id);
    }
    const details = { ...((op[key] as Record<string, unknown> | undefined) ?? {}) };
    switch (update.Action) {
      case "START":
        op.Status = "STARTED";
        if (update.Type === "STEP") details.Attempt = ((details.Attempt as number | undefined) ?? 0) + 1;
        // Time is skipped: the wait is already due, so the SDK's timer fires at once and its poll completes it.
        if (update.Type === "WAIT") details.ScheduledEndTimestamp = now();
        if (update.Type === "CALLBACK") details.CallbackId = `durable-replay-callback-${op.Id}`;
        if (update.Type === "CHAINED_INVOKE" && update.Payload !== undefined) details.Input = update.Payload;
        break;
      case "SUCCEED":
        op.Status = "SUCCEEDED";
        op.EndTimestamp = now();
        if (update.Payload !== undefined) details.Result = update.Payload;
        else delete details.Result;
        delete details.Error; // an earlier attempt's error is history once the step succeeds
        break;
      case "FAIL":
        op.Status = "FAILED";
        op.EndTimestamp = now();
        if (update.Error !== undefined) details.Error = update.Error;
        break;
      case "RETRY":
        op.Status = "PENDING";
        details.NextAttemptTimestamp = now();
        if (update.Payload !== undefined) details.Result = update.Payload;
        if (update.Error !== undefined) details.Error = update.Error;
        break;
      case "CANCEL":
        op.Status = "CANCELLED";
        op.EndTimestamp = now();
        break;
    }
    op[key] = details;
    this.trackOpen(op);
    return op;
  }

  private own(id: string): WireOperation {
    const op = this.operations.get(id)!;
    if (this.owned.has(id)) return op;
    const copy = structuredClone(op);
    this.operations.set(id, copy);
    this.owned.add(id);
    return copy;
  }

  private trackOpen(op: WireOperation): void {
    if (op.Status === "STARTED" || op.Status === "PENDING") this.open.add(op.Id);
    else this.open.delete(op.Id);
  }
}
