// Runs one replay inside the host process: plays the durable execution service for the user's real handler and SDK,
// invocation after invocation, until the execution succeeds, fails, stops at the log's end, or waits for an answer.
import type { HostConfig } from "../../protocol/host";
import type { InvocationSummary, OperationRecord, ReplayReport } from "../../protocol/operations";
import type { ReplayLog } from "../../protocol/replayLog";
import type { InvocationOutput, WireOperation } from "../../protocol/wire";
import { ChildPathFinder, recordedPaths } from "../log/stepIds";
import { buildReport, type RunEnd } from "../engine/buildReport";
import {
  endInvocation,
  MAX_INVOCATIONS,
  startInvocation,
  TOO_MANY_INVOCATIONS,
  type InvocationOutcome,
} from "../engine/invocationEnd";
import { CheckpointBackend } from "../engine/checkpointBackend";
import { OperationLedger } from "../engine/operationLedger";
import { withParsedResults } from "../engine/payloads";
import { trackContext, type CallHandler, type InterceptedCall } from "./contextProxy";
import { forgetSourceMaps } from "./callSites";
import { forgetItemSources } from "../engine/itemCallSite";
import { forgetTsconfigs } from "./tsconfigPaths";
import { forgetUserModules, loadHandler, type LoadedHandler } from "./handlerLoader";
import { forgetTranspiled } from "./transpile";
import { DurableExecutionInvocationInputWithClient } from "./invocationInput";
import { decideBreak } from "../session/breakDecision";
import { describeBreak } from "../session/breakDecision";
import { installBreakGlobal, type DurableReplayGlobal } from "./operationBreak";

/** Guards against an execution that keeps suspending without progress. */

export interface ReplaySink {
  operations(records: OperationRecord[]): void;
  /** Deliver what is queued now: the debugger is about to stop the process. */
  flushNow(): void;
}

export interface NodeReplayResult {
  report: ReplayReport;
  sdkVersion?: string;
  finalOperations: WireOperation[];
  /** The host can load the handler afresh for another replay (see `forgetPreviousReplay`). */
  reusable: boolean;
}

export interface PreparedReplay {
  /** Replays `log` with the handler loaded at preparation. */
  run(log: ReplayLog): Promise<NodeReplayResult>;
}

/** Before a second replay in the same host: nothing of the first one's handler, sources or break policy is kept. */
export function forgetPreviousReplay(): void {
  forgetUserModules();
  forgetTranspiled();
  forgetSourceMaps();
  forgetItemSources();
  forgetTsconfigs();
  delete (globalThis as { __durableReplay?: DurableReplayGlobal }).__durableReplay;
}

/**
 * Starts loading the handler (SDK, transpiling) at once: the session sends the log afterwards, so loading overlaps
 * with the session reading it.
 */
export function prepareNodeReplay(config: HostConfig, sink: ReplaySink): PreparedReplay {
  const breaks = installBreakGlobal({
    pauseAtLogEnd: config.inspect && config.onLogEnd === "pause",
    breakOnDivergence: config.inspect,
    breakOnNextOperation: false,
    breakAtSeq: config.breakAtSeq,
    operationBreakpoints: [],
  });
  // The run sets it before it invokes the handler, the only time the instrumented handler reads it.
  let onCall: CallHandler = () => {
    throw new Error("A durable call was made before the replay started.");
  };
  const loading = loadHandler(
    config.handlerFile,
    config.exportName,
    (userHandler) =>
      function instrumented(this: unknown, event: unknown, ctx: object, ...rest: unknown[]) {
        return userHandler.call(this, event, trackContext(ctx, onCall), ...rest) as unknown;
      },
  );
  loading.catch(() => undefined); // reported when the run awaits it
  return {
    run: async (log) => runNodeReplay(config, log, sink, breaks, await loading, (handler) => (onCall = handler)),
  };
}

async function runNodeReplay(
  config: HostConfig,
  log: ReplayLog,
  sink: ReplaySink,
  breaks: DurableReplayGlobal,
  loaded: LoadedHandler,
  route: (onCall: CallHandler) => void,
): Promise<NodeReplayResult> {
  const childPaths = new ChildPathFinder();
  const ledger = new OperationLedger(log, recordedPaths, (_parentId, parentPath, id) =>
    childPaths.find(parentPath, id),
  );
  breaks.records = (from = 0) => ledger.records.slice(from).map((record) => ledger.withRecorded(record));
  let invocation = 0;
  let lastSite: InterceptedCall["callSite"];
  const backend = new CheckpointBackend(log.operations, new Map(Object.entries(config.callbacks)), {
    onUpdate: (update, op) => {
      if (op.Type !== "EXECUTION") ledger.onUpdate(update, op, lastSite);
    },
  });
  let lastFlush = performance.now();
  const flush = (): void => {
    lastFlush = performance.now();
    const changed = ledger.drain();
    if (changed.length) sink.operations(changed);
  };
  /** Streams records while a long invocation runs, so editors see progress, without a message per operation. */
  const FLUSH_EVERY_MS = 50;

  let stopAtFrontier: ((frontier: OperationRecord) => void) | undefined;
  const frontierReached = new Promise<OperationRecord>((resolve) => (stopAtFrontier = resolve));
  let sawLogEnd = false;

  const onCall: CallHandler = (call, proceed) => {
    lastSite = call.callSite ?? lastSite;
    const result = ledger.call(call, invocation);
    if (performance.now() - lastFlush > FLUSH_EVERY_MS) flush();
    const firstBeyondLog = result.isNew && result.beyondLog && !sawLogEnd;
    if (firstBeyondLog) sawLogEnd = true;
    if (result.isNew) {
      const control = breaks.control;
      // Without a debugger attached nothing can stop the host.
      const decision = config.inspect
        ? decideBreak(control, result.record, { divergent: !!result.divergence, firstBeyondLog })
        : undefined;
      if (decision) {
        if (decision.reason === "step-operation") control.breakOnNextOperation = false;
        flush();
        sink.flushNow();
        breaks.durableReplayBreak({
          reason: decision.reason,
          record: withParsedResults(ledger.withRecorded(result.record)),
          description: describeBreak(decision.reason, result.record, result.divergence?.message),
          ...(decision.breakpointId !== undefined ? { breakpointId: decision.breakpointId } : {}),
          ...(result.divergence ? { divergence: result.divergence } : {}),
        });
      }
      if (result.beyondLog && config.onLogEnd === "stop") {
        stopAtFrontier?.(result.record);
        // The handler never sees this operation run: its promise stays pending while the session reports.
        return new Promise(() => undefined);
      }
    }
    return proceed();
  };

  route(onCall);

  const execution: WireOperation = { ...log.execution, Status: "STARTED" };
  delete execution.EndTimestamp;
  const client = {
    getExecutionState: () => backend.getExecutionState(),
    checkpoint: (request: Parameters<CheckpointBackend["checkpoint"]>[0]) => backend.checkpoint(request),
  };
  const invocations: InvocationSummary[] = [];
  let end: RunEnd | undefined;
  while (!end) {
    if (invocation >= MAX_INVOCATIONS) {
      end = TOO_MANY_INVOCATIONS;
      break;
    }
    const inputOperations = [execution, ...backend.all()];
    const start = startInvocation(invocation, inputOperations.length, backend);
    const event = new DurableExecutionInvocationInputWithClient(
      {
        DurableExecutionArn: log.durableExecutionArn,
        CheckpointToken: backend.nextToken(),
        InitialExecutionState: { Operations: inputOperations, NextMarker: "" },
      },
      client,
    );
    const lambdaContext = {
      awsRequestId: `durable-replay-${invocation}`,
      functionName: "durable-replay",
      functionVersion: "$LATEST",
      invokedFunctionArn: "arn:aws:lambda:local:000000000000:function:durable-replay:$LATEST",
      memoryLimitInMB: "1024",
      logGroupName: "/aws/lambda/durable-replay",
      logStreamName: "durable-replay",
      callbackWaitsForEmptyEventLoop: true,
      // Plenty of time left, so the SDK completes skipped waits in-process instead of suspending.
      getRemainingTimeInMillis: () => 900_000,
    };
    let outcome: InvocationOutcome;
    try {
      outcome = await Promise.race([
        loaded.handler(event, lambdaContext).then((output) => ({ output: output as InvocationOutput })),
        frontierReached.then((frontier) => ({ frontier })),
      ]);
    } catch (error) {
      outcome = { crash: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    const ended = endInvocation(start, outcome, backend);
    invocations.push(ended.summary);
    end = ended.end;
    flush();
    invocation++;
  }
  const report = buildReport(log, ledger, end, invocations, []);
  flush();
  return {
    report,
    sdkVersion: loaded.sdkVersion,
    finalOperations: backend.all(),
    reusable: loaded.format === "commonjs",
  };
}
