// Hosts the timeline webview (`durableReplay.timeline`): posts the rows of the current run, follows the paused
// operation, and reveals a call site when the user clicks a row.
import * as vscode from "vscode";
import { extensionSettings } from "./extensionSettings";
import type { ReplayRun } from "./replayRun";
import { revealCallSite } from "./revealCallSite";
import { newNonce, timelineHtml } from "./timelineHtml";
import { timelineView } from "./timelineRows";

export const TIMELINE_VIEW_TYPE = "durableReplay.timeline";

/** Messages from the webview (media/timeline.js). */
type TimelineMessage = { type: "ready" } | { type: "reveal"; seq: number };

export class TimelinePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private pending: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly run: ReplayRun,
    private readonly media: vscode.Uri,
  ) {
    this.subscription = run.onDidChange(() => this.schedule());
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      "Durable Timeline",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [this.media] },
    );
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.media, "icon.svg");
    const webview = panel.webview;
    webview.html = timelineHtml(
      {
        cspSource: webview.cspSource,
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, "timeline.js")).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, "timeline.css")).toString(),
      },
      newNonce(),
    );
    webview.onDidReceiveMessage((message: TimelineMessage) => {
      if (message.type === "ready") this.post();
      else if (message.type === "reveal" && Number.isInteger(message.seq)) void revealCallSite(this.run.get(message.seq));
    });
    // A hidden webview is discarded; it asks again with "ready" when it is shown.
    panel.onDidDispose(() => {
      this.panel = undefined;
    });
  }

  private schedule(): void {
    if (!this.panel) return;
    // Thousands of operation events arrive in a burst; the webview redraws a few times per second at most.
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.post();
    }, 150);
  }

  private post(): void {
    if (!this.panel) return;
    const view = timelineView(this.run.operations(), extensionSettings().previewLength, this.run.pausedSeq, this.run.status);
    void this.panel.webview.postMessage({ type: "view", view });
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscription.dispose();
    this.panel?.dispose();
  }
}
