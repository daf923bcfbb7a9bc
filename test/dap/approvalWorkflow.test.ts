// The debug adapter on the approval workflow (callback, parallel, map, named wait, child context): operation
// breakpoints by glob and by kind, stepping to the next durable call, and the timeline at the end.
import assert from "node:assert/strict";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { TimelineEventBody } from "../../src/protocol/dap";
import { readLog } from "../../src/replay/log/readLog";
import { opLine } from "../fixtures/handlers/opLines";
import {
  APPROVAL_LOG,
  HANDLERS,
  expand,
  launch,
  scopeVariables,
  sideEffectDir,
  startAdapter,
  topFrame,
} from "./adapterClient";

const APPROVAL = join(HANDLERS, "approval.ts");

describe("debug adapter: approval workflow", function () {
  let client: DebugClient;
  beforeEach(async () => {
    client = await startAdapter();
  });
  afterEach(async () => {
    await client.stop();
  });

  const approvalLaunch = { handler: APPROVAL, log: APPROVAL_LOG, env: { SIDE_EFFECT_DIR: sideEffectDir() } };

  it("stops on a glob operation breakpoint with the recorded result in the Durable scope", async () => {
    const stopped = client.waitForEvent("stopped");
    await launch(client, approvalLaunch, () =>
      client.setFunctionBreakpointsRequest({ breakpoints: [{ name: "ship*" }] }),
    );
    assert.equal((await stopped).body.reason, "function breakpoint");
    const frame = await topFrame(client);
    assert.equal(frame.source?.path, APPROVAL);
    assert.equal(frame.line, opLine(APPROVAL, "shipping"));

    const durable = await scopeVariables(client, frame.id, "Durable");
    const operation = (await expand(
      client,
      durable.find((v) => v.name === "operation")!,
    )) as { name: string; result: unknown; state: string };
    assert.equal(operation.name, "shipping");
    assert.equal(operation.state, "replayed");
    const recorded = readLog(APPROVAL_LOG).operations.find((op) => op.Name === "shipping")!.ContextDetails!.Result!;
    assert.deepEqual(operation.result, JSON.parse(recorded));
    const input = await expand(
      client,
      durable.find((v) => v.name === "input")!,
    );
    assert.deepEqual(input, readLog(APPROVAL_LOG).input);
  });

  it("stops on `type:wait` at the named wait, then durable/stepOperation runs to the next durable call", async () => {
    const stopped = client.waitForEvent("stopped");
    await launch(client, approvalLaunch, () =>
      client.setFunctionBreakpointsRequest({ breakpoints: [{ name: "type:wait" }] }),
    );
    await stopped;
    assert.equal((await topFrame(client)).line, opLine(APPROVAL, "cool_down"));

    await client.setFunctionBreakpointsRequest({ breakpoints: [] });
    const next = client.waitForEvent("stopped");
    await client.customRequest("durable/stepOperation", { threadId: 1 });
    const stop = await next;
    assert.equal(stop.body.reason, "step");
    assert.match(String(stop.body.description), /shipping/);
    assert.equal((await topFrame(client)).line, opLine(APPROVAL, "shipping"));
  });

  it("sends every operation of the replay in durable/timeline at the end", async () => {
    const timeline = client.waitForEvent("durable/timeline");
    const terminated = client.waitForEvent("terminated");
    await launch(client, approvalLaunch);
    const body = (await timeline).body as TimelineEventBody;
    await terminated;
    assert.equal(body.status, "SUCCEEDED");
    assert.deepEqual(
      (body.operations ?? []).map((op) => op.id).sort(),
      readLog(APPROVAL_LOG)
        .operations.map((op) => op.Id)
        .sort(),
    );
  });
});
