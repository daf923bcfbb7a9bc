// Opens the source line where the code made a durable call (from the tree, the timeline or the API).
import * as vscode from "vscode";
import type { OperationRecord } from "../../protocol/operations";

export const REVEAL_COMMAND = "durableReplay.revealOperation";

/** An operation, or a divergence without one (a different final result). */
type Located = Pick<OperationRecord, "callSite"> & Partial<Pick<OperationRecord, "name" | "type">>;

export async function revealCallSite(record: Located | undefined): Promise<void> {
  const site = record?.callSite;
  if (!site) {
    void vscode.window.showInformationMessage(
      `Durable Replay: ${record ? `${record.name ?? record.type ?? "that divergence"} has no call site in your code` : "that operation is no longer in the replay"}.`,
    );
    return;
  }
  const position = new vscode.Position(site.line - 1, Math.max(0, site.column - 1));
  await vscode.window.showTextDocument(vscode.Uri.file(site.file), {
    selection: new vscode.Range(position, position),
    preserveFocus: false,
    viewColumn: vscode.ViewColumn.One,
  });
}
