// Captures the approval workflow's history with AWS's local testing library, approving as alice.
// Run: npx tsx examples/approval-workflow/capture.ts
import { join } from "node:path";
import { WaitingOperationStatus } from "@aws/durable-execution-sdk-js-testing";
import { captureHistory, writeHistory } from "../captureHistory";
import { handler } from "./src/handler";

async function main(): Promise<void> {
  const events = await captureHistory({
    handler,
    payload: { orderId: "o-456", items: ["a", "b", "c"] },
    whileRunning: async (runner) => {
      // SUBMITTED: the callback exists and its submitter has run, so there is someone to answer.
      const approval = await runner.getOperation("manager_approval").waitForData(WaitingOperationStatus.SUBMITTED);
      await approval.sendCallbackSuccess('{"approved":true,"by":"alice"}');
    },
  });
  writeHistory(join(__dirname, "logs", "approval.history.json"), events);
}

main().catch((error: unknown) => {
  console.error(`capture failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
