// The timeline's rows for real replays: call order, nesting under contexts/map/parallel, bars from the log's times.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import type { OperationRecord } from "../../../src/protocol/operations";
import {
  timelineUpdate,
  timelineView,
  formatDuration,
  timelineViewParts,
  type TimelineRow,
} from "../../../src/extension/timeline/timelineRows";
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
      for (const between of rows.slice(parentIndex + 1, index))
        assert.ok(between.path.startsWith(`${parentPath}-`), between.path);
    });
    const map = rows.find((r) => r.label === "reserve_items")!;
    assert.equal(map.kind, "CONTEXT / Map");
    assert.deepEqual(
      rows.filter((r) => r.path.startsWith(`${map.path}-`) && r.depth === map.depth + 1).map((r) => r.label),
      ["map-item-0", "map-item-1", "map-item-2"],
    );
  });

  it("gives each row its bar's times and duration from the recorded timing, a wait lasting until it was due", () => {
    const report = replay(join(handlers, "approval.ts"), approvalLog);
    const { rows } = timelineView(report.operations, 60);
    for (const row of rows) {
      const timing = report.operations.find((o) => o.seq === row.seq)!.timing!;
      assert.equal(row.timing, "recorded", row.label);
      assert.equal(row.start, Date.parse(timing.start), `${row.label} starts when the log says`);
      assert.equal(row.end, Date.parse(timing.end ?? timing.start), `${row.label} ends when the log says`);
    }
    const wait = report.operations.find((o) => o.name === "cool_down")!;
    const waitRow = rows.find((r) => r.seq === wait.seq)!;
    assert.equal(waitRow.end, Date.parse(wait.recorded!.scheduledEndTimestamp!));
    assert.equal(waitRow.duration, formatDuration(waitRow.end - waitRow.start!));
    assert.match(waitRow.timingTitle ?? "", /^Recorded in production/);
  });

  it("posting only the rows that changed, as records stream in, builds the same rows as the whole view", () => {
    const report = replay(join(handlers, "approval.ts"), approvalLog);
    const all = [...report.operations].sort((a, b) => a.seq - b.seq);
    const shown: TimelineRow[] = [];
    for (let from = 0; from < all.length; from += 3) {
      const known = all.slice(0, from + 3);
      const update = timelineUpdate(known, new Set(known.slice(from).map((r) => r.seq)), new Set(), 60)!;
      assert.ok(update, `the records from #${from} fit under the rows already shown`);
      // What the webview does with an update (media/timeline.js).
      for (const [index, row] of update.inserts) shown.splice(index, 0, row);
      for (const [index, row] of update.updates) shown[index] = row;
      assert.equal(shown.length, update.total);
    }
    assert.deepEqual(shown, timelineView(all, 60).rows);
  });

  it("cuts the whole view into parts that, applied one after the other, build the same rows", () => {
    const report = replay(join(handlers, "approval.ts"), approvalLog);
    const whole = timelineView(report.operations, 60, undefined, report.status);
    const [first, ...rest] = [...timelineViewParts(report.operations, 60, 4, undefined, report.status)];
    assert.ok("view" in first);
    assert.equal(first.view.rows.length, 4);
    const shown = [...first.view.rows];
    for (const part of rest) {
      assert.ok("update" in part, "only the first part is a view");
      assert.ok(part.update.inserts.length <= 4);
      for (const [index, row] of part.update.inserts) shown.splice(index, 0, row);
      assert.equal(shown.length, part.update.total);
      assert.deepEqual(part.update.counts, whole.counts);
    }
    assert.equal(rest.length, Math.ceil(whole.rows.length / 4) - 1);
    assert.deepEqual(shown, whole.rows);
  });

  it("asks for the whole view when a record arrives above rows already shown", () => {
    const report = replay(join(handlers, "approval.ts"), approvalLog);
    const child = report.operations.find((o) => o.parentPath !== undefined)!;
    const parent = report.operations.find((o) => o.path === child.parentPath)!;
    assert.equal(timelineUpdate(report.operations, new Set([parent.seq]), new Set(), 60), undefined);
  });

  it("previews results and counts states", () => {
    const report = replay(join(handlers, "order.ts"), orderLog);
    const view = timelineView(report.operations, 60, report.operations[1].seq, report.status);
    assert.equal(
      view.rows.find((r) => r.label === "process_payment")!.preview,
      '{"paymentId":"pay-o-123","charged":42}',
    );
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
        recorded: {
          status: "SUCCEEDED",
          result: seq,
          startTimestamp: new Date(seq * 1000).toISOString(),
          endTimestamp: new Date(seq * 1000 + 500).toISOString(),
        },
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
