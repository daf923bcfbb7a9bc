// Awards loyalty points. Its configuration is read when the module loads, and it is not set: the top level throws.
import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";

const config = JSON.parse(process.env.LOYALTY_CONFIG ?? "") as { pointsPerDollar: number };

export const handler = withDurableExecution(async (event: { cartId: string }, context: DurableContext) => {
  return context.step("award_points", async () => ({ cartId: event.cartId, points: config.pointsPerDollar }));
});
