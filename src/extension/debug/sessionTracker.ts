// Feeds ReplayRun from the DAP traffic of `durable-replay` sessions: the session's start and end, divergences, the
// final report and the operation the adapter says it is paused at (`durable/paused`). A tracker sees every message in
// order from the first one, so the run is reset for the new session before anything arrives. Records bypass it: the
// adapter relay hands them to the run (./debugAdapterFactory.ts).
import * as vscode from "vscode";
import type { DebugProtocol } from "@vscode/debugprotocol";
import {
  DEBUG_TYPE,
  DIVERGENCE_EVENT,
  PAUSED_EVENT,
  STEP_OPERATION_REQUEST,
  TIMELINE_EVENT,
  type DivergenceEventBody,
  type PausedEventBody,
  type TimelineEventBody,
} from "../../protocol/dap";
import type { ReplayRun } from "./replayRun";

/** Requests after which the code runs on to an unknown place, so no operation is "current" any more. */
const RESUMING: ReadonlySet<string> = new Set(["continue", "reverseContinue", STEP_OPERATION_REQUEST, "restart"]);

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
              case DIVERGENCE_EVENT:
                return run.addDivergence(event.body as DivergenceEventBody);
              case TIMELINE_EVENT:
                return run.finish(event.body as TimelineEventBody);
              case PAUSED_EVENT:
                return run.setPaused((event.body as PausedEventBody).seq);
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
