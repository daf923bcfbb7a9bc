import { LogReadError, type RecordedInvocation, type RecordedOutcome } from "../../protocol/replayLog";
import type { ErrorObject, OperationStatus, OperationType, WireOperation } from "../../protocol/wire";
import {
  childPath,
  describeValue,
  expectArray,
  expectObject,
  optionalNumber,
  optionalObject,
  optionalString,
  type JsonObject,
} from "./jsonFields";
import { checkPayloadDepth } from "./jsonDepth";
import { isoTimestamp, readTimestamp } from "./timestamps";
import { readErrorObject } from "./wireOperation";

/** Operations rebuilt from a history, EXECUTION apart, in the order they first appear. */
export interface HistoryOperations {
  execution: WireOperation;
  /** JSON path of the input payload in the ExecutionStarted event. */
  executionInputPath: string;
  operations: WireOperation[];
  outcome?: RecordedOutcome;
  invocations: RecordedInvocation[];
  /** Operations the backend completed while the execution was suspended before its last recorded invocation. */
  updatedOperationIds: string[];
  warnings: string[];
}

const KIND_TYPES: Record<string, OperationType> = {
  Execution: "EXECUTION",
  Context: "CONTEXT",
  Step: "STEP",
  Wait: "WAIT",
  Callback: "CALLBACK",
  ChainedInvoke: "CHAINED_INVOKE",
};
const PHASE_STATUSES: Record<string, OperationStatus> = {
  Started: "STARTED",
  Succeeded: "SUCCEEDED",
  Failed: "FAILED",
  TimedOut: "TIMED_OUT",
  Stopped: "STOPPED",
  Cancelled: "CANCELLED",
};
const EVENT_TYPE =
  /^(Execution|Context|Step|Wait|Callback|ChainedInvoke)(Started|Succeeded|Failed|TimedOut|Stopped|Cancelled)$/;
const OUTCOME_STATUSES: ReadonlySet<string> = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"]);
/** Events the backend writes between invocations (a timer fired, an answer or another function's outcome came). */
const BACKEND_OUTCOMES: ReadonlySet<string> = new Set([
  "WaitSucceeded",
  "CallbackSucceeded",
  "CallbackFailed",
  "CallbackTimedOut",
  "ChainedInvokeSucceeded",
  "ChainedInvokeFailed",
  "ChainedInvokeTimedOut",
  "ChainedInvokeStopped",
]);

/** Operation types whose details carry Result/Error (waits carry neither). */
const RESULT_DETAILS: Partial<
  Record<OperationType, "ContextDetails" | "StepDetails" | "CallbackDetails" | "ChainedInvokeDetails">
> = {
  CONTEXT: "ContextDetails",
  STEP: "StepDetails",
  CALLBACK: "CallbackDetails",
  CHAINED_INVOKE: "ChainedInvokeDetails",
};

const FETCH_WITH_DATA =
  "aws lambda get-durable-execution-history --durable-execution-arn <arn> --include-execution-data";

interface EventRef {
  event: JsonObject;
  path: string;
}

/**
 * Turns history events into the operations the SDK expects (docs/history-events.md): the latest event sets the
 * status, a retry (a step event with RetryDetails.NextAttemptDelaySeconds) is PENDING rather than finished,
 * InvocationCompleted gives only the invocations' times, and payloads replay needs must be present and whole.
 */
export function historyToOperations(
  value: unknown,
  file: string,
  path: string,
  inputOverridden: boolean,
): HistoryOperations {
  const events = inEventOrder(expectArray(value, file, path, "an array of history events"), file, path);
  const operations = new Map<string, WireOperation>();
  const stepStarts = new Map<string, number>();
  const unknownTypes = new Set<string>();
  const warnings: string[] = [];
  const invocations: RecordedInvocation[] = [];
  let execution: WireOperation | undefined;
  let executionInputPath = path;
  let outcome: RecordedOutcome | undefined;
  // What the backend completed since the latest InvocationCompleted, and before it: the last invocation's
  // UpdatedOperationIds are the latter when no operation event follows that InvocationCompleted (a complete history).
  let updatedSince: string[] = [];
  let updatedBefore: string[] = [];
  let operationEventSince = false;

  for (const { event, path: eventPath } of events) {
    const eventType = event.EventType;
    if (typeof eventType !== "string") {
      const detail =
        eventType === undefined ? "missing EventType" : `expected a string, got ${describeValue(eventType)}`;
      throw new LogReadError(file, childPath(eventPath, "EventType"), detail);
    }
    if (eventType === "InvocationCompleted") {
      const invocation = recordedInvocation(event);
      if (invocation) invocations.push(invocation);
      updatedBefore = updatedSince;
      updatedSince = [];
      operationEventSince = false;
      continue;
    }
    const match = EVENT_TYPE.exec(eventType);
    if (!match) {
      unknownTypes.add(eventType);
      continue;
    }
    const type = KIND_TYPES[match[1]];
    const status = PHASE_STATUSES[match[2]];
    const id = optionalString(event, "Id", file, eventPath);
    if (!id)
      throw new LogReadError(
        file,
        childPath(eventPath, "Id"),
        `missing Id (the operation this ${eventType} event belongs to)`,
      );
    const timestamp =
      event.EventTimestamp == null ? undefined : readTimestamp(event.EventTimestamp, file, eventPath, "EventTimestamp");
    const detailsKey = `${eventType}Details`;
    const detailsPath = childPath(eventPath, detailsKey);
    const details = optionalObject(event, detailsKey, file, eventPath) ?? {};

    if (type === "EXECUTION") {
      if (status === "STARTED") {
        execution = startExecution(id, timestamp, details, file, detailsPath, inputOverridden);
        executionInputPath = childPath(childPath(detailsPath, "Input"), "Payload");
      } else if (OUTCOME_STATUSES.has(status)) {
        outcome = readOutcome(status as RecordedOutcome["status"], details, file, detailsPath, warnings);
      } else {
        unknownTypes.add(eventType);
      }
      continue;
    }

    operationEventSince = true;
    if (BACKEND_OUTCOMES.has(eventType)) updatedSince.push(id);
    let op = operations.get(id);
    if (op === undefined) {
      op = { Id: id, Type: type, Status: status };
      operations.set(id, op);
    } else if (op.Type !== type) {
      throw new LogReadError(
        file,
        childPath(eventPath, "EventType"),
        `operation "${id}" is a ${op.Type}, but this event is a ${eventType}`,
      );
    }
    for (const key of ["Name", "ParentId", "SubType"]) {
      const text = optionalString(event, key, file, eventPath);
      if (text !== undefined && op[key] === undefined) op[key] = text;
    }
    op.Status = status;
    if (status === "STARTED") op.StartTimestamp ??= timestamp;
    else if (timestamp !== undefined) op.EndTimestamp = timestamp;

    const resultKey = RESULT_DETAILS[type];
    if (resultKey !== undefined) {
      const result = readPayload(details, "Result", file, detailsPath);
      const error = readErrorPayload(details, file, detailsPath, warnings);
      if (result !== undefined || error !== undefined) {
        op[resultKey] = {
          ...op[resultKey],
          ...(result !== undefined && { Result: result }),
          ...(error !== undefined && { Error: error }),
        };
      }
    }
    if (type === "CONTEXT" && status === "SUCCEEDED" && op.ContextDetails?.Result !== undefined) {
      if (isLargeResultStandIn(op.ContextDetails.Result, op.SubType)) {
        op.ContextDetails = { ...op.ContextDetails, ReplayChildren: true };
      }
    }
    if (type === "CALLBACK" && status === "STARTED") {
      const callbackId = optionalString(details, "CallbackId", file, detailsPath);
      if (callbackId !== undefined) op.CallbackDetails = { ...op.CallbackDetails, CallbackId: callbackId };
    }
    if (type === "WAIT" && status === "STARTED" && details.ScheduledEndTimestamp != null) {
      const end = readTimestamp(details.ScheduledEndTimestamp, file, detailsPath, "ScheduledEndTimestamp");
      op.WaitDetails = { ...op.WaitDetails, ScheduledEndTimestamp: end };
    }
    if (type === "STEP") applyStepAttempt(op, status, timestamp, details, stepStarts, file, detailsPath);
  }

  if (execution === undefined) {
    throw new LogReadError(
      file,
      path,
      "no ExecutionStarted event: the history must cover the start of the execution (fetch every page of the history)",
    );
  }
  if (unknownTypes.size > 0) {
    warnings.push(`Skipped history events of a type Durable Replay does not know: ${[...unknownTypes].join(", ")}.`);
  }
  return {
    execution,
    executionInputPath,
    operations: [...operations.values()],
    outcome,
    invocations,
    updatedOperationIds: operationEventSince ? updatedSince : updatedBefore,
    warnings,
  };
}

/**
 * When an invocation ran, from its InvocationCompleted event; undefined when the event has no readable end. Only the
 * timeline uses these times: one it cannot read leaves the invocation out instead of refusing the log.
 */
function recordedInvocation(event: JsonObject): RecordedInvocation | undefined {
  const details = (typeof event.InvocationCompletedDetails === "object" ? event.InvocationCompletedDetails : {}) as {
    StartTimestamp?: unknown;
    EndTimestamp?: unknown;
  } | null;
  const end = isoTimestamp(details?.EndTimestamp) ?? isoTimestamp(event.EventTimestamp);
  if (end === undefined) return undefined;
  const start = isoTimestamp(details?.StartTimestamp);
  return { ...(start !== undefined && { startTimestamp: start }), endTimestamp: end };
}

/**
 * Whether a context's recorded result stands in for one over the SDKs' 256 KB checkpoint limit. The SDKs then
 * checkpoint the context with `ContextOptions.ReplayChildren` and an empty payload (a map's or parallel's: a summary of
 * counts and statuses), and rebuild the result from the children on replay. The history's ContextSucceededDetails keeps
 * only the payload, so the flag is restored from its shape: empty (a serialized result never is), or the batch summary
 * the SDKs write, `{"type":"MapResult"|"ParallelResult","totalCount":…}`, which a serialized BatchResult never is.
 */
const BATCH_SUMMARY_START = /^\{\s*"type"\s*:/;

function isLargeResultStandIn(payload: string, subType: string | undefined): boolean {
  if (payload === "") return true;
  if ((subType !== "Map" && subType !== "Parallel") || !BATCH_SUMMARY_START.test(payload)) return false;
  try {
    const summary = JSON.parse(payload) as { type?: unknown; totalCount?: unknown };
    return summary.type === `${subType}Result` && typeof summary.totalCount === "number";
  } catch {
    return false;
  }
}

/** Sorts by EventId when every event has one, so histories fetched with --reverse-order read the same. */
function inEventOrder(items: unknown[], file: string, path: string): EventRef[] {
  const refs = items.map((item, index) => {
    const eventPath = childPath(path, index);
    const event = expectObject(item, file, eventPath, "a history event object");
    optionalNumber(event, "EventId", file, eventPath);
    return { event, path: eventPath };
  });
  if (refs.every(({ event }) => typeof event.EventId === "number")) {
    refs.sort((a, b) => (a.event.EventId as number) - (b.event.EventId as number));
  }
  return refs;
}

function startExecution(
  id: string,
  timestamp: string | undefined,
  details: JsonObject,
  file: string,
  detailsPath: string,
  inputOverridden: boolean,
): WireOperation {
  const input = optionalObject(details, "Input", file, detailsPath);
  const inputPath = childPath(detailsPath, "Input");
  const payload = input === undefined ? undefined : optionalString(input, "Payload", file, inputPath);
  const truncated = input?.Truncated === true;
  if (payload === undefined && !truncated) {
    throw new LogReadError(
      file,
      inputPath,
      `the history has no execution data (ExecutionStarted carries no input payload); fetch it again with \`${FETCH_WITH_DATA}\``,
    );
  }
  if (truncated && !inputOverridden) {
    throw new LogReadError(
      file,
      inputPath,
      "the execution input is truncated in the history (Truncated: true), so it cannot be replayed; pass the full input with --input",
    );
  }
  return {
    Id: id,
    Type: "EXECUTION",
    // The SDK only ever receives a running execution; how it ended is kept in `outcome`.
    Status: "STARTED",
    ...(timestamp !== undefined && { StartTimestamp: timestamp }),
    ExecutionDetails: truncated ? {} : { InputPayload: payload },
  };
}

function readOutcome(
  status: RecordedOutcome["status"],
  details: JsonObject,
  file: string,
  detailsPath: string,
  warnings: string[],
): RecordedOutcome {
  const outcome: RecordedOutcome = { status };
  const resultWrapper = optionalObject(details, "Result", file, detailsPath);
  const errorWrapper = optionalObject(details, "Error", file, detailsPath);
  const errorCut = errorWrapper?.Truncated === true && errorWrapper.Payload == null;
  if (resultWrapper?.Truncated === true || errorCut) {
    const which = resultWrapper?.Truncated === true ? "result" : "error";
    warnings.push(
      `The recorded execution ${which} is truncated in the history, so the replayed one cannot be compared with it.`,
    );
    return outcome;
  }
  const result = readPayload(details, "Result", file, detailsPath);
  const error = readErrorPayload(details, file, detailsPath, warnings);
  if (result !== undefined) outcome.result = result;
  if (error !== undefined) outcome.error = error;
  return outcome;
}

/** `{ Payload?: string, Truncated?: boolean }`; a truncated payload is refused because replay would serve a cut value. */
function readPayload(details: JsonObject, key: "Result", file: string, detailsPath: string): string | undefined {
  const wrapper = optionalObject(details, key, file, detailsPath);
  if (wrapper === undefined) return undefined;
  const wrapperPath = childPath(detailsPath, key);
  refuseTruncated(wrapper, file, wrapperPath);
  const payload = optionalString(wrapper, "Payload", file, wrapperPath);
  if (payload !== undefined) checkPayloadDepth(payload, file, childPath(wrapperPath, "Payload"), "the payload");
  return payload;
}

/**
 * AWS's Python testing library marks every error Truncated while writing it whole; an error that still carries its
 * payload replays by its type and message as recorded (a warning says so), only one without it is refused.
 */
function readErrorPayload(
  details: JsonObject,
  file: string,
  detailsPath: string,
  warnings: string[],
): ErrorObject | undefined {
  const wrapper = optionalObject(details, "Error", file, detailsPath);
  if (wrapper === undefined) return undefined;
  const wrapperPath = childPath(detailsPath, "Error");
  if (wrapper.Truncated === true && wrapper.Payload != null) {
    if (!warnings.includes(TRUNCATED_ERRORS)) warnings.push(TRUNCATED_ERRORS);
  } else {
    refuseTruncated(wrapper, file, wrapperPath);
  }
  return wrapper.Payload == null
    ? undefined
    : readErrorObject(wrapper.Payload, file, childPath(wrapperPath, "Payload"));
}

const TRUNCATED_ERRORS =
  "Errors in the history are marked truncated (Truncated: true) but carry a payload; replay uses them as recorded.";

function refuseTruncated(wrapper: JsonObject, file: string, wrapperPath: string): void {
  if (wrapper.Truncated === true) {
    throw new LogReadError(
      file,
      wrapperPath,
      "the payload is truncated in the history (Truncated: true) and replay needs the whole value; use the execution's GetDurableExecutionState output or a recording instead",
    );
  }
}

/**
 * Attempt numbers and the retry caveat: a StepFailed/StepSucceeded with NextAttemptDelaySeconds is a retry or a
 * waitForCondition poll, not the end of the step, so it is PENDING until the next StepStarted.
 */
function applyStepAttempt(
  op: WireOperation,
  status: OperationStatus,
  timestamp: string | undefined,
  details: JsonObject,
  stepStarts: Map<string, number>,
  file: string,
  detailsPath: string,
): void {
  if (status === "STARTED") {
    const starts = (stepStarts.get(op.Id) ?? 0) + 1;
    stepStarts.set(op.Id, starts);
    op.StepDetails = { ...op.StepDetails, Attempt: starts };
    return;
  }
  const retryPath = childPath(detailsPath, "RetryDetails");
  const retry = optionalObject(details, "RetryDetails", file, detailsPath) ?? {};
  const currentAttempt = optionalNumber(retry, "CurrentAttempt", file, retryPath);
  const delaySeconds = optionalNumber(retry, "NextAttemptDelaySeconds", file, retryPath);
  const stepDetails = { ...op.StepDetails };
  // The attempts started are counted by StepStarted events; CurrentAttempt does not always count them (the testing
  // library writes 1 for both the first and the second failed attempt), and the SDK numbers the next attempt from it.
  if (currentAttempt !== undefined) stepDetails.Attempt = Math.max(currentAttempt, stepStarts.get(op.Id) ?? 0);
  // AWS's Python testing library writes 0 on a step's final failure, where the service leaves the field out: a real
  // retry or poll always waits at least a second.
  if (delaySeconds !== undefined && delaySeconds > 0) {
    op.Status = "PENDING";
    delete op.EndTimestamp;
    if (timestamp !== undefined) {
      const next = new Date(Date.parse(timestamp) + delaySeconds * 1000);
      if (Number.isNaN(next.getTime())) {
        throw new LogReadError(
          file,
          childPath(retryPath, "NextAttemptDelaySeconds"),
          `the retry delay ${delaySeconds} s is out of range`,
        );
      }
      stepDetails.NextAttemptTimestamp = next.toISOString();
    }
  } else if (status === "SUCCEEDED") {
    // An earlier attempt's error does not belong to a step that finally succeeded (the service drops it too).
    delete stepDetails.Error;
  }
  op.StepDetails = stepDetails;
}
