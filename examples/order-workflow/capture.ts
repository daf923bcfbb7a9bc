// Captures the order workflow's history (full, and cut after process_payment) with AWS's local testing library.
// Run: npx tsx examples/order-workflow/capture.ts
import { join } from "node:path";
import { captureHistory, writeHistory, type HistoryEvent } from "../captureHistory";
import { handler } from "./src/handler";

const logs = join(__dirname, "logs");

/** The history as it stood when process_payment had just succeeded: the wait and confirm_order are still to come. */
function cutAfterPayment(events: HistoryEvent[]): HistoryEvent[] {
  const end = events.findIndex((e) => e.EventType === "StepSucceeded" && e.Name === "process_payment");
  if (end < 0) throw new Error("the captured history has no StepSucceeded event for process_payment");
  return events.slice(0, end + 1);
}

async function main(): Promise<void> {
  const events = await captureHistory({ handler, payload: { orderId: "o-123", amount: 42 } });
  writeHistory(join(logs, "order.history.json"), events);
  writeHistory(join(logs, "order-cut.history.json"), cutAfterPayment(events));
}

main().catch((error: unknown) => {
  console.error(`capture failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
