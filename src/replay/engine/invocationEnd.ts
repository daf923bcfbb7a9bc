// How one invocation of the handler ends, for both hosts (Node and Python): its summary row and, when the execution
// goes no further, the run's end. An invocation that suspends while something in the log or the session can still
// resume it (a due wait, a new checkpoint) leads to the next invocation.
import type { InvocationSummary, OperationRecord } from "../../protocol/operations";
import type { InvocationOutput } from "../../protocol/wire";
import type { RunEnd } from "./buildReport";
import type { CheckpointBackend } from "./checkpointBackend";

/** A runaway bound: an execution that suspends this many times without finishing is reported as pending. */
export const MAX_INVOCATIONS = 1000;

export const TOO_MANY_INVOCATIONS: RunEnd = {
  status: "PENDING",
  pendingReason: `The execution suspended ${MAX_INVOCATIONS} times without finishing.`,
};

export type InvocationOutcome =
  | { output: InvocationOutput }
  | { crash: string }
  | { frontier: OperationRecord }
  /** A mismatch the engine caught and the SDK does not check (Python): the execution fails there, as in JavaScript. */
  | { diverged: { message: string } };

export interface InvocationStart {
  index: number;
  inputOperations: number;
  started: number;
  checkpointsBefore: number;
  versionBefore: number;
}

export function startInvocation(index: number, inputOperations: number, backend: CheckpointBackend): InvocationStart {
  return {
    index,
    inputOperations,
    started: Date.now(),
    checkpointsBefore: backend.checkpointCalls,
    versionBefore: backend.version,
  };
}

export function endInvocation(
  start: InvocationStart,
  outcome: InvocationOutcome,
  backend: CheckpointBackend,
): { summary: InvocationSummary; end?: RunEnd } {
  const summary = (status: InvocationSummary["status"]): InvocationSummary => ({
    index: start.index,
    status,
    inputOperations: start.inputOperations,
    checkpoints: backend.checkpointCalls - start.checkpointsBefore,
    durationMs: Date.now() - start.started,
  });
  if ("frontier" in outcome)
    return { summary: summary("STOPPED"), end: { status: "STOPPED", frontier: outcome.frontier } };
  if ("crash" in outcome) return { summary: summary("CRASHED"), end: { status: "CRASHED", crash: outcome.crash } };
  if ("diverged" in outcome) {
    const output: InvocationOutput = {
      Status: "FAILED",
      Error: { ErrorType: "NonDeterministicExecutionError", ErrorMessage: outcome.diverged.message },
    };
    return { summary: summary("FAILED"), end: { status: "FAILED", output } };
  }
  const output = outcome.output;
  if (output.Status !== "PENDING") return { summary: summary(output.Status), end: { status: output.Status, output } };
  if (backend.completeDue().length > 0 || backend.version !== start.versionBefore)
    return { summary: summary("PENDING") };
  const waiting = [...backend.unanswered.values()];
  return {
    summary: summary("PENDING"),
    end: {
      status: "PENDING",
      output,
      pendingReason: waiting.length
        ? `The execution waits for ${waiting.map((n) => `\`${n}\``).join(", ")}; give ${waiting.length > 1 ? "them results" : "it a result"}.`
        : "The execution suspended and nothing in the log or the session can resume it.",
      ...(waiting.length ? { waitingFor: waiting } : {}),
    },
  };
}
