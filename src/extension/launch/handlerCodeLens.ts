// "Replay…" and "Replay last" above each durable handler.
import * as vscode from "vscode";
import { extensionSettings } from "../extensionSettings";
import { DURABLE_LANGUAGES } from "../durableLanguages";
import { findHandlers, mayDeclareHandler } from "./handlerScan";
import type { RecentLogs } from "./recentLogs";
import { REPLAY_FROM_LOG_COMMAND, REPLAY_LAST_COMMAND, type HandlerTarget } from "./replayCommands";

export class HandlerCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly recent: RecentLogs) {}

  /** Called after a replay starts, so "Replay last" appears above a handler that now has one. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (
      !extensionSettings().codeLens ||
      document.uri.scheme !== "file" ||
      !DURABLE_LANGUAGES.includes(document.languageId)
    )
      return [];
    const text = document.getText();
    if (!mayDeclareHandler(text)) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const declaration of findHandlers(text, document.languageId)) {
      const range = new vscode.Range(declaration.line, 0, declaration.line, 0);
      const target: HandlerTarget = { handler: document.uri.fsPath, exportName: declaration.exportName };
      lenses.push(
        new vscode.CodeLens(range, {
          title: "$(debug-alt) Replay…",
          tooltip: `Replay a recorded execution of ${declaration.exportName} under the debugger`,
          command: REPLAY_FROM_LOG_COMMAND,
          arguments: [target],
        }),
      );
      const last = this.recent.last(document.uri.fsPath);
      if (last) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: "Replay last",
            tooltip: `Replay ${vscode.workspace.asRelativePath(last.log)} again`,
            command: REPLAY_LAST_COMMAND,
            arguments: [target],
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
