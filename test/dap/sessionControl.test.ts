// Session-level behaviour: stop on entry, caught-exception breakpoints, restart, Global/Closure scopes.
import assert from "node:assert/strict";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { opLine } from "../fixtures/handlers/opLines";
import { HANDLERS, ORDER_LOGS, ROOT, launch, sideEffectDir, startAdapter, topFrame } from "./adapterClient";

const ORDER = join(HANDLERS, "order.ts");
const THROWS = join(ROOT, "test/fixtures/dap/throws.ts");
const LOG = join(ORDER_LOGS, "order.history.json");

describe("debug adapter: session control", function () {
  let client: DebugClient;
  beforeEach(async () => {
    client = await startAdapter();
  });
  afterEach(async () => {
    await client.stop();
  });

  it("stops on entry at the handler's first durable call", async () => {
    const stopped = client.waitForEvent("stopped");
    await launch(client, { handler: ORDER, log: LOG, stopOnEntry: true, env: { SIDE_EFFECT_DIR: sideEffectDir() } });
    assert.equal((await stopped).body.reason, "entry");
    const frame = await topFrame(client);
    assert.equal(frame.source?.path, ORDER);
    assert.equal(frame.line, opLine(ORDER, "validate_order"));
  });

  it("stops on an exception the handler catches when caught exceptions are on", async () => {
    const stopped = client.waitForEvent("stopped");
    await launch(client, { handler: THROWS, log: LOG }, () =>
      client.setExceptionBreakpointsRequest({ filters: ["all"] }),
    );
    const stop = await stopped;
    assert.equal(stop.body.reason, "exception");
    assert.match(String(stop.body.text), /SyntaxError/);
    const frame = await topFrame(client);
    assert.equal(frame.source?.path, THROWS);
    assert.equal(frame.line, opLine(THROWS, "throw"));
  });

  it("does not stop on a caught exception when only uncaught ones are on; the handler's console output arrives", async () => {
    const terminated = client.waitForEvent("terminated");
    let stops = 0;
    let stdout = "";
    client.on("stopped", () => stops++);
    client.on("output", (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === "stdout") stdout += event.body.output;
    });
    await launch(client, { handler: THROWS, log: LOG }, () =>
      client.setExceptionBreakpointsRequest({ filters: ["uncaught"] }),
    );
    await terminated;
    assert.equal(stops, 0);
    assert.match(stdout, /note: unparsable/);
  });

  it("restarts the replay and stops at the same breakpoint again", async () => {
    const line = opLine(ORDER, "process_payment");
    const first = client.waitForEvent("stopped");
    await launch(client, { handler: ORDER, log: LOG, env: { SIDE_EFFECT_DIR: sideEffectDir() } }, () =>
      client.setBreakpointsRequest({ source: { path: ORDER }, breakpoints: [{ line }] }),
    );
    await first;
    const frame = await topFrame(client);
    const scopes = (await client.scopesRequest({ frameId: frame.id })).body.scopes.map((s) => s.name);
    for (const name of ["Local", "Durable", "Global"])
      assert.ok(scopes.includes(name), `scopes ${scopes.join(", ")} lack ${name}`);

    const again = client.waitForEvent("stopped");
    await client.restartRequest({});
    assert.equal((await again).body.reason, "breakpoint");
    assert.equal((await topFrame(client)).line, line);
  });
});
