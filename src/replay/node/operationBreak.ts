// The host's side of durable debugging: a policy object the debug adapter edits over CDP, and the function whose
// `debugger;` statement the adapter recognises as a durable stop (it reads `event` from that frame).
import type { OperationRecord } from "../../protocol/operations";
import type { BreakControl, BreakEvent } from "../../protocol/host";

export interface DurableReplayGlobal {
  control: BreakControl;
  /** Every record so far, read by the debug adapter over CDP while the host is paused (the IPC stream may lag). */
  records?: (from?: number) => OperationRecord[];
  durableReplayBreak(event: BreakEvent): void;
  wrapWithDurableExecution?: (original: Function, sdk: unknown) => Function;
}

declare global {
  var __durableReplay: DurableReplayGlobal;
}

export function installBreakGlobal(control: BreakControl): DurableReplayGlobal {
  // The adapter may have set its fields (operation breakpoints, stop on entry) while the host waited under
  // --inspect-brk, before this ran: keep them.
  const preset = (globalThis.__durableReplay as DurableReplayGlobal | undefined)?.control;
  globalThis.__durableReplay = {
    control: Object.assign(control, preset),
    // A named function expression: the adapter finds this frame by its name.
    durableReplayBreak: function durableReplayBreak(event: BreakEvent): void {
      void event;
      debugger; // eslint-disable-line no-debugger
    },
  };
  return globalThis.__durableReplay;
}
