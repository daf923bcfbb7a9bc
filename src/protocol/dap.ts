// Custom DAP traffic of the `durable-replay` debug type, and the stop handshake between the replay host and the
// adapter over the inspector. Shared by the debug adapter, the replay host and the extension.
import type { Divergence, OperationRecord, ReplayStatus } from "./operations";

export const DEBUG_TYPE = "durable-replay";

/** Launch attributes of a `durable-replay` configuration (validated by the adapter). */
export interface DurableLaunchArguments {
  /** Handler module (.ts, .mts, .cts, .js, .mjs, .cjs), relative to `cwd`. */
  handler: string;
  /** Exported name of the wrapped handler; default `handler`. */
  export?: string;
  /** Recorded log file, relative to `cwd`. */
  log: string;
  /** What happens after the last recorded operation; default `pause`. */
  onLogEnd?: "pause" | "live" | "stop";
  /** Callback or invoke name -> JSON value of its result. */
  callbacks?: Record<string, unknown>;
  /** Overrides the execution input recorded in the log. */
  input?: unknown;
  stopOnEntry?: boolean;
  /** Globs of files whose frames are hidden and stepped over; SDK internals are always skipped. */
  skipFiles?: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Where to write a recording of the session when it ends. */
  record?: string;
  /** Let `record` replace an existing file that is not a recording. */
  recordForce?: boolean;
  /** A different final result is a divergence (error) instead of a warning; default false. */
  strictResult?: boolean;
  /**
   * How records reach the client: `each` (default) sends one `durable/operation` event per record; `batched` sends
   * `durable/operations` events that carry every record made since the previous one, a few times per second.
   */
  operationEvents?: OperationEventsMode;
  /** Python handlers (.py): the interpreter; default DURABLE_REPLAY_PYTHON, else `python3`. */
  python?: string;
  /** Python handlers: a folder holding the debugpy package, when the interpreter cannot import it. */
  debugpyPath?: string;
}

export type OperationEventsMode = "each" | "batched";

/** `durable/operation`: every OperationRecord as it happens (same `seq` again when its state changes). */
export const OPERATION_EVENT = "durable/operation";
export type OperationEventBody = OperationRecord;

/**
 * `durable/operations`: the records made since the previous batch, in the order they happened (with `operationEvents:
 * "batched"`). Every batch goes out before any `stopped`, `durable/divergence` or `durable/timeline` event that follows
 * the records in it.
 */
export const OPERATIONS_EVENT = "durable/operations";
export interface OperationsEventBody {
  operations: OperationRecord[];
}

/** `durable/divergence`: the code no longer matches the log. */
export const DIVERGENCE_EVENT = "durable/divergence";
export interface DivergenceEventBody {
  /** One sentence naming the position, the recorded operation and the attempted one. */
  message: string;
  record?: OperationRecord;
  divergence?: Divergence;
}

/** `durable/timeline`: all records once the replay has finished. */
export const TIMELINE_EVENT = "durable/timeline";
export interface TimelineEventBody {
  status: ReplayStatus;
  /**
   * Every record in its final version. Absent with `operationEvents: "batched"`: the `durable/operations` batches
   * before this event carried each record in its final version already (10,000 records again would block the client).
   */
  operations?: OperationRecord[];
  divergences: Divergence[];
  /** Why the handler could not run at all (status `CRASHED`, e.g. a module it imports is missing); one sentence. */
  error?: string;
}

/**
 * `durable/paused`: follows every `stopped` event (after the records made before the stop): the durable operation the
 * session is paused at, as the adapter knows it. At a durable stop (operation breakpoint, step to the next operation,
 * step back, divergence, end of the log) that is the call it stopped before; elsewhere it is the user's latest call
 * (see `isUserCall`). `seq` and the rest are absent before the code has made any call.
 */
export const PAUSED_EVENT = "durable/paused";
export interface PausedEventBody {
  threadId: number;
  /** The operation's `seq` in this session's records. */
  seq?: number;
  id?: string;
  name?: string;
}

/** `durable/stepOperation`: run to the next durable call in the user's code. */
export const STEP_OPERATION_REQUEST = "durable/stepOperation";
export interface StepOperationArguments {
  threadId?: number;
}

/** Name of the host function whose `debugger;` statement marks a durable stop (see `BreakEvent` in ./host). */
export const DURABLE_BREAK_FUNCTION = "durableReplayBreak";
