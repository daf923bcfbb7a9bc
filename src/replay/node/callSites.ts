// Where the user's code made a durable call, in the user's own source coordinates (TS lines for TS handlers).
// Stacks are captured as V8 CallSite objects (cheap) and mapped through source maps lazily, once per position.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import type { SourceLocation } from "../../protocol/operations";
import { isTypeScript, moduleFormat, transpile } from "./transpile";

interface RawSite {
  file: string;
  line: number;
  column: number;
}

const maps = new Map<string, TraceMap | null>();
/** Mapped positions by generated file, then by line and column as one number. */
const mapped = new Map<string, Map<number, SourceLocation>>();

/** The sources may have changed before the host's next replay. */
export function forgetSourceMaps(): void {
  maps.clear();
  mapped.clear();
}

const INLINE_MAP = /\/\/[#@] sourceMappingURL=data:application\/json(?:;charset=[\w-]+)?;base64,([A-Za-z0-9+/=]+)\s*$/m;
const FILE_MAP = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/m;

/**
 * The map of a TS file is the one our transpiler produces (deterministic, so computed again here rather than shipped
 * from the ESM loader thread); a plain JS file may carry its own (e.g. compiled with tsc). Found once per file.
 */
function mapFor(file: string): TraceMap | null {
  const cached = maps.get(file);
  if (cached !== undefined) return cached;
  let map: TraceMap | null = null;
  try {
    const text = readFileSync(file, "utf8");
    const inline = INLINE_MAP.exec(text);
    if (isTypeScript(file)) map = new TraceMap(transpile(file, text, moduleFormat(file)).map);
    else if (inline) map = new TraceMap(Buffer.from(inline[1], "base64").toString("utf8"));
    else {
      const ref = FILE_MAP.exec(text);
      const mapFile = ref ? resolve(dirname(file), ref[1]) : undefined;
      if (mapFile && existsSync(mapFile)) map = new TraceMap(readFileSync(mapFile, "utf8"), mapFile);
    }
  } catch {
    map = null;
  }
  maps.set(file, map);
  return map;
}

function toPath(fileName: string): string {
  return fileName.startsWith("file://") ? fileURLToPath(fileName) : fileName;
}

/** Frames that are never the user's: Node internals, the SDK, and this host. */
export function isInfrastructure(file: string): boolean {
  return (
    file.startsWith("node:") ||
    file.includes("/node_modules/@aws/durable-execution-sdk-js/") ||
    file === hostBundle ||
    !isAbsolute(file)
  );
}

const hostBundle = toPath(__filename);

const structured = (_error: Error, frames: NodeJS.CallSite[]): NodeJS.CallSite[] => frames;

function frames(below: Function, depth: number): NodeJS.CallSite[] {
  const original = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  Error.prepareStackTrace = structured;
  Error.stackTraceLimit = depth;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  Error.captureStackTrace(holder, below);
  const stack = holder.stack ?? [];
  Error.prepareStackTrace = original;
  Error.stackTraceLimit = limit;
  return stack;
}

/** The first user frame above `below` (the function the user called), unmapped. */
export function captureRawSite(below: Function): RawSite | undefined {
  // The caller is almost always the user's line: a shallow stack is cheap, a deep one is the fallback.
  return firstUserFrame(frames(below, 1)) ?? firstUserFrame(frames(below, 30));
}

function firstUserFrame(stack: NodeJS.CallSite[]): RawSite | undefined {
  for (const frame of stack) {
    const name = frame.getFileName();
    if (!name) continue;
    const file = toPath(name);
    if (isInfrastructure(file)) continue;
    return { file, line: frame.getLineNumber() ?? 1, column: frame.getColumnNumber() ?? 1 };
  }
  return undefined;
}

/** Maps a generated position to the original source (1-based line and column in, and out). */
export function toSourceLocation(site: RawSite): SourceLocation {
  let inFile = mapped.get(site.file);
  if (!inFile) mapped.set(site.file, (inFile = new Map<number, SourceLocation>()));
  // One number per position (exact below 2^26 columns, even in minified code): no key string per call.
  const key = site.line * 2 ** 26 + site.column;
  const hit = inFile.get(key);
  if (hit) return hit;
  let location: SourceLocation = { file: site.file, line: site.line, column: site.column };
  const map = mapFor(site.file);
  if (map) {
    const original = originalPositionFor(map, { line: site.line, column: site.column - 1 });
    if (original.source && original.line !== null) {
      const source = original.source.startsWith("file://") ? fileURLToPath(original.source) : original.source;
      location = {
        file: isAbsolute(source) ? source : resolve(dirname(site.file), source),
        line: original.line,
        column: (original.column ?? 0) + 1,
      };
    }
  }
  inFile.set(key, location);
  return location;
}
