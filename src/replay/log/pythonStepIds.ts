import { createHash } from "node:crypto";
import type { ReplayLog } from "../../protocol/replayLog";
import type { WireOperation } from "../../protocol/wire";
import type { RecordedPaths } from "./stepIds";

/** Extra counters tried under a context beyond twice its recorded children, for contexts whose children were not all recorded. */
const COUNTER_MARGIN = 16;

/**
 * The wire Id the Python SDK gives the `counter`-th operation of the context whose own id is `parentId` (the root
 * when undefined): the first 64 hex characters of blake2b-512 of `"<parent id>-<counter>"`, or of `"<counter>"`.
 */
export function pythonStepId(parentId: string | undefined, counter: number): string {
  const text = parentId ? `${parentId}-${counter}` : String(counter);
  return createHash("blake2b512").update(text).digest("hex").slice(0, 64);
}

/**
 * Counters start at 1 for the operations a context makes and at 0 for map items and parallel branches (the SDK numbers
 * those by their 0-based index).
 */
const FIRST_COUNTER = 0;

/** The unhashed path of `id` below a parent at `parentPath` (the root when undefined), when a counter explains it. */
export function pythonChildPath(
  parentId: string | undefined,
  parentPath: string | undefined,
  id: string,
  limit = 1000,
): string | undefined {
  const prefix = parentPath === undefined ? "" : `${parentPath}-`;
  for (let counter = FIRST_COUNTER; counter <= limit; counter++) {
    if (pythonStepId(parentId, counter) === id) return `${prefix}${counter}`;
  }
  return undefined;
}

/**
 * Rebuilds the unhashed step path (`2-1`) of every recorded operation of a Python log from the Id/ParentId tree:
 * ids chain through the parent's hashed id. Ids no counter explains get none.
 */
export function pythonRecordedPaths(log: Pick<ReplayLog, "operations">): RecordedPaths {
  const paths = new Map<string, string>();
  const byParent = new Map<string | undefined, WireOperation[]>();
  for (const op of log.operations) {
    const siblings = byParent.get(op.ParentId) ?? [];
    siblings.push(op);
    byParent.set(op.ParentId, siblings);
  }
  const pending: Array<{ parentId: string | undefined; prefix: string }> = [{ parentId: undefined, prefix: "" }];
  for (let next = 0; next < pending.length; next++) {
    const { parentId, prefix } = pending[next];
    const children = byParent.get(parentId);
    if (!children) continue;
    // Bounded by the context's own children (not the whole log): an Id no counter explains costs as much as its
    // siblings, however many contexts hold one.
    const limit = 2 * children.length + COUNTER_MARGIN;
    const wanted = new Set(children.map((child) => child.Id));
    const candidates = new Map<string, string>();
    for (let counter = FIRST_COUNTER; counter <= limit && candidates.size < wanted.size; counter++) {
      const id = pythonStepId(parentId, counter);
      if (wanted.has(id)) candidates.set(id, `${prefix}${counter}`);
    }
    if (candidates.size < wanted.size) virtualBranchPaths(parentId, prefix, wanted, candidates, limit);
    for (const child of children) {
      const path = candidates.get(child.Id);
      if (path === undefined || paths.has(child.Id)) continue;
      paths.set(child.Id, path);
      pending.push({ parentId: child.Id, prefix: `${path}-` });
    }
  }
  return log.operations.map((op) => paths.get(op.Id));
}

/**
 * FLAT map/parallel branches are virtual contexts: never in the log, their operations name the map or parallel as
 * parent while their ids chain through the branch's own id (`<branch index>-<counter>`, counters from 1 in a row).
 */
function virtualBranchPaths(
  parentId: string | undefined,
  prefix: string,
  wanted: Set<string>,
  candidates: Map<string, string>,
  limit: number,
): void {
  for (let branch = FIRST_COUNTER; branch <= limit && candidates.size < wanted.size; branch++) {
    const branchId = pythonStepId(parentId, branch);
    for (let counter = 1; ; counter++) {
      const id = pythonStepId(branchId, counter);
      if (!wanted.has(id)) break;
      candidates.set(id, `${prefix}${branch}-${counter}`);
    }
  }
}
