// The language-independent lint front door: picks the analyzer by extension, resolves configuration per file,
// applies severity overrides and suppression comments, and keeps a throwing analyzer from taking the caller down.
import { readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { ConfigResolver } from "./config";
import { listSourceFiles } from "./sourceFiles";
import { isSuppressed, parseSuppressions, suppressionFix } from "./suppressions";
import { createPythonAnalyzer } from "./python/analyzer";
import { createTsAnalyzer } from "./ts/analyzer";
import type { CancellationSignal, Finding, LanguageAnalyzer, RuleErrorReporter } from "./types";

export interface Linter {
  /** Use `text` as the file's content (open editor buffer); `undefined` = read the disk again. */
  setFile(file: string, text: string | undefined): void;
  /** Findings for one file: config resolved for that file, severity overrides and suppressions applied; [] for skipped or unsupported files. Never throws. */
  lintFile(file: string, cancel?: CancellationSignal): Finding[];
  /** Files or directories (recursive, ignoring node_modules, .git, dist, out, build, __pycache__, .venv and `skip` globs), supported extensions only. */
  lintPaths(paths: string[]): Finding[];
  /** Files whose findings may change when `file` changes. */
  dependents(file: string): string[];
  /** The work of one edit of an open buffer, unreported (see LanguageAnalyzer.warmUp); false when cancelled. Never throws. */
  warmUp(file: string, cancel: CancellationSignal): boolean;
  supports(file: string): boolean;
}

export interface LinterOptions {
  root: string;
  configFile?: string;
  onRuleError?: RuleErrorReporter;
}

/** Rejects with a `ConfigError` (one sentence naming the file and setting) when an explicit `configFile` is unusable. */
export async function createLinter(options: LinterOptions): Promise<Linter> {
  const root = resolve(options.root);
  const onRuleError = onceReporter(options.onRuleError ?? (() => undefined));
  const configs = new ConfigResolver(root, options.configFile, (file, error) => onRuleError("analyzer", file, error));
  const analyzers = await Promise.all([
    createTsAnalyzer({ root, onRuleError }),
    createPythonAnalyzer({ root, onRuleError }),
  ]);
  return new CoreLinter(analyzers, configs, onRuleError);
}

/**
 * Reports each failing rule once; a language server would otherwise log the same failure on every keystroke.
 */
function onceReporter(report: RuleErrorReporter): RuleErrorReporter {
  const seen = new Set<string>();
  return (rule, file, error) => {
    // A file the analysis cannot finish is reported on every lint of it: its callers show it until it is fixed.
    if (rule !== "analyzer") {
      if (seen.has(rule)) return;
      seen.add(rule);
    }
    try {
      report(rule, file, error);
    } catch {
      // The reporter is the caller's logging; a failing logger must not break linting.
    }
  };
}

class CoreLinter implements Linter {
  private readonly byExtension = new Map<string, LanguageAnalyzer>();
  private readonly overrides = new Map<string, string>();

  constructor(
    analyzers: LanguageAnalyzer[],
    private readonly configs: ConfigResolver,
    private readonly onRuleError: RuleErrorReporter,
  ) {
    for (const analyzer of analyzers) for (const ext of analyzer.extensions) this.byExtension.set(ext, analyzer);
  }

  supports(file: string): boolean {
    return this.byExtension.has(extname(file).toLowerCase()) && !file.endsWith(".d.ts");
  }

  setFile(file: string, text: string | undefined): void {
    const path = resolve(file);
    if (text === undefined) this.overrides.delete(path);
    else this.overrides.set(path, text);
    if (/(^|[\\/])(durable-lint\.json|package\.json|pyproject\.toml)$/.test(path)) this.configs.clear();
    this.analyzerFor(path)?.setFile(path, text);
  }

  lintFile(file: string, cancel?: CancellationSignal): Finding[] {
    const path = resolve(file);
    const analyzer = this.analyzerFor(path);
    if (!analyzer) return [];
    try {
      const resolved = this.configs.forFile(path);
      if (resolved.isSkipped(path)) return [];
      const { config } = resolved;
      const text = this.textOf(path);
      if (text === undefined) return [];
      const suppressions = parseSuppressions(text);
      const findings: Finding[] = [];
      for (const finding of analyzer.analyze(path, config, cancel)) {
        const override = config.rules[finding.rule];
        if (override === "off") continue;
        if (isSuppressed(finding, suppressions)) continue;
        const severity = override ?? finding.severity;
        findings.push({ ...finding, severity, fixes: [...finding.fixes, suppressionFix(finding, text)] });
      }
      return findings.sort(byPosition);
    } catch (error) {
      this.onRuleError("analyzer", path, error);
      return [];
    }
  }

  lintPaths(paths: string[]): Finding[] {
    const extensions = new Set(this.byExtension.keys());
    const files = listSourceFiles(paths, extensions, (file) => !this.configs.forFile(file).isSkipped(file));
    return files.flatMap((file) => this.lintFile(file));
  }

  dependents(file: string): string[] {
    const path = resolve(file);
    try {
      return this.analyzerFor(path)?.dependents(path) ?? [];
    } catch (error) {
      this.onRuleError("analyzer", path, error);
      return [];
    }
  }

  warmUp(file: string, cancel: CancellationSignal): boolean {
    const path = resolve(file);
    const analyzer = this.analyzerFor(path);
    const text = this.overrides.get(path);
    if (!analyzer?.warmUp || text === undefined) return true;
    try {
      const resolved = this.configs.forFile(path);
      return resolved.isSkipped(path) || analyzer.warmUp(path, text, resolved.config, cancel);
    } catch (error) {
      this.onRuleError("analyzer", path, error);
      return true;
    }
  }

  private analyzerFor(file: string): LanguageAnalyzer | undefined {
    return this.supports(file) ? this.byExtension.get(extname(file).toLowerCase()) : undefined;
  }

  private textOf(file: string): string | undefined {
    const open = this.overrides.get(file);
    if (open !== undefined) return open;
    try {
      return readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  }
}

function byPosition(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.range.line - b.range.line ||
    a.range.column - b.range.column ||
    a.rule.localeCompare(b.rule)
  );
}
