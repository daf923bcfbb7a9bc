// The "Durable Operations" view in Run and Debug: every operation of the last replay, nested under its child
// context, map or parallel, with its state and result; selecting one reveals its call site.
import * as vscode from "vscode";
import type { OperationState } from "../../protocol/operations";
import { extensionSettings } from "../extensionSettings";
import { hoverMarkdown, shownOutcome } from "../marks/operationHints";
import { previewOutcome } from "../marks/resultPreview";
import type { ReplayRun } from "../debug/replayRun";
import { REVEAL_COMMAND } from "./revealCallSite";

export const OPERATIONS_VIEW = "durableReplay.operations";

const ICONS: Record<OperationState, [string, string]> = {
  replayed: ["history", "durableReplay.replayedForeground"],
  live: ["play-circle", "durableReplay.liveForeground"],
  diverged: ["error", "durableReplay.divergedForeground"],
  unreached: ["circle-outline", "durableReplay.unreachedForeground"],
};

/** A tree element: the operation's seq as a string (VS Code treats a falsy element such as 0 as the root). */
type OperationKey = string;

class OperationsTree implements vscode.TreeDataProvider<OperationKey> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private children = new Map<string | undefined, OperationKey[]>();
  private parents = new Map<OperationKey, OperationKey | undefined>();

  constructor(private readonly run: ReplayRun) {}

  /** Rebuilds the nesting: a record goes under the record whose path is its parentPath, else at the root. */
  refresh(): void {
    const records = this.run.operations();
    const seqByPath = new Map(records.map((record) => [record.path, record.seq]));
    this.children = new Map();
    this.parents = new Map();
    for (const record of records) {
      const parentSeq = record.parentPath === undefined ? undefined : seqByPath.get(record.parentPath);
      const key = parentSeq === undefined ? undefined : record.parentPath;
      this.parents.set(String(record.seq), parentSeq === undefined ? undefined : String(parentSeq));
      const list = this.children.get(key) ?? [];
      list.push(String(record.seq));
      this.children.set(key, list);
    }
    this.changed.fire();
  }

  getChildren(key?: OperationKey): OperationKey[] {
    const path = key === undefined ? undefined : this.run.get(Number(key))?.path;
    if (key !== undefined && path === undefined) return [];
    return this.children.get(path) ?? [];
  }

  getParent(key: OperationKey): OperationKey | undefined {
    return this.parents.get(key);
  }

  getTreeItem(key: OperationKey): vscode.TreeItem {
    const record = this.run.get(Number(key));
    if (!record) return new vscode.TreeItem("(gone)");
    const hasChildren = (this.children.get(record.path)?.length ?? 0) > 0;
    const item = new vscode.TreeItem(
      record.name ?? record.type,
      hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    const preview = previewOutcome(shownOutcome(record), extensionSettings().previewLength);
    item.id = `${this.run.sessionId}:${record.seq}`;
    item.description = preview === undefined ? record.state : `${record.state} → ${preview}`;
    const [icon, color] = ICONS[record.state];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.contextValue = `durableOperation.${record.state}`;
    if (record.callSite) item.command = { command: REVEAL_COMMAND, title: "Reveal Call Site", arguments: [record.seq] };
    return item;
  }

  /** The hover, built only for the item the pointer is on: 10,000 items would otherwise each carry their values. */
  resolveTreeItem(item: vscode.TreeItem, key: OperationKey): vscode.TreeItem {
    const record = this.run.get(Number(key));
    if (record)
      item.tooltip = new vscode.MarkdownString(
        hoverMarkdown(record, this.run.divergence(record), this.run.message(record)),
      );
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerOperationsTree(run: ReplayRun): vscode.Disposable {
  const tree = new OperationsTree(run);
  const view = vscode.window.createTreeView(OPERATIONS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  let pending: NodeJS.Timeout | undefined;
  /** Records changed since the tree was last rebuilt; a hidden view is rebuilt when it shows. */
  let stale = false;
  let shownPaused: number | undefined;
  let hasRun = false;
  const update = (): void => {
    pending = undefined;
    if (stale && view.visible) {
      stale = false;
      tree.refresh();
    }
    const count = run.operations().length;
    view.message = run.status
      ? `Replay ${run.status.toLowerCase()} · ${count} operations`
      : run.active && count === 0
        ? "Replaying: no durable operation reported yet."
        : undefined;
    // The welcome text ("no durable replay yet") is for windows that have not replayed anything.
    if (hasRun !== (run.sessionId !== undefined)) {
      hasRun = run.sessionId !== undefined;
      void vscode.commands.executeCommand("setContext", "durableReplay.hasRun", hasRun);
    }
    // Follow the debugger: select the operation it is paused at.
    if (view.visible && run.pausedSeq !== undefined && run.pausedSeq !== shownPaused) {
      void view.reveal(String(run.pausedSeq), { select: true, focus: false });
    }
    shownPaused = run.pausedSeq;
  };
  const schedule = (): void => {
    // Every refresh sends the whole tree to the UI: a few per second while thousands of records stream in.
    pending ??= setTimeout(update, 250);
  };
  const subscriptions = [
    run.onDidChange((change) => {
      if (change.reset || change.added.length > 0 || change.updated.length > 0) stale = true;
      schedule();
    }),
    view.onDidChangeVisibility(() => schedule()),
  ];
  return vscode.Disposable.from(view, tree, ...subscriptions, { dispose: () => clearTimeout(pending) });
}
