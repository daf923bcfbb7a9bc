// The DAP session of the `durable-replay` debug type: translates DAP requests to the replay session (host process)
// and its inspector, and durable stops, operations and divergences back to DAP.
import { basename } from "node:path";
import {
  BreakpointEvent,
  DebugSession,
  Event,
  ExitedEvent,
  InitializedEvent,
  OutputEvent,
  Response,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type Protocol from "devtools-protocol";
import {
  DIVERGENCE_EVENT,
  OPERATION_EVENT,
  OPERATIONS_EVENT,
  PAUSED_EVENT,
  STEP_OPERATION_REQUEST,
  TIMELINE_EVENT,
  type DivergenceEventBody,
  type PausedEventBody,
  type TimelineEventBody,
} from "../protocol/dap";
import { DURABLE_CALL_KEY, type BreakControl, type BreakEvent, type OperationBreakpoint } from "../protocol/host";
import { isUserCall, type OperationRecord, type ReplayReport } from "../protocol/operations";
import type { ReplayLog } from "../protocol/replayLog";
import { readLog } from "../replay/log/readLog";
import { decideBreak } from "../replay/session/breakDecision";
import { ReplaySession, type ReplayOptions } from "../replay/session/replaySession";
import { LineBreakpoints, hitConditionAllows } from "./breakpoints";
import { DapClient } from "./dapClient";
import { debugpyFallback } from "./debugpyLocator";
import { callsAt, durableCallHover, hoveredMember, sourceFile, unreachedCallHover } from "./durableHover";
import { OperationTimeline, durableScopeVariables } from "./durableView";
import { InspectorSession, type ExceptionMode, type InspectorPause, type StepKind } from "./inspectorSession";
import { parseLaunchArguments, type LaunchSettings } from "./launchArguments";
import { freePort } from "./freePort";
import { OperationEvents } from "./operationEvents";
import { OperationBreakpointError, parseOperationBreakpoint } from "./operationBreakpoints";
import { ScriptRegistry } from "./scripts";
import { sessionSummary } from "./sessionSummary";
import { stepBodyLines } from "./stepBodies";
import { SkipFiles } from "./skipFiles";
import { VariableStore, describeRemote } from "./variables";

const THREAD_ID = 1;

const SCOPE_NAMES: Record<string, string> = {
  local: "Local",
  closure: "Closure",
  global: "Global",
  block: "Block",
  script: "Script",
  module: "Module",
  catch: "Catch",
  with: "With",
};

/** Requests that go to debugpy as they are when the handler is Python (the durable layer adds to some answers). */
const DEBUGPY_REQUESTS = new Set([
  "setBreakpoints",
  "setExceptionBreakpoints",
  "threads",
  "stackTrace",
  "scopes",
  "variables",
  "setVariable",
  "setExpression",
  "evaluate",
  "exceptionInfo",
  "completions",
  "source",
  "modules",
  "loadedSources",
  "continue",
  "next",
  "stepIn",
  "stepOut",
  "pause",
]);

/** Our variable references (the Durable scope) under a Python handler sit above debugpy's. */
const OWN_REFERENCES = 1 << 30;

/** The Python side of a session: debugpy in the host, and the durable stop policy the engine applies per call. */
interface PythonDebug {
  sysPath: string[];
  control?: BreakControl;
  /** Set once debugpy is attached (before its configurationDone); forwarded requests wait for it. */
  client: Promise<DapClient>;
  attached?: (client: DapClient) => void;
  /** The durable stop the host is suspending for: its `stopped` event is reported as this. */
  pendingBreak?: BreakEvent;
  /** The editor's line breakpoints and exception filters, for every host of the session (restart, step back). */
  breakpoints: Map<string, DebugProtocol.SetBreakpointsArguments>;
  /**
   * The next host, started at a stop of this one, while the user looks at it (interpreter, SDK and debugpy load and
   * it waits on `port`): step back, reverse continue and restart begin at its attach. Not before the first stop: it
   * would take the CPU from the way there.
   */
  standby?: Promise<{ port: number; host: { kill(): void } }>;
  exceptionFilters?: DebugProtocol.SetExceptionBreakpointsArguments;
  /** The thread of the last stop (the SDK runs the handler on a worker thread): what our own resumes resume. */
  stoppedThread: number;
}

/** Where a step back or reverse continue is heading: the host restarts and runs silently until that call. */
interface Rewind {
  seq: number;
  /** The operation id of that call, when the timeline knows it. */
  id?: string;
}

export class DurableReplayDebugSession extends DebugSession {
  private settings: LaunchSettings | undefined;
  private log: ReplayLog | undefined;
  private replay: ReplaySession | undefined;
  private inspector: InspectorSession | undefined;
  private readonly scripts = new ScriptRegistry();
  private readonly breakpoints = new LineBreakpoints(this.scripts, (bp) =>
    this.sendEvent(new BreakpointEvent("changed", bp)),
  );
  private readonly variables = new VariableStore();
  private readonly frames = new Map<number, Protocol.Debugger.CallFrame>();
  private nextFrameId = 1;
  private readonly timeline = new OperationTimeline();
  private readonly operationEvents = new OperationEvents((event) => super.sendEvent(event));
  private skip = new SkipFiles([]);
  private operationBreakpoints: OperationBreakpoint[] = [];
  private exceptionMode: ExceptionMode = "none";
  private currentOperation: OperationRecord | undefined;
  private rewind: Rewind | undefined;
  private pauseRequested = false;
  private entryPending = false;
  /**
   * The line "step to next durable operation" started from, when that was not a durable stop: a call on that very
   * line has not run yet, but stopping before it again would look like no step at all, so the step goes past it.
   */
  private stepOperationFrom: { path: string; line: number } | undefined;
  /** Call sites of replayed steps whose bodies were looked up (file:line:column). */
  private readonly replayedBodies = new Set<string>();
  /** Divergences already announced at a stop, by operation path, so the final report does not repeat them. */
  private readonly sentDivergences = new Set<string>();
  private configured!: () => void;
  private readonly configurationDone = new Promise<void>((resolve) => (this.configured = resolve));
  private python: PythonDebug | undefined;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  /** Under a Python handler, debugger requests go to debugpy; the durable ones stay here. */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const python = this.python;
    if (python && DEBUGPY_REQUESTS.has(request.command)) {
      void this.forward(python, request).catch((error: unknown) => {
        const response = new Response(request);
        this.sendErrorResponse(response, errorMessage(1007, oneSentence(error)));
      });
      return;
    }
    super.dispatchRequest(request);
  }

  /** Records waiting for their batch go out first: a stop, a divergence or the end follows the records before it. */
  override sendEvent(event: DebugProtocol.Event): void {
    if (event.event !== "output" && event.event !== OPERATION_EVENT && event.event !== OPERATIONS_EVENT)
      this.operationEvents.flush();
    super.sendEvent(event);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsStepBack: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      exceptionBreakpointFilters: [
        { filter: "uncaught", label: "Uncaught Exceptions", default: false },
        { filter: "all", label: "Caught Exceptions", default: false },
      ],
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured();
    this.sendResponse(response);
  }

  protected override async launchRequest(
    response: DebugProtocol.LaunchResponse,
    args: DebugProtocol.LaunchRequestArguments,
  ): Promise<void> {
    try {
      const settings = parseLaunchArguments(args as Record<string, unknown>);
      this.settings = settings;
      this.operationEvents.mode = settings.operationEvents;
      this.skip = new SkipFiles(settings.skipFiles);
      this.log = readLog(settings.logFile, settings.input ? { input: settings.input.value } : {});
      this.entryPending = settings.stopOnEntry;
      if (isPythonHandler(settings.handlerFile)) {
        // Set before any await: the editor's breakpoints may follow the launch request at once.
        this.python = {
          sysPath: [],
          client: new Promise(() => undefined),
          breakpoints: new Map(),
          stoppedThread: THREAD_ID,
        };
        this.python.client = new Promise((resolve) => (this.python!.attached = resolve));
        this.python.sysPath = debugpyFallback(settings.debugpyPath);
        await this.startHost(undefined);
        this.sendResponse(response);
        return;
      }
      // The host waits at --inspect-brk, so it can start while the editor is still sending breakpoints.
      await Promise.all([this.startHost(undefined), this.configurationDone]);
      await this.inspector?.resume();
      this.sendResponse(response);
    } catch (error) {
      await this.stopHost();
      this.sendErrorResponse(response, errorMessage(1001, oneSentence(error)));
    }
  }

  /** Starts a host process for the current launch, stopped before its first statement with breakpoints bound. */
  private async startHost(breakAtSeq: number | undefined): Promise<void> {
    if (this.python) return this.startPythonHost(this.python, breakAtSeq);
    const replay = this.newReplay({ ...this.replayOptions(), inspect: true, breakAtSeq });
    await replay.start();
    this.announceProcess(replay);
    const inspector = await InspectorSession.connect(
      replay.inspectorUrl!,
      this.scripts,
      this.breakpoints,
      this.skip,
      this.exceptionMode,
    );
    this.inspector = inspector;
    inspector.on(
      "paused",
      (pause) => void this.onPaused(inspector, pause).catch((error) => this.reportOf(inspector, error)),
    );
    inspector.on("resumed", () => this.onResumed());
    await this.breakpoints.rebindAll(inspector.client);
    await inspector.setControl({
      operationBreakpoints: this.operationBreakpoints,
      breakOnNextOperation: this.entryPending,
    });
    await inspector.setExceptionMode(this.exceptionMode);
  }

  /** What every host of this launch replays (the first, and those of restart and step back): the launch's settings. */
  private replayOptions(): ReplayOptions {
    const settings = this.settings!;
    return {
      handlerFile: settings.handlerFile,
      exportName: settings.exportName,
      log: this.log!,
      onLogEnd: settings.onLogEnd,
      callbacks: settings.callbacks,
      cwd: settings.cwd,
      env: settings.env,
      record: settings.record,
      recordForce: settings.recordForce,
      strictResult: settings.strictResult,
    };
  }

  /** A replay session for the current launch, its records, output and end wired to DAP events. */
  private newReplay(options: ReplayOptions): ReplaySession {
    this.operationEvents.flush();
    this.timeline.clear();
    this.scripts.clear();
    this.sentDivergences.clear();
    const replay = new ReplaySession(options);
    this.replay = replay;
    const current = (): boolean => this.replay === replay;
    replay.on("operation", (record: OperationRecord) => {
      if (!current()) return;
      this.timeline.update(record);
      this.operationEvents.add(record);
      this.markReplayedBody(record);
    });
    replay.on("output", (text: string, category: "stdout" | "stderr") => {
      if (current() && !this.rewind) this.sendEvent(new OutputEvent(text, category));
    });
    replay.on("done", (report: ReplayReport) => {
      if (!current()) return;
      if (this.rewind) {
        this.reportInternal(
          new Error(
            `the replay finished without reaching operation #${this.rewind.seq} again, so there is nothing to step back to.`,
          ),
        );
        this.rewind = undefined;
      }
      this.operationEvents.whenSent(() => this.finished(report));
      // A host started with --inspect-brk waits at exit until its debugger disconnects.
      void this.inspector?.close();
      // A Python host ends with its replay: no exit event follows.
      if (this.python) this.operationEvents.whenSent(() => this.ended(0));
    });
    replay.on("exit", (code: number | null) => {
      if (!current()) return;
      this.operationEvents.whenSent(() => this.ended(code ?? 0));
    });
    replay.result().catch((error: unknown) => {
      if (current()) void this.failed(oneSentence(error));
    });
    return replay;
  }

  private ended(code: number): void {
    this.sendEvent(new ExitedEvent(code));
    this.sendEvent(new TerminatedEvent());
  }

  private announceProcess(replay: ReplaySession): void {
    if (replay.pid === undefined) return;
    const process: DebugProtocol.ProcessEvent["body"] = {
      name: basename(this.settings!.handlerFile),
      systemProcessId: replay.pid,
      isLocalProcess: true,
      startMethod: "launch",
    };
    this.sendEvent(new Event("process", process));
  }

  /**
   * A Python host under debugpy (its in-process adapter on a loopback port; this adapter is its DAP client). The host
   * waits for the attach; the editor's breakpoints go to debugpy before its configurationDone lets the handler run.
   */
  private async startPythonHost(python: PythonDebug, breakAtSeq: number | undefined): Promise<void> {
    const settings = this.settings!;
    const standby = await python.standby?.catch(() => undefined);
    python.standby = undefined;
    const port = standby?.port ?? (await freePort());
    const control: BreakControl = {
      pauseAtLogEnd: settings.onLogEnd === "pause",
      breakOnDivergence: true,
      breakOnNextOperation: this.entryPending,
      breakAtSeq,
      operationBreakpoints: this.operationBreakpoints,
    };
    python.control = control;
    python.pendingBreak = undefined;
    const replay = this.newReplay({
      ...this.pythonReplayOptions(),
      pythonDebug: {
        port,
        sysPath: python.sysPath,
        control,
        // Going back: the calls before the target go on without a decision each (none of them can stop the rewind).
        ...(this.rewind?.id !== undefined ? { askFor: this.rewind.id } : {}),
      },
    });
    replay.on("break", (event: BreakEvent) => {
      if (this.replay !== replay) return;
      this.timeline.update(event.record);
      python.pendingBreak = event;
    });
    const started = replay.start();
    started.catch(() => undefined);
    // A host that cannot start (interpreter, SDK, handler, debugpy) says why in one sentence: that error wins, at any
    // point of the handshake (a host gone after the attach would leave it waiting for debugpy's answers).
    const failed = started.then(() => new Promise<never>(() => undefined));
    const connecting = DapClient.connect(port, started);
    connecting.catch(() => undefined);
    const client = await Promise.race([connecting, failed]);
    const initialized = new Promise<void>((resolve) => {
      client.onEvent = (event) => {
        if (event.event === "initialized") return resolve();
        if (this.replay === replay) this.onDebugpyEvent(python, client, event);
      };
    });
    await client.request("initialize", {
      clientID: "durable-replay",
      adapterID: "durable-replay",
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: "path",
    });
    const attached = client.request("attach", {
      justMyCode: true,
      // The host and the SDK are not the user's code: no frames, no stepping into them, no stops in them.
      rules: [
        { path: "**/durable_replay_host.py", include: false },
        { path: "**/aws_durable_execution_sdk_python/**", include: false },
        ...settings.skipFiles.map((path) => ({ path, include: false })),
      ],
      subProcess: false,
      redirectOutput: false,
    });
    await Promise.race([initialized, failed]);
    for (const args of python.breakpoints.values()) await client.request("setBreakpoints", args);
    if (python.exceptionFilters) await client.request("setExceptionBreakpoints", python.exceptionFilters);
    python.attached?.(client);
    python.client = Promise.resolve(client);
    await this.configurationDone;
    await client.request("configurationDone");
    await attached;
    await started;
    this.announceProcess(replay);
  }

  private pythonReplayOptions(): ReplayOptions {
    const python = this.settings!.python;
    return { ...this.replayOptions(), reuseHost: false, ...(python ? { python } : {}) };
  }

  /** At a stop: starts the next host unless one is there already. */
  private ensureStandby(python: PythonDebug): void {
    python.standby ??= freePort().then((port) => ({
      port,
      host: ReplaySession.prestartPython(this.pythonReplayOptions(), { port, sysPath: python.sysPath }),
    }));
    python.standby.catch(() => undefined);
  }

  private discardStandby(): void {
    void this.python?.standby?.then(({ host }) => host.kill());
    if (this.python) this.python.standby = undefined;
  }

  private onDebugpyEvent(python: PythonDebug, client: DapClient, event: DebugProtocol.Event): void {
    switch (event.event) {
      case "stopped":
        return this.onPythonStopped(python, client, event as DebugProtocol.StoppedEvent);
      case "process":
      case "terminated":
      case "exited":
        // The session's own lifecycle events say these (the replay's end, not the attach's).
        return;
      default:
        this.sendEvent(new Event(event.event, event.body));
    }
  }

  private onPythonStopped(python: PythonDebug, client: DapClient, event: DebugProtocol.StoppedEvent): void {
    this.variables.reset();
    const threadId = event.body.threadId ?? THREAD_ID;
    python.stoppedThread = threadId;
    const durable = python.pendingBreak;
    python.pendingBreak = undefined;
    if (durable) {
      if (this.rewind && durable.reason !== "seq") return void client.request("continue", { threadId });
      this.rewind = undefined;
      this.ensureStandby(python);
      return this.durableStop(durable, threadId);
    }
    if (this.rewind) return void client.request("continue", { threadId });
    this.ensureStandby(python);
    this.currentOperation = undefined;
    this.sendEvent(new Event("stopped", event.body));
    this.sendPaused(threadId);
  }

  /** A request debugpy answers; scopes gain the Durable scope, whose variables are this adapter's. */
  private async forward(python: PythonDebug, request: DebugProtocol.Request): Promise<void> {
    const response: DebugProtocol.Response = new Response(request);
    let args = request.arguments as Record<string, unknown> | undefined;
    if (request.command === "variables" && Number(args?.variablesReference) >= OWN_REFERENCES) {
      const variables = await this.variables.variables(undefined, Number(args!.variablesReference) - OWN_REFERENCES);
      response.body = {
        variables: variables.map((v) => ({
          ...v,
          variablesReference: v.variablesReference ? v.variablesReference + OWN_REFERENCES : 0,
        })),
      };
      return this.sendResponse(response);
    }
    if (request.command === "setBreakpoints") {
      const path = (args as unknown as DebugProtocol.SetBreakpointsArguments).source.path;
      if (path) python.breakpoints.set(path, args as unknown as DebugProtocol.SetBreakpointsArguments);
    }
    if (request.command === "setExceptionBreakpoints") {
      // Our filters are the JavaScript names; debugpy calls caught exceptions "raised". The SDK catches whatever the
      // handler raises (and reports it as the execution's failure), so "uncaught" also means debugpy's
      // "userUnhandled": raised in the user's code and not handled there.
      const filters = ((args?.filters as string[] | undefined) ?? []).flatMap((f) =>
        f === "all" ? ["raised"] : f === "uncaught" ? ["uncaught", "userUnhandled"] : [f],
      );
      args = { ...args, filters };
      python.exceptionFilters = args as unknown as DebugProtocol.SetExceptionBreakpointsArguments;
    }
    if (["continue", "next", "stepIn", "stepOut"].includes(request.command)) {
      this.currentOperation = undefined;
      this.variables.reset();
    }
    const client = await python.client;
    const answer = await client.request(request.command, args);
    response.success = answer.success;
    if (answer.message) response.message = answer.message;
    response.body = answer.body as unknown;
    if (request.command === "scopes" && answer.success) {
      const scopes = (answer.body as DebugProtocol.ScopesResponse["body"]).scopes;
      scopes.splice(Math.min(1, scopes.length), 0, this.durableScope(OWN_REFERENCES));
    }
    this.sendResponse(response);
  }

  /** The Durable scope: the current (or last) operation with its recorded result, the execution input, counts. */
  private durableScope(offset: number): DebugProtocol.Scope {
    const reference = this.variables.computed(async () => {
      await this.syncTimeline();
      const operation = this.currentOperation ?? this.timeline.last();
      return durableScopeVariables(this.variables, operation, this.log?.input, this.timeline);
    });
    return new Scope("Durable", reference + offset, false);
  }

  /** Breakpoints in the body of a step the log replays can never hit: they turn unverified, saying why. */
  private markReplayedBody(record: OperationRecord): void {
    const site = record.callSite;
    if (record.method !== "step" || record.state !== "replayed" || !site) return;
    // A step in a loop is replayed many times at one call site: its body is looked up once.
    const key = `${site.file}:${site.line}:${site.column}`;
    if (this.replayedBodies.has(key)) return;
    this.replayedBodies.add(key);
    const body = stepBodyLines(site.file, site.line, site.column);
    if (!body) return;
    this.breakpoints.markDead(
      site.file,
      body.from,
      body.to,
      `${record.name ? `\`${record.name}\`` : "This step"} is replayed from the log: its body does not run in this replay.`,
    );
  }

  private async stopHost(): Promise<void> {
    const replay = this.replay;
    const inspector = this.inspector;
    this.replay = undefined;
    this.inspector = undefined;
    if (this.python) {
      const client = await Promise.race([this.python.client, Promise.resolve(undefined)]);
      client?.close();
      this.python.client = new Promise((resolve) => (this.python!.attached = resolve));
    }
    // Killing ends the host's whole process tree (see processTree.ts) and waits until the host is gone.
    await Promise.all([replay?.kill(), inspector?.close()]);
  }

  /**
   * The handler could not run (a module it imports is missing, its top level throws): the session ends, as js-debug and
   * debugpy end theirs, instead of waiting on a host that has nothing left to run. The reason goes to the Debug
   * Console and, in `durable/timeline`, to the editor, which shows it.
   */
  private async failed(reason: string): Promise<void> {
    this.sendEvent(new OutputEvent(`Durable Replay could not run the handler: ${reason}\n`, "stderr"));
    const body: TimelineEventBody = { status: "CRASHED", divergences: [], error: reason };
    this.sendEvent(new Event(TIMELINE_EVENT, body));
    await this.stopHost();
    this.sendEvent(new ExitedEvent(1));
    this.sendEvent(new TerminatedEvent());
  }

  private finished(report: ReplayReport): void {
    const batched = this.operationEvents.mode === "batched";
    if (batched) {
      // The batches carried every record; only those the report holds in another version (the unreached ones, and
      // any that changed after they were sent) go out again.
      for (const record of report.operations) {
        const sent = this.timeline.get(record.seq);
        if (sent === record || (sent && JSON.stringify(sent) === JSON.stringify(record))) continue;
        this.timeline.update(record);
        this.operationEvents.add(record);
      }
    }
    for (const divergence of report.divergences) {
      const key = divergence.path ?? divergence.message;
      if (this.sentDivergences.has(key)) continue;
      this.sentDivergences.add(key);
      this.sendEvent(
        new Event(DIVERGENCE_EVENT, { message: divergence.message, divergence } satisfies DivergenceEventBody),
      );
    }
    const body: TimelineEventBody = batched
      ? { status: report.status, divergences: report.divergences }
      : { status: report.status, operations: report.operations, divergences: report.divergences };
    this.sendEvent(new Event(TIMELINE_EVENT, body));
    this.sendEvent(new OutputEvent(sessionSummary(report), "console"));
  }

  private async onPaused(inspector: InspectorSession, pause: InspectorPause): Promise<void> {
    if (inspector !== this.inspector) return;
    this.frames.clear();
    this.variables.reset();
    if (pause.durable) {
      this.timeline.update(pause.durable.record);
      if (this.rewind && pause.durable.reason !== "seq") return inspector.resume();
      this.rewind = undefined;
      return this.durableStop(pause.durable);
    }
    if (this.rewind) return inspector.resume();
    this.currentOperation = undefined;
    const event = pause.event;
    const hits = this.breakpoints.hit(event.hitBreakpoints ?? []);
    if (hits.length > 0) {
      let stops = false;
      for (const bp of hits) {
        bp.hits++;
        if (bp.hitCondition && !hitConditionAllows(bp.hitCondition, bp.hits)) continue;
        if (bp.logMessage) await this.logPoint(inspector, event.callFrames[0], bp.logMessage);
        else stops = true;
      }
      if (!stops) return pause.step ? this.reportStop("step") : inspector.resume();
      return this.reportStop("breakpoint", { hitBreakpointIds: hits.map((bp) => bp.id) });
    }
    if (pause.step) return this.reportStop("step");
    if (event.reason === "exception" || event.reason === "promiseRejection") {
      // Exceptions the host, the SDK or Node throw and handle themselves are not the user's business.
      if (inspector.frameKind(event.callFrames[0]) !== "user") return inspector.resume();
      const thrown = event.data as Protocol.Runtime.RemoteObject | undefined;
      const text = thrown ? describeRemote(thrown).split("\n")[0] : "Exception";
      return this.reportStop("exception", { text, description: `Paused on exception: ${text}` });
    }
    const requested = this.pauseRequested;
    this.pauseRequested = false;
    return this.reportStop(
      requested ? "pause" : "breakpoint",
      requested ? {} : { description: "Paused on a debugger statement" },
    );
  }

  /**
   * Marks, timeline and breakpoints must show every call made before a stop, even those the IPC stream has not
   * delivered yet.
   * Sent right after the stop, off the stepping path.
   */
  private async sendUnseenOperations(inspector: InspectorSession): Promise<void> {
    for (const record of (await this.hostRecords(inspector, this.timeline.size)) ?? []) {
      this.timeline.update(record);
      this.operationEvents.add(record);
      // A breakpoint in the body of a step replayed before this stop is unverified while the user looks at it.
      this.markReplayedBody(record);
    }
    // The user looks at the marks of a stop now, not after the next batch interval.
    this.operationEvents.flush();
  }

  private durableStop(event: BreakEvent, threadId = THREAD_ID): void {
    const record = event.record;
    this.currentOperation = record;
    switch (event.reason) {
      case "operation-breakpoint":
        return this.reportStop("function breakpoint", {
          description: event.description,
          threadId,
          hitBreakpointIds: event.breakpointId === undefined ? undefined : [event.breakpointId],
        });
      case "divergence": {
        this.sentDivergences.add(record.path);
        this.sendEvent(
          new Event(DIVERGENCE_EVENT, {
            message: event.description,
            record,
            ...(event.divergence ? { divergence: event.divergence } : {}),
          } satisfies DivergenceEventBody),
        );
        return this.reportStop("exception", { text: event.description, description: event.description, threadId });
      }
      case "step-operation": {
        const from = this.stepOperationFrom;
        this.stepOperationFrom = undefined;
        const inspector = this.inspector;
        if (inspector && from && record.callSite?.file === from.path && record.callSite.line === from.line) {
          void inspector
            .setControl({ breakOnNextOperation: true })
            .then(() => inspector.resume())
            .catch((error: unknown) => this.reportOf(inspector, error));
          return;
        }
        const entry = this.entryPending;
        this.entryPending = false;
        return this.reportStop(entry ? "entry" : "step", { description: event.description, threadId });
      }
      case "log-end":
        return this.reportStop("pause", { description: event.description, threadId });
      case "seq":
        return this.reportStop("step", { description: event.description, threadId });
    }
  }

  private reportStop(
    reason: string,
    extra: { text?: string; description?: string; hitBreakpointIds?: number[]; threadId?: number } = {},
  ): void {
    // The rule misreads this: StoppedEvent declares a body without the optional fields set below.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const stopped = new StoppedEvent(reason, extra.threadId ?? THREAD_ID, extra.text) as DebugProtocol.StoppedEvent;
    if (extra.description) stopped.body.description = extra.description;
    if (extra.hitBreakpointIds) stopped.body.hitBreakpointIds = extra.hitBreakpointIds;
    stopped.body.allThreadsStopped = true;
    this.sendEvent(stopped);
    const threadId = stopped.body.threadId ?? THREAD_ID;
    const inspector = this.inspector;
    if (!inspector) return this.sendPaused(threadId);
    if (inspector.isPaused)
      void this.sendUnseenOperations(inspector)
        .then(() => {
          if (inspector === this.inspector && inspector.isPaused) this.sendPaused(threadId);
        })
        .catch((error: unknown) => this.reportOf(inspector, error));
  }

  /** `durable/paused`: the operation of this stop, so the editor never has to guess it from the stack. */
  private sendPaused(threadId: number): void {
    const record = this.currentOperation ?? this.timeline.last();
    const body: PausedEventBody = record
      ? { threadId, seq: record.seq, id: record.id, ...(record.name !== undefined ? { name: record.name } : {}) }
      : { threadId };
    this.sendEvent(new Event(PAUSED_EVENT, body));
  }

  private async logPoint(
    inspector: InspectorSession,
    frame: Protocol.Debugger.CallFrame,
    message: string,
  ): Promise<void> {
    const parts = message.split(/(\{[^{}]+\})/);
    let text = "";
    for (const part of parts) {
      if (!/^\{[^{}]+\}$/.test(part)) {
        text += part;
        continue;
      }
      const { result, exceptionDetails } = await inspector.client.Debugger.evaluateOnCallFrame({
        callFrameId: frame.callFrameId,
        expression: part.slice(1, -1),
      });
      text += exceptionDetails
        ? `<${exceptionDetails.exception?.description?.split("\n")[0] ?? "error"}>`
        : plainText(result);
    }
    const location = this.scripts.toSource(frame.location);
    const output = new OutputEvent(`${text}\n`, "console") as DebugProtocol.OutputEvent;
    if (location) {
      output.body.source = new Source(basename(location.path), location.path);
      output.body.line = location.line;
    }
    this.sendEvent(output);
  }

  private onResumed(): void {
    this.frames.clear();
    this.variables.reset();
  }

  protected override async setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): Promise<void> {
    const path = args.source.path;
    if (!path) {
      response.body = {
        breakpoints: (args.breakpoints ?? []).map(() => ({ verified: false, message: "The source has no path." })),
      };
      return this.sendResponse(response);
    }
    const breakpoints = await this.breakpoints.set(this.inspector?.client, path, args.breakpoints ?? []);
    response.body = { breakpoints };
    this.sendResponse(response);
  }

  protected override async setFunctionBreakPointsRequest(
    response: DebugProtocol.SetFunctionBreakpointsResponse,
    args: DebugProtocol.SetFunctionBreakpointsArguments,
  ): Promise<void> {
    const filters: OperationBreakpoint[] = [];
    const breakpoints: DebugProtocol.Breakpoint[] = args.breakpoints.map((bp, index) => {
      const id = 1_000_000 + index;
      try {
        filters.push(parseOperationBreakpoint(id, bp.name));
        return { id, verified: true };
      } catch (error) {
        if (!(error instanceof OperationBreakpointError)) throw error;
        return { id, verified: false, message: error.message };
      }
    });
    this.operationBreakpoints = filters;
    if (this.python?.control) this.python.control.operationBreakpoints = filters;
    await this.inspector?.setControl({ operationBreakpoints: filters });
    response.body = { breakpoints };
    this.sendResponse(response);
  }

  protected override async setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): Promise<void> {
    this.exceptionMode = args.filters.includes("all") ? "all" : args.filters.includes("uncaught") ? "uncaught" : "none";
    await this.inspector?.setExceptionMode(this.exceptionMode);
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, "handler")] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(
    response: DebugProtocol.StackTraceResponse,
    args: DebugProtocol.StackTraceArguments,
  ): void {
    const inspector = this.inspector;
    const callFrames = inspector?.pausedEvent?.callFrames ?? [];
    const firstUser = callFrames.findIndex((frame) => inspector!.frameKind(frame) === "user");
    const shown = (firstUser < 0 ? callFrames : callFrames.slice(firstUser)).filter(
      (frame) => inspector!.frameKind(frame) !== "hidden",
    );
    const frames = shown.map((frame) => {
      const id = this.nextFrameId++;
      this.frames.set(id, frame);
      const location = this.scripts.toSource(frame.location);
      const library = inspector!.frameKind(frame) === "library";
      const name = frame.functionName || "<anonymous>";
      const stackFrame: DebugProtocol.StackFrame = location
        ? new StackFrame(id, name, new Source(basename(location.path), location.path), location.line, location.column)
        : new StackFrame(id, name);
      if (library) {
        stackFrame.presentationHint = "subtle";
        if (stackFrame.source) stackFrame.source.presentationHint = "deemphasize";
      }
      return stackFrame;
    });
    const start = args.startFrame ?? 0;
    const end = args.levels ? start + args.levels : frames.length;
    response.body = { stackFrames: frames.slice(start, end), totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const frame = this.frames.get(args.frameId);
    const scopes: DebugProtocol.Scope[] = (frame?.scopeChain ?? []).map((scope) => {
      const name = SCOPE_NAMES[scope.type] ?? scope.type;
      const result = new Scope(
        scope.name && scope.type === "closure" ? `${name} (${scope.name})` : name,
        this.variables.remote(scope.object.objectId!),
        scope.type === "global",
      );
      return result;
    });
    const durable = this.durableScope(0);
    const localIndex = scopes.findIndex((scope) => scope.name === "Local");
    scopes.splice(localIndex + 1, 0, durable);
    response.body = { scopes };
    this.sendResponse(response);
  }

  protected override async variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): Promise<void> {
    response.body = { variables: await this.variables.variables(this.inspector?.client, args.variablesReference) };
    this.sendResponse(response);
  }

  protected override async evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): Promise<void> {
    const inspector = this.inspector;
    if (!inspector) return this.sendErrorResponse(response, errorMessage(1002, "The handler is not running."));
    const member = args.context === "hover" ? hoveredMember(args.expression) : undefined;
    const file = member && sourceFile(args.source?.path);
    if (member && file && args.line !== undefined) {
      await this.syncTimeline();
      const calls = callsAt(this.timeline.all(), member, file, args.line);
      if (calls.length > 0) {
        response.body = durableCallHover(this.variables, calls);
        return this.sendResponse(response);
      }
    }
    const frame = args.frameId === undefined ? undefined : this.frames.get(args.frameId);
    const { result, exceptionDetails } = frame
      ? await inspector.client.Debugger.evaluateOnCallFrame({
          callFrameId: frame.callFrameId,
          expression: args.expression,
          throwOnSideEffect: args.context === "hover",
        })
      : await inspector.client.Runtime.evaluate({ expression: args.expression });
    if (exceptionDetails) {
      const message = exceptionDetails.exception?.description?.split("\n")[0] ?? exceptionDetails.text;
      return this.sendErrorResponse(response, errorMessage(1003, message));
    }
    const method = member && (await this.durableCallMethod(result));
    if (method) {
      response.body = unreachedCallHover(method);
      return this.sendResponse(response);
    }
    const variable = this.variables.remoteVariable(args.expression, result);
    response.body = { result: variable.value, type: variable.type, variablesReference: variable.variablesReference };
    this.sendResponse(response);
  }

  /** The SDK method a value stands in for, when it is one of the context proxy's functions. */
  private async durableCallMethod(value: Protocol.Runtime.RemoteObject): Promise<string | undefined> {
    if (value.type !== "function" || !value.objectId || !this.inspector) return undefined;
    const { result } = await this.inspector.client.Runtime.callFunctionOn({
      objectId: value.objectId,
      functionDeclaration: `function () { return this[Symbol.for(${JSON.stringify(DURABLE_CALL_KEY)})]; }`,
      returnByValue: true,
    });
    return typeof result.value === "string" ? result.value : undefined;
  }

  protected override async continueRequest(response: DebugProtocol.ContinueResponse): Promise<void> {
    this.currentOperation = undefined;
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    await this.inspector?.resume();
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): Promise<void> {
    return this.stepRequest(response, "next");
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): Promise<void> {
    return this.stepRequest(response, "stepIn");
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): Promise<void> {
    return this.stepRequest(response, "stepOut");
  }

  private async stepRequest(response: DebugProtocol.Response, kind: StepKind): Promise<void> {
    this.sendResponse(response);
    await this.inspector?.step(kind);
  }

  protected override async pauseRequest(response: DebugProtocol.PauseResponse): Promise<void> {
    this.pauseRequested = true;
    this.sendResponse(response);
    await this.inspector?.pause();
  }

  protected override async customRequest(
    command: string,
    response: DebugProtocol.Response,
    args: unknown,
  ): Promise<void> {
    if (command !== STEP_OPERATION_REQUEST) return super.customRequest(command, response, args);
    const python = this.python;
    if (python?.control) {
      python.control.breakOnNextOperation = true;
      this.sendResponse(response);
      this.currentOperation = undefined;
      await (await python.client).request("continue", { threadId: python.stoppedThread });
      return;
    }
    const inspector = this.inspector;
    if (!inspector) return this.sendErrorResponse(response, errorMessage(1004, "The handler is not running."));
    const top = this.currentOperation
      ? undefined
      : inspector.pausedEvent?.callFrames.find((frame) => inspector.frameKind(frame) === "user");
    const at = top && this.scripts.toSource(top.location);
    this.stepOperationFrom = at ? { path: at.path, line: at.line } : undefined;
    await inspector.setControl({ breakOnNextOperation: true });
    this.sendResponse(response);
    this.currentOperation = undefined;
    await inspector.resume();
  }

  /** The host's records from `from` on, read at a stop and completed like the stream's (recorded outcome, timing). */
  private async hostRecords(inspector: InspectorSession, from = 0): Promise<OperationRecord[] | undefined> {
    const replay = this.replay;
    const records = await inspector.readRecords(from);
    return replay ? records?.map((record) => replay.complete(record)) : records;
  }

  /** Brings the timeline up to the host's own records when the host offers them; false when it does not. */
  private async syncTimeline(): Promise<boolean> {
    const records = this.inspector?.isPaused ? await this.hostRecords(this.inspector) : undefined;
    for (const record of records ?? []) this.timeline.update(record);
    return records !== undefined;
  }

  protected override async stepBackRequest(response: DebugProtocol.StepBackResponse): Promise<void> {
    const exact = await this.syncTimeline();
    const from = this.currentOperation;
    let target = from ? this.timeline.before(from.seq)?.seq : this.timeline.last()?.seq;
    // Without the host's records the IPC stream may lag behind the stop; calls are numbered in call order, so the
    // call before a durable stop is the previous seq.
    if (!exact && from && from.seq > 0) target = Math.max(target ?? 0, from.seq - 1);
    return this.rewindTo(response, target, "There is no earlier durable operation to step back to.");
  }

  protected override async reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): Promise<void> {
    await this.syncTimeline();
    const from = this.currentOperation?.seq ?? Number.POSITIVE_INFINITY;
    const policy = {
      pauseAtLogEnd: false,
      breakOnDivergence: false,
      breakOnNextOperation: false,
      breakAtSeq: undefined,
      operationBreakpoints: this.operationBreakpoints,
    };
    const earlier = this.timeline.all().filter((r) => r.seq < from && isUserCall(r));
    const target =
      earlier.filter((r) => decideBreak(policy, r, { divergent: false, firstBeyondLog: false })).at(-1) ??
      earlier.at(-1);
    return this.rewindTo(response, target?.seq, "There is no earlier durable operation to go back to.");
  }

  /** Reverse execution: restart the host and replay deterministically up to the call numbered `seq`. */
  private async rewindTo(response: DebugProtocol.Response, seq: number | undefined, none: string): Promise<void> {
    if (seq === undefined || !this.settings) return this.sendErrorResponse(response, errorMessage(1005, none));
    this.sendResponse(response);
    const id = this.timeline.all().find((record) => record.seq === seq)?.id;
    this.rewind = { seq, ...(id !== undefined ? { id } : {}) };
    this.currentOperation = undefined;
    await this.stopHost();
    try {
      await this.startHost(seq);
      await this.inspector?.resume();
    } catch (error) {
      this.rewind = undefined;
      this.reportInternal(error);
    }
  }

  protected override async restartRequest(response: DebugProtocol.RestartResponse): Promise<void> {
    await this.stopHost();
    this.currentOperation = undefined;
    this.entryPending = this.settings?.stopOnEntry ?? false;
    try {
      await this.startHost(undefined);
      await this.inspector?.resume();
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, errorMessage(1006, oneSentence(error)));
    }
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    this.discardStandby();
    await this.stopHost();
    this.sendResponse(response);
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    this.discardStandby();
    await this.stopHost();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  /**
   * A failure talking to a host's inspector, unless that host is gone: disconnect, restart and step back close its
   * socket under requests still on their way, which is no failure the user needs to read about.
   */
  private reportOf(inspector: InspectorSession, error: unknown): void {
    if (inspector === this.inspector) this.reportInternal(error);
  }

  private reportInternal(error: unknown): void {
    this.sendEvent(new OutputEvent(`Durable Replay: ${oneSentence(error)}\n`, "stderr"));
  }
}

function isPythonHandler(file: string): boolean {
  return file.toLowerCase().endsWith(".py");
}

/** The message of a failure, without a stack. */
function oneSentence(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A DAP error message carrying `text` verbatim (DAP formats `{name}` placeholders, so the text goes in a variable). */
function errorMessage(id: number, text: string): DebugProtocol.Message {
  return { id, format: "{_reason}", variables: { _reason: text }, showUser: true };
}

function plainText(object: Protocol.Runtime.RemoteObject): string {
  return object.type === "string" ? String(object.value) : describeRemote(object);
}
