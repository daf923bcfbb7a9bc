// TypeScript path aliases (`compilerOptions.paths` / `baseUrl`) as the user's build resolves them: each importing file
// follows its nearest tsconfig.json (with `extends`), so a monorepo with a tsconfig per service works from its root.
// Used only when Node's own resolution fails, so packages and relative imports resolve exactly as before.
import { existsSync, statSync } from "node:fs";
import { dirname, sep } from "node:path";
import { createPathsMatcher, getTsconfig, type TsConfigResult } from "get-tsconfig";

type Matcher = (specifier: string) => string[];

/** Parsed tsconfig files shared across lookups (get-tsconfig's own cache), and the matcher per config file. */
const configCache = new Map<string, unknown>();
const matchers = new Map<string, Matcher | null>();
const configByDir = new Map<string, TsConfigResult | null>();

export function forgetTsconfigs(): void {
  configCache.clear();
  matchers.clear();
  configByDir.clear();
}

function matcherFor(fromFile: string): Matcher | null {
  const dir = dirname(fromFile);
  let config = configByDir.get(dir);
  if (config === undefined) {
    config = getTsconfig(dir, "tsconfig.json", configCache as Map<string, never>) ?? null;
    configByDir.set(dir, config);
  }
  if (!config) return null;
  let matcher = matchers.get(config.path);
  if (matcher === undefined) {
    matcher = createPathsMatcher(config);
    matchers.set(config.path, matcher);
  }
  return matcher;
}

/** A bare specifier (`@lib/money`), not a relative or absolute path, a URL or a Node builtin. */
function isBare(specifier: string): boolean {
  return !/^(\.{1,2}(\/|$)|\/|[a-zA-Z]:[\\/]|[a-z][\w+.-]*:)/.test(specifier);
}

/** Paths (without extension) the nearest tsconfig maps `specifier` to, for an import in `fromFile`; [] when none. */
export function aliasCandidates(specifier: string, fromFile: string): string[] {
  if (!isBare(specifier) || fromFile.includes(`${sep}node_modules${sep}`)) return [];
  try {
    return matcherFor(fromFile)?.(specifier) ?? [];
  } catch {
    // A tsconfig that cannot be read maps nothing; the original "cannot find module" stands.
    return [];
  }
}

const EXTENSIONS = ["", ".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", "/index.ts", "/index.tsx", "/index.js"];

/** The file an alias candidate names, trying the extensions TypeScript would (ES module resolution needs the file). */
export function existingFile(candidate: string): string | undefined {
  for (const extension of EXTENSIONS) {
    const file = candidate + extension;
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}
