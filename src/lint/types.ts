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
