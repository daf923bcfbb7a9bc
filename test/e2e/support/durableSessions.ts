// Debug sessions of the `durable-replay` type seen from inside the extension host: start a shipped launch
// configuration by name and watch the adapter's messages, as VS Code itself exchanges them.
import * as vscode from "vscode";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { until } from "./until";

export const EXTENSION_ID = "durable-replay.durable-replay";

/** What the extension's `activate()` returns (see src/extension/extension.ts). */
export interface DurableReplayApi {
  timeline(): Array<{ path: string; name?: string; state: string; type: string }>;
  marks(uri: string): Array<{ line: number; text: string }>;
}

export async function durableReplayApi(): Promise<DurableReplayApi> {
  const extension = vscode.extensions.getExtension<DurableReplayApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export function workspaceFile(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, relativePath);
}

/** 1-based line of the first line containing `needle` in a workspace file. */
export async function lineIn(uri: vscode.Uri, needle: string): Promise<number> {
  const text = (await vscode.workspace.openTextDocument(uri)).getText();
  const index = text.split("\n").findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${uri.fsPath} has no line containing ${needle}`);
  return index + 1;
}

export class ReplaySession implements vscode.Disposable {
  readonly messages: DebugProtocol.ProtocolMessage[] = [];
  session: vscode.DebugSession | undefined;
  ended = false;
  private readonly subscriptions: vscode.Disposable[];

  private constructor() {
    this.subscriptions = [
      vscode.debug.registerDebugAdapterTrackerFactory("durable-replay", {
        createDebugAdapterTracker: (session) => {
          this.session ??= session;
          return session === this.session ? { onDidSendMessage: (message) => this.messages.push(message) } : undefined;
        },
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        if (session === this.session) this.ended = true;
      }),
    ];
  }

  /** Starts the workspace's launch configuration `name` (from .vscode/launch.json). */
  static async start(name: string): Promise<ReplaySession> {
    const replay = new ReplaySession();
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], name);
    if (!started) {
      replay.dispose();
      throw new Error(`the launch configuration "${name}" did not start`);
    }
    return replay;
  }

  events(name: string): DebugProtocol.Event[] {
    return this.messages.filter(
      (m): m is DebugProtocol.Event => m.type === "event" && (m as DebugProtocol.Event).event === name,
    );
  }

  /** The n-th `stopped` event (0-based) once it arrives. */
  stopped(index = 0): Promise<DebugProtocol.StoppedEvent> {
    return until(
      `stop #${index + 1} of the replay`,
      () => this.events("stopped")[index] as DebugProtocol.StoppedEvent | undefined,
      120_000,
    );
  }

  /** File path of a frame's source: in code-server the workbench hands paths back as `vscode-remote://` URIs. */
  static framePath(frame: DebugProtocol.StackFrame): string | undefined {
    const path = frame.source?.path;
    return path && /^[a-z][\w+.-]+:\/\//i.test(path) ? vscode.Uri.parse(path).path : path;
  }

  async topFrame(threadId: number): Promise<DebugProtocol.StackFrame> {
    const body = (await this.session!.customRequest("stackTrace", {
      threadId,
      startFrame: 0,
      levels: 1,
    })) as DebugProtocol.StackTraceResponse["body"];
    return body.stackFrames[0];
  }

  async continue(threadId: number): Promise<void> {
    await this.session!.customRequest("continue", { threadId });
  }

  finished(timeoutMs = 120_000): Promise<true> {
    return until("the replay session to end", () => this.ended, timeoutMs);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** After a test: stops its session if it still runs, drops its tracker and removes every breakpoint. */
export async function endReplay(replay: ReplaySession | undefined): Promise<void> {
  if (replay && !replay.ended) await vscode.debug.stopDebugging(replay.session);
  replay?.dispose();
  vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
}
