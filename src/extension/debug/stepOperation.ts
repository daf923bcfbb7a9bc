// "Step to Next Durable Operation": runs to the next durable call in the user's code (custom DAP request).
import * as vscode from "vscode";
import { DEBUG_TYPE, STEP_OPERATION_REQUEST, type StepOperationArguments } from "../../protocol/dap";

export async function stepToNextOperation(): Promise<void> {
  const session = vscode.debug.activeDebugSession;
  if (session?.type !== DEBUG_TYPE) {
    void vscode.window.showInformationMessage("Durable Replay: no durable replay session is active.");
    return;
  }
  const item = vscode.debug.activeStackItem;
  const args: StepOperationArguments = { threadId: item && item.session.id === session.id ? item.threadId : 1 };
  try {
    await session.customRequest(STEP_OPERATION_REQUEST, args);
  } catch (error) {
    void vscode.window.showErrorMessage(`Durable Replay: ${error instanceof Error ? error.message : String(error)}`);
  }
}
