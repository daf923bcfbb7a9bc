// "Replay Execution from Log…" and "Replay Last Execution": both end in vscode.debug.startDebugging, so the
// configuration provider (trust check, defaults, remembering the log) sees every replay.
import * as vscode from "vscode";
import { replayConfiguration } from "../debug/debugConfigurationProvider";
import { closestHandler } from "./logPairing";
import type { RecentLogs } from "./recentLogs";
import { pickHandler, pickLog } from "./replayPicker";
import { findWorkspaceHandlers } from "./workspaceHandlers";
import { refuseUntrusted } from "../workspaceTrust";

export const REPLAY_FROM_LOG_COMMAND = "durableReplay.replayFromLog";
export const REPLAY_LAST_COMMAND = "durableReplay.replayLast";

/** What the CodeLens passes: the handler above which it was clicked. */
export interface HandlerTarget {
  handler: string;
  exportName: string;
}

function isHandlerTarget(value: unknown): value is HandlerTarget {
  return typeof value === "object" && value !== null && typeof (value as HandlerTarget).handler === "string";
}

function folderOf(file: string): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) ?? vscode.workspace.workspaceFolders?.[0];
}

async function start(handler: string, exportName: string, log: string): Promise<boolean> {
  const folder = folderOf(handler);
  return vscode.debug.startDebugging(folder, replayConfiguration(handler, exportName, log, folder));
}

/**
 * From the CodeLens: that handler, then a log. From the Explorer on a JSON file: that log, then the handler
 * nearest to it. From the palette: pick both.
 */
export async function replayFromLog(recent: RecentLogs, arg?: unknown): Promise<boolean> {
  if (refuseUntrusted()) return false;
  let target = isHandlerTarget(arg) ? arg : undefined;
  let log = arg instanceof vscode.Uri ? arg.fsPath : undefined;
  if (!target) {
    const folder = log ? folderOf(log) : vscode.workspace.workspaceFolders?.[0];
    const handlers = log ? await findWorkspaceHandlers(folder) : [];
    const nearest = log ? closestHandler(log, handlers) : undefined;
    const handler = nearest && handlers.length === 1 ? nearest : await pickHandler(folder);
    if (!handler) return false;
    target = { handler: handler.file, exportName: handler.exportName };
  }
  log ??= await pickLog(target.handler, recent, folderOf(target.handler));
  if (!log) return false;
  return start(target.handler, target.exportName, log);
}

/** Replays the most recent log (of the given handler, from the CodeLens) again. */
export async function replayLast(recent: RecentLogs, arg?: unknown): Promise<boolean> {
  const handler = isHandlerTarget(arg) ? arg : undefined;
  const last = recent.last(handler?.handler);
  if (!last) {
    if (handler) return replayFromLog(recent, handler);
    void vscode.window.showInformationMessage(
      'Durable Replay: nothing replayed in this workspace yet. Use "Replay Execution from Log…" first.',
    );
    return false;
  }
  if (refuseUntrusted()) return false;
  return start(last.handler, last.exportName, last.log);
}
