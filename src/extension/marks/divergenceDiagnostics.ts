// Divergences found by a replay, as diagnostics (source `durable-replay`) at the diverging call, so they show in
// Problems next to the lint findings. A file's entries go away once the file is edited: the code they describe changed.
import * as vscode from "vscode";
import type { Divergence } from "../../protocol/operations";
import type { ReplayRun } from "../debug/replayRun";

export const DIVERGENCE_SOURCE = "durable-replay";

export class DivergenceDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIVERGENCE_SOURCE);
  /** Files edited since the session that found their divergences. */
  private readonly edited = new Set<string>();
  private sessionId: string | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly run: ReplayRun) {
    this.subscriptions = [
      run.onDidChange((change) => {
        if (change.divergences) this.update();
      }),
      vscode.workspace.onDidChangeTextDocument((change) => {
        if (change.contentChanges.length === 0 || !this.collection.has(change.document.uri)) return;
        this.edited.add(change.document.uri.fsPath);
        this.collection.delete(change.document.uri);
      }),
    ];
  }

  private update(): void {
    if (this.run.sessionId !== this.sessionId) {
      this.sessionId = this.run.sessionId;
      this.edited.clear();
    }
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const divergence of this.run.divergences()) {
      const site = divergence.callSite;
      if (!site || this.edited.has(vscode.Uri.file(site.file).fsPath)) continue;
      const list = byFile.get(site.file) ?? [];
      list.push(toDiagnostic(divergence, site.line, site.column));
      byFile.set(site.file, list);
    }
    this.collection.clear();
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  dispose(): void {
    this.collection.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function toDiagnostic(divergence: Divergence, line: number, column: number): vscode.Diagnostic {
  // The end column is past any real line; the editor clamps it to the line's end.
  const range = new vscode.Range(line - 1, Math.max(0, column - 1), line - 1, 10_000);
  const severity =
    divergence.severity === "warning" ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
  const diagnostic = new vscode.Diagnostic(range, divergence.message, severity);
  diagnostic.source = DIVERGENCE_SOURCE;
  diagnostic.code = divergence.kind;
  return diagnostic;
}
