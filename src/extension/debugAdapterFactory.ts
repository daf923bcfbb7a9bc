// Runs the `durable-replay` debug adapter (dist/debugAdapter.js) in a process of its own, under the editor's Node
// runtime: reading a large log, the replay host's record stream and the inspector traffic then never block the
// extension host, and the extension host does not hold the adapter's copy of the log and the records.
import * as vscode from "vscode";
import { UNTRUSTED_MESSAGE } from "./workspaceTrust";

export class AdapterProcessFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionUri: vscode.Uri) {}

  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    // A launch can reach here without resolveDebugConfiguration (e.g. a compound or another extension's call).
    if (!vscode.workspace.isTrusted) throw new Error(UNTRUSTED_MESSAGE);
    const adapter = vscode.Uri.joinPath(this.extensionUri, "dist", "debugAdapter.js").fsPath;
    // In desktop VS Code the runtime is Electron, which runs as plain Node with this variable.
    return new vscode.DebugAdapterExecutable(process.execPath, [adapter], { env: { ELECTRON_RUN_AS_NODE: "1" } });
  }
}
