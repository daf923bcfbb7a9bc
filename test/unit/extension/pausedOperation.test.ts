// Which operation the timeline and the editor highlight when the debugger stops.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { pausedOperation } from "../../../src/extension/debug/pausedOperation";
import { opLine } from "../../fixtures/handlers/opLines";
import { approvalLog, handlers, replay } from "./realReplay";

describe("paused operation", () => {
  const file = join(handlers, "approval.ts");

  it("is the durable call on the line the debugger stopped at", () => {
    const { operations } = replay(file, approvalLog);
    const found = pausedOperation(operations, { path: file, line: opLine(file, "risk_checks") });
    assert.equal(found?.name, "risk_checks");
  });

  it("is the latest call when the debugger stopped between durable calls", () => {
    const { operations } = replay(file, approvalLog);
    const latest = operations.filter((o) => o.method !== undefined).at(-1);
    assert.equal(pausedOperation(operations, { path: file, line: 1 })?.seq, latest?.seq);
    assert.equal(pausedOperation(operations, undefined)?.seq, latest?.seq);
    assert.equal(pausedOperation([], { path: file, line: 1 }), undefined);
  });
});
