// VS Code glue: activation wires the debug adapter process, the launch configurations, the editor marks, the
// operations tree, the timeline webview and the lint client. No replay or lint logic lives here.
import * as vscode from "vscode";
import { DEBUG_TYPE } from "../protocol/dap";
import type { OperationRecord } from "../protocol/operations";
import {
  CLEAR_FETCHED_LOGS_COMMAND,
  REPLAY_FROM_AWS_COMMAND,
  replayFromAws,
  type ReplayFromAwsArgs,
} from "./aws/replayFromAws";
import { clearFetchedLogsCommand } from "./aws/workspaceFetch";
import { AdapterProcessFactory } from "./debug/debugAdapterFactory";
import { DurableConfigurationProvider, DynamicReplayConfigurations } from "./debug/debugConfigurationProvider";
import { DURABLE_DOCUMENTS } from "./durableLanguages";
import { DivergenceDiagnostics } from "./marks/divergenceDiagnostics";
import { extensionSettings } from "./extensionSettings";
import { HandlerCodeLens } from "./launch/handlerCodeLens";
import { startLintClient } from "./lint/lintClient";
import { CHECK_LOGS_COMMAND, offerLogCheck } from "./lint/positionShiftingFixes";
import { OperationDecorations } from "./marks/operationDecorations";
import { registerOperationsTree } from "./timeline/operationsTreeView";
import { RecentLogs } from "./launch/recentLogs";
import { REPLAY_FROM_LOG_COMMAND, REPLAY_LAST_COMMAND, replayFromLog, replayLast } from "./launch/replayCommands";
import { ReplayRun } from "./debug/replayRun";
import { REVEAL_COMMAND, revealCallSite } from "./timeline/revealCallSite";
import { trackDurableSessions } from "./debug/sessionTracker";
import { stepToNextOperation } from "./debug/stepOperation";
import { announceSessionOutcomes } from "./debug/sessionOutcome";
import { TimelinePanel } from "./timeline/timelinePanel";
import type { LanguageClient } from "vscode-languageclient/node";

/** What `activate` returns, for tests in a real VS Code. */
export interface DurableReplayApi {
  /** The last (or current) session's operation records, in call order. */
  timeline(): OperationRecord[];
  /** The after-line hints shown in a file (`uri` as a string, or a file path); `line` is 1-based. */
  marks(uri: string): Array<{ line: number; text: string }>;
}

let lintClient: LanguageClient | undefined;

function fileOf(uri: string): string {
  return /^[a-z][\w+.-]*:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri) ? vscode.Uri.parse(uri).fsPath : uri;
}

export function activate(context: vscode.ExtensionContext): DurableReplayApi {
  const media = vscode.Uri.joinPath(context.extensionUri, "media");
  // The extension's own log: sessions, their outcomes, and what went wrong on our side.
  const log = vscode.window.createOutputChannel("Durable Replay", { log: true });
  const run = new ReplayRun();
  const recent = new RecentLogs(context.workspaceState, () => extensionSettings().recentLogs);
  const decorations = new OperationDecorations(run, media);
  const timeline = new TimelinePanel(run, media);
  const codeLens = new HandlerCodeLens(recent);

  context.subscriptions.push(
    log,
    run,
    decorations,
    timeline,
    codeLens,
    new DivergenceDiagnostics(run),
    trackDurableSessions(run),
    announceSessionOutcomes(run, log, () => timeline.show()),
    registerOperationsTree(run),
    vscode.debug.registerDebugAdapterDescriptorFactory(
      DEBUG_TYPE,
      new AdapterProcessFactory(context.extensionUri, (session, records) => {
        if (run.sessionId === session.id) run.upsert(records);
      }),
    ),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      new DurableConfigurationProvider(recent, context.workspaceState),
    ),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      new DynamicReplayConfigurations(),
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    vscode.languages.registerCodeLensProvider(DURABLE_DOCUMENTS, codeLens),
    vscode.languages.registerHoverProvider(DURABLE_DOCUMENTS, decorations),
    vscode.commands.registerCommand(REPLAY_FROM_LOG_COMMAND, (arg?: unknown) => replayFromLog(recent, arg)),
    vscode.commands.registerCommand(REPLAY_LAST_COMMAND, (arg?: unknown) => replayLast(recent, arg)),
    vscode.commands.registerCommand(REPLAY_FROM_AWS_COMMAND, (args?: ReplayFromAwsArgs) =>
      replayFromAws(context.workspaceState, args),
    ),
    vscode.commands.registerCommand(CLEAR_FETCHED_LOGS_COMMAND, clearFetchedLogsCommand),
    vscode.commands.registerCommand("durableReplay.openTimeline", () => timeline.show()),
    vscode.commands.registerCommand("durableReplay.stepOperation", stepToNextOperation),
    vscode.commands.registerCommand("durableReplay.clearMarks", () => run.clear()),
    vscode.commands.registerCommand(CHECK_LOGS_COMMAND, (handlerFile: string) =>
      offerLogCheck(context.extensionUri, handlerFile),
    ),
    vscode.commands.registerCommand(REVEAL_COMMAND, (seq: number) => revealCallSite(run.get(seq))),
    vscode.debug.onDidStartDebugSession((session) => {
      if (session.type !== DEBUG_TYPE) return;
      log.info(`replay started: ${session.configuration.handler} against ${session.configuration.log}`);
      codeLens.refresh();
      if (extensionSettings().openTimelineOnStart) timeline.show();
    }),
  );

  // Lint runs in every workspace, trusted or not: it only reads files.
  startLintClient(context).then(
    (client) => {
      lintClient = client;
    },
    (error: unknown) => {
      log.error(`lint client could not start: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage(
        `Durable Lint could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
    },
  );

  return {
    timeline: () => [...run.operations()],
    marks: (uri) => decorations.marks(fileOf(uri)).map((mark) => ({ line: mark.line, text: mark.text })),
  };
}

export async function deactivate(): Promise<void> {
  await lintClient?.stop();
  lintClient = undefined;
}
