// Line breakpoints on code that runs once per loop iteration during the replay: conditions, hit counts, logpoints.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { opLine } from "../fixtures/handlers/opLines";
import { launch, startAdapter, topFrame } from "./adapterClient";
import { LOOP_HANDLER, recordLoopLog } from "./loopLog";

const TOTAL_LINE = opLine(LOOP_HANDLER, "total");

describe("debug adapter: breakpoints in a loop", function () {
  let client: DebugClient;
  let log: string;
  before(async () => {
    log = await recordLoopLog(join(mkdtempSync(join(tmpdir(), "dap-loop-")), "loop.history.json"), 5);
  });
  beforeEach(async () => {
    client = await startAdapter();
  });
  afterEach(async () => {
    await client.stop();
  });

  async function stopWith(breakpoint: DebugProtocol.SourceBreakpoint): Promise<DebugProtocol.StackFrame> {
    const stopped = client.waitForEvent("stopped");
    await launch(client, { handler: LOOP_HANDLER, log }, () =>
      client.setBreakpointsRequest({ source: { path: LOOP_HANDLER }, breakpoints: [breakpoint] }),
    );
    assert.equal((await stopped).body.reason, "breakpoint");
    const frame = await topFrame(client);
    assert.equal(frame.line, TOTAL_LINE);
    return frame;
  }

  const evaluate = async (expression: string, frame: DebugProtocol.StackFrame): Promise<string> =>
    (await client.evaluateRequest({ expression, frameId: frame.id, context: "watch" })).body.result;

  it("stops only where the condition holds", async () => {
    const frame = await stopWith({ line: TOTAL_LINE, condition: "i === 3" });
    assert.equal(await evaluate("i", frame), "3");
    assert.equal(await evaluate("value", frame), "6", "the recorded result of item_3");
  });

  it("stops at the n-th hit of a hit count", async () => {
    const frame = await stopWith({ line: TOTAL_LINE, hitCondition: "3" });
    assert.equal(await evaluate("i", frame), "2");
  });

  it("prints logpoint messages without stopping", async () => {
    const logged: string[] = [];
    client.on("output", (event: DebugProtocol.OutputEvent) => {
      // A logpoint's message carries its source line; the session's closing summary does not.
      if (event.body.category === "console" && event.body.source) logged.push(event.body.output.trim());
    });
    const terminated = client.waitForEvent("terminated");
    await launch(client, { handler: LOOP_HANDLER, log }, () =>
      client.setBreakpointsRequest({
        source: { path: LOOP_HANDLER },
        breakpoints: [{ line: TOTAL_LINE, logMessage: "item {i} = {value}" }],
      }),
    );
    await terminated;
    assert.deepEqual(
      logged,
      [0, 1, 2, 3, 4].map((i) => `item ${i} = ${i * 2}`),
    );
  });
});
