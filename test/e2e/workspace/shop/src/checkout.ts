// A shop's checkout: validate the cart, reserve every item (map), wait for the payment provider's callback, give the
// warehouse 30 s, then send the receipt. One bug on purpose: the elapsed time is measured with the host clock outside
// any step, so every replay returns a different `elapsedMs`.
import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
import { formatCents, lineTotal } from "@lib/money";

export type CartItem = { sku: string; qty: number; priceCents: number };
export type CheckoutEvent = { cartId: string; items: CartItem[] };

export const handler = withDurableExecution(async (event: CheckoutEvent, context: DurableContext) => {
  const startedAt = Date.now();

  const cart = await context.step("validate_cart", async () => ({
    cartId: event.cartId,
    totalCents: event.items.reduce((sum, item) => sum + lineTotal(item), 0),
  }));

  const reservations = await context.map("reserve_items", event.items, async (itemCtx, item) =>
    itemCtx.step(`reserve_${item.sku}`, async () => ({ sku: item.sku, reserved: item.qty })),
  );

  const payment = await context.waitForCallback(
    "payment_confirmation",
    async (callbackId, { logger }) => {
      logger.info("payment requested", { callbackId, cartId: cart.cartId });
    },
    { timeout: { minutes: 10 } },
  );

  await context.wait({ seconds: 30 });

  const receipt = await context.step("send_receipt", async () => {
    // The mail provider takes a while to answer.
    await new Promise((done) => setTimeout(done, 200));
    return { to: event.cartId, total: formatCents(cart.totalCents) };
  });

  return {
    cartId: cart.cartId,
    reserved: reservations.getResults().length,
    payment,
    receipt,
    elapsedMs: Date.now() - startedAt,
  };
});
