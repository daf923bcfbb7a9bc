// Quick picks for starting a replay without a launch.json: which handler, then which recorded log.
import * as vscode from "vscode";
import { basename } from "node:path";
import { extensionSettings } from "../extensionSettings";
import { logEvidence, type LogEvidence } from "./logPairing";
import type { RecentLogs } from "./recentLogs";
import { findRecordedLogs, findWorkspaceHandlers, type WorkspaceHandler } from "./workspaceHandlers";

function describePath(file: string): string {
  return vscode.workspace.asRelativePath(file, true);
}

export async function pickHandler(folder?: vscode.WorkspaceFolder): Promise<WorkspaceHandler | undefined> {
  const handlers = await findWorkspaceHandlers(folder);
  if (handlers.length === 0) {
    void vscode.window.showErrorMessage(
      "Durable Replay: no durable handler found in this workspace (looked for `export const … = withDurableExecution(…)` and `@durable_execution`).",
    );
    return undefined;
  }
  if (handlers.length === 1) return handlers[0];
  const picked = await vscode.window.showQuickPick(
    handlers.map((handler) => ({
      label: `$(symbol-function) ${handler.exportName}`,
      description: `${describePath(handler.file)}:${handler.line + 1}`,
      handler,
    })),
    {
      title: "Replay: which durable handler?",
      placeHolder: "Pick the handler to run under the debugger",
      matchOnDescription: true,
    },
  );
  return picked?.handler;
}

/** Logs by the evidence that they belong to `handler`, strongest first (ties: most recently replayed, then path). */
async function rankLogs(handler: string, logs: string[], recent: RecentLogs): Promise<LogEvidence[]> {
  const read = async (file: string): Promise<string> => {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
    } catch {
      return "";
    }
  };
  const source = await read(handler);
  const mine = recent
    .logsFor(handler)
    .filter((log) => recent.all().some((e) => e.log === log && e.handler === handler));
  const evidence = await Promise.all(
    logs.map(async (log) =>
      logEvidence({ file: handler, source }, { file: log, text: await read(log) }, mine.includes(log)),
    ),
  );
  const recency = (log: string) => {
    const index = mine.indexOf(log);
    return index < 0 ? Number.POSITIVE_INFINITY : index;
  };
  return evidence.sort((a, b) => b.score - a.score || recency(a.log) - recency(b.log) || a.log.localeCompare(b.log));
}

export async function pickLog(
  handler: string,
  recent: RecentLogs,
  folder?: vscode.WorkspaceFolder,
): Promise<string | undefined> {
  const remembered = recent.logsFor(handler);
  const found = await findRecordedLogs(extensionSettings().logGlob, folder);
  type Item = vscode.QuickPickItem & { log?: string; browse?: true };
  const items: Item[] = [];
  const ranked = await rankLogs(handler, [...new Set([...remembered, ...found])], recent);
  const likely = ranked.filter((evidence) => evidence.score > 0);
  if (likely.length > 0) items.push({ label: `For ${basename(handler)}`, kind: vscode.QuickPickItemKind.Separator });
  for (const { log, reasons } of likely)
    items.push({ label: `$(json) ${basename(log)}`, description: describePath(log), detail: reasons.join(" · "), log });
  const others = ranked.filter((evidence) => evidence.score === 0).map((evidence) => evidence.log);
  if (others.length > 0) items.push({ label: "Other logs", kind: vscode.QuickPickItemKind.Separator });
  for (const log of others) items.push({ label: `$(json) ${basename(log)}`, description: describePath(log), log });
  items.push({ label: "", kind: vscode.QuickPickItemKind.Separator });
  items.push({
    label: "$(folder-opened) Browse…",
    description: "a history, state, invocation or recording file",
    browse: true,
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Replay ${basename(handler)}: which recorded execution?`,
    placeHolder: "Pick a recorded log",
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (!picked.browse) return picked.log;
  const chosen = await vscode.window.showOpenDialog({
    title: "Recorded durable execution log",
    canSelectMany: false,
    defaultUri: folder?.uri,
    filters: { "Durable execution logs": ["json"], "All files": ["*"] },
  });
  return chosen?.[0]?.fsPath;
}
