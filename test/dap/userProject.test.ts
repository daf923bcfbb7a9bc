// The debug adapter on a project of a user's own (test/e2e/workspace/shop): a handler that cannot load ends the
// session with its reason, a different final result is a warning unless `strictResult`, and the session's outcome is
// summed up in the Debug Console.
import assert from "node:assert/strict";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { TimelineEventBody } from "../../src/protocol/dap";
import { readFileSync } from "node:fs";
import { ROOT, expand, launch, startAdapter, topFrame } from "./adapterClient";

const SHOP = join(ROOT, "test/e2e/workspace/shop");
const CHECKOUT_LOG = join(SHOP, "logs/checkout.history.json");
const CHECKOUT = join(SHOP, "src/checkout.ts");

/** 1-based line of the first line of the checkout handler that contains `needle`. */
function checkoutLine(needle: string): number {
  return (
    readFileSync(CHECKOUT, "utf8")
      .split("\n")
      .findIndex((line) => line.includes(needle)) + 1
  );
}

/** Every output event of the session, by category, until it terminates. */
function collectOutput(client: DebugClient): Record<string, string> {
  const output: Record<string, string> = {};
  client.on("output", (event: DebugProtocol.OutputEvent) => {
    const category = event.body.category ?? "console";
    output[category] = (output[category] ?? "") + event.body.output;
  });
  return output;
}

describe("debug adapter: a user's project", function () {
  let client: DebugClient;
  beforeEach(async () => {
    client = await startAdapter();
  });
  afterEach(async () => {
    await client.stop();
  });

  for (const [file, cause] of [
    ["refund.ts", /Cannot find module '\.\.\/lib\/currency'/],
    ["loyalty.ts", /Unexpected end of JSON input/],
  ] as const) {
    it(`a handler that cannot load (${file}) ends the session, naming the file and the cause`, async () => {
      const output = collectOutput(client);
      const timeline = client.waitForEvent("durable/timeline");
      const terminated = client.waitForEvent("terminated");
      await launch(client, { handler: join(SHOP, "src", file), log: CHECKOUT_LOG, cwd: SHOP });
      await terminated;
      const body = (await timeline).body as TimelineEventBody;
      assert.equal(body.status, "CRASHED");
      assert.ok(body.error?.includes(join(SHOP, "src", file)), `the reason names the file: ${body.error}`);
      assert.match(body.error!, cause);
      assert.match(output.stderr ?? "", cause);
      assert.doesNotMatch(output.stderr ?? "", /\n\s+at /, "no stack trace");
    });
  }

  it("a different final result is a warning, an error with strictResult; the Debug Console sums the session up", async () => {
    for (const strictResult of [false, true]) {
      const session = strictResult ? await startAdapter() : client;
      try {
        const output = collectOutput(session);
        const timeline = session.waitForEvent("durable/timeline");
        const terminated = session.waitForEvent("terminated");
        await launch(session, { handler: join(SHOP, "src/checkout.ts"), log: CHECKOUT_LOG, cwd: SHOP, strictResult });
        const body = (await timeline).body as TimelineEventBody;
        await terminated;
        assert.equal(body.status, "SUCCEEDED");
        assert.equal(body.divergences.length, 1);
        assert.equal(body.divergences[0].kind, "result-mismatch");
        assert.equal(body.divergences[0].severity, strictResult ? "error" : "warning");
        assert.match(output.console ?? "", /Replay SUCCEEDED: 11 operations \(11 replayed\)\./);
        assert.match(
          output.console ?? "",
          new RegExp(
            `${strictResult ? "Divergence" : "Warning"} \\(result-mismatch\\) at checkout\\.ts:\\d+: .*\\$\\.elapsedMs: recorded`,
          ),
        );
      } finally {
        if (strictResult) await session.stop();
      }
    }
  });

  /** Runs a request that resumes, and gives the stop that follows: its reason and line. */
  async function stopAfter(request: () => Promise<unknown>): Promise<{ reason: string; line: number }> {
    const stopped = client.waitForEvent("stopped");
    await request();
    const { body } = await stopped;
    return { reason: body.reason, line: (await topFrame(client)).line };
  }

  it("F10 from a durable stop stops at every following durable call, also after Step Back", async () => {
    const calls = [
      checkoutLine('"validate_cart"'),
      checkoutLine('context.map("reserve_items"'),
      checkoutLine("context.waitForCallback("),
      checkoutLine("context.wait({"),
      checkoutLine('"send_receipt"'),
    ];
    const stopped = client.waitForEvent("stopped");
    await launch(client, { handler: CHECKOUT, log: CHECKOUT_LOG, cwd: SHOP }, () =>
      client.setFunctionBreakpointsRequest({ breakpoints: [{ name: "validate_cart" }] }),
    );
    await stopped;
    assert.equal((await topFrame(client)).line, calls[0]);
    const next = () => client.nextRequest({ threadId: 1 });
    for (const line of calls.slice(1, 4)) assert.deepEqual(await stopAfter(next), { reason: "step", line });
    // At the wait: back to the payment callback, then forward again as from a fresh stop there.
    assert.deepEqual(await stopAfter(() => client.stepBackRequest({ threadId: 1 })), {
      reason: "step",
      line: calls[2],
    });
    assert.deepEqual(await stopAfter(next), { reason: "step", line: calls[3] });
    assert.deepEqual(await stopAfter(next), { reason: "step", line: calls[4] });
  });

  it("Step to Next Durable Operation from a line breakpoint on a call goes to the next call, not the same line", async () => {
    const mapLine = checkoutLine('context.map("reserve_items"');
    const stopped = client.waitForEvent("stopped");
    await launch(client, { handler: CHECKOUT, log: CHECKOUT_LOG, cwd: SHOP }, () =>
      client.setBreakpointsRequest({ source: { path: CHECKOUT }, breakpoints: [{ line: mapLine }] }),
    );
    assert.equal((await stopped).body.reason, "breakpoint");
    const stepOperation = () => client.customRequest("durable/stepOperation", { threadId: 1 });
    const after = await stopAfter(stepOperation);
    assert.equal(after.reason, "step");
    assert.ok(after.line > mapLine, `stopped at line ${after.line}, after the map's line ${mapLine}`);
    // The map is served whole from the log (its items do not run): the payment callback is the next call.
    assert.equal(after.line, checkoutLine("context.waitForCallback("));
  });

  it("a breakpoint inside a replayed step's body turns unverified, saying the body does not run", async () => {
    const inBody = checkoutLine("cartId: event.cartId,");
    const outside = checkoutLine("const startedAt = Date.now()");
    const changed: DebugProtocol.Breakpoint[] = [];
    client.on("breakpoint", (event: DebugProtocol.BreakpointEvent) => changed.push(event.body.breakpoint));
    let set: DebugProtocol.Breakpoint[] = [];
    const stopped = client.waitForEvent("stopped");
    await launch(client, { handler: CHECKOUT, log: CHECKOUT_LOG, cwd: SHOP }, async () => {
      set = (
        await client.setBreakpointsRequest({
          source: { path: CHECKOUT },
          breakpoints: [{ line: inBody }, { line: outside }],
        })
      ).body.breakpoints;
    });
    const stop = await stopped;
    assert.equal(stop.body.reason, "breakpoint");
    assert.equal((await topFrame(client)).line, outside, "the breakpoint outside the step hits");
    const terminated = client.waitForEvent("terminated");
    await client.continueRequest({ threadId: 1 });
    await terminated;
    const last = changed.filter((bp) => bp.id === set[0].id).at(-1);
    assert.equal(last?.verified, false, JSON.stringify(changed));
    assert.match(last?.message ?? "", /`validate_cart` is replayed from the log: its body does not run/);
    assert.ok(!changed.some((bp) => bp.id === set[1].id && bp.verified === false), "the other one stays verified");
  });

  it("a breakpoint inside a replayed step's body is unverified while the replay is paused after that step", async () => {
    const inBody = checkoutLine("cartId: event.cartId,");
    const wait = checkoutLine("context.wait({");
    const changed: DebugProtocol.Breakpoint[] = [];
    client.on("breakpoint", (event: DebugProtocol.BreakpointEvent) => changed.push(event.body.breakpoint));
    const unverified = new Promise<DebugProtocol.Breakpoint>((resolve) =>
      client.on("breakpoint", (event: DebugProtocol.BreakpointEvent) => {
        if (event.body.breakpoint.verified === false && event.body.breakpoint.line === inBody)
          resolve(event.body.breakpoint);
      }),
    );
    const stopped = client.waitForEvent("stopped");
    await launch(client, { handler: CHECKOUT, log: CHECKOUT_LOG, cwd: SHOP, operationEvents: "batched" }, () =>
      client.setBreakpointsRequest({ source: { path: CHECKOUT }, breakpoints: [{ line: inBody }, { line: wait }] }),
    );
    await stopped;
    assert.equal((await topFrame(client)).line, wait);
    // Still paused: nothing resumes the handler before the mark arrives.
    const bp = await unverified;
    assert.match(bp.message ?? "", /`validate_cart` is replayed from the log: its body does not run/);
    assert.ok((await client.threadsRequest()).success);
    assert.equal((await topFrame(client)).line, wait, JSON.stringify(changed));
  });

  it("hovering a durable call while paused shows its recorded outcome, not the context proxy's function", async () => {
    const waitLine = checkoutLine("context.wait({");
    const stopped = client.waitForEvent("stopped");
    await launch(client, { handler: CHECKOUT, log: CHECKOUT_LOG, cwd: SHOP }, () =>
      client.setBreakpointsRequest({ source: { path: CHECKOUT }, breakpoints: [{ line: waitLine }] }),
    );
    await stopped;
    const frameId = (await topFrame(client)).id;
    const hover = async (expression: string, needle: string) =>
      (
        await client.evaluateRequest({
          expression,
          frameId,
          context: "hover",
          line: checkoutLine(needle),
          column: readFileSync(CHECKOUT, "utf8").split("\n")[checkoutLine(needle) - 1].indexOf(expression) + 1,
          source: { path: CHECKOUT },
        })
      ).body;

    const validate = await hover("context.step", '"validate_cart"');
    assert.match(validate.result, /^↺ replayed STEP `validate_cart` → \{"cartId":/);
    assert.doesNotMatch(validate.result, /function/);
    const details = (await expand(client, { name: "call", value: "", ...validate })) as Record<string, unknown>;
    assert.equal(details.name, "validate_cart");
    assert.equal(details.status, "replayed");
    const recorded = details.recorded as { status: string; result: { cartId: string; totalCents: number } };
    assert.equal(recorded.status, "SUCCEEDED");
    const input = JSON.parse(
      JSON.parse(readFileSync(CHECKOUT_LOG, "utf8"))[0].ExecutionStartedDetails.Input.Payload,
    ) as { cartId: string };
    assert.equal(recorded.result.cartId, input.cartId);

    // VS Code sends the hovered file back as the URI it made of the frame's path (here as in a remote window).
    const remote = (
      await client.evaluateRequest({
        expression: "context.step",
        frameId,
        context: "hover",
        line: checkoutLine('"validate_cart"'),
        source: { path: `vscode-remote://localhost:8080${CHECKOUT}` },
      })
    ).body;
    assert.equal(remote.result, validate.result);

    const payment = await hover("context.waitForCallback", "context.waitForCallback(");
    assert.match(payment.result, /^↺ replayed CONTEXT `payment_confirmation`/);

    // The wait at the breakpoint and the receipt after it have not been called yet: no outcome, and still no wrapper.
    for (const [expression, needle] of [
      ["context.wait", "context.wait({"],
      ["context.step", '"send_receipt"'],
    ]) {
      const later = await hover(expression, needle);
      assert.match(later.result, /not reached yet in this replay/, `${expression}: ${later.result}`);
      assert.doesNotMatch(later.result, /function/);
    }
  });
});
