// Hosts the timeline webview (`durableReplay.timeline`): posts the rows of the current run (whole when the webview
// opens or the run is replaced, in parts, then only the rows that changed, a few times per second), follows the paused
// operation, and reveals a call site when the user clicks a row.
import * as vscode from "vscode";
import { extensionSettings } from "../extensionSettings";
import type { ReplayRun, RunChange } from "../debug/replayRun";
import { revealCallSite } from "./revealCallSite";
import { newNonce, timelineHtml } from "./timelineHtml";
import {
  timelineFindings,
  timelineUpdate,
  type TimelineFinding,
  timelineViewParts,
  type TimelinePart,
  type TimelineUpdate,
  type TimelineView,
} from "./timelineRows";

export const TIMELINE_VIEW_TYPE = "durableReplay.timeline";

/** Messages from the webview (media/timeline.js); it sends "ready" again when its rows went out of step. */
type TimelineMessage = { type: "ready" } | { type: "reveal"; seq: number } | { type: "revealFinding"; index: number };

/** Messages to the webview; each carries the divergences without an operation row of their own. */
export type TimelinePost =
  | { type: "view"; view: TimelineView; findings: TimelineFinding[] }
  | { type: "update"; update: TimelineUpdate; findings: TimelineFinding[] };

/** How often rows are posted while records stream in: often enough that no single post is large. */
const POST_INTERVAL_MS = 50;
/** Rows per message of a whole view: each takes the extension host about 10 ms to build and serialize. */
const PART_ROWS = 1000;

export class TimelinePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private pending: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;
  /** False until the webview's script has asked for the rows, and again while the webview is hidden (discarded). */
  private ready = false;
  /** Whether the next post must be the whole view; else the seqs added and updated since the last post. */
  private whole = true;
  private readonly added = new Set<number>();
  private readonly updated = new Set<number>();
  /** The rest of a whole view being posted, one part per turn of the event loop; updates wait for its end. */
  private parts: Iterator<TimelinePart, void> | undefined;
  private partTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly run: ReplayRun,
    private readonly media: vscode.Uri,
  ) {
    this.subscription = run.onDidChange((change) => this.track(change));
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
      if (message.type === "ready") {
        this.ready = true;
        this.whole = true;
        this.post();
      } else if (message.type === "reveal" && Number.isInteger(message.seq))
        void revealCallSite(this.run.get(message.seq));
      else if (message.type === "revealFinding" && Number.isInteger(message.index))
        void revealCallSite(this.run.divergences()[message.index]);
    });
    // A hidden webview is discarded; it asks again with "ready" when it is shown.
    panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    });
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    });
  }

  private track(change: RunChange): void {
    // A webview that is not there gets the whole view when it asks.
    if (!this.ready) return;
    if (change.reset) {
      this.whole = true;
      this.added.clear();
      this.updated.clear();
    } else if (!this.whole) {
      for (const seq of change.added) this.added.add(seq);
      for (const seq of change.updated) this.updated.add(seq);
    }
    this.pending ??= setTimeout(() => this.post(), POST_INTERVAL_MS);
  }

  private post(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    if (!this.panel || !this.ready) return;
    const run = this.run;
    const previewLength = extensionSettings().previewLength;
    // Changes made while a whole view goes out in parts are posted after its last part.
    if (!this.whole && this.parts) return;
    const update = this.whole
      ? undefined
      : timelineUpdate(run.operations(), this.added, this.updated, previewLength, run.pausedSeq, run.status);
    this.whole = false;
    this.added.clear();
    this.updated.clear();
    if (update) {
      void this.panel.webview.postMessage({
        type: "update",
        update,
        findings: timelineFindings(run.divergences()),
      } satisfies TimelinePost);
      return;
    }
    clearTimeout(this.partTimer);
    this.parts = timelineViewParts(run.operations(), previewLength, PART_ROWS, run.pausedSeq, run.status);
    this.postPart();
  }

  private postPart(): void {
    this.partTimer = undefined;
    const next = this.panel && this.ready ? this.parts?.next() : undefined;
    if (!next || next.done) {
      this.parts = undefined;
      // Then what changed while the parts went out (rows, the status, the paused operation).
      this.pending ??= setTimeout(() => this.post(), POST_INTERVAL_MS);
      return;
    }
    const part = next.value;
    const findings = timelineFindings(this.run.divergences());
    void this.panel!.webview.postMessage(
      ("view" in part
        ? { type: "view", view: part.view, findings }
        : { type: "update", update: part.update, findings }) satisfies TimelinePost,
    );
    this.partTimer = setTimeout(() => this.postPart(), 0);
  }

  dispose(): void {
    clearTimeout(this.pending);
    clearTimeout(this.partTimer);
    this.subscription.dispose();
    this.panel?.dispose();
  }
}
