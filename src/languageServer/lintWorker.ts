// Worker-thread side: owns the Linter, answers requests in arrival order.
import { parentPort } from "node:worker_threads";
import { createLinter, type Linter } from "../lint/linter";
import type { CancellationSignal } from "../lint/types";
import type { LintResult, MainToWorker, WorkerRequest, WorkerToMain } from "./workerMessages";
import { describeError } from "./describeError";

export function runLintWorker(): void {
  const port = parentPort;
  if (!port) throw new Error("runLintWorker must run inside a worker thread");
  const post = (message: WorkerToMain) => port.postMessage(message);
  let linter: Promise<Linter> | undefined;
  // Requests run one after another so setFile messages queued behind a running lint apply before the next lint.
  let queue: Promise<void> = Promise.resolve();

  const answer = async (request: WorkerRequest): Promise<LintResult | string[] | null> => {
    if (request.kind === "init") {
      linter = createLinter({
        root: request.root,
        configFile: request.configFile,
        onRuleError: (rule, file, error) => post({ kind: "ruleError", rule, file, message: describeError(error) }),
      });
      await linter;
      return null;
    }
    if (!linter) throw new Error("the lint worker received a request before init");
    const ready = await linter;
    if (request.kind === "dependents") return ready.dependents(request.file);
    if (!ready.supports(request.file)) return { findings: [], cancelled: false };
    const flag = request.cancelFlag;
    const cancel: CancellationSignal = {
      get isCancellationRequested() {
        return Atomics.load(flag, 0) !== 0;
      },
    };
    const findings = ready.lintFile(request.file, cancel);
    return { findings, cancelled: cancel.isCancellationRequested };
  };

  port.on("message", (message: MainToWorker) => {
    queue = queue.then(async () => {
      try {
        if (message.kind === "setFile") (await linter)?.setFile(message.file, message.text);
        else post({ kind: "result", id: message.id, result: await answer(message) });
      } catch (error) {
        // A failed init was already answered; a text update has nobody to answer.
        if (message.kind !== "setFile") post({ kind: "failure", id: message.id, message: describeError(error) });
      }
    });
  });
}
