import type { ErrorObject, OperationType } from "./wire";

/**
 * replayed: served from the log, body not run;
 * live: ran for real in this session (the fake backend accepted a checkpoint for it);
 * diverged: the code no longer matches the log at this position;
 * unreached: in the log, but the code never got there.
 */
export type OperationState = "replayed" | "live" | "diverged" | "unreached";

/** How the editor and the debugger show a state: the after-line hint, the debug hover of a call. */
export const STATE_MARK: Readonly<Record<OperationState, string>> = {
  replayed: "↺ replayed",
  live: "▶ live",
  diverged: "✖ diverged",
  unreached: "○ unreached",
};

/** 1-based line and column in the user's source (TypeScript lines for TS handlers). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** The durable call as the code made it (or as the log recorded it). */
export interface OperationIdentity {
  type: OperationType;
  subType?: string;
  name?: string;
}

export interface OperationOutcome {
  status: string;
  /** Parsed result when the stored string is JSON, else the raw string. */
  result?: unknown;
  /** The serialized result string, exactly as stored or checkpointed. */
  resultRaw?: string;
  error?: ErrorObject;
  startTimestamp?: string;
  endTimestamp?: string;
  attempt?: number;
  /** A WAIT: when it was due to end (its `ScheduledEndTimestamp`). */
  scheduledEndTimestamp?: string;
}

/**
 * When an operation ran. `recorded`: in production, from the log, even when this session replayed it in a moment;
 * `live`: this session's own run of it (an operation the log does not hold).
 */
export interface OperationTiming {
  source: "recorded" | "live";
  /** ISO 8601 UTC. */
  start: string;
  /** ISO 8601 UTC; absent while it has not ended (a pending retry, a callback still waiting). */
  end?: string;
  /** `end - start`; a recorded wait that succeeded lasts at least until its scheduled end. */
  durationMs?: number;
  /** Attempts a step took, when more than one (retries and waitForCondition polls). */
  attempts?: number;
  /**
   * Set on the first call of a later invocation when the log gives both invocations' times: how long the execution
   * was suspended between the end of the invocation before and the start of this one.
   */
  gapBeforeMs?: number;
}

/** Every durable operation of a replay, in the order the code started them (then unreached ones). */
export interface OperationRecord {
  /** Position in call order, 0-based; stable identifier within one replay. */
  seq: number;
  /** Unhashed step path, e.g. `4-1-1`. */
  path: string;
  /** Hashed operation Id, as in the log. */
  id: string;
  parentId?: string;
  /** Path of the enclosing context operation, if any. */
  parentPath?: string;
  type: OperationType;
  subType?: string;
  name?: string;
  /** The DurableContext method the code called (`step`, `wait`, ...); absent for operations the SDK created itself. */
  method?: string;
  state: OperationState;
  /** Where the user's code called it; for SDK-internal children, the call site of the nearest user call. */
  callSite?: SourceLocation;
  recorded?: OperationOutcome;
  live?: OperationOutcome;
  attempt?: number;
  /** 0-based invocation of this session in which the call was made. */
  invocation?: number;
  /** When it ran: recorded (production) timing for operations from the log, this session's own for live ones. */
  timing?: OperationTiming;
}

/**
 * A durable call the user's code made in this replay: the SDK's own children (no `method`) and log entries the code
 * never reached are not. What marks, the paused operation and stepping back count as operations.
 */
export function isUserCall(record: OperationRecord): boolean {
  return record.method !== undefined && record.state !== "unreached";
}

export type DivergenceKind =
  /** The SDK's NonDeterministicExecutionError: type, name or subtype differ at a recorded position. */
  | "mismatch"
  /** A recorded operation the code never reached although the execution finished. */
  | "unreached"
  /** A new operation where the log still had entries, or after a recorded execution had finished. */
  | "unexpected-operation"
  /** The execution finished with a result different from the recorded one. */
  | "result-mismatch";

/** One differing value of a result-mismatch: its JSON path and both values (a side is absent when it has no such field). */
export interface ResultDifference {
  /** `$` is the whole result; `$.elapsedMs`, `$.items[2].sku`. */
  path: string;
  recorded?: unknown;
  attempted?: unknown;
}

export interface Divergence {
  kind: DivergenceKind;
  /**
   * `error`: replaying an in-flight execution would fail or take another path. `warning`: a result-mismatch (positions
   * still match; code after the last durable operation runs once in production), unless the replay is strict about
   * results. Every report fills it in; a divergence announced at a stop, before the report, is an error.
   */
  severity?: "error" | "warning";
  /** One sentence for people. */
  message: string;
  path?: string;
  /** For mismatch: which attribute differs first (`type`, `name`, `subtype`). */
  attribute?: "type" | "name" | "subtype";
  recorded?: Partial<OperationIdentity> & { result?: string };
  attempted?: Partial<OperationIdentity> & { result?: string };
  /** For result-mismatch: the differing fields of the two results (when both are JSON). */
  diff?: ResultDifference[];
  /** For result-mismatch: the handler's `return` after its last durable call (or the handler file when unknown). */
  callSite?: SourceLocation;
}

export interface InvocationSummary {
  index: number;
  status: "SUCCEEDED" | "FAILED" | "PENDING" | "CRASHED" | "STOPPED";
  /** Operations sent to the handler in this invocation (EXECUTION included). */
  inputOperations: number;
  checkpoints: number;
  durationMs: number;
}

/**
 * SUCCEEDED / FAILED: the handler's final status.
 * PENDING: the execution waits for something the session cannot answer (a callback without a value).
 * STOPPED: stopped at the end of the log (`onLogEnd: stop`); `frontier` says where.
 * CRASHED: the handler process died or threw outside the SDK.
 */
export type ReplayStatus = "SUCCEEDED" | "FAILED" | "PENDING" | "STOPPED" | "CRASHED";

export interface ReplayReport {
  status: ReplayStatus;
  result?: unknown;
  error?: ErrorObject;
  operations: OperationRecord[];
  divergences: Divergence[];
  invocations: InvocationSummary[];
  /** The first operation the log does not contain, when the session stopped there. */
  frontier?: OperationRecord;
  /** Why the execution is PENDING, in one sentence (e.g. which callback needs a value). */
  pendingReason?: string;
  /** The callbacks or invokes a PENDING execution waits for, by name (answer them to run on). */
  waitingFor?: string[];
  warnings: string[];
}
