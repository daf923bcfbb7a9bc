// The determinism lint through the VS Code API: the language server's DUR001 on a clock read outside a step, and the
// quick fix that wraps it in a step (and says that this shifts the positions of recorded logs).
import assert from "node:assert/strict";
import * as vscode from "vscode";
import { durableReplayApi, lineIn, workspaceFile } from "../support/durableSessions";
import { until } from "../support/until";

const isDur001 = (d: vscode.Diagnostic) =>
  d.source === "durable-lint" && (typeof d.code === "object" ? d.code.value : d.code) === "DUR001";

describe("durable-lint in the extension host", function () {
  before(async () => {
    await durableReplayApi();
  });
  after(async () => {
    await vscode.commands.executeCommand("workbench.action.files.revert");
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("reports DUR001 on Date.now() outside a step, and 'Wrap in context.step' makes it go away", async () => {
    const uri = workspaceFile("src/receipt.ts");
    const line = await lineIn(uri, "Date.now()");
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    // The language server's first lint builds a TypeScript program with the SDK's types: slow on a busy machine.
    const diagnostic = await until(
      "DUR001 on src/receipt.ts",
      () => vscode.languages.getDiagnostics(uri).find(isDur001),
      150_000,
    );
    assert.equal(diagnostic.range.start.line + 1, line);
    assert.equal(document.getText(diagnostic.range), "Date.now()");

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const wrap = actions.find((action) => /^Wrap in context\.step/.test(action.title));
    assert.ok(
      wrap?.edit,
      `a "Wrap in context.step" fix with an edit; offered: ${actions.map((a) => a.title).join(" | ")}`,
    );
    // The new step moves every later operation one position: the fix says so, and applying it offers a check of
    // the workspace's recorded logs.
    assert.match(wrap.title, /shifts later operations: recorded logs will diverge/);
    assert.equal(wrap.command?.command, "durableReplay.checkLogsAfterFix");
    assert.deepEqual(wrap.command?.arguments, [uri.fsPath]);
    assert.ok(await vscode.workspace.applyEdit(wrap.edit));

    assert.match(document.lineAt(line - 1).text, /await context\.step\("[^"]+", async \(\) => Date\.now\(\)\)/);
    await until(
      "DUR001 to disappear after the fix",
      () => !vscode.languages.getDiagnostics(uri).some(isDur001),
      60_000,
    );
  });
});
