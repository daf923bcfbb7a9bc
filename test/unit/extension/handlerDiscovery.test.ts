// Finding durable handlers for the CodeLens and the pickers, and pairing a recorded log with its handler.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findHandlers, mayDeclareHandler } from "../../../src/extension/launch/handlerScan";
import { closestHandler, logEvidence, recordedNames } from "../../../src/extension/launch/logPairing";
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

  it("finds handlers exported through a variable, an export list, module.exports objects and default exports", () => {
    const text = [
      /* 0 */ "const checkout = withDurableExecution(async (event, ctx) => {",
      /* 1 */ "  return ctx.step('pay', async () => ({ paid: true, items: [1, 2] }));",
      /* 2 */ "});",
      /* 3 */ "const refund = withDurableExecution<In, Out>(async () => ({}));",
      /* 4 */ "const helper = () => 1;",
      /* 5 */ "export { checkout, refund as refundFlow, helper };",
      /* 6 */ "export default checkout;",
      /* 7 */ "module.exports = {",
      /* 8 */ "  greetFlow: withDurableExecution(async (event, ctx) => {",
      /* 9 */ "    return { hi: ctx.step('greet', async () => ({ a: 1 })) };",
      /* 10 */ "  }),",
      /* 11 */ "  checkout,",
      /* 12 */ "  other: refund,",
      /* 13 */ "  helper,",
      /* 14 */ "};",
      /* 15 */ "exports.legacy = checkout;",
      /* 16 */ "exports['quoted'] = withDurableExecution(async () => {});",
    ].join("\n");
    const found = findHandlers(text, "javascript").map((h) => `${h.exportName}@${h.line}`);
    assert.deepEqual(found.sort(), [
      "checkout@0",
      "default@0",
      "greetFlow@8",
      "legacy@0",
      "other@3",
      "quoted@16",
      "refundFlow@3",
    ]);
  });

  it("a module that is the handler itself is replayed as its default export", () => {
    assert.deepEqual(findHandlers("module.exports = withDurableExecution(async () => {});", "javascript"), [
      { exportName: "default", line: 0 },
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

describe("log evidence for the log picker", () => {
  const shop = join(root, "test/e2e/workspace/shop");
  const checkout = { file: join(shop, "src/checkout.ts"), source: readFileSync(join(shop, "src/checkout.ts"), "utf8") };
  const checkoutLog = join(shop, "logs/checkout.history.json");
  const orderLog = join(root, "test/e2e/workspace/logs/order.history.json");

  it("ranks the handler's own log (its operation names are in the code, it lies next to it) above another's", () => {
    const own = logEvidence(checkout, { file: checkoutLog, text: readFileSync(checkoutLog, "utf8") }, false);
    const other = logEvidence(checkout, { file: orderLog, text: readFileSync(orderLog, "utf8") }, true);
    assert.ok(own.score > other.score, `${JSON.stringify(own)} vs ${JSON.stringify(other)}`);
    assert.match(own.reasons.join(" · "), /^\d+ of \d+ operation names in the code · near the handler$/);
    assert.deepEqual(other.reasons, ["replayed with this handler before"]);
  });

  it("names built at run time match by their literal prefix; map item contexts are not names", () => {
    const names = recordedNames(readFileSync(checkoutLog, "utf8"));
    assert.ok(names.includes("reserve_mug") && names.includes("map-item-0"));
    const own = logEvidence(checkout, { file: checkoutLog, text: readFileSync(checkoutLog, "utf8") }, false);
    const counted = names.filter((name) => !/^map-item-/.test(name)).length;
    assert.equal(own.reasons[0], `${counted} of ${counted} operation names in the code`);
  });
});
