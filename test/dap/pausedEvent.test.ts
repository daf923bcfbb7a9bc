// `durable/paused`: after every stop the adapter says which durable operation the session is paused at, for a
// TypeScript and a Python handler alike; the editor highlights that operation instead of guessing it from the stack.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { OPERATION_EVENT, PAUSED_EVENT, type PausedEventBody } from "../../src/protocol/dap";
import type { OperationRecord } from "../../src/protocol/operations";
import { opLine } from "../fixtures/handlers/opLines";
import { pythonFixtures, pythonSdkEnv } from "../support/pythonSdk";
import { HANDLERS, ORDER_LOGS, launch, sideEffectDir, startAdapter } from "./adapterClient";

/** Starting Python, the SDK and debugpy takes seconds on a loaded machine: a wait, not a measure. */
const WAIT_MS = 60_000;

interface Stop {
  reason: string;
  threadId: number;
  paused: PausedEventBody;
}

/** The next stop and the `durable/paused` that follows it. */
async function nextStop(client: DebugClient): Promise<Stop> {
  const [stopped, paused] = await Promise.all([
    client.waitForEvent("stopped", WAIT_MS) as Promise<DebugProtocol.StoppedEvent>,
    client.waitForEvent(PAUSED_EVENT, WAIT_MS),
  ]);
  return {
    reason: stopped.body.reason,
    threadId: stopped.body.threadId ?? 1,
    paused: paused.body as PausedEventBody,
  };
}

function lineOf(file: string, text: string): number {
  return (
    readFileSync(file, "utf8")
      .split("\n")
      .findIndex((line) => line.includes(text)) + 1
  );
}

const cases = [
  {
    language: "TypeScript",
    handler: join(HANDLERS, "order.ts"),
    log: join(ORDER_LOGS, "order.history.json"),
    paymentLine: (file: string) => opLine(file, "process_payment"),
    env: () => ({ SIDE_EFFECT_DIR: sideEffectDir() }),
  },
  {
    language: "Python",
    handler: join(pythonFixtures, "order.py"),
    log: join(pythonFixtures, "order.history.json"),
    paymentLine: (file: string) => lineOf(file, "pay = context.step("),
    env: () => ({ PYTHONPATH: pythonSdkEnv().PYTHONPATH ?? "", SIDE_EFFECTS_FILE: join(sideEffectDir(), "marks") }),
  },
];

describe("debug adapter: durable/paused", function () {
  this.timeout(4 * WAIT_MS);
  let client: DebugClient;
  beforeEach(async () => {
    client = await startAdapter();
  });
  afterEach(async () => {
    await client.stop();
  });

  for (const { language, handler, log, paymentLine, env } of cases) {
    it(`names the paused operation at a breakpoint, after next and after each step back (${language})`, async () => {
      const seqs = new Map<string, number>();
      client.on(OPERATION_EVENT, (event: DebugProtocol.Event) => {
        const record = event.body as OperationRecord;
        if (record.name !== undefined) seqs.set(record.name, record.seq);
      });
      const atBreakpoint = nextStop(client);
      await launch(client, { handler, log, env: env() }, () =>
        client.setBreakpointsRequest({ source: { path: handler }, breakpoints: [{ line: paymentLine(handler) }] }),
      );
      const first = await atBreakpoint;
      assert.equal(first.reason, "breakpoint");
      // Before process_payment runs, the latest call is validate_order.
      assert.deepEqual(first.paused, {
        threadId: first.threadId,
        seq: seqs.get("validate_order"),
        id: first.paused.id,
        name: "validate_order",
      });
      assert.equal(typeof first.paused.seq, "number");

      await client.setBreakpointsRequest({ source: { path: handler }, breakpoints: [] });
      const stepped = nextStop(client);
      await client.nextRequest({ threadId: first.threadId });
      const afterNext = await stepped;
      assert.equal(afterNext.reason, "step");
      assert.equal(afterNext.paused.name, "process_payment");
      assert.equal(afterNext.paused.seq, seqs.get("process_payment"));

      const back = nextStop(client);
      await client.stepBackRequest({ threadId: afterNext.threadId });
      const afterBack = await back;
      assert.equal(afterBack.paused.name, "process_payment", "the step back lands on the call it stepped over");
      assert.equal(afterBack.paused.seq, seqs.get("process_payment"));

      const backAgain = nextStop(client);
      await client.stepBackRequest({ threadId: afterBack.threadId });
      const second = await backAgain;
      assert.equal(second.paused.name, "validate_order");
      assert.equal(second.paused.seq, seqs.get("validate_order"));
      assert.notEqual(second.paused.seq, afterBack.paused.seq);
    });
  }
});
