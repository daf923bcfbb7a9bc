// Refunds a checkout. Its currency helper was never committed: `../lib/currency` does not exist.
import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
import { toMinorUnits } from "../lib/currency";

export const handler = withDurableExecution(async (event: { cartId: string; amount: number }, context: DurableContext) => {
  return context.step("refund", async () => ({ cartId: event.cartId, refunded: toMinorUnits(event.amount) }));
});
