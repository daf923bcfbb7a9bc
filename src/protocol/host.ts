// Messages between the replay session (parent process) and the Node replay host (child process, IPC channel).
import type { Divergence, OperationRecord, ReplayReport } from "./operations";
import type { LogFormat, ReplayLog } from "./replayLog";
import type { WireOperation } from "./wire";

export type LogEndPolicy = "live" | "stop" | "pause";

/** An operation breakpoint as the debug adapter sets it: every given field must match. */
export interface OperationBreakpoint {
  id: number;
  /** Glob over the operation name (`reserve_*`). */
  name?: string;
  type?: string;
  state?: string;
}

/** What the host reads before each durable call to decide whether to break into the debugger. */
export interface BreakControl {
  pauseAtLogEnd: boolean;
  breakOnDivergence: boolean;
  /** Set by the adapter for "step to next durable operation"; the host clears it when it breaks. */
  breakOnNextOperation: boolean;
  breakAtSeq: number | undefined;
  operationBreakpoints: OperationBreakpoint[];
}

export type BreakReason = "operation-breakpoint" | "step-operation" | "log-end" | "divergence" | "seq";

/** The argument of `durableReplayBreak(event)`, read by the debug adapter over CDP. */
export interface BreakEvent {
  reason: BreakReason;
  record: OperationRecord;
  description: string;
  breakpointId?: number;
  /** For reason "divergence": what differs, as the report will say it. */
  divergence?: Divergence;
}

/** Everything the host needs but the log: sent first, so the host loads the handler while the session reads the log. */
export interface HostConfig {
  handlerFile: string;
  exportName: string;
  onLogEnd: LogEndPolicy;
  /** Callback or invoke name → JSON text of its result. */
  callbacks: Record<string, string>;
  /** True when a debugger is attached: enables the break policy. */
  inspect: boolean;
  breakAtSeq?: number;
  /** Send the whole operation list back for `--record`. */
  wantRecording: boolean;
  /**
   * Written by the host to its stdout and stderr once the run is over, before it reports the end: the session has
   * all of the handler's output when it has read this mark on both (see replaySession.ts).
   */
  outputMark: string;
}

/** The host's fd for its lifeline, the pipe whose closing ends the host's process tree (processTree.ts). */
export const LIFELINE_FD = 4;

/**
 * `Symbol.for` key of the property that marks the functions the context proxy hands the user's code in place of the
 * SDK's methods; its value is the method's name. The debugger reads it to tell a durable call it hovers.
 */
export const DURABLE_CALL_KEY = "durable-replay.durableCall";

/** A log file and how to read it (`--format`, `--input`): plain data, so the host can read the file itself. */
export interface LogFileSource {
  file: string;
  read?: { format?: LogFormat; input?: unknown; maxBytes?: number };
}

export type SessionToHost =
  | { type: "prepare"; config: HostConfig }
  /** The log itself, or its file: the host reads that while the session does, instead of waiting for a copy. */
  | { type: "start"; log: ReplayLog }
  | { type: "start"; logFile: LogFileSource };

export type HostToSession =
  /** Without `recorded`: the session has the log and fills it in, so the stream stays small. */
  | { type: "operations"; records: OperationRecord[] }
  /**
   * `reusable`: the host can load the handler afresh for another replay (CommonJS handlers; Node cannot unload an ES
   * module graph, so an ES module handler would keep its first run's module state).
   */
  | {
      type: "done";
      report: ReplayReport;
      reusable: boolean;
      recording?: { sdkVersion?: string; operations: WireOperation[]; updatedOperationIds?: string[] };
    }
  /** The handler could not be started (module, export, SDK); one sentence. */
  | { type: "fatal"; message: string };
