// An order that needs a manager's approval: a callback, parallel risk checks, a map over the items, a named wait
// and a child context for shipping.
import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";

export type ApprovalEvent = { orderId: string; items: string[] };

export const handler = withDurableExecution(async (event: ApprovalEvent, context: DurableContext) => {
  const validated = await context.step("validate_order", async () => ({ orderId: event.orderId, valid: true }));

  // Resolves to the raw string the approver sent (callbacks are not JSON-parsed by default).
  const approval = await context.waitForCallback(
    "manager_approval",
    async (callbackId, { logger }) => { logger.info("send approval request", { callbackId }); },
    { timeout: { minutes: 5 } },
  );

  const checks = await context.parallel("risk_checks", [
    { name: "fraud_check", func: async (branch) => branch.step("fraud_score", async () => 0.1) },
    { name: "stock_check", func: async (branch) => branch.step("stock_level", async () => 7) },
  ]);

  const reserved = await context.map(
    "reserve_items",
    event.items,
    async (itemCtx, item) => itemCtx.step(`reserve_${item}`, async () => ({ item, reserved: true })),
    { maxConcurrency: 2 },
  );

  await context.wait("cool_down", { seconds: 10 });

  const shipped = await context.runInChildContext("shipping", async (child) => {
    const label = await child.step("create_label", async () => "LBL-1");
    await child.wait({ seconds: 2 });
    return child.step("dispatch", async () => ({ label, dispatched: true }));
  });

  return { validated, approval, checks: checks.getResults(), items: reserved.getResults(), shipped };
});
