import { createHash, hash } from "node:crypto";
import type { ReplayLog } from "../../protocol/replayLog";
import type { WireOperation } from "../../protocol/wire";

/**
 * Counters tried under a context beyond twice its recorded children: the SDK counts calls that left no operation in
 * the log (operations cut from it, calls that checkpoint nothing), so a child's counter may exceed their number.
 */
const COUNTER_MARGIN = 16;

/** The wire Id the JS SDK gives the operation at unhashed step path `path` ("1", "4-2-1"): md5 hex, first 16 chars. */
export function stepIdHash(path: string): string {
  return md5Hex(path).slice(0, 16);
}

// The one-shot `crypto.hash` (Node 20.12+) is several times faster than a Hash object: this runs per durable call.
const md5Hex: (text: string) => string =
  typeof hash === "function" ? (text) => hash("md5", text) : (text) => createHash("md5").update(text).digest("hex");

/**
 * Rebuilds the unhashed JS step path of every recorded operation from the Id/ParentId tree, so tools can name
 * operations the way SDK error messages do ("4-1-1"). Ids that no counter explains (Python logs, foreign ids)
 * are left out of the map. Linear: each context tries a number of counters bounded by its own children. Ids are
 * unique (the log readers refuse or merge repeated ones).
 */
export function recordedPaths(log: Pick<ReplayLog, "operations">): Map<string, string> {
  const paths = new Map<string, string>();
  const byParent = new Map<string | undefined, WireOperation[]>();
  for (const op of log.operations) {
    const siblings = byParent.get(op.ParentId);
    if (siblings) siblings.push(op);
    else byParent.set(op.ParentId, [op]);
  }
  // Parents are resolved before their children; a child whose parent is unknown stays unresolved. A context is
  // queued once at most: only when its own Id was first given a path, and only if it has children.
  const pending: Array<{ parentId: string | undefined; prefix: string }> = [{ parentId: undefined, prefix: "" }];
  const resolve = (child: WireOperation, path: string): void => {
    paths.set(child.Id, path);
    if (byParent.has(child.Id)) pending.push({ parentId: child.Id, prefix: `${path}-` });
  };
  for (let next = 0; next < pending.length; next++) {
    const { parentId, prefix } = pending[next];
    const children = byParent.get(parentId);
    if (!children) continue;
    // The log lists a context's children in the order the SDK numbered them, nearly always without a gap: child k
    // has counter k. Compared in order, they need no lookup (with a million operations, lookups are most of the
    // cost); from the first gap on, the rest are found by counter.
    let counter = 1;
    for (; counter <= children.length; counter++) {
      const path = `${prefix}${counter}`;
      if (stepIdHash(path) !== children[counter - 1].Id) break;
      resolve(children[counter - 1], path);
    }
    if (counter > children.length) continue;
    // Counters in order until every child has its path: as many as the children when the log holds them all.
    const unresolved = new Map<string, WireOperation>();
    for (const child of children.slice(counter - 1)) unresolved.set(child.Id, child);
    const limit = 2 * children.length + COUNTER_MARGIN;
    for (; counter <= limit && unresolved.size > 0; counter++) {
      const path = `${prefix}${counter}`;
      const child = unresolved.get(stepIdHash(path));
      if (child === undefined) continue;
      unresolved.delete(child.Id);
      resolve(child, path);
    }
  }
  return paths;
}

/**
 * Finds the unhashed path of an operation the SDK created below a known parent (a map iteration, a parallel branch, a
 * waitForCallback's callback) that the log does not have: the SDK numbers a context's children 1, 2, … in creation
 * order, so the counter is found by hashing candidates. Candidates are kept per parent and extended only as far as
 * needed, so a map of n items costs O(n) hashes in all.
 */
export class ChildPathFinder {
  private readonly byPrefix = new Map<string, { next: number; candidates: Map<string, string> }>();

  /** At most this many children per context are tried: Ids of other languages are never explained. */
  constructor(private readonly maxCounter = 20_000) {}

  /** `parentPath` undefined: a child of the execution itself. */
  find(parentPath: string | undefined, id: string): string | undefined {
    const prefix = parentPath === undefined ? "" : `${parentPath}-`;
    let entry = this.byPrefix.get(prefix);
    if (!entry) {
      entry = { next: 1, candidates: new Map() };
      this.byPrefix.set(prefix, entry);
    }
    const known = entry.candidates.get(id);
    if (known !== undefined) return known;
    while (entry.next <= this.maxCounter) {
      const path = `${prefix}${entry.next++}`;
      const hashed = stepIdHash(path);
      entry.candidates.set(hashed, path);
      if (hashed === id) return path;
    }
    return undefined;
  }
}
