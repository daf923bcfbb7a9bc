// A user's own project (test/e2e/workspace/shop) through the VS Code API: what VS Code learns about a breakpoint that
// can never hit because the log replays the step around it.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { ReplaySession, durableReplayApi, endReplay, lineIn, workspaceFile } from "../support/durableSessions";
import { until } from "../support/until";

describe("a user's project in the extension host", function () {
  let replay: ReplaySession | undefined;
  before(async () => {
    await durableReplayApi();
  });
  afterEach(async () => {
    await endReplay(replay);
    replay = undefined;
  });

  it("a breakpoint inside a replayed step's body turns unverified with the reason; one after it hits", async () => {
    const uri = workspaceFile("shop/src/checkout.ts");
    const inBody = await lineIn(uri, "cartId: event.cartId,");
    const wait = await lineIn(uri, "context.wait({");
    vscode.debug.addBreakpoints(
      [inBody, wait].map(
        (line) => new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(line - 1, 0))),
      ),
    );
    replay = await ReplaySession.start("Replay checkout (shop)");
    const stop = await replay.stopped();
    assert.equal((await replay.topFrame(stop.body.threadId!)).line, wait);
    const session = replay;
    const unverified = await until(`breakpoint on line ${inBody} to turn unverified`, () =>
      session
        .events("breakpoint")
        .map((event) => (event as DebugProtocol.BreakpointEvent).body.breakpoint)
        .find((bp) => bp.line === inBody && bp.verified === false),
    );
    assert.match(unverified.message ?? "", /`validate_cart` is replayed from the log: its body does not run/);
  });
});
