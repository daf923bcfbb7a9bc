import type { ErrorObject, WireOperation } from "./wire";

/** Every log format the readers understand (`--format` values). */
export const LOG_FORMATS = ["state", "history", "invocation", "testing-operations", "recording"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type SdkLanguage = "javascript" | "python" | "unknown";

/** How the recorded execution ended, when the log says so. */
export interface RecordedOutcome {
  status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED";
  /** Serialized result, exactly as the handler returned it (`DurableExecutionInvocationOutput.Result`). */
  result?: string;
  error?: ErrorObject;
}

/** One invocation of the recorded execution (a history's InvocationCompleted event): when Lambda ran the handler. */
export interface RecordedInvocation {
  /** ISO 8601 UTC; absent when the event does not say (AWS's Python testing library). */
  startTimestamp?: string;
  /** ISO 8601 UTC: the event's own time when its details do not say. */
  endTimestamp: string;
}

/**
 * One recorded execution, normalized from any log format. This is what the replay session consumes.
 * `execution` is the EXECUTION operation (the SDK needs it first, with the input as a JSON string);
 * `operations` holds every other operation in start order.
 */
export interface ReplayLog {
  format: LogFormat;
  /** Absolute path of the file the log came from. */
  file: string;
  language: SdkLanguage;
  sdkVersion?: string;
  durableExecutionArn: string;
  /** The user's event (parsed `InputPayload`). */
  input: unknown;
  execution: WireOperation;
  operations: WireOperation[];
  outcome?: RecordedOutcome;
  /** The recorded invocations in order, when the log lists them (histories do); the gaps between them are waits. */
  invocations?: RecordedInvocation[];
  /**
   * Operations the backend completed (a wait, a callback, an invoke) while the execution was suspended before its
   * last recorded invocation, when the log shows it (histories do): the first replayed invocation stands for that
   * one, so they are its `UpdatedOperationIds` (the Python SDK tells its plugins of them as updates, not replays).
   */
  updatedOperationIds?: string[];
  /** Things the user should know that did not stop reading (missing input, payloads not included, ...). */
  warnings: string[];
}

/** Our own recording format (`--record`), version 1. Described by `syntaxes/durable-replay-log.schema.json`. */
export interface RecordingFileV1 {
  format: "durable-replay-log";
  version: 1;
  language: SdkLanguage;
  sdkVersion?: string;
  createdAt: string;
  durableExecutionArn?: string;
  input: unknown;
  operations: WireOperation[];
  /** The last invocation's `UpdatedOperationIds` (see ReplayLog.updatedOperationIds). */
  updatedOperationIds?: string[];
  outcome?: RecordedOutcome;
  [extra: string]: unknown;
}

/** A log that could not be read: one sentence naming the file, the JSON path and what was expected. */
export class LogReadError extends Error {
  constructor(
    readonly file: string,
    readonly jsonPath: string | undefined,
    readonly detail: string,
  ) {
    super(jsonPath ? `${file}: ${jsonPath}: ${detail}` : `${file}: ${detail}`);
    this.name = "LogReadError";
  }
}
