// Line breakpoints (with conditions, hit counts and log messages) mapped onto inspector breakpoints, in plain JS
// files by URL and in source-mapped files (TypeScript) per loaded script.
import { extname } from "node:path";
import { pathToFileURL } from "node:url";
import type CDP from "chrome-remote-interface";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { LoadedScript, ScriptRegistry } from "./scripts";

export interface LineBreakpoint {
  id: number;
  path: string;
  line: number;
  column?: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
  hits: number;
  /** Source line where the inspector actually bound it, once it did. */
  boundLine?: number;
  /** Inspector breakpoint ids; with the script each per-script id was set in. */
  cdpIds: Map<string, string | undefined>;
  /** Why it can never hit (it sits in the body of a step the log replays), once known. */
  unreachable?: string;
}

const JS_EXTENSIONS = new Set([".js", ".cjs", ".mjs"]);
const HIT_CONDITION = /^\s*(>=|<=|==|=|>|<|%)?\s*(\d+)\s*$/;

/** Whether a hit condition (`5`, `>=5`, `==5`, `%2`, ...) lets the `hits`-th hit stop; a bare number means `>=`. */
export function hitConditionAllows(condition: string, hits: number): boolean {
  const match = HIT_CONDITION.exec(condition);
  if (!match) return true;
  const n = Number(match[2]);
  switch (match[1] ?? ">=") {
    case ">":
      return hits > n;
    case "<":
      return hits < n;
    case "<=":
      return hits <= n;
    case "==":
    case "=":
      return hits === n;
    case "%":
      return n > 0 && hits % n === 0;
    default:
      return hits >= n;
  }
}

export class LineBreakpoints {
  private readonly byPath = new Map<string, LineBreakpoint[]>();
  private readonly byCdpId = new Map<string, LineBreakpoint>();
  /** Lines that never run in this session (replayed step bodies), by file, with the reason. */
  private readonly deadLines = new Map<string, Array<{ from: number; to: number; reason: string }>>();
  private nextId = 1;

  constructor(
    private readonly scripts: ScriptRegistry,
    private readonly changed: (breakpoint: DebugProtocol.Breakpoint) => void,
  ) {}

  /** Replaces the breakpoints of one source file; binds them now where their scripts are loaded. */
  async set(
    client: CDP.Client | undefined,
    path: string,
    requested: DebugProtocol.SourceBreakpoint[],
  ): Promise<DebugProtocol.Breakpoint[]> {
    for (const old of this.byPath.get(path) ?? []) await this.unbind(client, old);
    const breakpoints = requested.map((bp): LineBreakpoint => ({
      id: this.nextId++,
      path,
      line: bp.line,
      column: bp.column,
      condition: bp.condition || undefined,
      hitCondition: bp.hitCondition || undefined,
      logMessage: bp.logMessage || undefined,
      hits: 0,
      cdpIds: new Map(),
    }));
    this.byPath.set(path, breakpoints);
    for (const bp of breakpoints) bp.unreachable = this.deadReason(path, bp.line);
    if (client) for (const bp of breakpoints) await this.bind(client, bp);
    return breakpoints.map((bp) => this.toDap(bp));
  }

  /** Binds every breakpoint again in a new host process (restart, step back). */
  async rebindAll(client: CDP.Client): Promise<void> {
    this.byCdpId.clear();
    for (const bp of this.all()) {
      bp.cdpIds.clear();
      bp.hits = 0;
      await this.bind(client, bp);
    }
  }

  /** Binds breakpoints of the sources a newly loaded, source-mapped script covers (before it runs). */
  async bindScript(client: CDP.Client, script: LoadedScript): Promise<void> {
    const sources = this.scripts.loadSourceMap(script);
    for (const path of sources) {
      for (const bp of this.byPath.get(path) ?? []) {
        if (!bp.cdpIds.has(script.scriptId) && this.bindsPerScript(bp, script))
          await this.bindInScript(client, bp, script);
      }
    }
  }

  /** The inspector resolved a by-URL breakpoint in a script that just loaded. */
  resolved(cdpId: string, location: { scriptId: string; lineNumber: number; columnNumber?: number }): void {
    const bp = this.byCdpId.get(cdpId);
    if (!bp) return;
    const wasBound = bp.boundLine !== undefined;
    bp.boundLine = this.scripts.toSource(location)?.line ?? location.lineNumber + 1;
    if (!wasBound) this.changed(this.toDap(bp));
  }

  /** DAP breakpoints behind the inspector breakpoints a pause reports. */
  hit(cdpIds: readonly string[]): LineBreakpoint[] {
    return [...new Set(cdpIds.flatMap((id) => this.byCdpId.get(id) ?? []))];
  }

  private all(): LineBreakpoint[] {
    return [...this.byPath.values()].flat();
  }

  private bindsByUrl(bp: LineBreakpoint): boolean {
    return JS_EXTENSIONS.has(extname(bp.path));
  }

  private bindsPerScript(bp: LineBreakpoint, script: LoadedScript): boolean {
    return !(this.bindsByUrl(bp) && script.path === bp.path);
  }

  private async bind(client: CDP.Client, bp: LineBreakpoint): Promise<void> {
    if (this.bindsByUrl(bp)) {
      try {
        const { breakpointId, locations } = await client.Debugger.setBreakpointByUrl({
          url: pathToFileURL(bp.path).href,
          lineNumber: bp.line - 1,
          columnNumber: bp.column === undefined ? undefined : bp.column - 1,
          condition: bp.condition,
        });
        bp.cdpIds.set(breakpointId, undefined);
        this.byCdpId.set(breakpointId, bp);
        if (locations[0]) this.resolved(breakpointId, locations[0]);
      } catch {
        // The inspector refuses duplicates at one location; the first breakpoint there already stops.
      }
    }
    for (const script of this.scripts.scriptsFor(bp.path)) {
      if (this.bindsPerScript(bp, script)) await this.bindInScript(client, bp, script);
    }
  }

  private async bindInScript(client: CDP.Client, bp: LineBreakpoint, script: LoadedScript): Promise<void> {
    const location = this.scripts.toGenerated(script, bp);
    if (!location) return;
    try {
      const { breakpointId, actualLocation } = await client.Debugger.setBreakpoint({
        location,
        condition: bp.condition,
      });
      bp.cdpIds.set(breakpointId, script.scriptId);
      this.byCdpId.set(breakpointId, bp);
      this.resolved(breakpointId, actualLocation);
    } catch {
      // No breakable code at that line in this script: the breakpoint stays unverified.
    }
  }

  private async unbind(client: CDP.Client | undefined, bp: LineBreakpoint): Promise<void> {
    for (const cdpId of bp.cdpIds.keys()) {
      this.byCdpId.delete(cdpId);
      await client?.Debugger.removeBreakpoint({ breakpointId: cdpId }).catch(() => undefined);
    }
    bp.cdpIds.clear();
  }

  /** Lines `from`..`to` of `path` never run (a replayed step's body): its breakpoints say so, unless one was hit. */
  markDead(path: string, from: number, to: number, reason: string): void {
    const ranges = this.deadLines.get(path) ?? [];
    if (ranges.some((r) => r.from === from && r.to === to)) return;
    ranges.push({ from, to, reason });
    this.deadLines.set(path, ranges);
    for (const bp of this.byPath.get(path) ?? []) {
      if (bp.unreachable || bp.hits > 0 || bp.line < from || bp.line > to) continue;
      bp.unreachable = reason;
      this.changed(this.toDap(bp));
    }
  }

  private deadReason(path: string, line: number): string | undefined {
    return this.deadLines.get(path)?.find((r) => line >= r.from && line <= r.to)?.reason;
  }

  private toDap(bp: LineBreakpoint): DebugProtocol.Breakpoint {
    if (bp.unreachable)
      return { id: bp.id, verified: false, line: bp.line, source: { path: bp.path }, message: bp.unreachable };
    return {
      id: bp.id,
      verified: bp.boundLine !== undefined,
      line: bp.boundLine ?? bp.line,
      source: { path: bp.path },
      message: bp.boundLine === undefined ? "Not bound yet: the script has not loaded." : undefined,
    };
  }
}
