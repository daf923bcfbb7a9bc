// Runs a durable handler through AWS's local testing library and writes its history, so the examples ship with
// logs produced by the real SDK rather than hand-written JSON.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { DurableLambdaHandler } from "@aws/durable-execution-sdk-js";
import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import type { Event } from "@aws-sdk/client-lambda";

/** An item of `GetDurableExecutionHistory`, which the testing library's `getHistoryEvents()` also returns. */
export type HistoryEvent = Event;

export interface CaptureOptions {
  handler: DurableLambdaHandler;
  payload: unknown;
  /** Drives the execution from outside while it runs (e.g. answers a callback). */
  whileRunning?: (runner: LocalDurableTestRunner) => Promise<void>;
}

/** Runs the handler to completion with skipped time; fails unless the execution SUCCEEDED. */
export async function captureHistory({ handler, payload, whileRunning }: CaptureOptions): Promise<HistoryEvent[]> {
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  try {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const [result] = await Promise.all([runner.run({ payload }), whileRunning?.(runner)]);
    if (result.getStatus() !== "SUCCEEDED") {
      throw new Error(`the execution ended ${result.getStatus()}: ${result.getError().errorMessage ?? "no error message"}`);
    }
    return result.getHistoryEvents();
  } finally {
    await LocalDurableTestRunner.teardownTestEnvironment();
  }
}

export function writeHistory(file: string, events: HistoryEvent[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(events, null, 2)}\n`);
  console.log(`wrote ${events.length} events to ${file}`);
}
