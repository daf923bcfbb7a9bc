// The Ids and ParentId links of a log must form a tree: every walk up the parents (classification of what the code did
// not reach, step paths, the timeline) ends. A repeated Id and a cycle are refused here, once, in time linear in the
// operations, and so is a chain of contexts deeper than any code nests them. A ParentId naming no recorded operation
// is kept: the walks treat that operation as a root.
import { LogReadError, type LogFormat, type ReplayLog } from "../../protocol/replayLog";
import type { LogParts } from "./assembleLog";
import { childPath } from "./jsonFields";
import { buildIndex } from "./logIndex";

/**
 * Deepest nesting of contexts a log may record. Code nests child contexts a handful of levels; each level lengthens
 * every step path below it ("4-2-1"), so a deeper chain would cost time and memory quadratic in its depth.
 */
export const MAX_CONTEXT_DEPTH = 1000;

/**
 * Indexes the assembled `log` (see logIndex.ts). Throws a LogReadError naming the first operation (JSON path in the
 * file, from `parts`, or Id for a history) whose Id repeats an earlier one's or whose parents loop or nest too deep.
 */
export function checkParentLinks(log: ReplayLog, parts: LogParts, format: LogFormat, file: string): void {
  const { operations } = log;
  // The JSON path of the operation at `position` (the EXECUTION operation's at the end): errors only.
  const pathOf = (position: number): string => {
    const k =
      position < operations.length
        ? parts.operations.indexOf(operations[position])
        : parts.operations.findIndex((op) => op.Type === "EXECUTION");
    return k >= 0 ? childPath(parts.operationsPath, k) : "the EXECUTION operation";
  };
  // The SDK indexes the log by Id: two operations with one Id are refused here, where the Ids are indexed anyway (a
  // history cannot have them: its reader merges events by Id).
  const { parentOf } = buildIndex(log, (position, earlier) => {
    const id = operations[position].Id;
    throw new LogReadError(
      file,
      childPath(pathOf(position), "Id"),
      `duplicate operation Id "${id}" (also at ${pathOf(earlier)})`,
    );
  });
  const linkError = (index: number, detail: string): LogReadError => {
    const op = operations[index];
    const where =
      format === "history" ? `${parts.operationsPath} (operation ${op.Id})` : childPath(pathOf(index), "ParentId");
    return new LogReadError(
      file,
      where,
      op.ParentId === op.Id
        ? "the operation names itself as its parent; ParentId must name an enclosing context"
        : detail,
    );
  };
  // Indexes and typed arrays rather than maps keyed by Id: a log may hold a million operations.
  /** Depth of each operation known to reach a root (a top-level operation: 1); 0 unknown; -1 on the current walk. */
  const depth = new Int32Array(operations.length + 1);
  const walk: number[] = [];
  for (let index = 0; index < operations.length; index++) {
    let k = index;
    while (k >= 0 && depth[k] <= 0) {
      if (depth[k] < 0) {
        const through = k < operations.length ? operations[k] : log.execution;
        throw linkError(
          index,
          `the ParentId links loop (through operation ${through.Id}) instead of ending at a top-level operation; ParentId must name an enclosing context`,
        );
      }
      depth[k] = -1;
      walk.push(k);
      k = parentOf[k];
    }
    let reached = k >= 0 ? depth[k] : 0;
    for (let w = walk.length - 1; w >= 0; w--) depth[walk[w]] = ++reached;
    if (reached > MAX_CONTEXT_DEPTH) {
      throw linkError(
        index,
        `the operation is nested more than ${MAX_CONTEXT_DEPTH} contexts deep (following ParentId); code nests child contexts a handful of levels`,
      );
    }
    walk.length = 0;
  }
}
