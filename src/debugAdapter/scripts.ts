// Scripts the inspector reported, with their source maps, and the mapping between generated (inspector) positions
// and the user's source positions.
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  GREATEST_LOWER_BOUND,
  LEAST_UPPER_BOUND,
  TraceMap,
  generatedPositionFor,
  originalPositionFor,
} from "@jridgewell/trace-mapping";
import type Protocol from "devtools-protocol";

export interface LoadedScript {
  scriptId: string;
  url: string;
  /** File path for `file:` URLs and absolute paths; undefined for `node:` and eval scripts. */
  path?: string;
  sourceMapURL?: string;
  /** Loaded on demand; null when the script has none or it could not be read. */
  map?: TraceMap | null;
  /** Absolute paths of the original sources of the map. */
  sources: string[];
}

/** A 1-based line and column in a file. */
export interface SourcePosition {
  path: string;
  line: number;
  column: number;
}

/** A 0-based inspector location. */
export type ScriptLocation = Protocol.Debugger.Location;

function urlToPath(url: string): string | undefined {
  if (url.startsWith("file://")) return fileURLToPath(url);
  return isAbsolute(url) ? url : undefined;
}

function readMap(script: LoadedScript): TraceMap | null {
  const ref = script.sourceMapURL;
  if (!ref || !script.path) return null;
  try {
    const inline = /^data:application\/json[^,]*?(;base64)?,/.exec(ref);
    let text: string;
    if (inline) {
      const body = ref.slice(inline[0].length);
      text = inline[1] ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
    } else {
      text = readFileSync(ref.startsWith("file://") ? fileURLToPath(ref) : resolve(dirname(script.path), ref), "utf8");
    }
    return new TraceMap(text, script.path);
  } catch {
    // A missing or malformed source map leaves the script debuggable in generated coordinates.
    return null;
  }
}

export class ScriptRegistry {
  private readonly scripts = new Map<string, LoadedScript>();

  add(event: Protocol.Debugger.ScriptParsedEvent): LoadedScript {
    const script: LoadedScript = {
      scriptId: event.scriptId,
      url: event.url,
      path: urlToPath(event.url),
      sourceMapURL: event.sourceMapURL || undefined,
      sources: [],
    };
    this.scripts.set(event.scriptId, script);
    return script;
  }

  get(scriptId: string): LoadedScript | undefined {
    return this.scripts.get(scriptId);
  }

  clear(): void {
    this.scripts.clear();
  }

  /** Reads the script's source map once; returns the original sources it covers. */
  loadSourceMap(script: LoadedScript): string[] {
    if (script.map === undefined) {
      script.map = readMap(script);
      script.sources = (script.map?.resolvedSources ?? []).flatMap((source) => {
        const path = source ? urlToPath(source) : undefined;
        return path ? [path] : [];
      });
    }
    return script.sources;
  }

  /** Scripts whose own file is `path` or whose source map covers `path`. */
  scriptsFor(path: string): LoadedScript[] {
    return [...this.scripts.values()].filter((script) => script.path === path || script.sources.includes(path));
  }

  /** Where an inspector location is in the user's sources (through the source map when there is one). */
  toSource(location: ScriptLocation): SourcePosition | undefined {
    const script = this.scripts.get(location.scriptId);
    if (!script?.path) return undefined;
    this.loadSourceMap(script);
    const column = location.columnNumber ?? 0;
    if (script.map) {
      const needle = { line: location.lineNumber + 1, column };
      let original = originalPositionFor(script.map, { ...needle, bias: GREATEST_LOWER_BOUND });
      if (original.source === null) original = originalPositionFor(script.map, { ...needle, bias: LEAST_UPPER_BOUND });
      const path = original.source === null ? undefined : urlToPath(original.source);
      if (path && original.line !== null) return { path, line: original.line, column: original.column + 1 };
    }
    return { path: script.path, line: location.lineNumber + 1, column: column + 1 };
  }

  /** Inspector location of a 1-based source line in one script, or undefined when that line has no code there. */
  toGenerated(
    script: LoadedScript,
    position: { path: string; line: number; column?: number },
  ): ScriptLocation | undefined {
    this.loadSourceMap(script);
    if (script.map && script.sources.includes(position.path)) {
      const sourceIndex = script.sources.indexOf(position.path);
      const source = script.map.resolvedSources[sourceIndex];
      const generated = generatedPositionFor(script.map, {
        source,
        line: position.line,
        column: (position.column ?? 1) - 1,
        bias: LEAST_UPPER_BOUND,
      });
      if (generated.line === null) return undefined;
      return { scriptId: script.scriptId, lineNumber: generated.line - 1, columnNumber: generated.column };
    }
    if (script.path !== position.path) return undefined;
    return { scriptId: script.scriptId, lineNumber: position.line - 1, columnNumber: (position.column ?? 1) - 1 };
  }
}
