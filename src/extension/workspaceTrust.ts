// Replay runs the workspace's handler code, so it needs Workspace Trust; lint is static and runs everywhere.
import * as vscode from "vscode";

export const UNTRUSTED_MESSAGE =
  "Durable Replay runs this workspace's handler code, so replay needs a trusted workspace: trust the folder (Manage Workspace Trust) to replay. Determinism lint works without trust.";

/** True (and tells the user why) when the workspace is not trusted. */
export function refuseUntrusted(): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window.showErrorMessage(UNTRUSTED_MESSAGE, "Manage Workspace Trust").then((choice) => {
    if (choice) void vscode.commands.executeCommand("workbench.trust.manage");
  });
  return true;
}
