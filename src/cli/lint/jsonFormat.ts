// `--format json`: one flat object per finding, 1-based lines and columns, paths relative to the working folder.
import type { Finding, Severity } from "../../lint/types";
import { displayPath } from "./displayPath";

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: Severity;
  message: string;
  related: { file: string; line: number; column: number; message: string }[];
}

export function toJsonFindings(findings: Finding[], cwd: string): JsonFinding[] {
  return findings.map((f) => ({
    file: displayPath(f.file, cwd),
    line: f.range.line,
    column: f.range.column,
    endLine: f.range.endLine,
    endColumn: f.range.endColumn,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    related: f.related.map((r) => ({
      file: displayPath(r.file, cwd),
      line: r.line,
      column: r.column,
      message: r.message,
    })),
  }));
}
