// Language-independent types of the determinism analysis. Imported by the analyzers, the CLI and the language
// server; never imports LSP or VS Code types (the server converts).

export type Severity = "error" | "warning" | "info" | "hint";

export type RuleId =
  | "DUR001"
  | "DUR002"
  | "DUR003"
  | "DUR004"
  | "DUR005"
  | "DUR006"
  | "DUR007"
  | "DUR008"
  | "DUR009"
  | "DUR010"
  | "DUR011"
  | "DUR012"
  | "DUR013"
  | "DUR014"
  | "DUR020"
  | "DUR021"
  | "DUR022"
  | "DUR023"
  | "DUR024"
  | "DUR025"
  | "DUR026"
  | "DUR027"
  | "DUR028";

/** 1-based line and column, end exclusive (as `--format json` prints them). */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A text replacement; offsets are 0-based UTF-16 offsets into the file's current text. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  /** Title shown in the editor's light bulb, e.g. "Wrap in context.step(\"now\")". */
  title: string;
  edits: TextEdit[];
  /** The fix VS Code should offer first for this finding. */
  preferred?: boolean;
}

export interface Finding {
  file: string;
  range: Range;
  rule: RuleId;
  severity: Severity;
  /** What is non-deterministic, why it breaks replay, and what to do. */
  message: string;
  related: RelatedLocation[];
  fixes: Fix[];
}

/** A language front end. It must never throw for bad input: a rule that throws is skipped and reported once. */
export interface FileToLint {
  file: string;
  text: string;
}

export type EnvReadsMode = "off" | "branch-only" | "all";

/** Effective configuration (`durable-lint.json`, `"durableLint"` in package.json, `[tool.durable-lint]`). */
export interface LintConfig {
  /** Per-rule severity override; "off" disables the rule. */
  rules: Partial<Record<RuleId, Severity | "off">>;
  /** Extra or overridden API declarations: qualified name → kind ("time", "random", "uuid", "network", "fs", "env", "sleep", "pure", ...). */
  decls: Record<string, string>;
  /** User wrappers whose callback runs once, like a step (qualified names or bare function names). */
  stepLike: string[];
  /** Glob patterns (relative to the config's folder) of files never linted. */
  skip: string[];
  envReads: EnvReadsMode;
  allowBundledAssetReads: boolean;
}

/** Cooperative cancellation: analyzers check it between functions and stop early. */
export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
}

/**
 * A language front end. It owns its parsed view of the workspace and never throws for bad input: when one rule
 * throws, the analyzer skips that rule for the file and calls `onRuleError` (the core logs it once).
 * Findings carry the catalog's default severity (or the sink-aware one); the core applies config overrides
 * and suppression comments afterwards.
 */
export interface LanguageAnalyzer {
  /** File extensions handled, lower case with the dot: [".ts", ".tsx", ...]. */
  readonly extensions: readonly string[];
  /** Set a file's text (an open editor buffer); `undefined` forgets the override and reads the disk again. */
  setFile(file: string, text: string | undefined): void;
  /** Findings of one file, taking workspace helpers into account. */
  analyze(file: string, config: LintConfig, cancel?: CancellationSignal): Finding[];
  /** Files whose findings may change when `file` changes (callers through reverse call edges). */
  dependents(file: string): string[];
  /**
   * Does the work of one edit of the open buffer `file` (whose text is `text`) without reporting it, so that the
   * first real edit does not pay for a cold start. False when cancelled; the buffer's state is left as it was.
   * Absent where an edit costs nothing beyond its own analysis.
   */
  warmUp?(file: string, text: string, config: LintConfig, cancel: CancellationSignal): boolean;
}

export type RuleErrorReporter = (rule: RuleId | "analyzer", file: string, error: unknown) => void;
