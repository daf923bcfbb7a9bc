// Feeds ReplayRun from the DAP traffic of `durable-replay` sessions. A tracker sees every message in order from the
// first one, so no operation event can arrive before the run has been reset for the new session. The
// `durable/operations` batches bypass it: the adapter relay hands them to the run (./debugAdapterFactory.ts).
import * as vscode from "vscode";
import type { DebugProtocol } from "@vscode/debugprotocol";
import {
  DEBUG_TYPE,
  DIVERGENCE_EVENT,
  OPERATION_EVENT,
  STEP_OPERATION_REQUEST,
  TIMELINE_EVENT,
  type DivergenceEventBody,
  type OperationEventBody,
  type TimelineEventBody,
} from "../../protocol/dap";
import { pausedOperation, type FrameLocation } from "./pausedOperation";
import type { ReplayRun } from "./replayRun";

/** Requests after which the code runs on to an unknown place, so no operation is "current" any more. */
const RESUMING: ReadonlySet<string> = new Set(["continue", "reverseContinue", STEP_OPERATION_REQUEST, "restart"]);

async function topFrame(session: vscode.DebugSession, threadId: number): Promise<FrameLocation | undefined> {
  try {
    const response = (await session.customRequest("stackTrace", {
      threadId,
      startFrame: 0,
      levels: 1,
    })) as DebugProtocol.StackTraceResponse["body"];
    const frame = response.stackFrames[0];
    return frame?.source?.path ? { path: frame.source.path, line: frame.line } : undefined;
  } catch {
    // The session may have resumed or ended meanwhile; the next stop locates again.
    return undefined;
  }
}

export function trackDurableSessions(run: ReplayRun): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
      createDebugAdapterTracker(session) {
        run.begin(session.id);
        const mine = () => run.sessionId === session.id;
        return {
          onWillReceiveMessage(message: DebugProtocol.ProtocolMessage) {
            const request = message as DebugProtocol.Request;
            if (mine() && request.type === "request" && RESUMING.has(request.command)) run.setPaused(undefined);
          },
          onDidSendMessage(message: DebugProtocol.ProtocolMessage) {
            if (!mine() || message.type !== "event") return;
            const event = message as DebugProtocol.Event;
            switch (event.event) {
              case OPERATION_EVENT:
                return run.upsert([event.body as OperationEventBody]);
              case DIVERGENCE_EVENT:
                return run.addDivergence(event.body as DivergenceEventBody);
              case TIMELINE_EVENT:
                return run.finish(event.body as TimelineEventBody);
              case "stopped": {
                const threadId = (event as DebugProtocol.StoppedEvent).body.threadId ?? 1;
                void topFrame(session, threadId).then((frame) => {
                  if (mine()) run.setPaused(pausedOperation(run.operations(), frame)?.seq);
                });
                return;
              }
            }
          },
          onExit() {
            run.end(session.id);
          },
        };
      },
    }),
    vscode.debug.onDidTerminateDebugSession((session) => run.end(session.id)),
  );
}
