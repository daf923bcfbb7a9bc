// What the Debug Console shows: the handler's own output, never the debugger's plumbing (Node's inspector chatter
// such as "Debugger attached." or "For help, see: https://nodejs.org/…").
import assert from "node:assert/strict";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { opLine } from "../fixtures/handlers/opLines";
import { pythonFixtures, pythonSdkEnv } from "../support/pythonSdk";
import { HANDLERS, ORDER_LOGS, launch, sideEffectDir, startAdapter } from "./adapterClient";

const CHATTER = [
  "Debugger listening",
  "Debugger attached",
  "Debugger ending on",
  "For help, see",
  "nodejs.org",
  "Waiting for the debugger",
];

function chatterIn(outputs: readonly string[]): string[] {
  return outputs.filter((text) => CHATTER.some((phrase) => text.includes(phrase)));
}

describe("debug adapter: the Debug Console", function () {
  this.timeout(120_000);
  let client: DebugClient;
  let outputs: string[];
  beforeEach(async () => {
    client = await startAdapter();
    outputs = [];
    client.on("output", (event: DebugProtocol.OutputEvent) => outputs.push(event.body.output));
  });
  afterEach(async () => {
    await client.stop();
  });

  it("shows a TS handler's console.error lines and none of Node's inspector chatter, across a stop and a restart", async () => {
    const handler = join(HANDLERS, "order-stderr.ts");
    const stopped = client.waitForEvent("stopped");
    await launch(
      client,
      {
        handler,
        log: join(ORDER_LOGS, "order.history.json"),
        env: { SIDE_EFFECT_DIR: sideEffectDir() },
      },
      () =>
        client.setBreakpointsRequest({ source: { path: handler }, breakpoints: [{ line: opLine(handler, "wait") }] }),
    );
    await stopped;
    const again = client.waitForEvent("stopped");
    await client.restartRequest({});
    await again;
    await client.setBreakpointsRequest({ source: { path: handler }, breakpoints: [] });
    const ended = client.waitForEvent("terminated");
    await client.continueRequest({ threadId: 1 });
    await ended;
    const text = outputs.join("");
    for (const line of ["order o-123: validating", "order o-123: charging", "order o-123: confirming"])
      assert.ok(text.includes(line), `the Debug Console shows ${JSON.stringify(line)}; it got ${JSON.stringify(text)}`);
    assert.deepEqual(chatterIn(outputs), []);
  });

  it("shows none of the debugger's chatter for a Python handler under debugpy", async () => {
    const ended = client.waitForEvent("terminated", 60_000);
    await launch(client, {
      handler: join(pythonFixtures, "order.py"),
      log: join(pythonFixtures, "order.history.json"),
      env: { PYTHONPATH: pythonSdkEnv().PYTHONPATH ?? "", SIDE_EFFECTS_FILE: join(sideEffectDir(), "marks.txt") },
    });
    await ended;
    assert.ok(outputs.join("").includes("Replay SUCCEEDED"), "the session's summary arrives");
    assert.deepEqual(chatterIn(outputs), []);
  });
});
