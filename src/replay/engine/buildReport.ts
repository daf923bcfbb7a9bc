// Turns the end of a replay into a report: final status, the divergences the SDK misses (unreached operations, new
// operations where the log had more, a different final result), and the frontier.
import { isDeepStrictEqual } from "node:util";
import type { InvocationSummary, OperationRecord, ReplayReport, ReplayStatus } from "../../protocol/operations";
import type { ReplayLog } from "../../protocol/replayLog";
import type { InvocationOutput } from "../../protocol/wire";
import type { OperationLedger } from "./operationLedger";
import { parsePayload } from "./payloads";
import { describeDifference, resultDifferences } from "./resultDiff";

export interface RunEnd {
  status: ReplayStatus;
  output?: InvocationOutput;
  /** Error text when the handler threw outside the SDK or the process died. */
  crash?: string;
  frontier?: OperationRecord;
  pendingReason?: string;
  waitingFor?: string[];
}

const NON_DETERMINISM =
  /Operation (type|name|subtype) mismatch for step "([^"]+)"\. Expected \w+ "([^"]*)", but got "([^"]*)"/;

export function buildReport(
  log: ReplayLog,
  ledger: OperationLedger,
  end: RunEnd,
  invocations: InvocationSummary[],
  warnings: string[],
): ReplayReport {
  const output = end.output;
  const sdkRejected = output?.Status === "FAILED" && output.Error?.ErrorType === "NonDeterministicExecutionError";
  if (sdkRejected && !ledger.divergences.some((d) => d.kind === "mismatch")) {
    // The SDK saw a mismatch the host did not predict (e.g. an operation the host cannot see): report its words.
    const match = NON_DETERMINISM.exec(output?.Error?.ErrorMessage ?? "");
    const callSite = match ? ledger.records.find((r) => r.path === match[2])?.callSite : undefined;
    ledger.divergences.push({
      kind: "mismatch",
      message: output?.Error?.ErrorMessage ?? "The SDK reported non-deterministic execution.",
      ...(match ? { attribute: match[1] as "type" | "name" | "subtype", path: match[2] } : {}),
      ...(callSite ? { callSite } : {}),
    });
  }

  const finished = end.status === "SUCCEEDED" || (end.status === "FAILED" && !sdkRejected);
  ledger.settle(finished);

  const recordedDone = log.outcome !== undefined;
  if (recordedDone) {
    // The recorded execution had finished: any operation beyond the log means the code now does more.
    const beyond =
      end.frontier ?? ledger.records.find((r) => r.state === "live" && !ledger.recordedOp(r.id) && r.method);
    if (beyond) ledger.flagUnexpected(beyond, "after the recorded execution had already finished");
  }
  if (recordedDone && finished && log.outcome) {
    const recordedResult = log.outcome.result !== undefined ? parsePayload(log.outcome.result) : undefined;
    const result = output?.Result !== undefined ? parsePayload(output.Result) : undefined;
    if (log.outcome.status !== end.status || !isDeepStrictEqual(recordedResult, result)) {
      const sameStatus = log.outcome.status === end.status;
      const diff = sameStatus ? resultDifferences(recordedResult, result) : [];
      const named = diff.slice(0, 3).map(describeDifference).join("; ");
      const more = diff.length > 3 ? ` (and ${diff.length - 3} more)` : "";
      ledger.divergences.push({
        kind: "result-mismatch",
        message: sameStatus
          ? `The final result differs from the recorded one: ${named}${more}.`
          : `The recorded execution ended ${log.outcome.status}` +
            (log.outcome.result !== undefined ? ` with ${log.outcome.result}` : "") +
            `, but the replay ended ${end.status}` +
            (output?.Result !== undefined ? ` with ${output.Result}` : "") +
            ".",
        recorded: { result: log.outcome.result },
        attempted: { result: output?.Result },
        ...(diff.length ? { diff } : {}),
      });
    }
  }

  return {
    status: end.status,
    ...(output?.Result !== undefined ? { result: parsePayload(output.Result) } : {}),
    ...(output?.Error !== undefined
      ? { error: output.Error }
      : end.crash !== undefined
        ? { error: { ErrorType: "HandlerCrashed", ErrorMessage: end.crash } }
        : {}),
    operations: ledger.records,
    divergences: ledger.divergences,
    invocations,
    ...(end.frontier ? { frontier: end.frontier } : {}),
    ...(end.pendingReason ? { pendingReason: end.pendingReason } : {}),
    ...(end.waitingFor ? { waitingFor: end.waitingFor } : {}),
    warnings: [...log.warnings, ...warnings],
  };
}
