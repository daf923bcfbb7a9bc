// A durable handler that reads the clock outside a step: every replay stamps a different time.
import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";

export const handler = withDurableExecution(async (event: { orderId: string }, context: DurableContext) => {
  const issuedAt = Date.now();
  return context.step("send_receipt", async () => ({ orderId: event.orderId, issuedAt }));
});
