// Marks at each durable call site: a gutter icon, an after-line hint and a hover, by state; plus the line the
// debugger is paused at. Redrawn when the run changes and when editors become visible.
import { resolve } from "node:path";
import * as vscode from "vscode";
import type { OperationState } from "../../protocol/operations";
import { hoverMarkdown } from "./operationHints";
import { marksForFile, type OperationMark } from "./operationMarks";
import type { ReplayRun, RunChange } from "../debug/replayRun";
import { extensionSettings } from "../extensionSettings";

type MarkedState = Exclude<OperationState, "unreached">;
const STATES: readonly MarkedState[] = ["replayed", "live", "diverged"];

export class OperationDecorations implements vscode.Disposable {
  private readonly types: Record<MarkedState, vscode.TextEditorDecorationType>;
  private readonly paused: vscode.TextEditorDecorationType;
  private readonly subscriptions: vscode.Disposable[] = [];
  private pending: NodeJS.Timeout | undefined;
  /** Files whose marks changed since the last redraw, or every visible editor's. */
  private dirty: Set<string> | "all" = new Set();

  constructor(
    private readonly run: ReplayRun,
    media: vscode.Uri,
  ) {
    const type = (state: MarkedState) => {
      const color = new vscode.ThemeColor(`durableReplay.${state}Foreground`);
      return vscode.window.createTextEditorDecorationType({
        gutterIconPath: vscode.Uri.joinPath(media, `${state}.svg`),
        gutterIconSize: "contain",
        overviewRulerColor: color,
        overviewRulerLane: vscode.OverviewRulerLane.Right,
        after: { color, margin: "0 0 0 2em", fontStyle: "italic" },
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
    };
    this.types = { replayed: type("replayed"), live: type("live"), diverged: type("diverged") };
    this.paused = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor("durableReplay.pausedBackground"),
    });
    this.subscriptions.push(
      run.onDidChange((change) => this.schedule(change)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (change.affectsConfiguration("durableReplay")) this.schedule();
      }),
    );
  }

  /** The marks of one file as the editor shows them (empty when marks are turned off). */
  marks(file: string): OperationMark[] {
    const settings = extensionSettings();
    return settings.editorMarks ? marksForFile(this.run.operations(), file, settings.previewLength, this.run) : [];
  }

  /**
   * The hover of a marked call: its outcome, from a provider rather than the decoration, because the editor puts
   * providers' hovers (the SDK's JSDoc) above decorations' and built-in providers (TypeScript's) below extensions'.
   */
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (document.uri.scheme !== "file") return undefined;
    const mark = this.marks(document.uri.fsPath).find((m) => m.line === position.line + 1);
    if (!mark || mark.state === "unreached" || mark.line > document.lineCount) return undefined;
    const range = markRange(document, mark);
    if (!range.contains(position)) return undefined;
    const markdown = hoverMarkdown(mark.record, this.run.divergence(mark.record), this.run.message(mark.record));
    return new vscode.Hover(new vscode.MarkdownString(markdown), range);
  }

  /** `change` narrows the redraw to the files whose calls it touched; without one every visible editor redraws. */
  private schedule(change?: RunChange): void {
    const records = change ? [...change.added, ...change.updated] : [];
    // A reset, a new paused operation or a new divergence can change any editor.
    if (!change || change.reset || change.divergences || records.length === 0) this.dirty = "all";
    else if (this.dirty !== "all") {
      for (const seq of records) {
        const file = this.run.get(seq)?.callSite?.file;
        if (file !== undefined) this.dirty.add(resolve(file));
      }
    }
    // Records come in bursts; one redraw per editor per burst is enough.
    this.pending ??= setTimeout(() => {
      const dirty = this.dirty;
      this.pending = undefined;
      this.dirty = new Set();
      for (const editor of vscode.window.visibleTextEditors) {
        if (dirty === "all" || dirty.has(resolve(editor.document.uri.fsPath))) this.draw(editor);
      }
    }, 50);
  }

  private draw(editor: vscode.TextEditor): void {
    const document = editor.document;
    const byState: Record<MarkedState, vscode.DecorationOptions[]> = { replayed: [], live: [], diverged: [] };
    const pausedLines: vscode.Range[] = [];
    if (document.uri.scheme === "file") {
      for (const mark of this.marks(document.uri.fsPath)) {
        if (mark.line > document.lineCount || mark.state === "unreached") continue;
        byState[mark.state].push({
          range: markRange(document, mark),
          renderOptions: { after: { contentText: mark.text } },
        });
      }
      const paused = this.run.pausedSeq === undefined ? undefined : this.run.get(this.run.pausedSeq);
      const site = paused?.callSite;
      if (site && site.line <= document.lineCount && vscode.Uri.file(site.file).fsPath === document.uri.fsPath) {
        pausedLines.push(document.lineAt(site.line - 1).range);
      }
    }
    for (const state of STATES) editor.setDecorations(this.types[state], byState[state]);
    editor.setDecorations(this.paused, pausedLines);
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const type of Object.values(this.types)) type.dispose();
    this.paused.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** From the call to the end of its line: where the mark's hover answers. */
function markRange(document: vscode.TextDocument, mark: OperationMark): vscode.Range {
  const line = document.lineAt(mark.line - 1);
  const start = Math.min(Math.max(mark.column - 1, line.firstNonWhitespaceCharacterIndex), line.range.end.character);
  return new vscode.Range(line.lineNumber, start, line.lineNumber, line.range.end.character);
}
