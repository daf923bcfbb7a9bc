// One inspector (CDP) connection to one host process: scripts and source maps, breakpoint binding before modules
// run, skipping of SDK/host/Node frames when stepping, and recognition of the host's durable stops.
import { EventEmitter } from "node:events";
import CDP from "chrome-remote-interface";
import type Protocol from "devtools-protocol";
import { DURABLE_BREAK_FUNCTION } from "../protocol/dap";
import type { BreakControl, BreakEvent } from "../protocol/host";
import type { OperationRecord } from "../protocol/operations";
import { withParsedResults } from "../replay/engine/payloads";
import type { LineBreakpoints } from "./breakpoints";
import type { ScriptRegistry } from "./scripts";
import { ALWAYS_SKIPPED_URL_PATTERNS, SkipFiles } from "./skipFiles";

export type StepKind = "next" | "stepIn" | "stepOut";
export type ExceptionMode = "none" | "uncaught" | "all";

export interface InspectorPause {
  event: Protocol.Debugger.PausedEvent;
  /** Set when the host stopped in `durableReplayBreak`. */
  durable?: BreakEvent;
  /** The step that ended here, if any. */
  step?: StepKind;
}

/** How a frame is shown: the user's code, a de-emphasized library frame, or not at all. */
export type FrameKind = "user" | "library" | "hidden";

/** Every module file outside node_modules (the user's code), by inspector URL. */
const USER_MODULE_URL = "^file://(?!.*/node_modules/).*\\.(ts|mts|cts|tsx|js|mjs|cjs)$";

// Merges into the host's policy object so values set before the host ran survive its own initialization.
const CONTROL_SCRIPT = (patch: Partial<BreakControl>): string =>
  `(() => { const d = (globalThis.__durableReplay ??= {}); d.control = Object.assign(d.control ?? {}, ${JSON.stringify(patch)}); })()`;

export interface InspectorSessionEvents {
  paused: [InspectorPause];
  resumed: [];
  disconnected: [];
}

export class InspectorSession extends EventEmitter<InspectorSessionEvents> {
  private hostScriptId: string | undefined;
  private started: (() => void) | undefined;
  private readonly startedPromise: Promise<void>;
  private current: Protocol.Debugger.PausedEvent | undefined;
  /** The step in progress; `leaving` while it first steps out of skipped frames above the user's frame. */
  /** `origin`: the user's line the step started from (the call line of a durable stop). */
  private stepping: { kind: StepKind; leaving: boolean; origin?: Protocol.Debugger.Location } | undefined;
  private closed = false;
  private moduleEntryBreakpoint: string | undefined;
  /** The policy fields this adapter set before the host ran; written again when the first user module loads, as the
   * host installs its own policy object in between. */
  private readonly control: Partial<BreakControl> = {};
  private controlRestored = false;

  private constructor(
    readonly client: CDP.Client,
    private readonly scripts: ScriptRegistry,
    private readonly breakpoints: LineBreakpoints,
    private readonly skip: SkipFiles,
  ) {
    super();
    this.startedPromise = new Promise((resolve) => (this.started = resolve));
  }

  /** Connects to a host started with `--inspect-brk` and lets it run to its first statement. */
  static async connect(
    url: string,
    scripts: ScriptRegistry,
    breakpoints: LineBreakpoints,
    skip: SkipFiles,
    exceptions: ExceptionMode,
  ): Promise<InspectorSession> {
    const client = await CDP({ target: url, local: true });
    const session = new InspectorSession(client, scripts, breakpoints, skip);
    client.on("disconnect", () => session.disconnected());
    client.Debugger.on("scriptParsed", (event) => session.scriptParsed(event));
    client.Debugger.on("breakpointResolved", (event) => breakpoints.resolved(event.breakpointId, event.location));
    client.Debugger.on("paused", (event) => void session.onPaused(event).catch(() => undefined));
    client.Debugger.on("resumed", () => session.onResumed());
    await client.Debugger.enable({});
    await client.Debugger.setBlackboxPatterns({ patterns: ALWAYS_SKIPPED_URL_PATTERNS });
    // Node compiles CommonJS modules as functions, which instrumentation breakpoints do not see: a breakpoint on the
    // first line of every module outside node_modules stops each one after parsing, before its code runs.
    session.moduleEntryBreakpoint = (
      await client.Debugger.setBreakpointByUrl({ urlRegex: USER_MODULE_URL, lineNumber: 0 })
    ).breakpointId;
    await client.Debugger.setPauseOnExceptions({ state: exceptions });
    await client.Runtime.enable();
    await client.Runtime.runIfWaitingForDebugger();
    await session.startedPromise;
    return session;
  }

  get isPaused(): boolean {
    return this.current !== undefined;
  }

  get pausedEvent(): Protocol.Debugger.PausedEvent | undefined {
    return this.current;
  }

  /** Writes part of the host's break policy (works while paused). */
  async setControl(patch: Partial<BreakControl>): Promise<void> {
    Object.assign(this.control, patch);
    await this.client.Runtime.evaluate({ expression: CONTROL_SCRIPT(patch) });
  }

  frameKind(frame: Protocol.Debugger.CallFrame): FrameKind {
    const script = this.scripts.get(frame.location.scriptId);
    if (!script || frame.location.scriptId === this.hostScriptId || script.url.startsWith("node:")) return "hidden";
    if (SkipFiles.isAlwaysSkipped(script.url) || this.skip.matchesConfigured(script.url, script.path)) return "library";
    return "user";
  }

  /** The host's own records from `from` on, read in step with the pause (the IPC stream may lag behind a stop), with results parsed. */
  async readRecords(from = 0): Promise<OperationRecord[] | undefined> {
    const { result } = await this.client.Runtime.evaluate({
      expression: `globalThis.__durableReplay?.records?.(${Math.max(0, Math.floor(from))})`,
      returnByValue: true,
    });
    return Array.isArray(result.value) ? (result.value as OperationRecord[]).map(withParsedResults) : undefined;
  }

  async resume(): Promise<void> {
    this.stepping = undefined;
    if (this.current) await this.client.Debugger.resume({});
  }

  async pause(): Promise<void> {
    if (!this.current) await this.client.Debugger.pause();
  }

  /** Steps in the user's frame: first out of the host/SDK frames a durable stop leaves on top of it. */
  async step(kind: StepKind): Promise<void> {
    const top = this.current?.callFrames[0];
    if (!top) return;
    const leaving = this.frameKind(top) !== "user";
    const origin = this.current?.callFrames.find((frame) => this.frameKind(frame) === "user")?.location;
    this.stepping = { kind, leaving, ...(origin ? { origin } : {}) };
    await (leaving ? this.client.Debugger.stepOut() : this.issue(kind));
  }

  async setExceptionMode(mode: ExceptionMode): Promise<void> {
    await this.client.Debugger.setPauseOnExceptions({ state: mode });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.close().catch(() => undefined);
  }

  private issue(kind: StepKind): Promise<void> {
    if (kind === "next") return this.client.Debugger.stepOver({});
    if (kind === "stepIn") return this.client.Debugger.stepInto({});
    return this.client.Debugger.stepOut();
  }

  private scriptParsed(event: Protocol.Debugger.ScriptParsedEvent): void {
    const script = this.scripts.add(event);
    // Sent at once (not awaited) so it reaches the inspector before any later step command.
    if (this.skip.matchesConfigured(script.url, script.path)) {
      void this.client.Debugger.setBlackboxedRanges({
        scriptId: script.scriptId,
        positions: [{ lineNumber: 0, columnNumber: 0 }],
      }).catch(() => undefined);
    }
  }

  /** Blackboxes the host bundle except the `debugger;` statement of `durableReplayBreak`. */
  private async blackboxHost(scriptId: string): Promise<void> {
    const { scriptSource } = await this.client.Debugger.getScriptSource({ scriptId });
    const lines = scriptSource.split("\n");
    const fn = lines.findIndex((line) => line.includes(`function ${DURABLE_BREAK_FUNCTION}(`));
    const stop = fn < 0 ? -1 : lines.findIndex((line, index) => index >= fn && /\bdebugger\b/.test(line));
    const positions =
      stop < 0
        ? [{ lineNumber: 0, columnNumber: 0 }]
        : [
            { lineNumber: 0, columnNumber: 0 },
            { lineNumber: stop, columnNumber: 0 },
            { lineNumber: stop + 1, columnNumber: 0 },
          ];
    await this.client.Debugger.setBlackboxedRanges({ scriptId, positions });
  }

  private async onPaused(event: Protocol.Debugger.PausedEvent): Promise<void> {
    const top = event.callFrames[0];
    if (this.hostScriptId === undefined) {
      // `--inspect-brk` stops before the host's first statement: the host bundle is the script on top.
      this.hostScriptId = top.location.scriptId;
      await this.blackboxHost(this.hostScriptId);
      this.current = event;
      this.started?.();
      return;
    }
    event.hitBreakpoints ??= [];
    if (this.moduleEntryBreakpoint !== undefined && event.hitBreakpoints.includes(this.moduleEntryBreakpoint)) {
      const script = this.scripts.get(top.location.scriptId);
      if (script && script.scriptId !== this.hostScriptId) {
        if (!this.controlRestored) {
          this.controlRestored = true;
          await this.client.Runtime.evaluate({ expression: CONTROL_SCRIPT(this.control) });
        }
        await this.breakpoints.bindScript(this.client, script);
      }
      event.hitBreakpoints = event.hitBreakpoints.filter((id) => id !== this.moduleEntryBreakpoint);
      if (event.hitBreakpoints.length === 0 && !this.stepping) {
        await this.client.Debugger.resume({});
        return;
      }
    }
    this.current = event;
    if (top.functionName === DURABLE_BREAK_FUNCTION) {
      const step = this.stepping?.kind;
      this.stepping = undefined;
      this.emit("paused", { event, durable: await this.readBreakEvent(top), step });
      return;
    }
    if (this.stepping && this.frameKind(top) !== "user" && event.hitBreakpoints.length === 0) {
      const userBelow = event.callFrames.some((frame) => this.frameKind(frame) === "user");
      await (userBelow ? this.client.Debugger.stepOut() : this.resume());
      return;
    }
    if (this.stepping?.leaving && event.hitBreakpoints.length === 0) {
      this.stepping.leaving = false;
      // Stepping out of the skipped frames lands mid-call in the user's frame, where the step goes on; a step out is
      // then complete, and so is any step that landed on another line: an awaited durable call resumes its caller at
      // the next statement, which the step must not run.
      const origin = this.stepping.origin;
      const sameLine =
        origin === undefined ||
        (origin.scriptId === top.location.scriptId && origin.lineNumber === top.location.lineNumber);
      if (this.stepping.kind !== "stepOut" && sameLine) {
        await this.issue(this.stepping.kind);
        return;
      }
    }
    const step = this.stepping?.kind;
    this.stepping = undefined;
    this.emit("paused", { event, step });
  }

  private onResumed(): void {
    this.current = undefined;
    this.emit("resumed");
  }

  private async readBreakEvent(frame: Protocol.Debugger.CallFrame): Promise<BreakEvent | undefined> {
    const { result } = await this.client.Debugger.evaluateOnCallFrame({
      callFrameId: frame.callFrameId,
      expression: "event",
      returnByValue: true,
    });
    return result.value as BreakEvent | undefined;
  }

  private disconnected(): void {
    this.current = undefined;
    if (!this.closed) this.emit("disconnected");
  }
}
