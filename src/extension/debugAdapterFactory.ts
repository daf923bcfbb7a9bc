// Runs the `durable-replay` debug adapter inline, in the extension host: no extra process, and the adapter forks
// the replay host from dist/ next to this bundle.
import * as vscode from "vscode";
import { DurableReplayDebugSession } from "../debugAdapter/main";
import { UNTRUSTED_MESSAGE } from "./workspaceTrust";

export class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    // A launch can reach here without resolveDebugConfiguration (e.g. a compound or another extension's call).
    if (!vscode.workspace.isTrusted) throw new Error(UNTRUSTED_MESSAGE);
    return new vscode.DebugAdapterInlineImplementation(new DurableReplayDebugSession());
  }
}
