// A replay session as the CLI and the debug adapter use it: starts the host process for the handler, streams
// OperationRecords as they happen, and resolves with the report. Writes the recording when asked.
import { fork, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { existsSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import type { BreakControl, HostToSession, LogEndPolicy, LogFileSource, SessionToHost } from "../../protocol/host";
import type { OperationRecord, ReplayReport } from "../../protocol/operations";
import type { ReplayLog, SdkLanguage } from "../../protocol/replayLog";
import type { WireOperation } from "../../protocol/wire";
import {
  readLog,
  recordTargetProblem,
  refusedByNode,
  refusedByPython,
  toRecording,
  writeRecording,
} from "../log/readLog";
import { PythonHost, PythonSetupError, type PythonDebugOptions, type PythonHostOptions } from "../python/pythonReplay";
import { lifelineOf, offerIdleHost, releaseHost, takeIdleHost } from "./hostPool";
import { recordedOutcome } from "../engine/operationLedger";
import { OperationTimings } from "../engine/operationTiming";
import { InspectorNoiseFilter } from "./inspectorNoise";
import { newOutputMark, OutputMarkReader } from "./outputMark";
import { withParsedResults } from "../engine/payloads";
import { returnSite } from "./returnSite";

export interface ReplayOptions {
  handlerFile: string;
  /** Default `handler`. */
  exportName?: string;
  /**
   * The log, or its file: the session reads that (for the recorded outcomes it adds to the stream) and, when an idle
   * host takes the replay, so does the host at the same time. Read errors are thrown by `start`.
   */
  log: ReplayLog | LogFileSource;
  onLogEnd: LogEndPolicy;
  /** Callback or invoke name → JSON text of its result. */
  callbacks?: ReadonlyMap<string, string>;
  cwd?: string;
  env?: Record<string, string>;
  /** Start the host with --inspect-brk on loopback; `inspectorUrl` is set once it listens. */
  inspect?: boolean;
  /** Break before the durable call with this seq (step back). */
  breakAtSeq?: number;
  /** Write the whole execution in the recording format there at the end. */
  record?: string;
  /** Replace a file at `record` that is not a recording (never the log being replayed, never through a link). */
  recordForce?: boolean;
  /** A result-mismatch is an error (`--strict-result`, launch attribute `strictResult`); by default a warning. */
  strictResult?: boolean;
  /**
   * Default true: run in an idle host left by an earlier replay with the same cwd and environment (SDK loaded and
   * compiled; the handler's own modules are loaded afresh), and leave the host idle after a clean run. Never with
   * `inspect`. Python hosts too (same interpreter as well).
   */
  reuseHost?: boolean;
  /** Python handlers: the interpreter (default DURABLE_REPLAY_PYTHON, else `python3`). */
  python?: string;
  /**
   * Python handlers under the debug adapter: the host serves debugpy on `port`, and stops at durable calls as
   * `control` says, emitting "break" (a BreakEvent) before it suspends.
   */
  pythonDebug?: PythonDebugOptions & { control: BreakControl; askFor?: string };
}

/** The session could not start the handler: wrong file, export, SDK, or a log for another language. One sentence. */
export class ReplaySetupError extends Error {}

const PYTHON_EXTENSIONS = new Set([".py"]);

/** After the run's end, pipes silent this long are taken as done even without the output mark (see afterOutput). */
const OUTPUT_QUIET_MS = 5000;
/** How long a killed host's watchdog gets to end the tree before the session kills the host's group itself. */
const KILL_GRACE_MS = 1000;

/** The host bundle sits next to ours in dist/; from sources (tests) it is the built one at the repo root. */
function hostBundle(): string {
  const candidates = [join(__dirname, "replayHost.js"), resolve(__dirname, "../../../dist/replayHost.js")];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new ReplaySetupError("The replay host is not built: run `npm run build` first.");
  return found;
}

/** What the Python host of a replay with these options is started with. */
function pythonHostOptions(
  options: ReplayOptions,
  handlerFile: string,
  cwd: string,
  onOutput: PythonHostOptions["onOutput"],
): PythonHostOptions {
  return {
    ...(options.python ? { python: options.python } : {}),
    handlerFile,
    exportName: options.exportName ?? "handler",
    cwd,
    env: { ...process.env, ...options.env },
    onOutput,
    ...(options.pythonDebug ? { debug: { port: options.pythonDebug.port, sysPath: options.pythonDebug.sysPath } } : {}),
  };
}

export class ReplaySession extends EventEmitter {
  /**
   * Starts the Python host of a debugged replay with these options ahead of it (see PythonHost.prestart): a session
   * started later with the same options uses it. The caller kills what it does not use.
   */
  static prestartPython(options: Omit<ReplayOptions, "pythonDebug">, debug: PythonDebugOptions): { kill(): void } {
    const cwd = options.cwd ?? process.cwd();
    const host = pythonHostOptions(options, resolve(cwd, options.handlerFile), cwd, () => undefined);
    return PythonHost.prestart({ ...host, debug });
  }

  private child: ChildProcess | undefined;
  private pythonHost: PythonHost | undefined;
  private readonly done: Promise<ReplayReport>;
  private settle!: { resolve: (r: ReplayReport) => void; reject: (e: Error) => void };
  inspectorUrl: string | undefined;
  private replayLog: ReplayLog | undefined;
  /** The log's operations by id, to give streamed records their recorded outcome (the host leaves it out). */
  private recordedById: Map<string, WireOperation> | undefined;
  /** Every record streamed so far, by seq: the report's operation list. */
  private readonly records = new Map<number, OperationRecord>();
  private timings: OperationTimings | undefined;

  constructor(readonly options: ReplayOptions) {
    super();
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.child?.pid ?? this.pythonHost?.pid;
  }

  /** The log being replayed, once `start` has read it. */
  private get log(): ReplayLog {
    if (!this.replayLog) throw new Error("The replay session has not read its log yet.");
    return this.replayLog;
  }

  async start(): Promise<void> {
    const { options } = this;
    const cwd = options.cwd ?? process.cwd();
    const handlerFile = resolve(cwd, options.handlerFile);
    const recordProblem = options.record
      ? recordTargetProblem(resolve(cwd, options.record), resolve(options.log.file), !!options.recordForce)
      : undefined;
    if (recordProblem !== undefined) throw new ReplaySetupError(`Cannot record: ${recordProblem}.`);
    if (PYTHON_EXTENSIONS.has(extname(handlerFile).toLowerCase())) return this.startPython(handlerFile, cwd);
    const bundle = hostBundle();
    const env = { ...process.env, ...options.env };
    // A debugged host is started under --inspect-brk for its one run; any other may serve several.
    const reuse = !options.inspect && options.reuseHost !== false;
    const poolKey = JSON.stringify([bundle, cwd, env]);
    const idleHost = reuse ? takeIdleHost(poolKey) : undefined;
    const child =
      idleHost ??
      fork(bundle, [], {
        cwd,
        env,
        execArgv: options.inspect ? ["--inspect-brk=127.0.0.1:0"] : [],
        // The last pipe is the host's lifeline (processTree.ts): only this process holds its other end.
        stdio: ["ignore", "pipe", "pipe", "ipc", "pipe"],
        // Its own process group, so ending the host ends whatever the handler started.
        detached: true,
      });
    this.child = child;
    const inspectorReady = options.inspect ? this.waitForInspector(child) : Promise.resolve();
    const outputMark = newOutputMark();
    const stdoutReader = new OutputMarkReader(outputMark, (text) => void this.emit("output", text, "stdout"));
    const noise = options.inspect ? new InspectorNoiseFilter() : undefined;
    const stderrReader = new OutputMarkReader(outputMark, (chunk) => {
      const text = noise ? noise.read(chunk) : chunk;
      if (text) this.emit("output", text, "stderr");
    });
    const endStderr = (): void => {
      stderrReader.end();
      const rest = noise?.end();
      if (rest) this.emit("output", rest, "stderr");
    };
    /** Set while the run is over but its output is still arriving: restarted by every chunk. */
    let outputQuiet: NodeJS.Timeout | undefined;
    const onStdout = (chunk: string): void => {
      outputQuiet?.refresh();
      stdoutReader.read(chunk);
    };
    const onStderr = (chunk: string): void => {
      outputQuiet?.refresh();
      stderrReader.read(chunk);
    };
    const onStdoutEnd = (): void => stdoutReader.end();
    const onStderrEnd = (): void => endStderr();
    /** Runs `then` once the handler's whole output has been passed on. */
    const afterOutput = (then: () => void): void => {
      let done = false;
      const once = (): void => {
        if (done) return;
        done = true;
        clearTimeout(outputQuiet);
        outputQuiet = undefined;
        then();
      };
      // A handler that closed or replaced its stdout never lets the mark through: the pipes' silence ends the wait.
      outputQuiet = setTimeout(() => {
        stdoutReader.end();
        endStderr();
      }, OUTPUT_QUIET_MS);
      stdoutReader.whenSeen(() => stderrReader.whenSeen(once));
    };
    let finished = false;
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      this.emit("exit", code);
      if (!finished) {
        this.settle.reject(
          new ReplaySetupError(
            `The handler process exited before the replay finished (${signal ? `signal ${signal}` : `exit code ${code}`}).`,
          ),
        );
      }
    };
    /** The replay is over: the host goes back to the pool after a clean run, else it ends (and the session sees it exit). */
    const letGo = (keep: boolean): void => {
      if (!keep) return releaseHost(child);
      child.stdout?.off("data", onStdout);
      child.stderr?.off("data", onStderr);
      child.stdout?.off("end", onStdoutEnd);
      child.stderr?.off("end", onStderrEnd);
      child.off("message", onMessage);
      child.off("exit", onExit);
      this.child = undefined;
      offerIdleHost(poolKey, child);
    };
    const onMessage = (message: HostToSession): void => {
      if (message.type === "operations") {
        for (const record of message.records) {
          this.withRecorded(record);
          this.records.set(record.seq, withParsedResults(record));
          this.emit("operation", record);
        }
      } else if (message.type === "fatal") {
        finished = true;
        afterOutput(() => {
          letGo(false);
          this.settle.reject(new ReplaySetupError(message.message));
        });
      } else if (message.type === "done") {
        finished = true;
        afterOutput(() => {
          this.finish(message, cwd);
          letGo(
            reuse && message.reusable && (message.report.status === "SUCCEEDED" || message.report.status === "FAILED"),
          );
          this.emit("done", message.report);
          this.settle.resolve(message.report);
        });
      }
    };
    for (const stream of [child.stdout, child.stderr]) stream?.setEncoding("utf8");
    child.stdout?.on("data", onStdout);
    child.stderr?.on("data", onStderr);
    child.stdout?.on("end", onStdoutEnd);
    child.stderr?.on("end", onStderrEnd);
    child.on("message", onMessage);
    child.on("exit", onExit);
    const prepare: SessionToHost = {
      type: "prepare",
      config: {
        handlerFile,
        exportName: options.exportName ?? "handler",
        onLogEnd: options.onLogEnd,
        // fromEntries defines own properties, so `__proto__` survives as a name (JSON on the IPC channel keeps it).
        callbacks: Object.fromEntries(options.callbacks ?? []),
        inspect: !!options.inspect,
        ...(options.breakAtSeq !== undefined ? { breakAtSeq: options.breakAtSeq } : {}),
        wantRecording: !!options.record,
        outputMark,
      },
    };
    child.send(prepare);
    const source = options.log;
    // A new host is still starting Node while the session reads the log, and then gets it ready to use. An idle host is
    // ready at once: it reads the file itself, alongside the session (path relative to this process, as ours).
    const hostReads = isLogFile(source) && idleHost !== undefined;
    if (hostReads)
      child.send({ type: "start", logFile: { ...source, file: resolve(source.file) } } satisfies SessionToHost);
    try {
      this.replayLog = readOptionLog(source);
      if (!hostReads) child.send({ type: "start", log: this.replayLog } satisfies SessionToHost);
      await inspectorReady;
    } catch (error) {
      finished = true;
      await this.kill();
      throw error;
    }
  }

  /**
   * A Python handler: the engine runs here and drives the Python host. The interpreter loads the handler while the
   * session reads the log; setup problems (interpreter, SDK, module, export, log language) reject `start`.
   */
  private async startPython(handlerFile: string, cwd: string): Promise<void> {
    const { options } = this;
    if (options.inspect) {
      throw new ReplaySetupError(
        `${options.handlerFile} is a Python handler; the Node inspector (\`inspect\`) cannot debug it: the debug adapter runs it under debugpy (\`pythonDebug\`).`,
      );
    }
    let host: PythonHost;
    try {
      host = PythonHost.start(
        pythonHostOptions(options, handlerFile, cwd, (text, stream) => void this.emit("output", text, stream)),
        options.reuseHost !== false,
      );
    } catch (error) {
      throw error instanceof PythonSetupError ? new ReplaySetupError(error.message) : error;
    }
    this.pythonHost = host;
    try {
      const source = options.log;
      this.replayLog = isLogFile(source) ? readLog(source.file, source.read) : source;
      const refusal = refusedByPython(this.replayLog);
      if (refusal) throw new ReplaySetupError(refusal);
    } catch (error) {
      host.kill();
      throw error;
    }
    const running = host.replay(this.log, {
      onLogEnd: options.onLogEnd,
      callbacks: options.callbacks ?? new Map(),
      onRecords: (records) => {
        for (const record of records) this.emit("operation", this.timed(record));
      },
      ...(options.pythonDebug
        ? {
            control: options.pythonDebug.control,
            onBreak: (event) => void this.emit("break", event),
            ...(options.pythonDebug.askFor !== undefined ? { askFor: options.pythonDebug.askFor } : {}),
          }
        : {}),
    });
    // Setup problems surface from `start`, like the Node host's; the replay itself settles `result`.
    await Promise.race([host.ready, running]).catch((error: unknown) => {
      throw error instanceof PythonSetupError ? new ReplaySetupError(error.message) : error;
    });
    running.then(
      ({ report, sdkVersion, finalOperations, updatedOperationIds }) => {
        for (const record of report.operations) this.records.set(record.seq, this.timed(record));
        try {
          this.finish(
            {
              type: "done",
              report,
              reusable: false,
              recording: { ...(sdkVersion ? { sdkVersion } : {}), operations: finalOperations, updatedOperationIds },
            },
            cwd,
            "python",
          );
        } catch (error) {
          return this.settle.reject(error as Error);
        }
        this.emit("done", report);
        this.settle.resolve(report);
      },
      (error: unknown) =>
        this.settle.reject(error instanceof PythonSetupError ? new ReplaySetupError(error.message) : (error as Error)),
    );
  }

  /** Completes the report from the streamed records, and writes the recording when asked. */
  private finish(
    message: Extract<HostToSession, { type: "done" }>,
    cwd: string,
    language: SdkLanguage = "javascript",
  ): void {
    const { options } = this;
    message.report.operations = [...this.records.values()].sort((a, b) => a.seq - b.seq);
    for (const divergence of message.report.divergences) {
      if (divergence.kind !== "result-mismatch") {
        divergence.severity = "error";
        continue;
      }
      divergence.severity = options.strictResult ? "error" : "warning";
      divergence.callSite ??= returnSite(message.report.operations, resolve(cwd, options.handlerFile));
    }
    if (message.report.frontier)
      message.report.frontier = this.records.get(message.report.frontier.seq) ?? message.report.frontier;
    if (options.record && message.recording) this.writeRecordingOf(message, cwd, options.record, language);
  }

  /** A recording that cannot be written at the end (the disk, or the target changed meanwhile) is a warning. */
  private writeRecordingOf(
    message: Extract<HostToSession, { type: "done" }>,
    cwd: string,
    target: string,
    language: SdkLanguage,
  ): void {
    const log = this.log;
    const recording = message.recording!;
    try {
      writeRecording(
        resolve(cwd, target),
        toRecording({
          language,
          sdkVersion: recording.sdkVersion,
          durableExecutionArn: log.durableExecutionArn,
          input: log.input,
          operations: recording.operations,
          ...(recording.updatedOperationIds && { updatedOperationIds: recording.updatedOperationIds }),
          ...(message.report.status === "SUCCEEDED" || message.report.status === "FAILED"
            ? {
                outcome: {
                  status: message.report.status,
                  ...(message.report.result !== undefined ? { result: JSON.stringify(message.report.result) } : {}),
                  ...(message.report.error ? { error: message.report.error } : {}),
                },
              }
            : {}),
        }),
        { inputLog: log.file, force: !!this.options.recordForce },
      );
    } catch (error) {
      message.report.warnings.push(`The recording was not written: ${(error as Error).message}`);
    }
  }

  /**
   * A record read from the host directly (the debugger reads them at a stop, when the host's stream waits behind the
   * pause), completed as the stream's are: its recorded outcome and timing.
   */
  complete(record: OperationRecord): OperationRecord {
    this.withRecorded(record);
    return withParsedResults(record);
  }

  private withRecorded(record: OperationRecord): void {
    this.recordedById ??= new Map(this.log.operations.map((op) => [op.Id, op]));
    const op = this.recordedById.get(record.id);
    if (op) record.recorded = recordedOutcome(op);
    this.timed(record);
  }

  /** Gives the record its timing: the recorded production one, or its own when it ran live. */
  private timed(record: OperationRecord): OperationRecord {
    this.timings ??= new OperationTimings(this.log.invocations);
    this.timings.apply(record);
    return record;
  }

  private waitForInspector(child: ChildProcess): Promise<void> {
    return new Promise((resolveReady, rejectReady) => {
      let buffer = "";
      const onData = (chunk: string): void => {
        buffer += chunk;
        const match = /Debugger listening on (ws:\/\/\S+)/.exec(buffer);
        if (match) {
          this.inspectorUrl = match[1];
          child.stderr?.off("data", onData);
          resolveReady();
        }
      };
      child.stderr?.on("data", onData);
      child.once("exit", () =>
        rejectReady(new ReplaySetupError("The handler process exited before its inspector started.")),
      );
    });
  }

  result(): Promise<ReplayReport> {
    return this.done;
  }

  /**
   * Kills the host and everything it started; resolves once the host has exited. Closing the lifeline has the host's
   * watchdog kill the tree, detached children included; the group is killed from here too should the watchdog not
   * run (a host still waiting at --inspect-brk has not started it).
   */
  kill(): Promise<void> {
    this.pythonHost?.kill();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolveKilled) => {
      const fallback = setTimeout(() => killGroup(child), KILL_GRACE_MS);
      child.once("exit", () => {
        clearTimeout(fallback);
        resolveKilled();
      });
      lifelineOf(child)?.destroy();
    });
  }
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

function isLogFile(log: ReplayOptions["log"]): log is LogFileSource {
  return !("operations" in log);
}

function readOptionLog(log: ReplayOptions["log"]): ReplayLog {
  const read = isLogFile(log) ? readLog(log.file, log.read) : log;
  const refusal = refusedByNode(read);
  if (refusal) throw new ReplaySetupError(refusal);
  return read;
}

export async function replay(options: ReplayOptions): Promise<ReplayReport> {
  const session = new ReplaySession(options);
  await session.start();
  return session.result();
}
