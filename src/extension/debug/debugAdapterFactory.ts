// Runs the `durable-replay` debug adapter (dist/debugAdapter.js) in a process of its own, under the editor's Node
// runtime: reading a large log, the replay host's record stream and the inspector traffic then never block the
// extension host, and the extension host does not hold the adapter's copy of the log and the records.
//
// The extension relays the adapter's DAP traffic itself instead of letting VS Code spawn it, so that the records
// (`durable/operation`, and the `durable/operations` batches: megabytes in a 10,000-operation replay) go straight to
// the run. VS Code would parse each one, serialize it again and send it to the workbench window, which has no use for
// it, on the same two cores the replay runs on.
import { spawn, type ChildProcess } from "node:child_process";
import * as vscode from "vscode";
import type { DebugProtocol } from "@vscode/debugprotocol";
import {
  OPERATION_EVENT,
  OPERATIONS_EVENT,
  type OperationEventBody,
  type OperationsEventBody,
} from "../../protocol/dap";
import type { OperationRecord } from "../../protocol/operations";
import { DapMessageReader, dapFrame } from "./dapStream";
import { UNTRUSTED_MESSAGE } from "../workspaceTrust";

/** Receives one session's records (`durable/operation` and `durable/operations`), in the order the adapter sent them. */
export type OperationsSink = (session: vscode.DebugSession, records: readonly OperationRecord[]) => void;

class AdapterProcess implements vscode.DebugAdapter {
  private readonly sent = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.sent.event;
  private readonly child: ChildProcess;
  private disposed = false;
  /** Set once the session is ending: the adapter then exits on its own, which is no failure. */
  private ending = false;

  constructor(adapter: string, onOperations: (records: readonly OperationRecord[]) => void) {
    // In desktop VS Code the runtime is Electron, which runs as plain Node with this variable.
    this.child = spawn(process.execPath, [adapter], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const reader = new DapMessageReader(
      (json) => {
        const message = JSON.parse(json) as DebugProtocol.ProtocolMessage;
        const event = message as DebugProtocol.Event;
        // Records, one or a batch, reach the run only from here.
        if (event.type === "event" && event.event === OPERATIONS_EVENT)
          return onOperations((event.body as OperationsEventBody).operations);
        if (event.type === "event" && event.event === OPERATION_EVENT)
          return onOperations([event.body as OperationEventBody]);
        if (event.type === "event" && event.event === "terminated") this.ending = true;
        this.sent.fire(message);
      },
      (problem) => this.fail(problem),
    );
    this.child.stdout!.on("data", (chunk: Buffer) => reader.push(chunk));
    let stderr = "";
    this.child.stderr!.on("data", (chunk: Buffer) => {
      // Only the end is shown, if the adapter dies.
      stderr = (stderr + chunk.toString("utf8")).slice(-2000);
    });
    this.child.on("error", (error) => this.fail(`The debug adapter could not start: ${error.message}`));
    this.child.on("exit", (code, signal) => {
      if (!this.ending)
        this.fail(
          `The debug adapter exited unexpectedly (${signal ?? `code ${code}`})${stderr.trim() ? `: ${stderr.trim()}` : "."}`,
        );
    });
  }

  handleMessage(message: vscode.DebugProtocolMessage): void {
    if ((message as DebugProtocol.Request).command === "disconnect") this.ending = true;
    if (this.child.stdin?.writable) this.child.stdin.write(dapFrame(message));
  }

  /** Ends the session with a sentence in the Debug Console, as VS Code does when an adapter process dies. */
  private fail(problem: string): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sent.fire({
      type: "event",
      seq: 0,
      event: "output",
      body: { category: "stderr", output: `${problem}\n` },
    });
    this.sent.fire({ type: "event", seq: 0, event: "terminated" });
    this.child.kill();
  }

  dispose(): void {
    this.disposed = true;
    this.child.kill();
    this.sent.dispose();
  }
}

export class AdapterProcessFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onOperations: OperationsSink,
  ) {}

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
    // A launch can reach here without resolveDebugConfiguration (e.g. a compound or another extension's call).
    if (!vscode.workspace.isTrusted) throw new Error(UNTRUSTED_MESSAGE);
    const adapter = vscode.Uri.joinPath(this.extensionUri, "dist", "debugAdapter.js").fsPath;
    return new vscode.DebugAdapterInlineImplementation(
      new AdapterProcess(adapter, (records) => this.onOperations(session, records)),
    );
  }
}
