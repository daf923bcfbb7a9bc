import type { OperationRecord } from "../../protocol/operations";

/** Numeric step-path segments (`2-10-1` → [2, 10, 1]); an unknown segment (`?`) sorts after every counter. */
function segments(path: string): number[] {
  return path.split("-").map((part) => (/^\d+$/.test(part) ? Number(part) : Number.POSITIVE_INFINITY));
}

function comparePaths(a: number[], b: number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    if (a[index] !== b[index]) return a[index] - b[index];
  }
  return a.length - b.length;
}

/**
 * Records in step-path order (a parent before its children, siblings by counter), unreached ones last, renumbered.
 * For hosts whose map items and parallel branches run on threads: their calls arrive interleaved as the threads
 * happen to run, while the path order is the same in every replay and, for sequential code, is the call order.
 */
export function canonicalOrder(records: OperationRecord[]): OperationRecord[] {
  const keyed = records.map((record) => ({ record, key: segments(record.path) }));
  const reached = keyed.filter(({ record }) => record.state !== "unreached");
  reached.sort((a, b) => comparePaths(a.key, b.key));
  const ordered = [...reached, ...keyed.filter(({ record }) => record.state === "unreached")].map((k) => k.record);
  ordered.forEach((record, seq) => (record.seq = seq));
  return ordered;
}
