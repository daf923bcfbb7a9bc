// Durable handlers and recorded logs found in the workspace, for F5 without a launch.json, the log picker and the
// dynamic launch configurations.
import * as vscode from "vscode";
import { findHandlers, mayDeclareHandler } from "./handlerScan";

export interface WorkspaceHandler {
  file: string;
  exportName: string;
  /** 0-based. */
  line: number;
}

const SOURCE_GLOB = "**/*.{ts,mts,cts,js,mjs,cjs,py}";
const SKIPPED =
  "{**/node_modules/**,**/dist/**,**/out/**,**/.venv/**,**/venv/**,**/__pycache__/**,**/*.d.ts,**/.git/**}";
const MAX_FILES = 5000;

export async function findWorkspaceHandlers(folder?: vscode.WorkspaceFolder): Promise<WorkspaceHandler[]> {
  const include = folder ? new vscode.RelativePattern(folder, SOURCE_GLOB) : SOURCE_GLOB;
  const files = await vscode.workspace.findFiles(include, SKIPPED, MAX_FILES);
  const found: WorkspaceHandler[] = [];
  for (const uri of files) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (!mayDeclareHandler(text)) continue;
    const languageId = uri.fsPath.endsWith(".py") ? "python" : "typescript";
    for (const declaration of findHandlers(text, languageId)) found.push({ file: uri.fsPath, ...declaration });
  }
  return found.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export async function findWorkspaceLogs(glob: string, folder?: vscode.WorkspaceFolder): Promise<string[]> {
  const include = folder ? new vscode.RelativePattern(folder, glob) : glob;
  const files = await vscode.workspace.findFiles(include, "**/node_modules/**", MAX_FILES);
  return files.map((uri) => uri.fsPath).sort();
}

/** Besides `durableReplay.logGlob`, JSON files in a `logs` folder: AWS history and state dumps are plain JSON. */
const LOG_FOLDER_GLOB = "**/logs/**/*.json";

/** The workspace's recorded logs: those `logGlob` (the setting) matches and the JSON files in `logs` folders. */
export async function findRecordedLogs(logGlob: string, folder?: vscode.WorkspaceFolder): Promise<string[]> {
  const found = [...(await findWorkspaceLogs(logGlob, folder)), ...(await findWorkspaceLogs(LOG_FOLDER_GLOB, folder))];
  return [...new Set(found)].sort();
}
