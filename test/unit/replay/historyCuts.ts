// The consistent cuts of a captured history, and what a replay of each must show. A cut is a prefix of the events that
// ends right after an operation's terminal event (or a retried step's failed attempt), leaves no step attempt
// mid-flight, and whose callbacks and invokes still to finish did not fail or time out in the full run (`--callback`
// gives a success; a failure or a timeout cannot be given that way).

export interface HistoryEvent {
  EventType: string;
  EventId: number;
  Id?: string;
  ParentId?: string;
  Name?: string;
  SubType?: string;
  [details: string]: unknown;
}

interface HistoryOp {
  id: string;
  kind: string;
  name?: string;
  parentId?: string;
  subType?: string;
}

export interface Cut {
  /** Number of events kept. */
  length: number;
  /** The event the cut ends after, for messages. */
  after: string;
  /** Operations finished within the cut, or inside a context that is: a replay serves them from the log. */
  finished: Set<string>;
  /** Step-body key → attempts the replay must run live (full run's attempts minus those within the cut). */
  liveRuns: Map<string, number>;
}

const OPERATION_EVENT =
  /^(Step|Wait|Context|Callback|ChainedInvoke)(Started|Succeeded|Failed|TimedOut|Stopped|Cancelled)$/;

/** A step event that ends an attempt but not the step: the SDK retries (or polls again) after a delay. */
function isRetry(event: HistoryEvent): boolean {
  const details = event[`${event.EventType}Details`] as { RetryDetails?: { NextAttemptDelaySeconds?: number } };
  return details?.RetryDetails?.NextAttemptDelaySeconds !== undefined;
}

const endsOperation = (event: HistoryEvent): boolean => {
  const match = OPERATION_EVENT.exec(event.EventType);
  return match !== null && match[2] !== "Started" && !isRetry(event);
};

const endsAttempt = (event: HistoryEvent): boolean => {
  const match = OPERATION_EVENT.exec(event.EventType);
  return match !== null && match[2] !== "Started";
};

export class CapturedHistory {
  readonly events: HistoryEvent[];
  readonly ops = new Map<string, HistoryOp>();

  constructor(events: HistoryEvent[]) {
    this.events = [...events].sort((a, b) => a.EventId - b.EventId);
    for (const event of this.events) {
      const match = OPERATION_EVENT.exec(event.EventType);
      if (!match || !event.Id || this.ops.has(event.Id)) continue;
      this.ops.set(event.Id, {
        id: event.Id,
        kind: match[1],
        name: event.Name,
        parentId: event.ParentId,
        subType: event.SubType,
      });
    }
  }

  /** The key a step body records its runs under (see shapes.ts). */
  stepKey(op: HistoryOp): string {
    if (op.name !== undefined) return op.name;
    const parent = op.parentId ? this.ops.get(op.parentId) : undefined;
    return parent?.subType === "WaitForCallback" ? `${parent.name}.submit` : "unnamed";
  }

  /** `--callback` answers: every callback and invoke that succeeded, by the name the replay looks it up by. */
  answers(): Record<string, string> {
    const answers: Record<string, string> = {};
    for (const event of this.events) {
      if (event.EventType !== "CallbackSucceeded" && event.EventType !== "ChainedInvokeSucceeded") continue;
      const op = this.ops.get(event.Id!)!;
      const name = op.name ?? (op.parentId ? this.ops.get(op.parentId)?.name : undefined);
      const payload = (event[`${event.EventType}Details`] as { Result?: { Payload?: string } }).Result?.Payload;
      if (name !== undefined && payload !== undefined) answers[name] = payload;
    }
    return answers;
  }

  /** The cut keeping the first `length` events. */
  cut(length: number): Cut {
    const finished = new Set<string>();
    const attemptsBefore = new Map<string, number>();
    const attemptsAll = new Map<string, number>();
    this.events.forEach((event, index) => {
      if (event.EventType !== "StepStarted") return;
      const key = this.stepKey(this.ops.get(event.Id!)!);
      attemptsAll.set(key, (attemptsAll.get(key) ?? 0) + 1);
      if (index < length) attemptsBefore.set(key, (attemptsBefore.get(key) ?? 0) + 1);
    });
    for (const event of this.events.slice(0, length)) if (endsOperation(event)) finished.add(event.Id!);
    // A finished context is served whole: what is inside it counts as finished, even what never ended (a callback
    // whose waitForCallback failed, a branch a parallel completed without).
    for (const id of this.ops.keys()) {
      for (let parent = this.ops.get(id)!.parentId; parent; parent = this.ops.get(parent)?.parentId) {
        if (finished.has(parent)) finished.add(id);
      }
    }
    const liveRuns = new Map<string, number>();
    for (const [key, all] of attemptsAll) {
      const live = all - (attemptsBefore.get(key) ?? 0);
      if (live > 0) liveRuns.set(key, live);
    }
    const last = this.events[length - 1];
    return { length, after: `#${last.EventId} ${last.EventType} ${last.Name ?? last.Id ?? ""}`, finished, liveRuns };
  }

  /** Every consistent cut, shortest first (the full history excluded). */
  consistentCuts(): Cut[] {
    const cuts: Cut[] = [];
    for (let length = 1; length < this.events.length; length++) {
      if (endsAttempt(this.events[length - 1]) && this.isConsistent(length)) cuts.push(this.cut(length));
    }
    return cuts;
  }

  private isConsistent(length: number): boolean {
    const lastEvent = new Map<string, HistoryEvent>();
    for (const event of this.events.slice(0, length)) if (event.Id) lastEvent.set(event.Id, event);
    for (const [id, event] of lastEvent) {
      if (this.ops.get(id)?.kind === "Step" && event.EventType === "StepStarted") return false;
    }
    // Callbacks and invokes the replay must finish live: only a success can be given (one that never finished needs
    // no answer).
    const finalEvent = new Map<string, HistoryEvent>();
    for (const event of this.events) if (event.Id) finalEvent.set(event.Id, event);
    for (const [id, op] of this.ops) {
      if (op.kind !== "Callback" && op.kind !== "ChainedInvoke") continue;
      const inCut = lastEvent.get(id);
      if (inCut && endsOperation(inCut)) continue;
      const final = finalEvent.get(id)!;
      if (endsOperation(final) && !final.EventType.endsWith("Succeeded")) return false;
    }
    return true;
  }
}
