// Finds and validates the lint configuration that applies to a file: `durable-lint.json`, the `"durableLint"` key of
// package.json, or `[tool.durable-lint]` in pyproject.toml, nearest folder first.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { parse as parseToml } from "smol-toml";
import { isRuleId } from "./rules";
import type { EnvReadsMode, LintConfig, Severity } from "./types";

export const DEFAULT_CONFIG: LintConfig = {
  rules: {},
  decls: {},
  stepLike: [],
  skip: [],
  envReads: "all",
  allowBundledAssetReads: false,
};

/** A configuration that cannot be used; the message names the file and the JSON path. */
export class ConfigError extends Error {}

/** The configuration of one folder, with the folder it came from (skip globs and `./x.ts` decls are relative to it). */
export interface ResolvedConfig {
  config: LintConfig;
  /** Folder of the configuration file; the linter root when there is none. */
  dir: string;
  /** The file it was read from, if any. */
  source?: string;
  isSkipped(file: string): boolean;
}

const SEVERITIES: ReadonlySet<string> = new Set(["error", "warning", "info", "hint", "off"]);
const ENV_MODES: ReadonlySet<string> = new Set(["off", "branch-only", "all"]);

/** Validates raw configuration data (already parsed) and fills in defaults. */
export function validateConfig(raw: unknown, where: string): LintConfig {
  if (!isRecord(raw)) throw new ConfigError(`${where}: the configuration must be an object.`);
  const config: LintConfig = { ...DEFAULT_CONFIG, rules: {}, decls: {}, stepLike: [], skip: [] };
  for (const [key, value] of Object.entries(raw)) {
    const path = `${where} at \`${key}\``;
    switch (key) {
      case "$schema":
        break;
      case "rules":
        if (!isRecord(value)) throw new ConfigError(`${path} must be an object of rule id → severity.`);
        for (const [id, severity] of Object.entries(value)) {
          if (!isRuleId(id))
            throw new ConfigError(`${where} at \`rules.${id}\`: unknown rule id (expected DUR001…DUR028).`);
          if (typeof severity !== "string" || !SEVERITIES.has(severity)) {
            throw new ConfigError(`${where} at \`rules.${id}\` must be one of error, warning, info, hint, off.`);
          }
          config.rules[id] = severity as Severity | "off";
        }
        break;
      case "decls":
        if (!isRecord(value) || !Object.values(value).every((v) => typeof v === "string")) {
          throw new ConfigError(`${path} must be an object of qualified name → kind string.`);
        }
        config.decls = { ...(value as Record<string, string>) };
        break;
      case "stepLike":
      case "skip":
        if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
          throw new ConfigError(`${path} must be an array of strings.`);
        }
        config[key] = [...value];
        break;
      case "envReads":
        if (typeof value !== "string" || !ENV_MODES.has(value)) {
          throw new ConfigError(`${path} must be one of off, branch-only, all.`);
        }
        config.envReads = value as EnvReadsMode;
        break;
      case "allowBundledAssetReads":
        if (typeof value !== "boolean") throw new ConfigError(`${path} must be true or false.`);
        config.allowBundledAssetReads = value;
        break;
      default:
        throw new ConfigError(`${where}: unknown setting \`${key}\`.`);
    }
  }
  return config;
}

/** Reads one configuration file; `undefined` when the file exists but carries no lint section (package.json, pyproject). */
export function readConfigFile(file: string): LintConfig | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ConfigError(`${file}: the configuration file cannot be read.`);
  }
  const name = file.split(/[\\/]/).pop();
  if (name === "pyproject.toml") {
    let data: unknown;
    try {
      data = parseToml(text);
    } catch (error) {
      throw new ConfigError(`${file}: invalid TOML (${firstLine(error)}).`);
    }
    const section = isRecord(data) && isRecord(data.tool) ? data.tool["durable-lint"] : undefined;
    return section === undefined ? undefined : validateConfig(section, `${file} [tool.durable-lint]`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: invalid JSON (${firstLine(error)}).`);
  }
  if (name === "package.json") {
    const section = isRecord(data) ? data.durableLint : undefined;
    return section === undefined ? undefined : validateConfig(section, `${file} "durableLint"`);
  }
  return validateConfig(data, file);
}

const CONFIG_FILES = ["durable-lint.json", "package.json", "pyproject.toml"];

/**
 * Resolves configuration per folder, walking up from a file to `root`. With an explicit `configFile` that file
 * applies everywhere. Errors are reported once per file through `onError`, and the defaults are used instead.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, ResolvedConfig>();
  private readonly explicit?: ResolvedConfig;

  constructor(
    private readonly root: string,
    configFile: string | undefined,
    private readonly onError: (file: string, error: ConfigError) => void,
  ) {
    if (configFile) {
      const file = resolve(root, configFile);
      if (!existsSync(file)) throw new ConfigError(`${file}: the configuration file does not exist.`);
      const config = readConfigFile(file) ?? DEFAULT_CONFIG;
      this.explicit = resolved(config, dirname(file), file);
    }
  }

  forFile(file: string): ResolvedConfig {
    return this.explicit ?? this.forDir(dirname(resolve(file)));
  }

  /** Forget cached folders, e.g. after a configuration file changed. */
  clear(): void {
    this.byDir.clear();
  }

  private forDir(dir: string): ResolvedConfig {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    let result: ResolvedConfig | undefined;
    for (const name of CONFIG_FILES) {
      const file = join(dir, name);
      if (!existsSync(file)) continue;
      try {
        const config = readConfigFile(file);
        if (config) result = resolved(config, dir, file);
      } catch (error) {
        this.onError(file, error instanceof ConfigError ? error : new ConfigError(`${file}: ${firstLine(error)}`));
        result = resolved(DEFAULT_CONFIG, dir, file);
      }
      if (result) break;
    }
    const parent = dirname(dir);
    const atTop = dir === resolve(this.root) || parent === dir || !isInside(dir, this.root);
    result ??= atTop ? resolved(DEFAULT_CONFIG, resolve(this.root)) : this.forDir(parent);
    this.byDir.set(dir, result);
    return result;
  }
}

function resolved(config: LintConfig, dir: string, source?: string): ResolvedConfig {
  const matchers = config.skip.map((glob) => picomatch(glob, { dot: true }));
  return {
    config,
    dir,
    source,
    isSkipped(file: string): boolean {
      const rel = relative(dir, resolve(file)).split(sep).join("/");
      return matchers.some((match) => match(rel));
    },
  };
}

function isInside(dir: string, root: string): boolean {
  const rel = relative(resolve(root), dir);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}
