// Replays a Python handler: the engine (ledger, fake checkpoint service, report) runs here, in the session process,
// and drives `durable_replay_host.py` under the user's interpreter over a line-delimited JSON channel (fd 3).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { BreakControl, BreakEvent, LogEndPolicy } from "../../protocol/host";
import type { InvocationSummary, OperationRecord, ReplayReport } from "../../protocol/operations";
import type { EngineToPythonHost, PythonDurableCall, PythonHostToEngine } from "../../protocol/pythonHost";
import type { ReplayLog } from "../../protocol/replayLog";
import type { WireOperation } from "../../protocol/wire";
import { buildReport, type RunEnd } from "../engine/buildReport";
import {
  endInvocation,
  MAX_INVOCATIONS,
  startInvocation,
  TOO_MANY_INVOCATIONS,
  type InvocationOutcome,
} from "../engine/invocationEnd";
import { CheckpointBackend } from "../engine/checkpointBackend";
import { canonicalOrder } from "../engine/canonicalOrder";
import { OperationLedger } from "../engine/operationLedger";
import { withPythonResults } from "../engine/pythonPayloads";
import { decideBreak, describeBreak } from "../session/breakDecision";
import { pythonChildPath, pythonRecordedPaths } from "../log/pythonStepIds";

/** Guards against an execution that keeps suspending without progress (as the Node host). */

/** A problem with the interpreter, the SDK or the handler module: one sentence. */
export class PythonSetupError extends Error {}

export interface PythonHostOptions {
  /** The interpreter (`--python`); default DURABLE_REPLAY_PYTHON, else `python3`. */
  python?: string;
  handlerFile: string;
  exportName: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  onOutput: (text: string, stream: "stdout" | "stderr") => void;
  /** Run under debugpy: the host serves DAP (debugpy's in-process adapter) on this loopback port. */
  debug?: PythonDebugOptions;
}

export interface PythonDebugOptions {
  port: number;
  /**
   * Folders appended to the host's sys.path to import debugpy when the interpreter has none of its own (never ahead of
   * the user's packages).
   */
  sysPath: string[];
}

export interface PythonRunOptions {
  onLogEnd: LogEndPolicy;
  callbacks: ReadonlyMap<string, string>;
  /** Streamed as the engine classifies calls (results decoded). */
  onRecords: (records: OperationRecord[]) => void;
  /** Under a debugger: when to stop at a durable call (edited by the adapter while the replay runs). */
  control?: BreakControl;
  /** A durable stop: the host is about to suspend in the user's frame at the call line. */
  onBreak?: (event: BreakEvent) => void;
  /**
   * Under a debugger going back to a call (step back): that call's id. The calls before it go on without waiting for
   * a decision, as without a debugger (the debugger stops at none of them); from it on, every call waits again.
   */
  askFor?: string;
}

export interface PythonReplayResult {
  report: ReplayReport;
  sdkVersion?: string;
  finalOperations: WireOperation[];
  /** What the last invocation was told changed while it was suspended (a recording keeps it). */
  updatedOperationIds: string[];
}

/** The interpreter a replay uses when none is given: DURABLE_REPLAY_PYTHON, else `python3`. */
export function defaultPython(env: NodeJS.ProcessEnv): string {
  return env.DURABLE_REPLAY_PYTHON || "python3";
}

/** Shipped next to the bundle in dist/; from sources (tests) it sits beside this file. */
function hostScript(): string {
  const candidates = [join(__dirname, "durable_replay_host.py"), join(__dirname, "python", "durable_replay_host.py")];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new PythonSetupError("The Python replay host is missing: run `npm run build` first.");
  return found;
}

/** An idle host is let go after this long unused. */
const IDLE_MS = 60_000;
/** At most one idle host per interpreter, folder and environment; `check` replays its logs one after another. */
const idleHosts = new Map<string, PythonHost>();
/** Debug hosts started ahead of their replay (a debugger's next step back or restart), by their whole options. */
const standbyHosts = new Map<string, PythonHost>();

function standbyKey(python: string, options: PythonHostOptions): string {
  const { cwd, env, handlerFile, exportName, debug } = options;
  return JSON.stringify([python, cwd, env, handlerFile, exportName, debug]);
}

interface Referable {
  ref(): void;
  unref(): void;
}

/**
 * One Python host process. After a replay that ended cleanly it may stay idle and serve the next replay with the same
 * interpreter, folder and environment (its interpreter started and the SDK imported; the handler's own modules are
 * imported afresh). An idle host never keeps the caller's process alive and ends when that process does (its channel
 * closes).
 */
export class PythonHost {
  private readonly child: ChildProcess;
  private readonly channel: Writable;
  private readonly python: string;
  ready!: Promise<{ sdkVersion?: string }>;
  private onMessage: (message: PythonHostToEngine) => void = () => undefined;
  /** What the host's end means now: a setup failure while loading, a crash while replaying. */
  private onGone: ((reason: string, notFound: boolean) => void) | undefined;
  private onOutput: PythonHostOptions["onOutput"];
  private stderrTail = "";
  private idleTimer: NodeJS.Timeout | undefined;

  /** A host for this handler: an idle one left by an earlier replay with the same settings when `reuse`, else a new one. */
  static start(options: PythonHostOptions, reuse: boolean): PythonHost {
    if (!existsSync(options.handlerFile)) throw new PythonSetupError(`Handler file not found: ${options.handlerFile}`);
    if (!statSync(options.handlerFile).isFile())
      throw new PythonSetupError(`Handler path is not a file: ${options.handlerFile}`);
    const python = options.python ?? defaultPython(options.env);
    if (options.debug) {
      const key = standbyKey(python, options);
      const standby = standbyHosts.get(key);
      standbyHosts.delete(key);
      if (standby?.running) {
        standby.onOutput = options.onOutput;
        return standby;
      }
      return new PythonHost(options, python, undefined);
    }
    const key = JSON.stringify([python, options.cwd, options.env]);
    const idle = reuse ? idleHosts.get(key) : undefined;
    if (idle) {
      idleHosts.delete(key);
      idle.wake(options);
      return idle;
    }
    return new PythonHost(options, python, reuse ? key : undefined);
  }

  /**
   * Starts a debug host before its replay: the interpreter, the SDK and debugpy load and it waits for the debugger,
   * so that a `start` with the same options (port included) begins at the attach. `kill` discards it.
   */
  static prestart(options: PythonHostOptions & { debug: PythonDebugOptions }): PythonHost {
    const python = options.python ?? defaultPython(options.env);
    const host = new PythonHost(options, python, undefined);
    const key = standbyKey(python, options);
    standbyHosts.get(key)?.kill();
    standbyHosts.set(key, host);
    host.child.once("exit", () => {
      if (standbyHosts.get(key) === host) standbyHosts.delete(key);
    });
    return host;
  }

  private get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private constructor(
    options: PythonHostOptions,
    python: string,
    /** Set when the host may stay idle after a clean replay. */
    private readonly poolKey: string | undefined,
  ) {
    this.python = python;
    this.onOutput = options.onOutput;
    // debugpy on Python 3.11+ warns that frozen modules may miss breakpoints unless they are off.
    const flags = options.debug ? ["-Xfrozen_modules=off"] : [];
    this.child = spawn(this.python, [...flags, "-X", "utf8", hostScript()], {
      cwd: options.cwd,
      env: options.debug ? { ...options.env, DURABLE_REPLAY_DEBUG: JSON.stringify(options.debug) } : options.env,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      // Its own process group, so killing the replay kills whatever the handler started.
      detached: true,
    });
    this.channel = this.child.stdio[3] as Writable;
    this.child.stdout?.on("data", (chunk: Buffer) => this.onOutput(chunk.toString(), "stdout"));
    this.child.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      this.stderrTail = (this.stderrTail + text).slice(-2000);
      this.onOutput(text, "stderr");
    });
    const lines = createInterface({ input: this.child.stdio[3] as Readable, crlfDelay: Infinity });
    lines.on("line", (line) => this.onMessage(JSON.parse(line) as PythonHostToEngine));
    // A host that died is reported by its exit.
    lines.on("error", () => undefined);
    this.child.stdio[3]?.on("error", () => undefined);
    this.child.once("error", (error: NodeJS.ErrnoException) =>
      this.onGone?.(error.code === "ENOENT" ? "" : error.message, error.code === "ENOENT"),
    );
    this.child.once("exit", (code, signal) => {
      if (this.poolKey !== undefined && idleHosts.get(this.poolKey) === this) idleHosts.delete(this.poolKey);
      clearTimeout(this.idleTimer);
      const last = this.stderrTail.trim().split("\n").pop();
      this.onGone?.(`exited (${signal ? `signal ${signal}` : `exit code ${code}`}${last ? `: ${last}` : ""})`, false);
    });
    this.load(options);
  }

  /** Starts loading the handler; `ready` settles when the host has it, or says in one sentence why it cannot. */
  private load(options: PythonHostOptions): void {
    this.ready = new Promise((resolve, reject) => {
      this.onMessage = (message) => {
        if (message.type === "loaded") resolve({ ...(message.sdkVersion ? { sdkVersion: message.sdkVersion } : {}) });
        else if (message.type === "fatal") reject(new PythonSetupError(message.message));
      };
      this.onGone = (reason, notFound) =>
        reject(
          new PythonSetupError(
            notFound
              ? `Python interpreter \`${this.python}\` not found: install Python 3.11 or later with aws-durable-execution-sdk-python, or name one with --python or DURABLE_REPLAY_PYTHON.`
              : `${this.python} ${reason} before the handler was loaded.`,
          ),
        );
    });
    this.ready.catch(() => undefined);
    this.send({ type: "load", handlerFile: options.handlerFile, exportName: options.exportName });
  }

  private holdsCaller(hold: boolean): void {
    const handles = [this.child, this.child.stdout, this.child.stderr, this.child.stdio[3]] as unknown as Array<
      Referable | null | undefined
    >;
    for (const handle of handles) {
      if (hold) handle?.ref();
      else handle?.unref();
    }
  }

  private wake(options: PythonHostOptions): void {
    clearTimeout(this.idleTimer);
    this.holdsCaller(true);
    this.onOutput = options.onOutput;
    this.stderrTail = "";
    this.load(options);
  }

  /** After a clean replay: wait for the next one with the same settings, or end after a while unused. */
  private park(key: string): void {
    this.onMessage = () => undefined;
    this.onGone = undefined;
    this.onOutput = () => undefined;
    idleHosts.get(key)?.kill();
    idleHosts.set(key, this);
    this.idleTimer = setTimeout(() => this.kill(), IDLE_MS);
    this.idleTimer.unref();
    this.holdsCaller(false);
  }

  private send(message: EngineToPythonHost): void {
    this.channel.write(`${JSON.stringify(message)}\n`);
  }

  /** Kills the host and everything it started. */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined || !this.running) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      this.child.kill("SIGKILL");
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async replay(log: ReplayLog, run: PythonRunOptions): Promise<PythonReplayResult> {
    const { sdkVersion } = await this.ready;
    let clean = false;
    try {
      const result = await this.runEngine(log, run);
      clean = result.clean;
      return {
        report: result.report,
        finalOperations: result.finalOperations,
        updatedOperationIds: result.updatedOperationIds,
        ...(sdkVersion ? { sdkVersion } : {}),
      };
    } finally {
      if (clean && this.poolKey !== undefined) this.park(this.poolKey);
      else this.kill();
    }
  }

  /** `clean`: the handler returned SUCCEEDED or FAILED by itself, so the host is idle and may serve another replay. */
  private async runEngine(
    log: ReplayLog,
    run: PythonRunOptions,
  ): Promise<Omit<PythonReplayResult, "sdkVersion"> & { clean: boolean }> {
    const ledger = new OperationLedger(log, pythonRecordedPaths, pythonChildPath);
    let invocation = 0;
    let lastSite: PythonDurableCall["callSite"];
    /** Each operation's status when the previous invocation ended: what changed since is `UpdatedOperationIds`. */
    let statusAtSuspend = new Map<string, string>();
    const backend = new CheckpointBackend(log.operations, run.callbacks, {
      onUpdate: (update, op) => {
        if (op.Type !== "EXECUTION") ledger.onUpdate(update, op, lastSite);
      },
    });
    const flush = (): void => {
      const changed = ledger.drain();
      if (changed.length) run.onRecords(changed.map((r) => withPythonResults(ledger.withRecorded(r))));
    };
    let settle: (outcome: InvocationOutcome) => void = () => undefined;
    let sawLogEnd = false;
    let askFor = run.askFor;
    /** An invocation end decided at a durable stop: it happens when the user resumes the host, not under them. */
    let afterStop: InvocationOutcome | undefined;

    /** Under a debugger: whether to stop before this call (the adapter hears why first). */
    const breaks = (result: ReturnType<OperationLedger["call"]>): boolean => {
      const control = run.control;
      const firstBeyondLog = result.beyondLog && !sawLogEnd;
      if (firstBeyondLog) sawLogEnd = true;
      if (!control) return false;
      const decision = decideBreak(control, result.record, { divergent: !!result.divergence, firstBeyondLog });
      if (!decision) return false;
      if (decision.reason === "step-operation") control.breakOnNextOperation = false;
      flush();
      run.onBreak?.({
        reason: decision.reason,
        record: withPythonResults(ledger.withRecorded(result.record)),
        description: describeBreak(decision.reason, result.record, result.divergence?.message),
        ...(decision.breakpointId !== undefined ? { breakpointId: decision.breakpointId } : {}),
        ...(result.divergence ? { divergence: result.divergence } : {}),
      });
      return true;
    };

    /** The engine's decision on one call: go on, or end the invocation there (log end with `stop`, divergence). */
    const decide = (call: PythonDurableCall): { proceed: boolean; stop: boolean } => {
      lastSite = call.callSite ?? lastSite;
      if (call.id === askFor) askFor = undefined;
      const result = ledger.call(call, invocation);
      if (!result.isNew) return { proceed: true, stop: false };
      const stop = breaks(result);
      const end = (outcome: InvocationOutcome): { proceed: boolean; stop: boolean } => {
        if (stop) afterStop = outcome;
        else settle(outcome);
        return { proceed: false, stop };
      };
      if (result.divergence) return end({ diverged: { message: result.divergence.message } });
      if (result.beyondLog && run.onLogEnd === "stop") return end({ frontier: result.record });
      return { proceed: true, stop };
    };
    this.onMessage = (message) => {
      switch (message.type) {
        case "calls":
          for (const call of message.calls) decide(call);
          break;
        case "call":
          this.send({ type: "decision", requestId: message.requestId, ...decide(message.call) });
          break;
        case "checkpoint":
          void backend
            .checkpoint({ CheckpointToken: message.checkpointToken, Updates: message.updates })
            .then((response) =>
              this.send({
                type: "checkpointed",
                requestId: message.requestId,
                checkpointToken: response.CheckpointToken,
                operations: response.NewExecutionState.Operations,
              }),
            );
          break;
        case "resumed":
          if (afterStop) settle(afterStop);
          afterStop = undefined;
          break;
        case "output":
          settle({ output: message.output });
          break;
        case "crash":
          settle({ crash: message.message });
          break;
      }
      flush();
    };
    this.onGone = (reason) => settle({ crash: `The Python host ${reason}.` });

    // The SDK finds the execution's input through the ARN's last segment: the EXECUTION operation must carry that id.
    const arn = log.durableExecutionArn;
    const execution: WireOperation = {
      ...log.execution,
      Id: arn.split("/").pop() || log.execution.Id,
      Status: "STARTED",
    };
    delete execution.EndTimestamp;
    const invocations: InvocationSummary[] = [];
    let end: RunEnd | undefined;
    let handlerEnded = false;
    let updatedOperationIds: string[] = [];
    while (!end) {
      if (invocation >= MAX_INVOCATIONS) {
        end = TOO_MANY_INVOCATIONS;
        break;
      }
      const operations = [execution, ...backend.all()];
      const start = startInvocation(invocation, operations.length, backend);
      const outcome = new Promise<InvocationOutcome>((resolve) => (settle = resolve));
      updatedOperationIds =
        invocation === 0
          ? (log.updatedOperationIds ?? [])
          : operations
              .filter((op) => op.Type !== "EXECUTION" && statusAtSuspend.get(op.Id) !== op.Status)
              .map((op) => op.Id);
      this.send({
        type: "invoke",
        invocation,
        durableExecutionArn: arn,
        checkpointToken: backend.nextToken(),
        operations,
        updatedOperationIds,
        ask: run.control && askFor === undefined ? "all" : "matching",
        ...(askFor !== undefined ? { askFor: [askFor] } : {}),
      });
      const result = await outcome;
      statusAtSuspend = new Map(backend.all().map((op) => [op.Id, op.Status]));
      const ended = endInvocation(start, result, backend);
      invocations.push(ended.summary);
      end = ended.end;
      handlerEnded = "output" in result && result.output.Status !== "PENDING";
      flush();
      invocation++;
    }
    this.onGone = undefined;
    const report = buildReport(log, ledger, end, invocations, []);
    flush();
    // Records with their recorded outcome and decoded results; concurrent branches in a stable order.
    const copies = ledger.records.map((r) => withPythonResults(ledger.withRecorded(r)));
    const frontier = report.frontier ? copies[ledger.records.indexOf(report.frontier)] : undefined;
    const records = canonicalOrder(copies);
    return {
      report: { ...report, operations: records, ...(frontier ? { frontier } : {}) },
      finalOperations: backend.all(),
      updatedOperationIds,
      clean: handlerEnded,
    };
  }
}
