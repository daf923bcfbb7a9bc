// What the user reads about durable operations at a stop: the operation timeline and the Durable scope.
import type { DebugProtocol } from "@vscode/debugprotocol";
import { isUserCall, type OperationRecord, type OperationState } from "../protocol/operations";
import type { VariableStore } from "./variables";

/** `STEP "confirm_order"`, or the type alone for unnamed operations. */
export function operationLabel(op: { type: string; name?: string }): string {
  return op.name === undefined ? op.type : `${op.type} \`${op.name}\``;
}

/** The latest record of every operation, by seq, kept from `operation` events. */
export class OperationTimeline {
  private readonly records = new Map<number, OperationRecord>();

  update(record: OperationRecord): void {
    this.records.set(record.seq, record);
  }

  /** How many records have arrived; operations are numbered 0, 1, 2, … in call order. */
  get size(): number {
    return this.records.size;
  }

  clear(): void {
    this.records.clear();
  }

  all(): OperationRecord[] {
    return [...this.records.values()].sort((a, b) => a.seq - b.seq);
  }

  get(seq: number): OperationRecord | undefined {
    return this.records.get(seq);
  }

  /** The most recent operation the user's code called (SDK-created children have no `method`). */
  last(): OperationRecord | undefined {
    return this.all().filter(isUserCall).at(-1);
  }

  /** The user's durable call made just before `seq`. */
  before(seq: number): OperationRecord | undefined {
    return this.all()
      .filter((r) => r.seq < seq && isUserCall(r))
      .at(-1);
  }

  counts(): Record<OperationState, number> {
    const counts: Record<OperationState, number> = { replayed: 0, live: 0, diverged: 0, unreached: 0 };
    for (const record of this.records.values()) counts[record.state]++;
    return counts;
  }
}

/** Variables of the Durable scope: the current (or last) operation, the execution input, counts by state. */
export function durableScopeVariables(
  store: VariableStore,
  current: OperationRecord | undefined,
  input: unknown,
  timeline: OperationTimeline,
): DebugProtocol.Variable[] {
  const variables: DebugProtocol.Variable[] = [];
  if (current) {
    const outcome = current.live ?? current.recorded;
    const operation = {
      path: current.path,
      id: current.id,
      name: current.name,
      type: current.type,
      subType: current.subType,
      state: current.state,
      result: current.recorded?.result,
      error: outcome?.error,
      attempt: current.attempt ?? outcome?.attempt,
      ...(current.live ? { liveResult: current.live.result } : {}),
    };
    const cleaned = Object.fromEntries(Object.entries(operation).filter(([, value]) => value !== undefined));
    variables.push({
      ...store.localVariable("operation", cleaned),
      value: `${operationLabel(current)} (${current.state})`,
    });
  }
  variables.push(store.localVariable("input", input));
  variables.push(store.localVariable("counts", timeline.counts()));
  return variables;
}
