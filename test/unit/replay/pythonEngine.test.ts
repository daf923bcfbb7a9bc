// The engine's Python specifics, without a Python process: the SDK's chained blake2b ids, its serdes envelopes decoded
// for people, and the stable order of records whose map items and parallel branches ran on threads.
import { strict as assert } from "node:assert";
import crypto from "node:crypto";
import { join, resolve } from "node:path";
import type { OperationRecord } from "../../../src/protocol/operations";
import type { WireOperation } from "../../../src/protocol/wire";
import { canonicalOrder } from "../../../src/replay/engine/canonicalOrder";
import { decodePythonEnvelope } from "../../../src/replay/engine/pythonPayloads";
import { readLog } from "../../../src/replay/log/readLog";
import { pythonChildPath, pythonRecordedPaths, pythonStepId } from "../../../src/replay/log/pythonStepIds";
import { pathsById } from "../../support/pathsById";

const fixtures = resolve(__dirname, "../../fixtures/python");

describe("Python engine specifics", () => {
  it("rebuilds every step path of the approval capture from its chained blake2b ids", () => {
    const log = readLog(join(fixtures, "approval.history.json"));
    const paths = pathsById(log, pythonRecordedPaths(log));
    const byName = (name: string, parentName?: string): string | undefined => {
      const op = log.operations.find(
        (o) =>
          o.Name === name &&
          (parentName === undefined || log.operations.find((p) => p.Id === o.ParentId)?.Name === parentName),
      );
      return op ? paths.get(op.Id) : undefined;
    };
    assert.equal(paths.size, log.operations.length);
    assert.equal(byName("reserve_items"), "1");
    assert.equal(byName("map-item-0"), "1-0");
    assert.equal(byName("reserve", "map-item-1"), "1-1-1");
    assert.equal(byName("manager_approval create callback id"), "2-1");
    assert.equal(byName("cool_down"), "3-1");
    assert.equal(byName("send_sms"), "4-1-1");
    assert.equal(byName("flaky_charge"), "5");
    // The root ids the reference gives: blake2b("1") and blake2b("2"), 64 hex characters.
    assert.equal(pythonStepId(undefined, 1).slice(0, 8), "1ced8f5b");
    assert.equal(pythonStepId(undefined, 2).slice(0, 8), "c5faca15");
    const mapId = pythonStepId(undefined, 1);
    assert.equal(pythonChildPath(mapId, "1", pythonStepId(mapId, 7)), "1-7");
    assert.equal(pythonChildPath(mapId, "1", "f".repeat(64), 20), undefined);
  });

  it("rebuilds paths with hashes bounded by each context's own children, whatever ids no counter explains", () => {
    // 3,000 contexts, each holding one step with its real id and one whose id no counter explains.
    const operations: WireOperation[] = [];
    for (let k = 1; k <= 3000; k++) {
      const context = pythonStepId(undefined, k);
      operations.push({ Id: context, Type: "CONTEXT", Status: "SUCCEEDED" });
      operations.push({ Id: pythonStepId(context, 1), Type: "STEP", Status: "SUCCEEDED", ParentId: context });
      operations.push({
        Id: `${"e".repeat(59)}${String(k).padStart(5, "0")}`,
        Type: "STEP",
        Status: "SUCCEEDED",
        ParentId: context,
      });
    }
    const original = crypto.createHash;
    let hashes = 0;
    crypto.createHash = (...args: Parameters<typeof original>) => {
      hashes++;
      return original(...args);
    };
    let paths: Map<string, string>;
    try {
      paths = pathsById({ operations }, pythonRecordedPaths({ operations }));
    } finally {
      crypto.createHash = original;
    }
    assert.equal(paths.size, 6000, "every context and its real step");
    assert.equal(paths.get(pythonStepId(pythonStepId(undefined, 3000), 1)), "3000-1");
    // Was: every context tried as many counters as the log has operations (27 million hashes).
    assert.ok(hashes > 0 && hashes <= 40 * operations.length, `${hashes} hashes for ${operations.length} operations`);
  });

  it("decodes the SDK's envelopes to plain JSON and leaves plain values alone", () => {
    const stored = JSON.parse(
      '{"t":"m","v":{"order_id":{"t":"s","v":"o-123"},"charged":{"t":"i","v":42},"ok":{"t":"b","v":true},' +
        '"none":{"t":"n","v":null},"items":{"t":"l","v":[{"t":"f","v":1.5},{"t":"t","v":[{"t":"s","v":"x"}]}]},' +
        '"at":{"t":"dt","v":"2026-12-06T07:29:43+00:00"},"price":{"t":"d","v":"9.99"}}}',
    );
    assert.deepEqual(decodePythonEnvelope(stored), {
      order_id: "o-123",
      charged: 42,
      ok: true,
      none: null,
      items: [1.5, ["x"]],
      at: "2026-12-06T07:29:43+00:00",
      price: "9.99",
    });
    assert.deepEqual(decodePythonEnvelope(["a", 1, { plain: true }]), ["a", 1, { plain: true }]);
    // An object of the user's that merely has `t` and `v` keys with an unknown tag is not an envelope.
    assert.deepEqual(decodePythonEnvelope({ t: "temperature", v: 3 }), { t: "temperature", v: 3 });
  });

  it("orders records by step path (parents first, counters numerically), unreached last, and renumbers them", () => {
    const record = (path: string, state: OperationRecord["state"] = "replayed"): OperationRecord => ({
      seq: -1,
      path,
      id: path,
      type: "STEP",
      state,
    });
    const ordered = canonicalOrder([
      record("10"),
      record("2-1-1"),
      record("3", "unreached"),
      record("2"),
      record("2-?"),
      record("2-1"),
      record("9"),
    ]);
    assert.deepEqual(
      ordered.map((r) => [r.seq, r.path]),
      [
        [0, "2"],
        [1, "2-1"],
        [2, "2-1-1"],
        [3, "2-?"],
        [4, "9"],
        [5, "10"],
        [6, "3"],
      ],
    );
  });
});
