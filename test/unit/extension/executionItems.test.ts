// The execution quick pick's rows and order, and how a function's handler is found in the workspace.
import { strict as assert } from "node:assert";
import { executionItems, matchHandler, orderToggle } from "../../../src/extension/aws/executionItems";
import type { ExecutionSummary } from "../../../src/replay/aws/durableExecutions";

const execution = (name: string, status: string, startedAt: string, endedAt?: string): ExecutionSummary => ({
  arn: `arn:aws:lambda:us-east-1:123456789012:function:order-fn:1/durable-execution/${name}/x`,
  name,
  status,
  functionArn: "arn:aws:lambda:us-east-1:123456789012:function:order-fn",
  startedAt,
  ...(endedAt ? { endedAt } : {}),
});

const runs = [
  execution("old-failed", "FAILED", "2026-12-01T10:00:00.000Z", "2026-12-01T10:00:03.500Z"),
  execution("newest", "SUCCEEDED", "2026-12-03T10:00:00.000Z", "2026-12-03T10:03:04.000Z"),
  execution("running", "RUNNING", "2026-12-02T10:00:00.000Z"),
  execution("timed-out", "TIMED_OUT", "2026-11-30T10:00:00.000Z", "2026-11-30T11:00:00.000Z"),
];

describe("Replay from AWS: execution picker rows", () => {
  it("newest first, each with a status icon, status, duration and the ARN", () => {
    const items = executionItems(runs, false);
    assert.deepEqual(
      items.map((i) => i.label),
      ["$(pass) newest", "$(sync) running", "$(error) old-failed", "$(watch) timed-out"],
    );
    assert.match(items[0].description, /^SUCCEEDED · .+ · 3m 04s$/);
    assert.match(items[1].description, /· running$/);
    assert.match(items[2].description, /· 3\.5 s$/);
    assert.equal(items[0].detail, runs[1].arn);
  });

  it("the order button offers the other order, and pressing it twice restores newest first", () => {
    let failedFirst = false;
    assert.deepEqual(orderToggle(failedFirst), { icon: "error", tooltip: "FAILED first" });
    failedFirst = !failedFirst;
    assert.deepEqual(orderToggle(failedFirst), { icon: "history", tooltip: "Newest first" });
    assert.equal(executionItems(runs, failedFirst)[0].execution.name, "old-failed");
    failedFirst = !failedFirst;
    assert.deepEqual(
      executionItems(runs, failedFirst).map((i) => i.execution.name),
      ["newest", "running", "old-failed", "timed-out"],
    );
  });

  it("FAILED first puts failed, timed-out and stopped executions on top, newest first among them", () => {
    assert.deepEqual(
      executionItems(runs, true).map((i) => i.execution.name),
      ["old-failed", "timed-out", "newest", "running"],
    );
  });
});

describe("Replay from AWS: the function's handler", () => {
  const handlers = [
    { file: "/w/src/orderWorkflow.ts", exportName: "handler" },
    { file: "/w/src/approval.ts", exportName: "handler" },
    { file: "/w/py/shipping_flow.py", exportName: "handler" },
  ];
  it("matches words of the function name to file names", () => {
    assert.equal(matchHandler("order-workflow-prod", handlers), handlers[0]);
    assert.equal(matchHandler("arn:aws:lambda:us-east-1:1:function:ShippingFlow", handlers), handlers[2]);
  });
  it("gives up (the user picks) when nothing or several match", () => {
    assert.equal(matchHandler("billing-fn", handlers), undefined);
    assert.equal(
      matchHandler("order-fn", [...handlers, { file: "/w/src/order.ts", exportName: "handler" }]),
      undefined,
    );
  });
  it("a single handler is the one", () => {
    assert.equal(matchHandler("anything", [handlers[1]]), handlers[1]);
  });
});
