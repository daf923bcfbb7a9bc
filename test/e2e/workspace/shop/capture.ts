// Records the checkout's history with AWS's local testing library, as a user of the SDK would: the payment provider
// answers the callback once it has been requested. Run: npx tsx test/e2e/workspace/shop/capture.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LocalDurableTestRunner, WaitingOperationStatus } from "@aws/durable-execution-sdk-js-testing";
import { handler } from "./src/checkout";

async function main(): Promise<void> {
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  try {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const payload = {
      cartId: "cart-7",
      items: [
        { sku: "mug", qty: 2, priceCents: 1250 },
        { sku: "tee", qty: 1, priceCents: 2400 },
      ],
    };
    const answer = async (): Promise<void> => {
      const payment = await runner.getOperation("payment_confirmation").waitForData(WaitingOperationStatus.SUBMITTED);
      await payment.sendCallbackSuccess('{"paid":true,"provider":"acme-pay"}');
    };
    const [result] = await Promise.all([runner.run({ payload }), answer()]);
    if (result.getStatus() !== "SUCCEEDED") throw new Error(`the checkout ended ${result.getStatus()}`);
    const logs = join(__dirname, "logs");
    mkdirSync(logs, { recursive: true });
    const events = result.getHistoryEvents();
    writeFileSync(join(logs, "checkout.history.json"), `${JSON.stringify(events, null, 2)}\n`);
    console.log(`wrote ${events.length} events; result ${JSON.stringify(result.getResult())}`);
  } finally {
    await LocalDurableTestRunner.teardownTestEnvironment();
  }
}

main().catch((error: unknown) => {
  console.error(`capture failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
