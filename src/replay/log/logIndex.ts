// One index of a log's operations by Id, built once per log (by the reader, which needs it to check the parent links)
// and shared by everything that works on the log afterwards: with a million operations, each map keyed by Id costs
// more to build and to look up in than the work it serves.
import type { ReplayLog } from "../../protocol/replayLog";
import type { WireOperation } from "../../protocol/wire";

export interface LogIndex {
  /** Position in `log.operations` by Id; the EXECUTION operation's Id at `log.operations.length`. */
  readonly positionOf: ReadonlyMap<string, number>;
  /** Position of each operation's parent (the EXECUTION operation's at the end), -1 when it names none we know. */
  readonly parentOf: Int32Array;
}

/** Keyed by the operations list: a log copied between processes arrives without the index, and gets its own. */
const indexes = new WeakMap<object, LogIndex>();

export type IndexedLog = Pick<ReplayLog, "operations"> & Partial<Pick<ReplayLog, "execution">>;

/** The index of `log`, built on first use. Ids are unique: the reader refuses a repeated one. */
export function logIndex(log: IndexedLog): LogIndex {
  return indexes.get(log.operations) ?? buildIndex(log);
}

/**
 * Builds and keeps the index of `log`. `onRepeat(position, earlier)` is told of an operation whose Id an earlier one
 * (or the EXECUTION operation: `earlier` is then the list's length) already has; without it, the later one wins.
 */
export function buildIndex(log: IndexedLog, onRepeat?: (position: number, earlier: number) => void): LogIndex {
  const { operations, execution } = log;
  const positionOf = new Map<string, number>();
  for (let k = 0; k < operations.length; k++) {
    const earlier = positionOf.get(operations[k].Id);
    if (earlier !== undefined) onRepeat?.(k, earlier);
    positionOf.set(operations[k].Id, k);
  }
  if (execution) {
    const earlier = positionOf.get(execution.Id);
    if (earlier !== undefined) onRepeat?.(earlier, operations.length);
    positionOf.set(execution.Id, operations.length);
  }
  const at = (k: number): WireOperation => (k < operations.length ? operations[k] : execution!);
  const parentOf = new Int32Array(operations.length + 1).fill(-1);
  for (let k = 0; k < operations.length; k++) {
    const parentId = operations[k].ParentId;
    const parent = parentId === undefined ? undefined : positionOf.get(parentId);
    if (parent === undefined) continue;
    parentOf[k] = parent;
    // The parent's own Id string in place of an equal copy: every map keyed by Id then matches a ParentId by
    // identity, without comparing text, and a million copies are not kept.
    operations[k].ParentId = at(parent).Id;
  }
  const index = { positionOf, parentOf };
  indexes.set(operations, index);
  return index;
}
