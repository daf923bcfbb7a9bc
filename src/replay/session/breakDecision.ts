// Whether the host stops before a durable call: a pure function of the break policy the adapter sets and the call's
// record, used by the host at each call and by the adapter to find the earlier stop when stepping back.
import picomatch from "picomatch";
import type { BreakControl, BreakReason } from "../../protocol/host";
import type { OperationRecord } from "../../protocol/operations";

const matchers = new Map<string, (name: string) => boolean>();
const globMatch = (pattern: string, name: string): boolean => {
  let match = matchers.get(pattern);
  if (!match) {
    match = picomatch(pattern);
    matchers.set(pattern, match);
  }
  return match(name);
};

export interface BreakDecision {
  reason: BreakReason;
  breakpointId?: number;
}

/** Whether to stop before this call, and why. `divergent` and `beyondLog` come from the ledger. */
export function decideBreak(
  control: BreakControl,
  record: OperationRecord,
  facts: { divergent: boolean; firstBeyondLog: boolean },
): BreakDecision | undefined {
  if (facts.divergent && control.breakOnDivergence) return { reason: "divergence" };
  if (control.breakAtSeq !== undefined && control.breakAtSeq === record.seq) return { reason: "seq" };
  if (facts.firstBeyondLog && control.pauseAtLogEnd) return { reason: "log-end" };
  if (control.operationBreakpoints.length > 0) {
    const hit = matchOperationBreakpoint(control.operationBreakpoints, record);
    if (hit) return hit;
  }
  if (control.breakOnNextOperation) return { reason: "step-operation" };
  return undefined;
}

function matchOperationBreakpoint(
  breakpoints: BreakControl["operationBreakpoints"],
  record: OperationRecord,
): BreakDecision | undefined {
  // `type:callback` also means waitForCallback, whose own record is the CONTEXT around the SDK-made callback.
  const kinds = [
    record.type,
    record.subType?.toUpperCase(),
    record.subType === "WaitForCallback" ? "CALLBACK" : undefined,
  ];
  for (const bp of breakpoints) {
    if (bp.type !== undefined && !kinds.includes(bp.type.toUpperCase())) continue;
    if (bp.state !== undefined && bp.state !== record.state) continue;
    if (bp.name !== undefined && (record.name === undefined || !globMatch(bp.name, record.name))) continue;
    return { reason: "operation-breakpoint", breakpointId: bp.id };
  }
  return undefined;
}

const label = (record: OperationRecord): string =>
  record.name !== undefined ? `\`${record.name}\`` : `the unnamed ${record.type.toLowerCase()}`;

export function describeBreak(reason: BreakReason, record: OperationRecord, divergenceMessage?: string): string {
  switch (reason) {
    case "log-end":
      return `Log ends here: ${label(record)} would run live. Continue to run it for real.`;
    case "divergence":
      return `Divergence: ${divergenceMessage ?? `${label(record)} does not match the log`}`;
    case "seq":
      return `Stepped back to ${label(record)} (${record.path}) by replaying the log again from the start.`;
    case "operation-breakpoint":
      return `Operation breakpoint: ${label(record)} (${record.path}, ${record.state}).`;
    case "step-operation":
      return `Next durable operation: ${label(record)} (${record.path}, ${record.state}).`;
  }
}
