// The `durableReplay.*` settings, read fresh each time so changes apply without a reload.
import * as vscode from "vscode";

export interface ExtensionSettings {
  onLogEnd: "pause" | "live" | "stop";
  logGlob: string;
  editorMarks: boolean;
  previewLength: number;
  codeLens: boolean;
  recentLogs: number;
  openTimelineOnStart: boolean;
}

export function extensionSettings(): ExtensionSettings {
  const config = vscode.workspace.getConfiguration("durableReplay");
  return {
    onLogEnd: config.get<ExtensionSettings["onLogEnd"]>("onLogEnd", "pause"),
    logGlob: config.get("logGlob", "**/*.durable.json"),
    editorMarks: config.get("editorMarks", true),
    previewLength: Math.max(10, config.get("previewLength", 60)),
    codeLens: config.get("codeLens", true),
    recentLogs: Math.max(1, config.get("recentLogs", 10)),
    openTimelineOnStart: config.get("openTimelineOnStart", false),
  };
}
