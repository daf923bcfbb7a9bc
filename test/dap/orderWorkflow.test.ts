// The debug adapter on the TS order workflow: line breakpoints, stepping over a replayed step, operation breakpoints,
// step back, the end of the log, divergence, pause and process cleanup.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { readLog } from "../../src/replay/log/readLog";
import { opLine } from "../fixtures/handlers/opLines";
import { isAlive, settled } from "../support/processes";
import {
  HANDLERS,
  ORDER_LOGS,
  ROOT,
  expand,
  launch,
  scopeVariables,
  sideEffectDir,
  startAdapter,
  topFrame,
} from "./adapterClient";

const ORDER = join(HANDLERS, "order.ts");
const FULL_LOG = join(ORDER_LOGS, "order.history.json");

describe("debug adapter: order workflow", function () {
  let client: DebugClient;
  let sideEffects: string;
  beforeEach(async () => {
    client = await startAdapter();
    sideEffects = sideEffectDir();
  });
  afterEach(async () => {
    await client.stop();
  });

  const orderLaunch = (extra: object = {}) => ({
    handler: ORDER,
    log: FULL_LOG,
    env: { SIDE_EFFECT_DIR: sideEffects },
    ...extra,
  });

  it("verifies a breakpoint on a TypeScript line when the handler loads, and hits it at that line", async () => {
    const line = opLine(ORDER, "process_payment");
    const verified = client.waitForEvent("breakpoint");
    const stopped = client.waitForEvent("stopped");
    let requested: DebugProtocol.Breakpoint[] = [];
    await launch(client, orderLaunch(), async () => {
      requested = (await client.setBreakpointsRequest({ source: { path: ORDER }, breakpoints: [{ line }] })).body
        .breakpoints;
    });
    assert.equal(requested[0].verified, false, "not bound before the handler module loads");
    const changed = (await verified).body.breakpoint as DebugProtocol.Breakpoint;
    assert.deepEqual([changed.id, changed.verified, changed.line], [requested[0].id, true, line]);
    assert.equal((await stopped).body.reason, "breakpoint");
    const frame = await topFrame(client);
    assert.equal(frame.source?.path, ORDER);
    assert.equal(frame.line, line);
  });

  it("steps over the first replayed step: the local holds the recorded result and the body never ran", async () => {
    const line = opLine(ORDER, "validate_order");
    const stopped = client.waitForEvent("stopped");
    await launch(client, orderLaunch(), () =>
      client.setBreakpointsRequest({ source: { path: ORDER }, breakpoints: [{ line }] }),
    );
    await stopped;
    const stepped = client.waitForEvent("stopped");
    await client.nextRequest({ threadId: 1 });
    assert.equal((await stepped).body.reason, "step");
    const frame = await topFrame(client);
    assert.ok(frame.line > line, `stepped to line ${frame.line}, expected past ${line}`);

    const order = (await scopeVariables(client, frame.id, "Local")).find((v) => v.name === "order");
    assert.ok(order, "the Local scope has `order`");
    const recorded = readLog(FULL_LOG).operations.find((op) => op.Name === "validate_order")!.StepDetails!.Result!;
    assert.deepEqual(await expand(client, order), JSON.parse(recorded));
    assert.equal(existsSync(join(sideEffects, "validate_order")), false, "the step body must not run during replay");
  });

  it("stops at the call line of an operation breakpoint and steps back to the previous durable operation", async () => {
    const stopped = client.waitForEvent("stopped");
    await launch(client, orderLaunch(), () =>
      client.setFunctionBreakpointsRequest({ breakpoints: [{ name: "confirm_order" }] }),
    );
    const stop = await stopped;
    assert.equal(stop.body.reason, "function breakpoint");
    const frame = await topFrame(client);
    assert.equal(frame.source?.path, ORDER);
    assert.equal(frame.line, opLine(ORDER, "confirm_order"));

    const durable = await scopeVariables(client, frame.id, "Durable");
    const operation = await expand(
      client,
      durable.find((v) => v.name === "operation")!,
    );
    assert.equal((operation as { name?: string }).name, "confirm_order");

    const back = client.waitForEvent("stopped");
    await client.stepBackRequest({ threadId: 1 });
    const backStop = await back;
    assert.equal(backStop.body.reason, "step");
    assert.match(String(backStop.body.description), /replay/i);
    const previous = await topFrame(client);
    assert.equal(previous.line, opLine(ORDER, "wait"));
  });

  it("pauses before the first live operation at the end of the log; continue runs it once", async () => {
    const stopped = client.waitForEvent("stopped");
    await launch(client, orderLaunch({ log: join(ORDER_LOGS, "order-cut.history.json"), onLogEnd: "pause" }));
    const stop = await stopped;
    assert.match(String(stop.body.description), /Log ends here/);
    const frame = await topFrame(client);
    assert.equal(frame.line, opLine(ORDER, "wait"));
    assert.equal(existsSync(join(sideEffects, "confirm_order")), false);

    const terminated = client.waitForEvent("terminated");
    await client.continueRequest({ threadId: 1 });
    await terminated;
    assert.equal(readFileSync(join(sideEffects, "confirm_order"), "utf8"), "ran\n");
  });

  it("stops with reason exception at a renamed step", async () => {
    const renamed = join(HANDLERS, "order-renamed.ts");
    const stopped = client.waitForEvent("stopped");
    const divergence = client.waitForEvent("durable/divergence");
    await launch(client, orderLaunch({ handler: renamed }));
    const stop = await stopped;
    assert.equal(stop.body.reason, "exception");
    assert.match(String(stop.body.text), /charge_card/);
    assert.match(String(stop.body.text), /process_payment/);
    const frame = await topFrame(client);
    assert.equal(frame.source?.path, renamed);
    assert.equal(frame.line, opLine(renamed, "charge_card"));
    assert.match(String((await divergence).body.message), /charge_card/);
  });

  it("pauses a handler stuck in an endless loop", async () => {
    const endless = join(ROOT, "test/fixtures/dap/endless.ts");
    await launch(client, orderLaunch({ handler: endless }));
    const deadline = Date.now() + 20_000;
    while (!existsSync(join(sideEffects, "looping")) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const stopped = client.waitForEvent("stopped");
    await client.pauseRequest({ threadId: 1 });
    assert.equal((await stopped).body.reason, "pause");
    const frame = await topFrame(client);
    assert.equal(frame.source?.path, endless);
    const loop =
      readFileSync(endless, "utf8")
        .split("\n")
        .findIndex((text) => text.includes("@loop")) + 1;
    assert.ok(frame.line === loop || frame.line === loop + 1, `paused at line ${frame.line}, the loop is at ${loop}`);
    const spins = await client.evaluateRequest({ expression: "spins > 0", frameId: frame.id, context: "repl" });
    assert.equal(spins.body.result, "true");
  });

  it("kills the host process on disconnect", async () => {
    const processEvent = client.waitForEvent("process");
    const stopped = client.waitForEvent("stopped");
    await launch(client, orderLaunch(), () =>
      client.setFunctionBreakpointsRequest({ breakpoints: [{ name: "process_payment" }] }),
    );
    const pid = (await processEvent).body.systemProcessId as number;
    await stopped;
    assert.doesNotThrow(() => process.kill(pid, 0));
    await client.disconnectRequest({});
    const running = await settled(
      () => isAlive(pid),
      (alive) => !alive,
      5000,
    );
    assert.equal(running, false, `host ${pid} still runs after disconnect`);
  });

  const badLaunches: Array<[string, string, (args: Record<string, unknown>) => void]> = [
    ["without `log`", "log", (args) => delete args.log],
    ["without `handler`", "handler", (args) => delete args.handler],
    ["with a `handler` that does not exist", "handler", (args) => (args.handler = join(HANDLERS, "missing.ts"))],
    ["with an unknown `onLogEnd`", "onLogEnd", (args) => (args.onLogEnd = "later")],
    ["with a non-string `env` value", "env.SIDE_EFFECT_DIR", (args) => (args.env = { SIDE_EFFECT_DIR: 1 })],
    ["with `skipFiles` that is not a list", "skipFiles", (args) => (args.skipFiles = "node_modules/**")],
  ];
  for (const [what, attribute, spoil] of badLaunches) {
    it(`answers a launch ${what} with an error naming \`${attribute}\``, async () => {
      const args: Record<string, unknown> = orderLaunch();
      spoil(args);
      await client.initializeRequest();
      await assert.rejects(client.launchRequest(args), (error: Error) => {
        assert.ok(error.message.includes(`\`${attribute}\``), error.message);
        assert.doesNotMatch(error.message, /\n\s+at /, "no stack trace");
        return true;
      });
    });
  }
});
