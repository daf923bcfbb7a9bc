// ESM loader hooks (run in Node's loader thread): transpile TypeScript modules, and hand ESM user code a copy of the
// SDK whose `withDurableExecution` is the host's tracking wrapper (ESM namespaces cannot be patched in place).
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isTypeScript, moduleFormat, transpile } from "./transpile";
import { aliasCandidates, existingFile } from "./tsconfigPaths";

const SDK = "@aws/durable-execution-sdk-js";
const SHIM = "durable-replay-sdk:";

interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
interface LoadResult {
  format: string;
  source?: string | Buffer;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: { parentURL?: string }) => Promise<ResolveResult>;
type NextLoad = (url: string, context: { format?: string | null }) => Promise<LoadResult>;

export async function resolve(
  specifier: string,
  context: { parentURL?: string; conditions?: string[] },
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  if (specifier === SDK && !context.parentURL?.startsWith(SHIM)) {
    const real = await nextResolve(specifier, context);
    if (real.format === "module" || real.url.endsWith(".mjs")) return { url: SHIM + real.url, shortCircuit: true };
    return real;
  }
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    // A tsconfig `paths` alias of the importing file (see ./tsconfigPaths).
    const parent = context.parentURL?.startsWith("file:") ? fileURLToPath(context.parentURL) : undefined;
    for (const candidate of parent ? aliasCandidates(specifier, parent) : []) {
      const file = existingFile(candidate);
      if (file) return { url: pathToFileURL(file).href, shortCircuit: true };
    }
    throw error;
  }
}

export async function load(url: string, context: { format?: string | null }, nextLoad: NextLoad): Promise<LoadResult> {
  if (url.startsWith(SHIM)) {
    const real = JSON.stringify(url.slice(SHIM.length));
    const source =
      `import * as sdk from ${real};\nexport * from ${real};\n` +
      `export const withDurableExecution = globalThis.__durableReplay.wrapWithDurableExecution(sdk.withDurableExecution, sdk);\n`;
    return { format: "module", source, shortCircuit: true };
  }
  if (url.startsWith("file:")) {
    const file = fileURLToPath(url);
    if (isTypeScript(file)) {
      const format = moduleFormat(file);
      // CommonJS TypeScript goes through the host's require hook, which Node's CJS loader calls.
      if (format === "commonjs") return { format: "commonjs", shortCircuit: true };
      return { format, source: transpile(file, readFileSync(file, "utf8"), format).code, shortCircuit: true };
    }
  }
  return nextLoad(url, context);
}
