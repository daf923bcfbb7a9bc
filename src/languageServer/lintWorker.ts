// Worker-thread side: owns the Linter, answers requests in arrival order, and in idle time warms the edit path of
// each newly linted document.
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
  /** Messages taken in and not yet handled. */
  let handling = 0;
  let unread: Int32Array | undefined;
  /** Anything the main thread sent after this point stops idle-time work at its next check. */
  const interrupted: CancellationSignal = {
    get isCancellationRequested() {
      return unread !== undefined && Atomics.load(unread, 0) > 0;
    },
  };
  /** Files linted once that no real edit has reached since: their first edit would still pay for a cold start. */
  const cold = new Set<string>();
  const seen = new Set<string>();

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
    if (!cancel.isCancellationRequested && !seen.has(request.file)) {
      seen.add(request.file);
      cold.add(request.file);
    }
    return { findings, cancelled: cancel.isCancellationRequested };
  };

  /** One cold file's warm-up when nothing is waiting; a cancelled one is tried again at the next idle moment. */
  const warmUpWhenIdle = () => {
    setImmediate(() => {
      const [file] = cold;
      if (!file || handling > 0 || interrupted.isCancellationRequested) return;
      queue = queue.then(async () => {
        if (handling > 0 || !cold.has(file)) return;
        if ((await linter)?.warmUp(file, interrupted)) cold.delete(file);
        if (cold.size > 0 && !interrupted.isCancellationRequested) warmUpWhenIdle();
      });
    });
  };

  port.on("message", (message: MainToWorker) => {
    if (message.kind === "init") unread = message.unread;
    if (unread) Atomics.sub(unread, 0, 1);
    handling++;
    // A real edit of the text warms the edit path itself.
    if (message.kind === "setFile" && seen.has(message.file)) cold.delete(message.file);
    queue = queue.then(async () => {
      try {
        if (message.kind === "setFile") (await linter)?.setFile(message.file, message.text);
        else post({ kind: "result", id: message.id, result: await answer(message) });
      } catch (error) {
        // A failed init was already answered; a text update has nobody to answer.
        if (message.kind !== "setFile") post({ kind: "failure", id: message.id, message: describeError(error) });
      } finally {
        if (--handling === 0 && cold.size > 0) warmUpWhenIdle();
      }
    });
  });
}
