// The timing the timeline shows: production's, from the log (a replay serves a 10 s wait in milliseconds), with
// retries and the gaps between invocations; an operation that ran live in the session keeps its own, marked live.
import assert from "node:assert/strict";
import { join } from "node:path";
import type { OperationRecord } from "../../../src/protocol/operations";
import { recordedOutcome } from "../../../src/replay/engine/operationLedger";
import { OperationTimings } from "../../../src/replay/engine/operationTiming";
import { readLog } from "../../../src/replay/log/readLog";
import { handlers, orderCutLog, orderLog, replay, root } from "../extension/realReplay";

const pythonFixtures = join(root, "test/fixtures/python");

/** Records as the session makes them for every operation of a log, all replayed, timed in call order. */
function timedFromLog(file: string): OperationRecord[] {
  const log = readLog(file);
  const timings = new OperationTimings(log.invocations);
  return log.operations.map((op, seq) => {
    const record: OperationRecord = {
      seq,
      path: String(seq + 1),
      id: op.Id,
      type: op.Type,
      ...(op.Name !== undefined && { name: op.Name }),
      state: "replayed",
      recorded: recordedOutcome(op),
    };
    timings.apply(record);
    return record;
  });
}

describe("operation timing", () => {
  it("gives a replayed 10 s wait its recorded 10 s, though the recording run skipped it in 3 ms", () => {
    const report = replay(join(handlers, "order.ts"), orderLog);
    const wait = report.operations.find((op) => op.type === "WAIT")!;
    assert.deepEqual(wait.timing, {
      source: "recorded",
      start: "2026-11-28T05:06:50.252Z",
      end: "2026-11-28T05:07:00.252Z",
      durationMs: 10_000,
    });
    const validate = report.operations.find((op) => op.name === "validate_order")!;
    assert.deepEqual(validate.timing, {
      source: "recorded",
      start: "2026-11-28T05:06:50.212Z",
      end: "2026-11-28T05:06:50.212Z",
      durationMs: 0,
    });
  });

  it("puts the gap between two recorded invocations on the first call of the later one", () => {
    const report = replay(join(handlers, "order.ts"), orderLog);
    const gaps = report.operations.filter((op) => op.timing?.gapBeforeMs !== undefined);
    // The first invocation ended at 05:06:50.256, the second began at 05:06:50.270 (its InvocationCompleted events).
    assert.deepEqual(
      gaps.map((op) => [op.name, op.timing!.gapBeforeMs]),
      [["confirm_order", 14]],
    );
  });

  it("marks the timing of operations that ran live as the session's own", () => {
    const report = replay(join(handlers, "order.ts"), orderCutLog);
    const live = report.operations.filter((op) => op.state === "live");
    assert.deepEqual(
      live.map((op) => op.name ?? op.type),
      ["WAIT", "confirm_order"],
    );
    for (const op of live) {
      assert.equal(op.timing?.source, "live", `${op.name ?? op.type}`);
      assert.equal(op.timing.start, op.live!.startTimestamp);
    }
    assert.equal(report.operations.find((op) => op.name === "process_payment")!.timing?.source, "recorded");
  });

  it("counts a retried step's attempts and spans it from its first attempt to its last", () => {
    const records = timedFromLog(join(pythonFixtures, "approval.history.json"));
    const flaky = records.find((r) => r.name === "flaky_charge")!;
    assert.deepEqual(flaky.timing, {
      source: "recorded",
      start: "2026-12-06T07:29:31.055Z",
      end: "2026-12-06T07:29:32.161Z",
      durationMs: 1106,
      attempts: 2,
    });
    // That log's invocations say only when they ended: the gap runs to the first call of the next one.
    const audit = records.find((r) => r.name === "audit_log")!;
    assert.equal(audit.timing?.gapBeforeMs, 5012);
  });

  it("ends a step that failed after its retries at its last attempt", () => {
    const records = timedFromLog(join(pythonFixtures, "order_declined.history.json"));
    const payment = records.find((r) => r.name === "process_payment")!;
    assert.deepEqual(payment.timing, {
      source: "recorded",
      start: "2026-12-06T18:58:07.376Z",
      end: "2026-12-06T18:58:11.482Z",
      durationMs: 4106,
      attempts: 2,
    });
  });
});
