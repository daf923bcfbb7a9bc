// Finding (1-based, end exclusive) → LSP Diagnostic (0-based).
import { pathToFileURL } from "node:url";
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
} from "vscode-languageserver";
import type { Finding, Severity } from "../lint/types";

export const DIAGNOSTIC_SOURCE = "durable-lint";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspRange(finding: Finding): Range {
  const { line, column, endLine, endColumn } = finding.range;
  return {
    start: { line: line - 1, character: column - 1 },
    end: { line: endLine - 1, character: endColumn - 1 },
  };
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const related: DiagnosticRelatedInformation[] = finding.related.map((r) => {
    const at = { line: r.line - 1, character: r.column - 1 };
    return { location: { uri: pathToFileURL(r.file).href, range: { start: at, end: at } }, message: r.message };
  });
  return {
    range: toLspRange(finding),
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    message: finding.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
  };
}

/** On the first line of a file the analysis could not finish: its findings are missing, which must not look clean. */
export function analysisFailureDiagnostic(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message: `durable-lint could not analyze this file: ${reason}`,
  };
}
