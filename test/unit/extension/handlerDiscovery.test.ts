// Finding durable handlers for the CodeLens and the pickers, and pairing a recorded log with its handler.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findHandlers, mayDeclareHandler } from "../../../src/extension/launch/handlerScan";
import { closestHandler } from "../../../src/extension/launch/logPairing";
import { root } from "./realReplay";

function lineOf(text: string, needle: string): number {
  return text.split("\n").findIndex((line) => line.includes(needle));
}

describe("handler scan", () => {
  it("finds the exported handler of each example workflow on its declaration line", () => {
    for (const example of ["order-workflow", "approval-workflow"]) {
      const text = readFileSync(join(root, "examples", example, "src/handler.ts"), "utf8");
      assert.deepEqual(findHandlers(text, "typescript"), [
        { exportName: "handler", line: lineOf(text, "export const handler = withDurableExecution(") },
      ]);
    }
  });

  it("recognises default exports, CommonJS exports and typed declarations", () => {
    const text = [
      "export default withDurableExecution(async (event, context) => {});",
      "exports.process = withDurableExecution(async () => {});",
      "module.exports.other = withDurableExecution(async () => {});",
      "export const typed: DurableLambdaHandler = withDurableExecution<In, Out>(async () => {});",
      "const notExported = withDurableExecution(async () => {});",
      "// export const commented = something(withDurableExecution)",
    ].join("\n");
    assert.deepEqual(findHandlers(text, "javascript"), [
      { exportName: "default", line: 0 },
      { exportName: "process", line: 1 },
      { exportName: "other", line: 2 },
      { exportName: "typed", line: 3 },
    ]);
  });

  it("finds Python functions decorated with @durable_execution, past other decorators and comments", () => {
    const text = [
      "from aws_durable_execution_sdk_python import durable_execution, durable_step",
      "",
      "@durable_step",
      "def charge(step_context, amount):",
      "    return amount",
      "",
      "@durable_execution",
      "# the entry point",
      "@traced",
      "def handler(event, context):",
      "    return context.step(charge(1))",
      "",
      "@sdk.durable_execution",
      "async def other(event, context):",
      "    pass",
    ].join("\n");
    assert.deepEqual(findHandlers(text, "python"), [
      { exportName: "handler", line: 9 },
      { exportName: "other", line: 13 },
    ]);
  });

  it("skips files that name neither wrapper before scanning lines", () => {
    assert.equal(mayDeclareHandler("export const handler = async () => {}"), false);
    assert.equal(mayDeclareHandler("import { withDurableExecution } from '@aws/durable-execution-sdk-js'"), true);
  });
});

describe("log pairing", () => {
  const handlers = [
    { file: "/w/examples/order-workflow/src/handler.ts" },
    { file: "/w/examples/approval-workflow/src/handler.ts" },
    { file: "/w/src/handler.ts" },
  ];

  it("gives a log to the handler nearest to it in the tree", () => {
    assert.equal(closestHandler("/w/examples/order-workflow/logs/order.durable.json", handlers), handlers[0]);
    assert.equal(closestHandler("/w/examples/approval-workflow/logs/a.durable.json", handlers), handlers[1]);
    assert.equal(closestHandler("/w/logs/prod.durable.json", handlers), handlers[2]);
    assert.equal(closestHandler("/w/logs/prod.durable.json", []), undefined);
  });
});
