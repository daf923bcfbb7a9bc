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
import { readLog, refusedByNode, refusedByPython, toRecording, writeRecording } from "../log/readLog";
import { PythonHost, PythonSetupError, type PythonDebugOptions } from "../python/pythonReplay";
import { offerIdleHost, releaseHost, takeIdleHost } from "./hostPool";
import { recordedOutcome } from "../engine/operationLedger";
import { withParsedResults } from "../engine/payloads";

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
  callbacks?: Record<string, string>;
  cwd?: string;
  env?: Record<string, string>;
  /** Start the host with --inspect-brk on loopback; `inspectorUrl` is set once it listens. */
  inspect?: boolean;
  /** Break before the durable call with this seq (step back). */
  breakAtSeq?: number;
  /** Write the whole execution in the recording format there at the end. */
  record?: string;
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
  pythonDebug?: PythonDebugOptions & { control: BreakControl };
}

/** The session could not start the handler: wrong file, export, SDK, or a log for another language. One sentence. */
export class ReplaySetupError extends Error {}

const PYTHON_EXTENSIONS = new Set([".py"]);
const INSPECTOR_NOISE =
  /^(Debugger (listening on|attached|ending on)|For help, see: https:\/\/nodejs\.org|Waiting for the debugger to disconnect)/;

/** The host bundle sits next to ours in dist/; from sources (tests) it is the built one at the repo root. */
function hostBundle(): string {
  const candidates = [join(__dirname, "replayHost.js"), resolve(__dirname, "../../../dist/replayHost.js")];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new ReplaySetupError("The replay host is not built: run `npm run build` first.");
  return found;
}

export class ReplaySession extends EventEmitter {
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
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        // Its own process group, so killing the session kills whatever the handler started.
        detached: true,
      });
    this.child = child;
    const inspectorReady = options.inspect ? this.waitForInspector(child) : Promise.resolve();
    const onStdout = (chunk: Buffer): void => void this.emit("output", chunk.toString(), "stdout");
    const onStderr = (chunk: Buffer): void => {
      // Node's own inspector chatter is not the handler's output.
      const text = chunk
        .toString()
        .split(/(?<=\n)/)
        .filter((line) => !INSPECTOR_NOISE.test(line))
        .join("");
      if (text) this.emit("output", text, "stderr");
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
        letGo(false);
        this.settle.reject(new ReplaySetupError(message.message));
      } else if (message.type === "done") {
        finished = true;
        this.finish(message, cwd);
        letGo(
          reuse && message.reusable && (message.report.status === "SUCCEEDED" || message.report.status === "FAILED"),
        );
        this.emit("done", message.report);
        this.settle.resolve(message.report);
      }
    };
    child.stdout?.on("data", onStdout);
    child.stderr?.on("data", onStderr);
    child.on("message", onMessage);
    child.on("exit", onExit);
    const prepare: SessionToHost = {
      type: "prepare",
      config: {
        handlerFile,
        exportName: options.exportName ?? "handler",
        onLogEnd: options.onLogEnd,
        callbacks: options.callbacks ?? {},
        inspect: !!options.inspect,
        ...(options.breakAtSeq !== undefined ? { breakAtSeq: options.breakAtSeq } : {}),
        wantRecording: !!options.record,
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
    } catch (error) {
      finished = true;
      this.kill();
      throw error;
    }
    if (!hostReads) child.send({ type: "start", log: this.replayLog } satisfies SessionToHost);
    await inspectorReady;
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
    const env = { ...process.env, ...options.env };
    let host: PythonHost;
    try {
      host = PythonHost.start(
        {
          ...(options.python ? { python: options.python } : {}),
          handlerFile,
          exportName: options.exportName ?? "handler",
          cwd,
          env,
          onOutput: (text, stream) => void this.emit("output", text, stream),
          ...(options.pythonDebug
            ? { debug: { port: options.pythonDebug.port, sysPath: options.pythonDebug.sysPath } }
            : {}),
        },
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
      callbacks: options.callbacks ?? {},
      onRecords: (records) => {
        for (const record of records) this.emit("operation", record);
      },
      ...(options.pythonDebug
        ? { control: options.pythonDebug.control, onBreak: (event) => void this.emit("break", event) }
        : {}),
    });
    // Setup problems surface from `start`, like the Node host's; the replay itself settles `result`.
    await Promise.race([host.ready, running]).catch((error: unknown) => {
      throw error instanceof PythonSetupError ? new ReplaySetupError(error.message) : error;
    });
    running.then(
      ({ report, sdkVersion, finalOperations }) => {
        for (const record of report.operations) this.records.set(record.seq, record);
        try {
          this.finish(
            {
              type: "done",
              report,
              reusable: false,
              recording: { ...(sdkVersion ? { sdkVersion } : {}), operations: finalOperations },
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
    if (message.report.frontier)
      message.report.frontier = this.records.get(message.report.frontier.seq) ?? message.report.frontier;
    const log = this.log;
    if (options.record && message.recording) {
      writeRecording(
        resolve(cwd, options.record),
        toRecording({
          language,
          sdkVersion: message.recording.sdkVersion,
          durableExecutionArn: log.durableExecutionArn,
          input: log.input,
          operations: message.recording.operations,
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
      );
    }
  }

  private withRecorded(record: OperationRecord): void {
    this.recordedById ??= new Map(this.log.operations.map((op) => [op.Id, op]));
    const op = this.recordedById.get(record.id);
    if (op) record.recorded = recordedOutcome(op);
  }

  private waitForInspector(child: ChildProcess): Promise<void> {
    return new Promise((resolveReady, rejectReady) => {
      let buffer = "";
      const onData = (chunk: Buffer): void => {
        buffer += chunk.toString();
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

  /** Kills the host and everything it started. */
  kill(): void {
    this.pythonHost?.kill();
    const pid = this.child?.pid;
    if (pid === undefined || this.child?.exitCode !== null) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      this.child?.kill("SIGKILL");
    }
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
