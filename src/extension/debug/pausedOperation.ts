// Which durable operation the debugger is paused at, from the top stack frame: the call on that line, else the
// latest operation the session reported (the user stepped between durable calls).
import { resolve } from "node:path";
import type { OperationRecord } from "../../protocol/operations";

export interface FrameLocation {
  path: string;
  /** 1-based. */
  line: number;
}

export function pausedOperation(
  records: readonly OperationRecord[],
  frame: FrameLocation | undefined,
): OperationRecord | undefined {
  const calls = records.filter((record) => record.method !== undefined && record.state !== "unreached");
  if (frame) {
    const path = resolve(frame.path);
    // A call in a loop or a map runs many times from one line: the latest one is where the code is now.
    const atLine = calls.filter(
      (record) => record.callSite?.line === frame.line && resolve(record.callSite.file) === path,
    );
    if (atLine.length > 0) return atLine.reduce((a, b) => (b.seq > a.seq ? b : a));
  }
  return calls.reduce<OperationRecord | undefined>((a, b) => (a === undefined || b.seq > a.seq ? b : a), undefined);
}
