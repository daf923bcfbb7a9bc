// On-the-fly TypeScript for the user's handler: esbuild strips types, keeps line structure, and embeds a source map
// so stack traces, call sites and the debugger all speak TS lines.
import { readFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { transform, transformSync, type TransformOptions } from "esbuild";
import { ownSpawn } from "./processTree";

export type ModuleFormat = "module" | "commonjs";

const TS_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".tsx"]);

export function isTypeScript(file: string): boolean {
  return TS_EXTENSIONS.has(extname(file).toLowerCase());
}

const packageTypes = new Map<string, ModuleFormat>();

/** Node's rule: the extension decides, else the nearest package.json's "type". */
export function moduleFormat(file: string): ModuleFormat {
  const ext = extname(file).toLowerCase();
  if (ext === ".mjs" || ext === ".mts") return "module";
  if (ext === ".cjs" || ext === ".cts") return "commonjs";
  return packageType(dirname(file));
}

function packageType(dir: string): ModuleFormat {
  const cached = packageTypes.get(dir);
  if (cached) return cached;
  let type: ModuleFormat;
  try {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { type?: string };
    type = pkg.type === "module" ? "module" : "commonjs";
  } catch {
    const parent = dirname(dir);
    type = parent === dir ? "commonjs" : packageType(parent);
  }
  packageTypes.set(dir, type);
  return type;
}

export interface Transpiled {
  code: string;
  map: string;
}

/** One transform per file and format: the require hook and the call-site mapper need the same output. */
const transpiled = new Map<string, Transpiled>();

/** The files may have changed before the host's next replay. */
export function forgetTranspiled(): void {
  transpiled.clear();
  packageTypes.clear();
}

function options(file: string, format: ModuleFormat): TransformOptions {
  return {
    loader: extname(file).toLowerCase() === ".tsx" ? "tsx" : "ts",
    format: format === "module" ? "esm" : "cjs",
    target: "node20",
    sourcemap: "external",
    sourcefile: file,
    sourcesContent: false,
  };
}

function remember(file: string, format: ModuleFormat, result: { code: string; map: string }): Transpiled {
  const inline = Buffer.from(result.map).toString("base64");
  const output = {
    code: `${result.code}\n//# sourceMappingURL=data:application/json;base64,${inline}\n`,
    map: result.map,
  };
  transpiled.set(`${format}:${file}`, output);
  return output;
}

export function transpile(file: string, source: string, format: ModuleFormat): Transpiled {
  return transpiled.get(`${format}:${file}`) ?? remember(file, format, transformSync(source, options(file, format)));
}

/** The same transform without blocking: started early, it overlaps esbuild's start-up with loading the SDK. */
export async function transpileAhead(file: string, source: string, format: ModuleFormat): Promise<void> {
  if (transpiled.has(`${format}:${file}`)) return;
  // esbuild starts its service process here, synchronously: the host's, not the handler's.
  const output = ownSpawn(() => transform(source, options(file, format)));
  remember(file, format, await output);
}
