// The ParentId links of a log must form a tree: every walk up the parents (classification of what the code did not
// reach, step paths, the timeline) ends. A cycle is refused here, once, in time linear in the operations, and so is a
// chain of contexts deeper than any code nests them. A ParentId
// naming no recorded operation is kept: the walks treat that operation as a root.
import { LogReadError, type LogFormat } from "../../protocol/replayLog";
import type { LogParts } from "./assembleLog";
import { childPath } from "./jsonFields";

/**
 * Deepest nesting of contexts a log may record. Code nests child contexts a handful of levels; each level lengthens
 * every step path below it ("4-2-1"), so a deeper chain would cost time and memory quadratic in its depth.
 */
export const MAX_CONTEXT_DEPTH = 1000;

/** Throws a LogReadError naming the first operation (JSON path, or Id for a history) whose parents loop or nest too deep. */
export function checkParentLinks(parts: LogParts, format: LogFormat, file: string): void {
  const parentOf = new Map<string, string | undefined>();
  for (const op of parts.operations) parentOf.set(op.Id, op.ParentId);
  if (parts.execution) parentOf.set(parts.execution.Id, parts.execution.ParentId);
  /** Operations known to reach a root, with their depth (a top-level operation: 1). */
  const depthOf = new Map<string, number>();
  const onWalk = new Set<string>();
  const walk: string[] = [];
  parts.operations.forEach((op, index) => {
    let id: string | undefined = op.Id;
    while (id !== undefined && parentOf.has(id) && !depthOf.has(id)) {
      if (onWalk.has(id))
        throw linkError(
          parts,
          format,
          file,
          index,
          `the ParentId links loop (through operation ${id}) instead of ending at a top-level operation; ParentId must name an enclosing context`,
        );
      onWalk.add(id);
      walk.push(id);
      id = parentOf.get(id);
    }
    let depth = id !== undefined ? (depthOf.get(id) ?? 0) : 0;
    for (let k = walk.length - 1; k >= 0; k--) depthOf.set(walk[k], ++depth);
    if (depth > MAX_CONTEXT_DEPTH) {
      throw linkError(
        parts,
        format,
        file,
        index,
        `the operation is nested more than ${MAX_CONTEXT_DEPTH} contexts deep (following ParentId); code nests child contexts a handful of levels`,
      );
    }
    onWalk.clear();
    walk.length = 0;
  });
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
