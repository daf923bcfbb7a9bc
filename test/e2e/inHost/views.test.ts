// The editor features around a replay, through the VS Code API: the CodeLens above a handler and the "Step to Next
// Durable Operation" command.
import assert from "node:assert/strict";
import * as vscode from "vscode";
import { ReplaySession, durableReplayApi, endReplay, lineIn, workspaceFile } from "../support/durableSessions";
import { until } from "../support/until";

const ORDER = "src/order.ts";

async function lensTitles(uri: vscode.Uri, line: number): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", uri)) ?? [];
  return lenses.filter((lens) => lens.range.start.line + 1 === line).map((lens) => lens.command?.title ?? "");
}

describe("editor features around a replay", function () {
  let replay: ReplaySession | undefined;
  before(async () => {
    await durableReplayApi();
  });
  afterEach(async () => {
    await endReplay(replay);
    replay = undefined;
  });

  it("shows Replay… above the handler, and Replay last once it has been replayed", async () => {
    const uri = workspaceFile(ORDER);
    const line = await lineIn(uri, "export const handler = withDurableExecution");
    await vscode.window.showTextDocument(uri);
    const before = await until(`a CodeLens on ${ORDER}:${line}`, async () => {
      const titles = await lensTitles(uri, line);
      return titles.length > 0 ? titles : undefined;
    });
    assert.ok(
      before.some((title) => title.includes("Replay…")),
      before.join(", "),
    );

    replay = await ReplaySession.start("Replay order (full log)");
    await replay.finished();
    const after = await until(`"Replay last" on ${ORDER}:${line}`, async () => {
      const titles = await lensTitles(uri, line);
      return titles.includes("Replay last") ? titles : undefined;
    });
    assert.ok(
      after.some((title) => title.includes("Replay…")),
      after.join(", "),
    );
  });

  it("Step to Next Durable Operation runs from a stop at one durable call to the next one", async () => {
    const uri = workspaceFile(ORDER);
    vscode.debug.addBreakpoints([new vscode.FunctionBreakpoint("validate_order")]);
    replay = await ReplaySession.start("Replay order (full log)");
    const first = await replay.stopped(0);
    assert.equal((await replay.topFrame(first.body.threadId!)).line, await lineIn(uri, '"validate_order"'));
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);

    // The command acts on the active session's stopped thread, which VS Code sets once it has the stack.
    await until("VS Code to focus the stopped thread", () => vscode.debug.activeStackItem !== undefined);
    await vscode.commands.executeCommand("durableReplay.stepOperation");
    const next = await replay.stopped(1);
    assert.equal(next.body.reason, "step");
    assert.match(String(next.body.description), /process_payment/);
    assert.equal((await replay.topFrame(next.body.threadId!)).line, await lineIn(uri, '"process_payment"'));
  });
});
