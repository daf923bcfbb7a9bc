import { createHash, hash } from "node:crypto";
import { logIndex, type IndexedLog } from "./logIndex";

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

/** Unhashed step paths of a log's operations, by position in `log.operations`; none where no counter explains an Id. */
export type RecordedPaths = ReadonlyArray<string | undefined>;

/**
 * Rebuilds the unhashed JS step path of every recorded operation from the Id/ParentId tree, so tools can name
 * operations the way SDK error messages do ("4-1-1"). Ids that no counter explains (Python logs, foreign ids)
 * get none. Linear: each context tries a number of counters bounded by its own children; positions, not maps keyed by
 * Id, hold the tree (see logIndex.ts).
 */
export function recordedPaths(log: IndexedLog): RecordedPaths {
  const { operations } = log;
  const paths = new Array<string | undefined>(operations.length);
  const children = childrenByParent(log);
  // Parents are resolved before their children; a child whose parent is unknown stays unresolved. A context is
  // queued once at most: only when its own Id was first given a path, and only if it has children.
  const pending: number[] = [children.roots];
  for (let next = 0; next < pending.length; next++) {
    const parent = pending[next];
    const prefix = parent === children.roots ? "" : `${paths[parent]}-`;
    const from = children.start[parent];
    const count = children.start[parent + 1] - from;
    const resolve = (k: number, path: string): void => {
      paths[k] = path;
      if (children.start[k + 1] > children.start[k]) pending.push(k);
    };
    // The log lists a context's children in the order the SDK numbered them, nearly always without a gap: child k
    // has counter k. Compared in order, they need no lookup; from the first gap on, the rest are found by counter.
    let counter = 1;
    for (; counter <= count; counter++) {
      const k = children.list[from + counter - 1];
      const path = `${prefix}${counter}`;
      if (stepIdHash(path) !== operations[k].Id) break;
      resolve(k, path);
    }
    if (counter > count) continue;
    // Counters in order until every child has its path: as many as the children when the log holds them all.
    const unresolved = new Map<string, number>();
    for (let c = counter - 1; c < count; c++)
      unresolved.set(operations[children.list[from + c]].Id, children.list[from + c]);
    const limit = 2 * count + COUNTER_MARGIN;
    for (; counter <= limit && unresolved.size > 0; counter++) {
      const path = `${prefix}${counter}`;
      const hashed = stepIdHash(path);
      const k = unresolved.get(hashed);
      if (k === undefined) continue;
      unresolved.delete(hashed);
      resolve(k, path);
    }
  }
  return paths;
}

/**
 * The children of each operation, in log order, as one list: those of position p are `list[start[p]..start[p + 1])`;
 * top-level operations (no ParentId) are those of the pseudo-position `roots`. An operation whose ParentId names no
 * recorded operation is nobody's child.
 */
function childrenByParent(log: IndexedLog): { roots: number; start: Int32Array; list: Int32Array } {
  const { operations } = log;
  const { parentOf } = logIndex(log);
  // Positions 0..n-1 are operations, n the EXECUTION operation, n + 1 the roots.
  const roots = operations.length + 1;
  const parentAt = (k: number): number => (operations[k].ParentId === undefined ? roots : parentOf[k]);
  const start = new Int32Array(roots + 2);
  for (let k = 0; k < operations.length; k++) {
    const parent = parentAt(k);
    if (parent >= 0) start[parent + 1]++;
  }
  for (let p = 1; p < start.length; p++) start[p] += start[p - 1];
  const filled = start.slice(0, roots + 1);
  const list = new Int32Array(start[roots + 1]);
  for (let k = 0; k < operations.length; k++) {
    const parent = parentAt(k);
    if (parent >= 0) list[filled[parent]++] = k;
  }
  return { roots, start, list };
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
