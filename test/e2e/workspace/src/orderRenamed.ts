// The order workflow after a refactor renamed process_payment to charge_card: replaying the recorded log diverges.
import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";

export type OrderEvent = { orderId: string; amount: number };

export const handler = withDurableExecution(async (event: OrderEvent, context: DurableContext) => {
  const order = await context.step("validate_order", async () =>
    ({ orderId: event.orderId, valid: true, amount: event.amount }));
  const payment = await context.step("charge_card", async () =>
    ({ paymentId: `pay-${event.orderId}`, charged: order.amount }));
  await context.wait({ seconds: 10 });
  return context.step("confirm_order", async () =>
    ({ orderId: event.orderId, status: "CONFIRMED", paymentId: payment.paymentId }));
});
