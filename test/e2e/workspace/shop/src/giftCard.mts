// Gift cards, as an ES module: the code comes through the `@lib/*` alias of this service's tsconfig.
import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
import { cardCode } from "@lib/cardCode";

export const handler = withDurableExecution(async (event: { cartId: string }, context: DurableContext) => {
  const cart = await context.step("validate_cart", async () => ({ cartId: event.cartId, totalCents: 4900 }));
  return { cartId: cart.cartId, code: cardCode(cart.cartId) };
});
