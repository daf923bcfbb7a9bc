// The ParentId links of a log must form a tree: every walk up the parents (classification of what the code did not
// reach, step paths, the timeline) ends. A cycle is refused here, once, in time linear in the operations. A ParentId
// naming no recorded operation is kept: the walks treat that operation as a root.
import { LogReadError, type LogFormat } from "../../protocol/replayLog";
import type { LogParts } from "./assembleLog";
import { childPath } from "./jsonFields";

/** Throws a LogReadError naming the first operation (JSON path, or Id for a history) whose parents loop. */
export function checkParentLinks(parts: LogParts, format: LogFormat, file: string): void {
  const parentOf = new Map<string, string | undefined>();
  for (const op of parts.operations) parentOf.set(op.Id, op.ParentId);
  if (parts.execution) parentOf.set(parts.execution.Id, parts.execution.ParentId);
  /** 1: on the walk in progress; 2: known to reach a root. */
  const state = new Map<string, 1 | 2>();
  const walk: string[] = [];
  parts.operations.forEach((op, index) => {
    let id: string | undefined = op.Id;
    while (id !== undefined && parentOf.has(id) && state.get(id) !== 2) {
      if (state.get(id) === 1) throw cycleError(parts, format, file, index, id);
      state.set(id, 1);
      walk.push(id);
      id = parentOf.get(id);
    }
    for (const done of walk) state.set(done, 2);
    walk.length = 0;
  });
}

function cycleError(parts: LogParts, format: LogFormat, file: string, index: number, loopId: string): LogReadError {
  const op = parts.operations[index];
  const where =
    format === "history"
      ? `${parts.operationsPath} (operation ${op.Id})`
      : childPath(childPath(parts.operationsPath, index), "ParentId");
  const self = op.ParentId === op.Id;
  return new LogReadError(
    file,
    where,
    self
      ? `the operation names itself as its parent; ParentId must name an enclosing context`
      : `the ParentId links loop (through operation ${loopId}) instead of ending at a top-level operation; ParentId must name an enclosing context`,
  );
}
