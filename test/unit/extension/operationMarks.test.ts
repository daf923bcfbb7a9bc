// What the editor shows next to each durable call after a real replay: the after-line hint text and the hover.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import type { Divergence, OperationRecord, ReplayReport } from "../../../src/protocol/operations";
import { hintText, hoverMarkdown } from "../../../src/extension/marks/operationHints";
import { marksForFile, type DivergenceLookup } from "../../../src/extension/marks/operationMarks";
import { opLine, opLines } from "../../fixtures/handlers/opLines";
import { approvalLog, handlers, orderCutLog, orderLog, replay } from "./realReplay";

/** Divergences looked up by path, as ReplayRun does once the timeline event has arrived. */
function lookup(report: ReplayReport): DivergenceLookup {
  return {
    divergence: (record: OperationRecord) => report.divergences.find((d: Divergence) => d.path === record.path),
    message: () => undefined,
  };
}

function marksByLine(file: string, report: ReplayReport, max = 60): Map<number, string> {
  return new Map(marksForFile(report.operations, file, max, lookup(report)).map((mark) => [mark.line, mark.text]));
}

describe("editor marks after a real replay", () => {
  it("marks every durable call of a fully replayed handler `↺ replayed → result` on its own line", () => {
    const file = join(handlers, "order.ts");
    const marks = marksByLine(file, replay(file, orderLog));
    const lines = opLines(file);
    assert.deepEqual(
      [...marks.keys()].sort((a, b) => a - b),
      [...lines.values()].sort((a, b) => a - b),
    );
    assert.equal(marks.get(lines.get("validate_order")!), '↺ replayed → {"orderId":"o-123","valid":true,"amount":42}');
    assert.equal(marks.get(lines.get("process_payment")!), '↺ replayed → {"paymentId":"pay-o-123","charged":42}');
    assert.equal(marks.get(lines.get("wait")!), "↺ replayed", "a wait has no result to preview");
  });

  it("marks the calls past the end of a cut log `▶ live` with the value they produced now", () => {
    const file = join(handlers, "order.ts");
    const marks = marksByLine(file, replay(file, orderCutLog, "--on-log-end", "live"), 200);
    assert.match(marks.get(opLine(file, "process_payment"))!, /^↺ replayed → /);
    assert.equal(marks.get(opLine(file, "wait")), "▶ live");
    assert.equal(
      marks.get(opLine(file, "confirm_order")),
      '▶ live → {"orderId":"o-123","status":"CONFIRMED","paymentId":"pay-o-123"}',
    );
  });

  it("names the recorded and the called operation at a renamed step", () => {
    const file = join(handlers, "order-renamed.ts");
    const marks = marksByLine(file, replay(file, orderLog));
    assert.equal(
      marks.get(opLine(file, "charge_card")),
      "✖ diverged: recorded process_payment, code called charge_card",
    );
    assert.match(marks.get(opLine(file, "validate_order"))!, /^↺ replayed/);
  });

  it("names the types when the code calls a wait where the log has a step", () => {
    const file = join(handlers, "order-reordered.ts");
    const marks = marksByLine(file, replay(file, orderLog));
    assert.equal(marks.get(opLine(file, "wait")), "✖ diverged: recorded STEP process_payment, code called WAIT WAIT");
  });

  it("gives a line that ran many operations one mark with the count (map, parallel)", () => {
    const file = join(handlers, "approval.ts");
    const report = replay(file, approvalLog);
    const marks = marksForFile(report.operations, file, 60, lookup(report));
    assert.ok(marks.length > 0);
    assert.equal(new Set(marks.map((mark) => mark.line)).size, marks.length, "one mark per line");
    for (const mark of marks) assert.match(mark.text, /^↺ replayed/);
    assert.deepEqual(
      marksForFile(report.operations, join(handlers, "order.ts"), 60, lookup(report)),
      [],
      "marks stay in their own file",
    );
  });

  it("cuts long previews to the configured length with an ellipsis", () => {
    const file = join(handlers, "order.ts");
    const full = JSON.stringify({ orderId: "o-123", valid: true, amount: 42 });
    const text = marksByLine(file, replay(file, orderLog), 20).get(opLine(file, "validate_order"))!;
    const preview = text.slice("↺ replayed → ".length);
    assert.equal(preview.length, 20);
    assert.ok(preview.endsWith("…") && full.startsWith(preview.slice(0, -1)), text);
  });
});

describe("hover of a durable call", () => {
  const record: OperationRecord = {
    seq: 0,
    path: "1",
    id: "c4ca4238a0b92382",
    type: "STEP",
    subType: "Step",
    name: "fetch_page",
    method: "step",
    state: "replayed",
    recorded: {
      status: "SUCCEEDED",
      result: { html: "```\n**bold** <img src=x onerror=alert(1)>\n````" },
      startTimestamp: "2026-11-28T05:06:58.534Z",
      endTimestamp: "2026-11-28T05:06:59.034Z",
    },
  };

  it("shows the full recorded value in a code block its own backticks cannot close, with timing", () => {
    const markdown = hoverMarkdown(record);
    const fence = /^(`{3,})json$/m.exec(markdown);
    assert.ok(fence, markdown);
    assert.ok(fence[1].length > 4, "the fence is longer than the longest backtick run in the value");
    const body = markdown.slice(markdown.indexOf(fence[0]) + fence[0].length + 1, markdown.lastIndexOf(fence[1]) - 1);
    assert.deepEqual(JSON.parse(body), record.recorded!.result);
    assert.match(markdown, /\(500 ms\)/);
    assert.match(markdown, /context\.step/);
  });

  it("escapes names so markdown and HTML in them show as typed", () => {
    const markdown = hoverMarkdown({ ...record, name: "<b>x</b>_*" });
    assert.ok(markdown.startsWith("**\\<b\\>x\\<\\/b\\>\\_\\***"), markdown);
  });

  it("previews an error as what was thrown", () => {
    const failed: OperationRecord = {
      ...record,
      recorded: { status: "FAILED", error: { ErrorType: "PaymentDeclined", ErrorMessage: "card expired" } },
    };
    assert.equal(hintText(failed, 60), "↺ replayed → threw PaymentDeclined: card expired");
  });
});
