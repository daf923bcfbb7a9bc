// The Ids and ParentId links of a log must form a tree: every walk up the parents (classification of what the code did
// not reach, step paths, the timeline) ends. A repeated Id and a cycle are refused here, once, in time linear in the
// operations, and so is a chain of contexts deeper than any code nests them. A ParentId naming no recorded operation
// is kept: the walks treat that operation as a root.
import { LogReadError, type LogFormat } from "../../protocol/replayLog";
import type { WireOperation } from "../../protocol/wire";
import type { LogParts } from "./assembleLog";
import { childPath } from "./jsonFields";

/**
 * Deepest nesting of contexts a log may record. Code nests child contexts a handful of levels; each level lengthens
 * every step path below it ("4-2-1"), so a deeper chain would cost time and memory quadratic in its depth.
 */
export const MAX_CONTEXT_DEPTH = 1000;

/**
 * Throws a LogReadError naming the first operation (JSON path, or Id for a history) whose Id repeats an earlier one's
 * or whose parents loop or nest too deep.
 */
export function checkParentLinks(parts: LogParts, format: LogFormat, file: string): void {
  // Indexes and typed arrays rather than maps keyed by Id: a log may hold a million operations.
  const { operations, execution } = parts;
  const count = operations.length + (execution ? 1 : 0);
  const at = (k: number): WireOperation => (k < operations.length ? operations[k] : execution!);
  const indexOf = new Map<string, number>();
  operations.forEach(({ Id: id }, k) => {
    // The SDK indexes the log by Id: two operations with one Id are refused here, where the Ids are indexed anyway
    // (a history cannot have them: its reader merges events by Id).
    const earlier = indexOf.get(id);
    if (earlier !== undefined) {
      throw new LogReadError(
        file,
        childPath(childPath(parts.operationsPath, k), "Id"),
        `duplicate operation Id "${id}" (also at ${childPath(parts.operationsPath, earlier)})`,
      );
    }
    indexOf.set(id, k);
  });
  if (execution) indexOf.set(execution.Id, operations.length);
  /** Depth of each operation known to reach a root (a top-level operation: 1); 0 unknown; -1 on the current walk. */
  const depth = new Int32Array(count);
  const walk: number[] = [];
  for (let index = 0; index < operations.length; index++) {
    let k = indexOf.get(operations[index].Id);
    while (k !== undefined && depth[k] <= 0) {
      if (depth[k] < 0)
        throw linkError(
          parts,
          format,
          file,
          index,
          `the ParentId links loop (through operation ${at(k).Id}) instead of ending at a top-level operation; ParentId must name an enclosing context`,
        );
      depth[k] = -1;
      walk.push(k);
      const op = at(k);
      k = op.ParentId === undefined ? undefined : indexOf.get(op.ParentId);
      // The parent's own Id string in place of an equal copy: every map keyed by Id then matches a ParentId by
      // identity, without comparing text, and a million copies are not kept.
      if (k !== undefined) op.ParentId = at(k).Id;
    }
    let reached = k !== undefined ? depth[k] : 0;
    for (let w = walk.length - 1; w >= 0; w--) depth[walk[w]] = ++reached;
    if (reached > MAX_CONTEXT_DEPTH) {
      throw linkError(
        parts,
        format,
        file,
        index,
        `the operation is nested more than ${MAX_CONTEXT_DEPTH} contexts deep (following ParentId); code nests child contexts a handful of levels`,
      );
    }
    walk.length = 0;
  }
}

function linkError(parts: LogParts, format: LogFormat, file: string, index: number, detail: string): LogReadError {
  const op = parts.operations[index];
  const where =
    format === "history"
      ? `${parts.operationsPath} (operation ${op.Id})`
      : childPath(childPath(parts.operationsPath, index), "ParentId");
  return new LogReadError(
    file,
    where,
    op.ParentId === op.Id
      ? "the operation names itself as its parent; ParentId must name an enclosing context"
      : detail,
  );
}
