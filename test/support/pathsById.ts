import { strict as assert } from "node:assert";
import type { WireOperation } from "../../src/protocol/wire";
import type { RecordedPaths } from "../../src/replay/log/stepIds";

/** The rebuilt step paths (by position in the log) keyed by operation Id, only those found. */
export function pathsById(log: { operations: WireOperation[] }, paths: RecordedPaths): Map<string, string> {
  assert.equal(paths.length, log.operations.length, "one path slot per operation");
  const byId = new Map<string, string>();
  log.operations.forEach((op, k) => {
    const path = paths[k];
    if (path !== undefined) byId.set(op.Id, path);
  });
  return byId;
}
