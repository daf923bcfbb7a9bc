// The timeline's rows for real replays: call order, nesting under contexts/map/parallel, bars from the log's times.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import type { OperationRecord } from "../../../src/protocol/operations";
import { timelineView } from "../../../src/extension/timelineRows";
import { approvalLog, handlers, orderLog, replay } from "./realReplay";

describe("timeline rows", () => {
  it("lists every operation once, each child right below its parent and one level deeper", () => {
    const report = replay(join(handlers, "approval.ts"), approvalLog);
    const { rows } = timelineView(report.operations, 60);
    assert.equal(rows.length, report.operations.length);
    assert.deepEqual(new Set(rows.map((r) => r.seq)), new Set(report.operations.map((o) => o.seq)));
    const byPath = new Map(report.operations.map((o) => [o.path, o]));
    rows.forEach((row, index) => {
      const parentPath = byPath.get(row.path)!.parentPath;
      if (parentPath === undefined) {
        assert.equal(row.depth, 0, row.path);
        return;
      }
      const parentIndex = rows.findIndex((r) => r.path === parentPath);
      assert.ok(parentIndex >= 0 && parentIndex < index, `${row.path} comes after its parent ${parentPath}`);
      assert.equal(row.depth, rows[parentIndex].depth + 1, row.path);
      // Everything between the parent and this row is inside the parent.
      for (const between of rows.slice(parentIndex + 1, index)) assert.ok(between.path.startsWith(`${parentPath}-`), between.path);
    });
    const map = rows.find((r) => r.label === "reserve_items")!;
    assert.equal(map.kind, "CONTEXT / Map");
    assert.deepEqual(
      rows.filter((r) => r.path.startsWith(`${map.path}-`) && r.depth === map.depth + 1).map((r) => r.label),
      ["map-item-0", "map-item-1", "map-item-2"],
    );
  });

  it("places duration bars on the execution's span from the recorded timestamps", () => {
    const report = replay(join(handlers, "approval.ts"), approvalLog);
    const { rows } = timelineView(report.operations, 60);
    for (const row of rows) {
      assert.ok(row.left !== undefined && row.width !== undefined, `${row.label} has a bar`);
      assert.ok(row.left >= 0 && row.width > 0 && row.left + row.width <= 100 + 1e-9, `${row.label}: ${row.left} + ${row.width}`);
    }
    const starts = report.operations.map((o) => Date.parse(o.recorded!.startTimestamp!));
    const first = report.operations[starts.indexOf(Math.min(...starts))];
    assert.equal(rows.find((r) => r.seq === first.seq)!.left, 0, "the earliest operation starts the span");
    const shipping = rows.find((r) => r.label === "shipping")!;
    const validate = rows.find((r) => r.label === "validate_order")!;
    assert.ok(shipping.left! > validate.left!, "later operations sit further right");
  });

  it("previews results and counts states", () => {
    const report = replay(join(handlers, "order.ts"), orderLog);
    const view = timelineView(report.operations, 60, report.operations[1].seq, report.status);
    assert.equal(view.rows.find((r) => r.label === "process_payment")!.preview, '{"paymentId":"pay-o-123","charged":42}');
    assert.deepEqual(view.counts, { replayed: 4, live: 0, diverged: 0, unreached: 0 });
    assert.equal(view.pausedSeq, report.operations[1].seq);
    assert.equal(view.status, "SUCCEEDED");
  });

  it("handles 10,000 operations nested 2,000 deep without overflowing the stack", () => {
    const records: OperationRecord[] = [];
    let parentPath: string | undefined;
    for (let seq = 0; seq < 10_000; seq++) {
      const path = parentPath === undefined ? "1" : `${parentPath}-1`;
      const deep = seq < 2_000;
      const record: OperationRecord = {
        seq,
        path: deep ? path : `${2 + seq}`,
        id: `id${seq}`,
        type: deep ? "CONTEXT" : "STEP",
        state: "replayed",
        ...(deep && parentPath !== undefined ? { parentPath } : {}),
        recorded: { status: "SUCCEEDED", result: seq, startTimestamp: new Date(seq * 1000).toISOString(), endTimestamp: new Date(seq * 1000 + 500).toISOString() },
      };
      records.push(record);
      if (deep) parentPath = record.path;
    }
    const { rows } = timelineView(records, 60);
    assert.equal(rows.length, 10_000);
    assert.equal(rows[1_999].depth, 1_999);
    assert.equal(rows[2_000].depth, 0);
  });
});
