import type { Finding } from "../../lint/types";

/** Stable output: by file, then position, then rule. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.range.line - b.range.line ||
      a.range.column - b.range.column ||
      a.rule.localeCompare(b.rule),
  );
}
