// Main-thread handle on the lint worker: request/response over postMessage, cancellation through shared memory
// (the worker's analysis is synchronous, so a flag it can read mid-run is the only way to stop it early), and a
// fresh worker, re-fed with the open buffers, if the old one dies.
import { Worker } from "node:worker_threads";
import type { RuleId } from "../lint/types";
import type { LintResult, MainToWorker, WorkerRequest, WorkerToMain } from "./workerMessages";
import { describeError } from "./describeError";

export interface LintWorkerOptions {
  /** Script that runs `runLintWorker()` when loaded in a worker thread. */
  script: string;
  root: string;
  configFile?: string;
  onRuleError(rule: RuleId | "analyzer", file: string, message: string): void;
  onWorkerFailure(message: string): void;
}

export interface RunningLint {
  result: Promise<LintResult>;
  cancel(): void;
}

const YOUNG_GENERATION_MB = 192;

type Pending = { resolve(value: unknown): void; reject(error: Error): void };
/** Omit applied to each member of a union rather than to the union as a whole. */
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;
/** A request before it gets its id. */
type RequestBody = WithoutId<WorkerRequest>;

export class LintWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Editor buffers the worker holds, replayed into a restarted worker. */
  private readonly buffers = new Map<string, string>();
  /** Shared with the worker (a restarted one starts from 0): see the init message. */
  private readonly unread = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly options: LintWorkerOptions) {}

  setFile(file: string, text: string | undefined): void {
    if (text === undefined) this.buffers.delete(file);
    else this.buffers.set(file, text);
    this.send({ kind: "setFile", file, text });
  }

  lint(file: string): RunningLint {
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    return {
      result: this.request<LintResult>({ kind: "lint", file, cancelFlag }),
      cancel: () => Atomics.store(cancelFlag, 0, 1),
    };
  }

  dependents(file: string): Promise<string[]> {
    return this.request<string[]>({ kind: "dependents", file });
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private request<T>(body: RequestBody): Promise<T> {
    const id = this.nextId++;
    const promise = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ ...body, id });
    return promise;
  }

  private send(message: MainToWorker): void {
    this.ensureWorker();
    this.post(message);
  }

  private post(message: MainToWorker): void {
    Atomics.add(this.unread, 0, 1);
    this.worker?.postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // Each edit builds a program and binds the edited file anew, about 10 MB of objects for a 3,000-line handler.
    // With V8's default young generation (16 MB semi-spaces) nearly every keystroke ran a scavenge inside the lint;
    // with this one a scavenge comes every few edits and V8 mostly runs it while the worker waits for the next one.
    const worker = new Worker(this.options.script, {
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    this.worker = worker;
    Atomics.store(this.unread, 0, 0);
    worker.on("message", (message: WorkerToMain) => this.receive(message));
    worker.on("error", (error) => this.lose(worker, `the lint worker crashed: ${describeError(error)}`));
    worker.on("exit", (code) => this.lose(worker, `the lint worker exited with code ${code}`));
    const init = this.request<null>({
      kind: "init",
      root: this.options.root,
      configFile: this.options.configFile,
      unread: this.unread,
    });
    init.catch((error: Error) => this.options.onWorkerFailure(error.message));
    for (const [file, text] of this.buffers) this.post({ kind: "setFile", file, text });
    return worker;
  }

  private receive(message: WorkerToMain): void {
    if (message.kind === "ruleError") {
      this.options.onRuleError(message.rule, message.file, message.message);
      return;
    }
    const pending = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.kind === "result") pending?.resolve(message.result);
    else pending?.reject(new Error(message.message));
  }

  private lose(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.options.onWorkerFailure(reason);
    for (const pending of this.pending.values()) pending.reject(new Error(reason));
    this.pending.clear();
  }
}
