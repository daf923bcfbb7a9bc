// The debug adapter on the Python order workflow, under debugpy (Debian's python3-debugpy, found by the adapter):
// line breakpoints with replayed step results in Variables, the Durable scope, stepping over a replayed step,
// operation breakpoints, step back, the end of the log, divergence, pause and process cleanup.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { isAlive, settled } from "../support/processes";
import { pythonFixtures, pythonSdkEnv } from "../support/pythonSdk";
import { launch, scopeVariables, sideEffectDir, startAdapter } from "./adapterClient";

const ORDER = join(pythonFixtures, "order.py");
const FULL_LOG = join(pythonFixtures, "order.history.json");
const CUT_LOG = join(pythonFixtures, "order.cut-after-payment.history.json");

/** The 1-based line of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
  const index = readFileSync(file, "utf8")
    .split("\n")
    .findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${file} has no line with ${text}`);
  return index + 1;
}

/** The SDK runs the handler on a worker thread: the thread that stopped is the user's. */
let stoppedThread = 1;

/** Starting the interpreter, the SDK and debugpy's server takes seconds on a loaded machine: a wait, not a measure. */
const HOST_START_MS = 60_000;

async function stopped(client: DebugClient): Promise<DebugProtocol.StoppedEvent> {
  const event = (await client.waitForEvent("stopped", HOST_START_MS)) as DebugProtocol.StoppedEvent;
  stoppedThread = event.body.threadId ?? stoppedThread;
  return event;
}

async function topFrame(client: DebugClient): Promise<DebugProtocol.StackFrame> {
  const { body } = await client.stackTraceRequest({ threadId: stoppedThread });
  return body.stackFrames[0];
}

describe("debug adapter: Python order workflow (debugpy)", function () {
  this.timeout(3 * HOST_START_MS);
  let client: DebugClient;
  let marks: string;
  beforeEach(async () => {
    client = await startAdapter();
    marks = join(sideEffectDir(), "marks.txt");
  });
  afterEach(async () => {
    await client.stop();
  });

  const ran = (): string[] => (existsSync(marks) ? readFileSync(marks, "utf8").split("\n").filter(Boolean) : []);
  const orderLaunch = (extra: object = {}) => ({
    handler: ORDER,
    log: FULL_LOG,
    env: { PYTHONPATH: pythonSdkEnv().PYTHONPATH ?? "", SIDE_EFFECTS_FILE: marks },
    ...extra,
  });

  it("stops at a breakpoint on a .py line with the replayed step's dict in Variables and a Durable scope", async () => {
    const line = lineOf(ORDER, "context.wait(");
    const stop = stopped(client);
    await launch(client, orderLaunch(), () =>
      client.setBreakpointsRequest({ source: { path: ORDER }, breakpoints: [{ line }] }),
    );
    assert.equal((await stop).body.reason, "breakpoint");
    const frame = await topFrame(client);
    assert.deepEqual([frame.source?.path, frame.line, frame.name], [ORDER, line, "handler"]);
    const locals = await scopeVariables(client, frame.id, "Locals");
    const pay = locals.find((v) => v.name === "pay");
    assert.ok(pay, `no pay among ${locals.map((v) => v.name).join(", ")}`);
    // What the user sees on unfolding the dict the replayed step returned (Python reprs, from the recorded log).
    const entries = (await client.variablesRequest({ variablesReference: pay.variablesReference })).body.variables;
    const shown = Object.fromEntries(entries.filter((v) => v.name.startsWith("'")).map((v) => [v.name, v.value]));
    assert.deepEqual(shown, { "'payment_id'": "'pay-o-123'", "'charged'": "42" });
    const durable = await scopeVariables(client, frame.id, "Durable");
    assert.ok(durable.length > 0, "the Durable scope has variables");
    assert.deepEqual(ran(), [], "no replayed step body ran");
  });

  it("steps over a replayed step with `next` without running its body", async () => {
    const line = lineOf(ORDER, "pay = context.step(");
    const first = stopped(client);
    await launch(client, orderLaunch(), () =>
      client.setBreakpointsRequest({ source: { path: ORDER }, breakpoints: [{ line }] }),
    );
    await first;
    const stepped = stopped(client);
    await client.nextRequest({ threadId: stoppedThread });
    assert.equal((await stepped).body.reason, "step");
    assert.equal((await topFrame(client)).line, line + 1);
    assert.deepEqual(ran(), [], "process_payment's body did not run");
  });

  it("stops at an operation breakpoint on the user's call line, and steps back to the previous durable call", async () => {
    const stop = stopped(client);
    await launch(client, orderLaunch(), () =>
      client.setFunctionBreakpointsRequest({ breakpoints: [{ name: "type:wait" }] }),
    );
    assert.equal((await stop).body.reason, "function breakpoint");
    const frame = await topFrame(client);
    assert.deepEqual([frame.source?.path, frame.line], [ORDER, lineOf(ORDER, "context.wait(")]);
    const back = stopped(client);
    await client.stepBackRequest({ threadId: stoppedThread });
    await back;
    assert.equal((await topFrame(client)).line, lineOf(ORDER, "pay = context.step("));
    const durable = await scopeVariables(client, (await topFrame(client)).id, "Durable");
    assert.ok(JSON.stringify(durable).includes("process_payment"), "the Durable scope shows process_payment");
  });

  it("reverseContinue goes back past the calls in between to the previous operation breakpoint, and on from there", async () => {
    const first = stopped(client);
    await launch(client, orderLaunch(), () =>
      client.setFunctionBreakpointsRequest({ breakpoints: [{ name: "validate_order" }, { name: "confirm_order" }] }),
    );
    await first;
    assert.equal((await topFrame(client)).line, lineOf(ORDER, "context.step(validate_order("));
    const second = stopped(client);
    await client.continueRequest({ threadId: stoppedThread });
    await second;
    assert.equal((await topFrame(client)).line, lineOf(ORDER, "context.step(confirm_order("));
    const back = stopped(client);
    await client.send("reverseContinue", { threadId: stoppedThread });
    await back;
    const frame = await topFrame(client);
    assert.deepEqual([frame.source?.path, frame.line], [ORDER, lineOf(ORDER, "context.step(validate_order(")]);
    const durable = await scopeVariables(client, frame.id, "Durable");
    assert.ok(JSON.stringify(durable).includes("validate_order"), "the Durable scope shows validate_order");
    assert.deepEqual(ran(), [], "no replayed step body ran, neither forwards nor on the way back");
    // The calls after the one gone back to stop at their breakpoints again.
    const again = stopped(client);
    await client.continueRequest({ threadId: stoppedThread });
    await again;
    assert.equal((await topFrame(client)).line, lineOf(ORDER, "context.step(confirm_order("));
  });

  it("stops on entry at the first durable call, and durable/stepOperation goes to the next one", async () => {
    const entry = stopped(client);
    await launch(client, orderLaunch({ stopOnEntry: true }));
    assert.equal((await entry).body.reason, "entry");
    assert.equal((await topFrame(client)).line, lineOf(ORDER, "context.step(validate_order("));
    const next = stopped(client);
    await client.customRequest("durable/stepOperation", {});
    assert.equal((await next).body.reason, "step");
    assert.equal((await topFrame(client)).line, lineOf(ORDER, "pay = context.step("));
    assert.deepEqual(ran(), [], "no replayed step body ran");
  });

  it("pauses before the first live operation of a cut log, then runs it live exactly once", async () => {
    const paused = stopped(client);
    await launch(client, orderLaunch({ log: CUT_LOG }));
    assert.equal((await paused).body.reason, "pause");
    assert.equal((await topFrame(client)).line, lineOf(ORDER, "context.wait("));
    assert.deepEqual(ran(), [], "nothing ran before the pause");
    const terminated = client.waitForEvent("terminated", HOST_START_MS);
    await client.continueRequest({ threadId: stoppedThread });
    await terminated;
    assert.deepEqual(ran(), ["confirm_order"]);
  });

  it("stops with reason exception at the line of a renamed step", async () => {
    const renamed = join(pythonFixtures, "order_renamed.py");
    const stop = stopped(client);
    const divergence = client.waitForEvent("durable/divergence", HOST_START_MS);
    await launch(client, orderLaunch({ handler: renamed }));
    const event = await stop;
    assert.equal(event.body.reason, "exception");
    assert.match(String((await divergence).body.message), /charge_card|process_payment/);
    const frame = await topFrame(client);
    assert.deepEqual([frame.source?.path, frame.line], [renamed, lineOf(renamed, "pay = context.step(")]);
  });

  it("stops on an exception the handler raises and the SDK catches when uncaught exceptions are on", async () => {
    const rejected = join(pythonFixtures, "order_rejected.py");
    const stop = stopped(client);
    await launch(
      client,
      orderLaunch({ handler: rejected, log: join(pythonFixtures, "order_rejected.history.json") }),
      () => client.setExceptionBreakpointsRequest({ filters: ["uncaught"] }),
    );
    assert.equal((await stop).body.reason, "exception");
    const frame = await topFrame(client);
    assert.deepEqual([frame.source?.path, frame.line], [rejected, lineOf(rejected, "raise ValueError(")]);
  });

  it("pauses a handler spinning in an endless loop, and leaves no process behind on disconnect", async () => {
    const endless = join(pythonFixtures, "endless.py");
    const processEvent = client.waitForEvent("process", HOST_START_MS);
    await launch(client, orderLaunch({ handler: endless }));
    const pid = (await processEvent).body.systemProcessId as number;
    const paused = stopped(client);
    await client.pauseRequest({ threadId: stoppedThread });
    assert.equal((await paused).body.reason, "pause");
    assert.deepEqual([(await topFrame(client)).source?.path], [endless]);
    await client.disconnectRequest({});
    assert.equal(
      await settled(
        () => isAlive(pid),
        (alive) => !alive,
      ),
      false,
      "the Python host ended",
    );
  });
});

describe("debug adapter: Python setup errors", function () {
  this.timeout(60_000);
  let client: DebugClient;
  beforeEach(async () => (client = await startAdapter()));
  afterEach(async () => client.stop());

  it("fails the launch with the one sentence saying how to get debugpy when there is none anywhere", async () => {
    const python = join(pythonFixtures, "bad", "python-without-debugpy");
    await assert.rejects(
      launch(client, { handler: ORDER, log: FULL_LOG, python, env: { PYTHONPATH: pythonSdkEnv().PYTHONPATH ?? "" } }),
      (error: Error) =>
        /cannot import debugpy: install it \(pip install debugpy\) or name its folder with the debugpyPath launch attribute\.$/.test(
          error.message,
        ) && !error.message.includes("\n"),
    );
  });

  it("fails the launch with one sentence when debugpyPath holds no debugpy", async () => {
    const empty = sideEffectDir();
    await assert.rejects(
      launch(client, { handler: ORDER, log: FULL_LOG, debugpyPath: empty }),
      (error: Error) =>
        error.message.includes(`\`debugpyPath\` names ${empty}, which holds no debugpy package`) &&
        !error.message.includes("\n"),
    );
  });

  it("fails the launch with the Python replay's one sentence when the interpreter has no SDK", async () => {
    const python = join(pythonFixtures, "bad", "python-without-sdk");
    await assert.rejects(
      launch(client, { handler: ORDER, log: FULL_LOG, python }),
      (error: Error) =>
        /cannot import aws_durable_execution_sdk_python .*pip install aws-durable-execution-sdk-python/.test(
          error.message,
        ) && !error.message.includes("\n"),
    );
  });
});
