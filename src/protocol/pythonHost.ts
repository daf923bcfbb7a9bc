// Messages between the replay engine (session process) and the Python replay host (`durable_replay_host.py`), one
// JSON object per line over the host's file descriptor 3 (its stdout and stderr stay the handler's own output).
// The engine owns every decision; the host loads the handler, runs the user's SDK and reports durable calls.
import type { SourceLocation } from "./operations";
import type { InvocationOutput, OperationType, OperationUpdate, WireOperation } from "./wire";

/** A durable call as the Python host saw it, before the SDK ran it. */
export interface PythonDurableCall {
  /** Unhashed step path (`2-1`), counters joined as the SDK chains its hashed ids. */
  path: string;
  /** The SDK's 64-hex blake2b id of this position. */
  id: string;
  parentPath?: string;
  parentId?: string;
  type: OperationType;
  subType: string;
  name?: string;
  /** The DurableContext method (`step`, `wait_for_callback`, ...). */
  method: string;
  callSite?: SourceLocation;
}

export type EngineToPythonHost =
  | { type: "load"; handlerFile: string; exportName: string }
  | {
      type: "invoke";
      invocation: number;
      durableExecutionArn: string;
      checkpointToken: string;
      /** EXECUTION first, then every operation in start order, as `InitialExecutionState.Operations`. */
      operations: WireOperation[];
      /** Operations the engine changed since the previous invocation (`UpdatedOperationIds`). */
      updatedOperationIds: string[];
      /**
       * "matching": the host need not wait for a decision on a call at a recorded, finished position whose type,
       * subtype and name are the recorded ones (the engine's answer is always to go on); it sends those calls in
       * batches. "all": every call waits for a decision (a debugger may stop at any of them).
       */
      ask: "matching" | "all";
      /**
       * With "matching", under a debugger going back to a call (step back): the ids of the calls that wait for a
       * decision all the same. From the first of them on, every call waits (the debugger may stop at any again).
       */
      askFor?: string[];
    }
  /**
   * Answer to a `call` request. `proceed: false`: the call never returns; the engine ends the invocation. `stop`: the
   * host suspends under debugpy in the user's frame at the call line first (a durable stop).
   */
  | { type: "decision"; requestId: number; proceed: boolean; stop?: boolean }
  /** Answer to a `checkpoint` request, in the SDK's `CheckpointOutput` wire shape. */
  | {
      type: "checkpointed";
      requestId: number;
      checkpointToken: string;
      operations: WireOperation[];
    };

export type PythonHostToEngine =
  | { type: "loaded"; sdkVersion?: string; python: string }
  /** The handler cannot run (interpreter, SDK, module, export): one sentence. */
  | { type: "fatal"; message: string }
  /** Calls the host went on with without asking (see `ask`), in call order. */
  | { type: "calls"; calls: PythonDurableCall[] }
  | { type: "call"; requestId: number; call: PythonDurableCall }
  /** The user resumed the host after a durable stop (`decision.stop`). */
  | { type: "resumed" }
  | { type: "checkpoint"; requestId: number; checkpointToken: string; updates: OperationUpdate[] }
  /** The invocation returned: the SDK's `DurableExecutionInvocationOutput`. */
  | { type: "output"; output: InvocationOutput }
  /** The wrapped handler raised (outside the SDK's own error handling). */
  | { type: "crash"; message: string };
