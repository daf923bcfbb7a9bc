// "Wrap in context.step" adds a durable operation: every later operation of the handler moves one position, so logs
// recorded before the edit diverge at the new step. The light bulb says so in the fix's title, and applying the fix
// offers to replay the workspace's recorded logs with `durable-replay check` against the edited handler.
import { basename } from "node:path";
import * as vscode from "vscode";
import { extensionSettings } from "../extensionSettings";
import { findRecordedLogs } from "../launch/workspaceHandlers";

export const CHECK_LOGS_COMMAND = "durableReplay.checkLogsAfterFix";
const POSITION_SHIFT = " (shifts later operations: recorded logs will diverge)";

/** Gives the fixes that add a durable operation their warning and the follow-up offer; leaves others alone. */
export function markPositionShiftingFixes(
  actions: ReadonlyArray<vscode.CodeAction | vscode.Command>,
  document: vscode.TextDocument,
): Array<vscode.CodeAction | vscode.Command> {
  return actions.map((action) => {
    if (!(action instanceof vscode.CodeAction) || !/^Wrap in \S+\.step\(/.test(action.title)) return action;
    if (action.title.endsWith(POSITION_SHIFT)) return action;
    action.title += POSITION_SHIFT;
    action.command = { title: "Check recorded logs", command: CHECK_LOGS_COMMAND, arguments: [document.uri.fsPath] };
    return action;
  });
}

/** After the fix: how many logs may diverge, and a `durable-replay check` of them in a terminal when the user asks. */
export async function offerLogCheck(extensionUri: vscode.Uri, handlerFile: string): Promise<void> {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(handlerFile));
  // The logs the log picker offers: a project's history logs rarely match the `*.durable.json` default.
  const logs = await findRecordedLogs(extensionSettings().logGlob, folder);
  if (logs.length === 0) return;
  const run = "Run durable-replay check";
  const choice = await vscode.window.showWarningMessage(
    `The new step in ${basename(handlerFile)} shifts the positions of the operations after it: logs recorded before ` +
      `this edit will diverge there. ${logs.length} recorded log${logs.length === 1 ? "" : "s"} in the workspace.`,
    run,
  );
  if (choice !== run) return;
  const cli = vscode.Uri.joinPath(extensionUri, "dist", "durable-replay.js").fsPath;
  const terminal = vscode.window.createTerminal({ name: "durable-replay check", cwd: folder?.uri.fsPath });
  const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;
  terminal.show();
  terminal.sendText(["node", cli, "check", "--handler", handlerFile, ...logs].map(quote).join(" "));
}
