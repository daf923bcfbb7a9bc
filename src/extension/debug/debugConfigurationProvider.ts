// Launch configurations of the `durable-replay` type: filled in for F5 without a launch.json (pick a handler, then a
// log), offered per recorded `*.durable.json` (dynamic), refused in an untrusted workspace, and remembered once run.
import * as vscode from "vscode";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { DEBUG_TYPE, type DurableLaunchArguments } from "../../protocol/dap";
import { resolveExecutionLaunch } from "../aws/workspaceFetch";
import { extensionSettings } from "../extensionSettings";
import { closestHandler } from "../launch/logPairing";
import type { RecentLogs } from "../launch/recentLogs";
import { pickHandler, pickLog } from "../launch/replayPicker";
import { findWorkspaceHandlers, findWorkspaceLogs } from "../launch/workspaceHandlers";
import { refuseUntrusted } from "../workspaceTrust";
import { installedDebugpyFolder, selectedPythonInterpreter } from "./pythonDefaults";

type DurableConfiguration = vscode.DebugConfiguration & Partial<DurableLaunchArguments>;

export function replayConfiguration(
  handler: string,
  exportName: string,
  log: string,
  folder?: vscode.WorkspaceFolder,
): DurableConfiguration {
  return {
    type: DEBUG_TYPE,
    request: "launch",
    name: `Replay ${basename(log)}`,
    handler,
    export: exportName,
    log,
    cwd: folder?.uri.fsPath ?? dirname(handler),
    onLogEnd: extensionSettings().onLogEnd,
  };
}

export class DurableConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(
    private readonly recent: RecentLogs,
    private readonly state?: vscode.Memento,
  ) {}

  /** launch.json's first configurations: one per handler, with the log nearest to it when there is one. */
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const handlers = await findWorkspaceHandlers(folder);
    const logs = await findWorkspaceLogs(extensionSettings().logGlob, folder);
    const root = folder?.uri.fsPath;
    const inFolder = (file: string) =>
      root && file.startsWith(root) ? `\${workspaceFolder}${file.slice(root.length)}` : file;
    return handlers.map((handler) => {
      const log = logs.find((candidate) => closestHandler(candidate, handlers) === handler);
      const config = replayConfiguration(
        inFolder(handler.file),
        handler.exportName,
        log ? inFolder(log) : "${workspaceFolder}/logs/execution.durable.json",
        folder,
      );
      return { ...config, name: `Replay ${handler.exportName} (${basename(handler.file)})`, cwd: "${workspaceFolder}" };
    });
  }

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: DurableConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (refuseUntrusted()) return undefined;
    folder ??= vscode.workspace.workspaceFolders?.[0];
    // F5 with no launch.json arrives as an empty configuration.
    if (!config.type && !config.request && !config.name) {
      config = { type: DEBUG_TYPE, request: "launch", name: "Replay" };
    }
    if (!config.handler) {
      const handler = await pickHandler(folder);
      if (!handler) return undefined;
      config.handler = handler.file;
      config.export ??= handler.exportName;
    }
    // An execution ARN (`execution`, or `log: "arn:…"`) is fetched into the workspace and replayed from that file.
    if (this.state && (typeof config.execution === "string" || config.log?.startsWith("arn:"))) {
      const log = await resolveExecutionLaunch(config, folder, this.state);
      if (!log) return undefined;
      config.log = log;
      delete config.execution;
    }
    if (!config.log) {
      const log = await pickLog(this.absolute(config.handler, config.cwd, folder), this.recent, folder);
      if (!log) return undefined;
      config.log = log;
      if (config.name === "Replay") config.name = `Replay ${basename(log)}`;
    }
    // The adapter process does not start in the workspace folder.
    config.cwd ??= folder?.uri.fsPath ?? dirname(this.absolute(config.handler, undefined, folder));
    config.onLogEnd ??= extensionSettings().onLogEnd;
    if (config.handler.toLowerCase().endsWith(".py")) {
      config.python ??= await selectedPythonInterpreter(folder?.uri);
      // Only a fallback: the adapter first tries the interpreter's own debugpy.
      config.debugpyPath ??= installedDebugpyFolder();
      if (config.python === undefined) delete config.python;
      if (config.debugpyPath === undefined) delete config.debugpyPath;
    }
    // The views take records in batches: one DAP event per record costs VS Code a round trip to its UI each.
    config.operationEvents ??= "batched";
    return config;
  }

  resolveDebugConfigurationWithSubstitutedVariables(
    _folder: vscode.WorkspaceFolder | undefined,
    config: DurableConfiguration,
  ): vscode.DebugConfiguration {
    if (typeof config.handler === "string" && typeof config.log === "string") {
      void this.recent.remember({
        handler: this.absolute(config.handler, config.cwd),
        exportName: config.export ?? "handler",
        log: this.absolute(config.log, config.cwd),
      });
    }
    return config;
  }

  private absolute(file: string, cwd: string | undefined, folder?: vscode.WorkspaceFolder): string {
    return isAbsolute(file) ? file : resolve(cwd ?? folder?.uri.fsPath ?? "", file);
  }
}

/** One configuration per recorded `*.durable.json`, shown under "Durable Replay…" in the Run and Debug picker. */
export class DynamicReplayConfigurations implements vscode.DebugConfigurationProvider {
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const logs = await findWorkspaceLogs(extensionSettings().logGlob, folder);
    if (logs.length === 0) return [];
    const handlers = await findWorkspaceHandlers(folder);
    return logs.flatMap((log) => {
      const handler = closestHandler(log, handlers);
      return handler ? [replayConfiguration(handler.file, handler.exportName, log, folder)] : [];
    });
  }
}
