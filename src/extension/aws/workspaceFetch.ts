// Executions fetched into the workspace's .durable-replay/logs/ (owner-only files), with progress while history
// pages load, the settings `durableReplay.aws.*`, and a one-time offer to keep the folder out of git. The AWS SDK is
// loaded on first use, not when the extension activates.
import * as vscode from "vscode";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AwsSettings } from "../../replay/aws/awsSettings";
import type { ExecutionSummary } from "../../replay/aws/durableExecutions";
import { historyProgress, ignoresFetchedLogs, withFetchedLogsIgnored } from "./fetchedLogsText";

const GITIGNORE_ASKED = "durableReplay.aws.gitignoreAsked";

export function awsSettings(): AwsSettings {
  const config = vscode.workspace.getConfiguration("durableReplay.aws");
  const value = (key: string): string | undefined => config.get<string>(key)?.trim() || undefined;
  const region = value("region");
  const profile = value("profile");
  const endpoint = value("endpoint");
  return { ...(region ? { region } : {}), ...(profile ? { profile } : {}), ...(endpoint ? { endpoint } : {}) };
}

export async function awsClient() {
  const { DurableExecutions } = await import("../../replay/aws/durableExecutions");
  return new DurableExecutions(awsSettings());
}

export function fetchedLogsDir(folder: vscode.WorkspaceFolder | undefined): string {
  return join(folder?.uri.fsPath ?? process.cwd(), ".durable-replay", "logs");
}

/** The message to show for a failed AWS call: our one sentence, else the error's first line. */
export function awsErrorMessage(error: unknown): string {
  return `Durable Replay: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`;
}

/** The execution's log file in the workspace, from the cache when it has finished; shows progress while fetching. */
export async function fetchIntoWorkspace(
  arn: string,
  folder: vscode.WorkspaceFolder | undefined,
  state: vscode.Memento,
  summary?: ExecutionSummary,
): Promise<string> {
  const [{ fetchExecutionLog }, aws] = await Promise.all([import("../../replay/aws/fetchedLogs"), awsClient()]);
  const fetched = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Fetching ${summary?.name || arn}`,
      cancellable: false,
    },
    (progress) =>
      fetchExecutionLog(aws, arn, {
        dir: fetchedLogsDir(folder),
        ...(summary ? { summary } : {}),
        onPage: (events) => progress.report({ message: historyProgress(events) }),
      }),
  );
  if (!fetched.cached) void offerGitignore(folder, state);
  return fetched.file;
}

/** Logs hold payloads: once per workspace, offer to add the folder to .gitignore when it is not ignored yet. */
async function offerGitignore(folder: vscode.WorkspaceFolder | undefined, state: vscode.Memento): Promise<void> {
  if (!folder || state.get<boolean>(GITIGNORE_ASKED)) return;
  const gitignore = join(folder.uri.fsPath, ".gitignore");
  const current = existsSync(gitignore) ? readFileSync(gitignore, "utf8") : "";
  if (ignoresFetchedLogs(current)) return;
  await state.update(GITIGNORE_ASKED, true);
  const add = "Add to .gitignore";
  const choice = await vscode.window.showInformationMessage(
    "Durable Replay saved the execution's history, with its payloads, in .durable-replay/logs/. Keep that folder out of git?",
    add,
    "Not now",
  );
  if (choice !== add) return;
  await vscode.workspace.fs.writeFile(
    vscode.Uri.file(gitignore),
    new TextEncoder().encode(withFetchedLogsIgnored(current)),
  );
}

/** "Clear Fetched Logs": deletes every fetched history in the workspace folders. */
export async function clearFetchedLogsCommand(): Promise<number> {
  const { clearFetchedLogs } = await import("../../replay/aws/fetchedLogs");
  let removed = 0;
  for (const folder of vscode.workspace.workspaceFolders ?? []) removed += clearFetchedLogs(fetchedLogsDir(folder));
  void vscode.window.showInformationMessage(
    `Durable Replay: ${removed === 0 ? "no fetched logs to clear" : `deleted ${removed} fetched log${removed === 1 ? "" : "s"}`}.`,
  );
  return removed;
}

/** `log: "arn:…"` or `execution: "<arn>"` in a launch configuration: the fetched file, or undefined (error shown). */
export async function resolveExecutionLaunch(
  config: { log?: string; execution?: string },
  folder: vscode.WorkspaceFolder | undefined,
  state: vscode.Memento,
): Promise<string | undefined> {
  const arn = config.execution ?? config.log;
  if (!arn) return undefined;
  try {
    return await fetchIntoWorkspace(arn, folder, state);
  } catch (error) {
    void vscode.window.showErrorMessage(awsErrorMessage(error));
    return undefined;
  }
}
