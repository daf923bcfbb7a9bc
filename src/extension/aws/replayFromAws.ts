// "Replay an Execution from AWS…": a function (recent ones first, or type a name or ARN), one of its executions
// (newest first, or FAILED first), the handler (matched from the workspace, else picked), then the replay starts
// through vscode.debug.startDebugging, so the configuration provider sees it like any other.
import * as vscode from "vscode";
import type { ExecutionSummary } from "../../replay/aws/durableExecutions";
import { replayConfiguration } from "../debug/debugConfigurationProvider";
import { pickHandler } from "../launch/replayPicker";
import { findWorkspaceHandlers, type WorkspaceHandler } from "../launch/workspaceHandlers";
import { refuseUntrusted } from "../workspaceTrust";
import { executionItems, matchHandler, orderToggle, type ExecutionItem } from "./executionItems";
import { awsClient, awsErrorMessage, fetchIntoWorkspace } from "./workspaceFetch";

export const REPLAY_FROM_AWS_COMMAND = "durableReplay.replayFromAws";
export const CLEAR_FETCHED_LOGS_COMMAND = "durableReplay.clearFetchedLogs";

const RECENT_FUNCTIONS = "durableReplay.aws.recentFunctions";
const RECENT_HANDLERS = "durableReplay.aws.handlerByFunction";
const LIST_LIMIT = 100;

/** Arguments a test or another extension may pass to skip the pickers. */
export interface ReplayFromAwsArgs {
  functionName?: string;
  executionArn?: string;
}

async function pickFunction(state: vscode.Memento): Promise<string | undefined> {
  const recent = state.get<string[]>(RECENT_FUNCTIONS, []);
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  pick.title = "Replay from AWS: which function?";
  pick.placeholder = "Type a function name or ARN";
  const recentItems = recent.map((name) => ({ label: name, description: "recent" }));
  pick.items = recentItems;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    pick.items =
      typed && !recent.includes(typed)
        ? [{ label: typed, description: "function name or ARN" }, ...recentItems]
        : recentItems;
  });
  const chosen = await new Promise<string | undefined>((done) => {
    pick.onDidAccept(() => done(pick.selectedItems[0]?.label ?? (pick.value.trim() || undefined)));
    pick.onDidHide(() => done(undefined));
    pick.show();
  });
  pick.dispose();
  if (chosen) await state.update(RECENT_FUNCTIONS, [chosen, ...recent.filter((r) => r !== chosen)].slice(0, 10));
  return chosen;
}

async function pickExecution(functionName: string): Promise<ExecutionSummary | undefined> {
  const pick = vscode.window.createQuickPick<ExecutionItem>();
  pick.title = `Executions of ${functionName}`;
  pick.placeholder = "Pick the execution to replay";
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.busy = true;
  let failedFirst = false;
  let executions: ExecutionSummary[] = [];
  const toggle = (): vscode.QuickInputButton => {
    const { icon, tooltip } = orderToggle(failedFirst);
    return { iconPath: new vscode.ThemeIcon(icon), tooltip };
  };
  const render = (): void => {
    pick.items = executionItems(executions, failedFirst);
    pick.buttons = [toggle()];
  };
  pick.onDidTriggerButton(() => {
    failedFirst = !failedFirst;
    render();
  });
  pick.show();
  const chosen = new Promise<ExecutionSummary | undefined>((done) => {
    // Enter while the list still loads keeps the pick open.
    pick.onDidAccept(() => {
      if (pick.selectedItems[0]) done(pick.selectedItems[0].execution);
    });
    pick.onDidHide(() => done(undefined));
  });
  try {
    executions = await (await awsClient()).list({ functionName, limit: LIST_LIMIT });
    pick.busy = false;
    if (executions.length === 0) {
      pick.hide();
      void vscode.window.showInformationMessage(`Durable Replay: no executions of ${functionName}.`);
      return undefined;
    }
    render();
  } catch (error) {
    pick.hide();
    void vscode.window.showErrorMessage(awsErrorMessage(error));
    return undefined;
  }
  const result = await chosen;
  pick.dispose();
  return result;
}

async function chooseHandler(
  functionName: string,
  folder: vscode.WorkspaceFolder | undefined,
  state: vscode.Memento,
): Promise<WorkspaceHandler | undefined> {
  const handlers = await findWorkspaceHandlers(folder);
  const remembered = state.get<Record<string, string>>(RECENT_HANDLERS, {});
  const known = handlers.find((h) => `${h.file}#${h.exportName}` === remembered[functionName]);
  const handler = known ?? matchHandler(functionName, handlers) ?? (await pickHandler(folder));
  if (handler)
    await state.update(RECENT_HANDLERS, { ...remembered, [functionName]: `${handler.file}#${handler.exportName}` });
  return handler;
}

export async function replayFromAws(state: vscode.Memento, args: ReplayFromAwsArgs = {}): Promise<boolean> {
  if (refuseUntrusted()) return false;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const functionName = args.functionName ?? (await pickFunction(state));
  if (!functionName) return false;
  let summary: ExecutionSummary | undefined;
  if (!args.executionArn) {
    summary = await pickExecution(functionName);
    if (!summary) return false;
  }
  const arn = args.executionArn ?? summary!.arn;
  let log: string;
  try {
    log = await fetchIntoWorkspace(arn, folder, state, summary);
  } catch (error) {
    void vscode.window.showErrorMessage(awsErrorMessage(error));
    return false;
  }
  const handler = await chooseHandler(functionName, folder, state);
  if (!handler) return false;
  const config = replayConfiguration(handler.file, handler.exportName, log, folder);
  return vscode.debug.startDebugging(folder, { ...config, name: `Replay ${summary?.name || arn}` });
}
