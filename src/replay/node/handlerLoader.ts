// Loads the user's handler module (JS or TS, CommonJS or ESM) with the user's own SDK, patched so that every
// `withDurableExecution(...)` hands us the user's handler to instrument.
import { existsSync, readFileSync, statSync } from "node:fs";
import Module, { createRequire, register } from "node:module";
import { basename, dirname, join, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { isTypeScript, moduleFormat, transpile, transpileAhead, type ModuleFormat } from "./transpile";
import { aliasCandidates } from "./tsconfigPaths";

const SDK = "@aws/durable-execution-sdk-js";

/** A handler problem the user must fix; its message is one sentence. */
export class HandlerLoadError extends Error {}

export type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;
export type Instrument = (userHandler: Function) => Function;

export interface LoadedHandler {
  handler: LambdaHandler;
  sdkVersion?: string;
  format: ModuleFormat;
}

interface EsbuildFailure {
  errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }>;
}

function installTypeScriptRequireHook(): void {
  const extensions = (Module as unknown as { _extensions: Record<string, (m: unknown, f: string) => void> })
    ._extensions;
  const compile = (module: unknown, filename: string): void => {
    const { code } = transpile(filename, readFileSync(filename, "utf8"), "commonjs");
    (module as { _compile(code: string, filename: string): void })._compile(code, filename);
  };
  for (const ext of [".ts", ".cts", ".tsx"]) extensions[ext] = compile;
}

type ResolveFilename = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
let aliasesInstalled = false;

/** CommonJS imports that Node cannot resolve get a second try through the importing file's tsconfig `paths`. */
function installTsconfigPathsHook(): void {
  if (aliasesInstalled) return;
  aliasesInstalled = true;
  const moduleStatics = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = moduleStatics._resolveFilename;
  moduleStatics._resolveFilename = function (request, parent, ...rest) {
    try {
      return original.call(this, request, parent, ...rest);
    } catch (error) {
      for (const candidate of parent?.filename ? aliasCandidates(request, parent.filename) : []) {
        try {
          return original.call(this, candidate, parent, ...rest);
        } catch {
          // The next candidate, or the original error.
        }
      }
      throw error;
    }
  };
}

function sdkVersionAt(entry: string): string | undefined {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const pkgFile = join(dir, "package.json");
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as { name?: string; version?: string };
    if (pkg.name === SDK) return pkg.version;
  }
  return undefined;
}

function describeLoadFailure(file: string, error: unknown): string {
  const first = (error as EsbuildFailure).errors?.[0];
  if (first) {
    const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}` : file;
    return `${where}: ${first.text}`;
  }
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return `Could not load ${file}: ${message}`;
}

/** The SDK's own `withDurableExecution`, kept when the exports object is patched, so a later load wraps it once. */
const sdkOriginals = new WeakMap<object, Function>();

/**
 * Before the host loads a handler again: the user's own CommonJS modules are evaluated afresh (module state starts
 * clean, edits are seen); packages under node_modules stay loaded, as in a warm Lambda container.
 */
export function forgetUserModules(): void {
  const packaged = `${sep}node_modules${sep}`;
  for (const file of Object.keys(require.cache)) {
    if (!file.includes(packaged) && file !== require.main?.filename) delete require.cache[file];
  }
}

export async function loadHandler(file: string, exportName: string, instrument: Instrument): Promise<LoadedHandler> {
  if (!existsSync(file)) throw new HandlerLoadError(`Handler file not found: ${file}`);
  if (!statSync(file).isFile()) throw new HandlerLoadError(`Handler path is not a file: ${file}`);

  const format = moduleFormat(file);
  const ahead =
    isTypeScript(file) && format === "commonjs" ? transpileAhead(file, readFileSync(file, "utf8"), format) : undefined;
  ahead?.catch(() => undefined); // a syntax error is reported by the require hook, with its location
  const userRequire = createRequire(file);
  let sdkEntry: string;
  try {
    sdkEntry = userRequire.resolve(SDK);
  } catch {
    throw new HandlerLoadError(
      `Cannot find ${SDK} from ${dirname(file)}: install it in the handler's project (npm install ${SDK}).`,
    );
  }

  const wrapped = new WeakSet<Function>();
  const wrap = (original: Function): Function =>
    function withDurableExecution(this: unknown, userHandler: Function, ...rest: unknown[]) {
      const lambdaHandler = original.call(this, instrument(userHandler), ...rest) as Function;
      wrapped.add(lambdaHandler);
      return lambdaHandler;
    };
  // CommonJS user code reads the SDK's exports object, whose properties are writable; ESM user code gets a shim
  // module from the loader hooks that asks this global for the wrapper.
  const cjsSdk = userRequire(SDK) as Record<string, unknown>;
  // Stack traces in the user's TS lines; switched on after the SDK loaded, so Node does not parse the SDK's big map.
  process.setSourceMapsEnabled(true);
  let original = sdkOriginals.get(cjsSdk);
  if (!original) {
    original = cjsSdk.withDurableExecution as Function;
    sdkOriginals.set(cjsSdk, original);
  }
  cjsSdk.withDurableExecution = wrap(original);
  globalThis.__durableReplay.wrapWithDurableExecution = (original) => wrap(original);

  installTypeScriptRequireHook();
  installTsconfigPathsHook();
  await ahead?.catch(() => undefined);
  // Loader hooks start a worker thread: only ES module handlers need them.
  if (format === "module") register(pathToFileURL(join(__dirname, "replayHooks.mjs")).href);

  let exports: Record<string, unknown>;
  try {
    exports =
      format === "module"
        ? ((await import(pathToFileURL(file).href)) as Record<string, unknown>)
        : (userRequire(file) as Record<string, unknown>);
  } catch (error) {
    throw new HandlerLoadError(describeLoadFailure(file, error));
  }

  // `module.exports = withDurableExecution(…)`: the module itself is the handler, named `default` as ES modules would.
  const moduleIsHandler = typeof exports === "function";
  const candidate = moduleIsHandler && exportName === "default" ? exports : exports[exportName];
  if (candidate === undefined) {
    const names = moduleIsHandler
      ? ["default (module.exports itself)"]
      : Object.keys(exports).filter((k) => k !== "__esModule");
    throw new HandlerLoadError(
      `${basename(file)} has no export named \`${exportName}\`` +
        (names.length ? `; it exports: ${names.join(", ")}.` : "; it exports nothing."),
    );
  }
  if (typeof candidate !== "function" || !wrapped.has(candidate)) {
    throw new HandlerLoadError(
      `\`${exportName}\` in ${basename(file)} is not a handler wrapped with withDurableExecution from ${SDK}.`,
    );
  }
  return { handler: candidate as LambdaHandler, sdkVersion: sdkVersionAt(sdkEntry), format };
}
