// How operation records reach a DAP client: per record by default (`durable/operation`, the contract other clients
// rely on), or in `durable/operations` batches for a client that opts in with `operationEvents: "batched"`.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import {
  OPERATION_EVENT,
  OPERATIONS_EVENT,
  TIMELINE_EVENT,
  type DurableLaunchArguments,
  type OperationEventBody,
  type OperationsEventBody,
  type TimelineEventBody,
} from "../../src/protocol/dap";
import { opLine } from "../fixtures/handlers/opLines";
import { launch, startAdapter } from "./adapterClient";
import { LOOP_HANDLER, recordLoopLog } from "./loopLog";

const ITEMS = 300;

/** Every event the adapter sent until the session ended, in order. */
async function eventsOfReplay(
  client: DebugClient,
  args: DurableLaunchArguments,
  configure?: () => Promise<unknown>,
): Promise<DebugProtocol.Event[]> {
  const events: DebugProtocol.Event[] = [];
  const record = (event: DebugProtocol.Event) => events.push(event);
  for (const name of [OPERATION_EVENT, OPERATIONS_EVENT, TIMELINE_EVENT, "stopped", "terminated"])
    client.on(name, record);
  const terminated = client.waitForEvent("terminated", 60_000);
  await launch(client, args, configure);
  await terminated;
  return events;
}

const seqsOf = (records: { seq: number }[]) => records.map((record) => record.seq);

describe("debug adapter: operation events", function () {
  let client: DebugClient;
  let log: string;
  before(async () => {
    log = await recordLoopLog(join(mkdtempSync(join(tmpdir(), "dap-batches-")), "loop.history.json"), ITEMS);
  });
  beforeEach(async () => {
    client = await startAdapter();
  });
  afterEach(async () => {
    await client.stop();
  });

  it("a client that opts in gets every operation exactly once, in order, in batches before the final timeline", async () => {
    const events = await eventsOfReplay(client, { handler: LOOP_HANDLER, log, operationEvents: "batched" });
    assert.equal(events.filter((e) => e.event === OPERATION_EVENT).length, 0, "no per-record events");
    const batches = events
      .filter((e) => e.event === OPERATIONS_EVENT)
      .map((e) => (e.body as OperationsEventBody).operations);
    const timelineAt = events.findIndex((e) => e.event === TIMELINE_EVENT);
    const final = events[timelineAt].body as TimelineEventBody;
    assert.equal(final.status, "SUCCEEDED");
    assert.equal(final.operations, undefined, "the final event does not repeat the records");
    const streamed = batches.flat();
    assert.deepEqual(seqsOf(streamed), [...Array(ITEMS).keys()], "each operation once, in call order");
    assert.deepEqual(
      streamed.map((r) => r.name),
      streamed.map((_, i) => `item_${i}`),
    );
    assert.ok(streamed.every((r) => r.state === "replayed" && r.recorded?.status === "SUCCEEDED"));
    assert.ok(batches.length < ITEMS / 10, `${ITEMS} records came in ${batches.length} batches`);
    assert.ok(
      events.map((e) => e.event).lastIndexOf(OPERATIONS_EVENT) < timelineAt,
      "every batch comes before the timeline",
    );
  });

  it("a client that opts in gets the operations made before a stop right after the stop, in one batch", async () => {
    const line = opLine(LOOP_HANDLER, "total");
    const batches: OperationsEventBody[] = [];
    let stoppedAfter = -1;
    client.on(OPERATIONS_EVENT, (event: DebugProtocol.Event) => batches.push(event.body as OperationsEventBody));
    client.on("stopped", () => (stoppedAfter = batches.length));
    const stopped = client.waitForEvent("stopped", 60_000);
    await launch(client, { handler: LOOP_HANDLER, log, operationEvents: "batched" }, () =>
      client.setBreakpointsRequest({ source: { path: LOOP_HANDLER }, breakpoints: [{ line, condition: "i === 200" }] }),
    );
    await stopped;
    // item_200 has returned its recorded value when `total += value` runs for i === 200.
    const seen = new Set<number>();
    const deadline = Date.now() + 60_000;
    while (!seen.has(200) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const batch of batches) for (const record of batch.operations) seen.add(record.seq);
    }
    for (let seq = 0; seq <= 200; seq++) assert.ok(seen.has(seq), `operation #${seq} arrived by the stop`);
    assert.ok(batches.length - stoppedAfter <= 1, `${batches.length - stoppedAfter} batches after the stop`);
    assert.ok(!seen.has(202), "nothing the paused code has not called yet");
  });

  it("a client that does not opt in gets one durable/operation event per record and no batches", async () => {
    const events = await eventsOfReplay(client, { handler: LOOP_HANDLER, log });
    assert.equal(events.filter((e) => e.event === OPERATIONS_EVENT).length, 0);
    const perRecord = events.filter((e) => e.event === OPERATION_EVENT).map((e) => e.body as OperationEventBody);
    const timeline = (events.find((e) => e.event === TIMELINE_EVENT)!.body as TimelineEventBody).operations ?? [];
    assert.equal(timeline.length, ITEMS);
    assert.deepEqual(seqsOf(perRecord), seqsOf(timeline));
  });

  it("names the bad attribute when operationEvents is neither each nor batched", async () => {
    await assert.rejects(
      launch(client, { handler: LOOP_HANDLER, log, operationEvents: "sometimes" as never }),
      /Launch attribute `operationEvents` must be one of each, batched/,
    );
  });
});
