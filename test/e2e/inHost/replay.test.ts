// Replays through the VS Code API: the shipped launch configurations stop at breakpoints, mark the durable calls on
// the right lines, fill the timeline with every operation of the log, and report a renamed step as a divergence.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import {
  DurableReplayApi,
  ReplaySession,
  durableReplayApi,
  endReplay,
  lineIn,
  workspaceFile,
} from "../support/durableSessions";
import { loggedOperations } from "../support/loggedOperations";
import { until } from "../support/until";

const ORDER = "src/order.ts";

/** Replaced at bundle time: whether to run the tests of known, reported bugs. */

async function orderLines() {
  const uri = workspaceFile(ORDER);
  return {
    validate: await lineIn(uri, '"validate_order"'),
    payment: await lineIn(uri, '"process_payment"'),
    wait: await lineIn(uri, "context.wait("),
    confirm: await lineIn(uri, '"confirm_order"'),
  };
}

/** line → mark text, once the mark on `line` starts with `prefix`. */
async function marksWhen(
  api: DurableReplayApi,
  file: string,
  line: number,
  prefix: string,
): Promise<Map<number, string>> {
  return until(`a "${prefix}" mark on ${file}:${line}`, () => {
    const marks = new Map(api.marks(workspaceFile(file).toString()).map((m) => [m.line, m.text]));
    return marks.get(line)?.startsWith(prefix) ? marks : undefined;
  });
}

describe("replays in the extension host", function () {
  let api: DurableReplayApi;
  let replay: ReplaySession | undefined;
  before(async () => {
    api = await durableReplayApi();
  });
  afterEach(async () => {
    await endReplay(replay);
    replay = undefined;
  });

  it("the full-log configuration stops at a breakpoint in the handler, then marks every call replayed", async () => {
    const lines = await orderLines();
    const uri = workspaceFile(ORDER);
    vscode.debug.addBreakpoints([
      new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(lines.payment - 1, 0))),
    ]);
    replay = await ReplaySession.start("Replay order (full log)");

    const stop = await replay.stopped();
    assert.equal(stop.body.reason, "breakpoint");
    const frame = await replay.topFrame(stop.body.threadId!);
    assert.equal(ReplaySession.framePath(frame), uri.fsPath);
    assert.equal(frame.line, lines.payment);

    await replay.continue(stop.body.threadId!);
    await replay.finished();
    const marks = await marksWhen(api, ORDER, lines.confirm, "↺ replayed");
    for (const line of Object.values(lines))
      assert.match(marks.get(line) ?? "(none)", /^↺ replayed/, `mark on line ${line}`);
  });

  // The adapter reads the host's records at every stop: the extension knows them while the replay is paused.
  it("marks the call above a breakpoint while the replay is paused there", async () => {
    const lines = await orderLines();
    const uri = workspaceFile(ORDER);
    vscode.debug.addBreakpoints([
      new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(lines.payment - 1, 0))),
    ]);
    replay = await ReplaySession.start("Replay order (full log)");
    await replay.stopped();
    await marksWhen(api, ORDER, lines.validate, "↺ replayed");
  });

  it("the timeline holds every operation of the log and opens as a webview", async () => {
    replay = await ReplaySession.start("Replay order (full log)");
    await replay.finished();
    const logged = loggedOperations(workspaceFile("logs/order.history.json").fsPath);
    const timeline = api.timeline();
    assert.deepEqual(
      timeline.map((op) => op.name ?? op.type),
      logged.map((op) => op.name ?? op.type),
    );
    assert.ok(
      timeline.every((op) => op.state === "replayed"),
      JSON.stringify(timeline.map((op) => op.state)),
    );

    await vscode.commands.executeCommand("durableReplay.openTimeline");
    const tab = await until("the timeline tab", () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith("durableReplay.timeline")),
    );
    assert.equal(tab.label, "Durable Timeline");
  });

  it("the cut-log configuration replays the two recorded steps and runs the wait and confirm_order live", async () => {
    const lines = await orderLines();
    replay = await ReplaySession.start("Replay order (cut log, then live)");
    await replay.finished();
    const marks = await marksWhen(api, ORDER, lines.confirm, "▶ live");
    assert.match(marks.get(lines.validate) ?? "(none)", /^↺ replayed/);
    assert.match(marks.get(lines.payment) ?? "(none)", /^↺ replayed/);
    assert.match(marks.get(lines.wait) ?? "(none)", /^▶ live/);
    // The live step really ran: its result carries the order id from the recorded input.
    const input = JSON.parse(
      JSON.parse(readFileSync(workspaceFile("logs/order-cut.history.json").fsPath, "utf8"))[0].ExecutionStartedDetails
        .Input.Payload,
    );
    assert.ok(marks.get(lines.confirm)!.includes(input.orderId), marks.get(lines.confirm));
  });

  it("the divergence configuration pauses at the renamed step, marks it diverged and reports it in Problems", async () => {
    const uri = workspaceFile("src/orderRenamed.ts");
    const line = await lineIn(uri, '"charge_card"');
    replay = await ReplaySession.start("Replay renamed step (divergence)");
    const stop = await replay.stopped();
    assert.equal(stop.body.reason, "exception");
    assert.equal((await replay.topFrame(stop.body.threadId!)).line, line);
    const marks = await marksWhen(api, "src/orderRenamed.ts", line, "✖ diverged");
    assert.match(marks.get(line)!, /process_payment/);

    await replay.continue(stop.body.threadId!);
    const diagnostic = await until(
      "a durable-replay diagnostic on src/orderRenamed.ts",
      () => vscode.languages.getDiagnostics(uri).find((d) => d.source === "durable-replay"),
      120_000,
    );
    assert.equal(diagnostic.range.start.line + 1, line);
    assert.match(diagnostic.message, /process_payment/);
    assert.match(diagnostic.message, /charge_card/);
  });
});
