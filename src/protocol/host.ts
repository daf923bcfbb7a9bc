// Messages between the replay session (parent process) and the Node replay host (child process, IPC channel).
import type { Divergence, OperationRecord, ReplayReport } from "./operations";
import type { ReplayLog } from "./replayLog";
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
}

export type SessionToHost = { type: "prepare"; config: HostConfig } | { type: "start"; log: ReplayLog };

export type HostToSession =
  /** Without `recorded`: the session has the log and fills it in, so the stream stays small. */
  | { type: "operations"; records: OperationRecord[] }
  | { type: "done"; report: ReplayReport; recording?: { sdkVersion?: string; operations: WireOperation[] } }
  /** The handler could not be started (module, export, SDK); one sentence. */
  | { type: "fatal"; message: string };
