// How a replay ended, told once per session when it ends with something to say: a handler that could not run, a
// divergence, or a warning (a different final result). A notification, because the timeline and Problems may be
// closed; the extension's log (Output → Durable Replay) keeps every session's outcome.
import * as vscode from "vscode";
import type { Divergence } from "../../protocol/operations";
import type { ReplayRun } from "./replayRun";

const OPEN_TIMELINE = "Open Timeline";
const SHOW_PROBLEMS = "Show Problems";

function counted(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

export function announceSessionOutcomes(
  run: ReplayRun,
  log: vscode.LogOutputChannel,
  openTimeline: () => void,
): vscode.Disposable {
  let announced: string | undefined;
  const act = (choice: string | undefined): void => {
    if (choice === OPEN_TIMELINE) openTimeline();
    else if (choice === SHOW_PROBLEMS) void vscode.commands.executeCommand("workbench.actions.view.problems");
  };
  return run.onDidChange(() => {
    if (run.status === undefined || run.sessionId === undefined || announced === run.sessionId) return;
    announced = run.sessionId;
    if (run.failure !== undefined) {
      log.error(`replay could not run the handler: ${run.failure}`);
      void vscode.window.showErrorMessage(`Durable Replay could not run the handler: ${run.failure}`);
      return;
    }
    const divergences = run.divergences();
    const errors = divergences.filter((d) => d.severity !== "warning");
    const warnings = divergences.filter((d) => d.severity === "warning");
    const counts = run.operations().length;
    log.info(
      `replay ${run.status}: ${counted(counts, "operation")}, ${counted(errors.length, "divergence")}, ` +
        counted(warnings.length, "warning"),
    );
    for (const d of divergences) log[d.severity === "warning" ? "warn" : "error"](`${d.kind}: ${d.message}`);
    const first = (list: Divergence[]): string =>
      list[0].message + (list.length > 1 ? ` (+${list.length - 1} more)` : "");
    if (errors.length > 0) {
      void vscode.window
        .showErrorMessage(
          `Durable Replay: ${counted(errors.length, "divergence")}. ${first(errors)}`,
          OPEN_TIMELINE,
          SHOW_PROBLEMS,
        )
        .then(act);
    } else if (warnings.length > 0) {
      void vscode.window
        .showWarningMessage(
          `Durable Replay: the operations match the log, with ${counted(warnings.length, "warning")}. ${first(warnings)}`,
          OPEN_TIMELINE,
          SHOW_PROBLEMS,
        )
        .then(act);
    }
  });
}
