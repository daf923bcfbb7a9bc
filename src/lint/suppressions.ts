// Suppression comments, for both languages (README.md, "Suppressions"). Parsed from the raw text so the analyzers
// need not know about them:
//   TS/JS   // durable-lint-disable-next-line DUR001 -- reason   // durable-lint-disable-line DUR001 -- reason
//           /* durable-lint-disable DUR005 */ (whole file), and the same forms spelled eslint-disable
//   Python  # durable: ignore[DUR001] reason   # durable: ignore-file[DUR005]   # noqa: DUR001
import type { Finding, Fix, RuleId } from "./types";

/** Which rules are silenced where; `"all"` when a comment names no rule. */
export interface Suppressions {
  file: Set<RuleId> | "all" | undefined;
  /** 1-based line → rules silenced on it. */
  lines: Map<number, Set<RuleId> | "all">;
}

const RULE_TOKEN = /DUR\d{3}/g;
const HAS_RULE = /DUR\d{3}/;

function rulesIn(text: string): Set<RuleId> | "all" {
  const ids = text.split(/\s--\s|\s—\s/)[0].match(RULE_TOKEN);
  return ids ? new Set(ids as RuleId[]) : "all";
}

function merge(into: Map<number, Set<RuleId> | "all">, line: number, rules: Set<RuleId> | "all"): void {
  const existing = into.get(line);
  if (existing === "all" || rules === "all") into.set(line, "all");
  else into.set(line, new Set([...(existing ?? []), ...rules]));
}

export function parseSuppressions(text: string): Suppressions {
  const result: Suppressions = { file: undefined, lines: new Map() };
  // Every form below contains one of these; a file that imports the SDK names "durable" without any suppression.
  if (!/durable-lint-disable|eslint-disable|durable:\s*ignore|noqa/.test(text)) return result;
  const addFile = (rules: Set<RuleId> | "all") => {
    if (result.file === "all" || rules === "all") result.file = "all";
    else result.file = new Set([...(result.file ?? []), ...rules]);
  };
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((lineText, index) => {
    const line = index + 1;
    const commentOnly = /^\s*(\/\/|\/\*|#)/.test(lineText);
    let m = /(?:durable-lint|eslint)-disable-next-line\b(.*)/.exec(lineText);
    if (m) {
      // eslint-disable comments without a DUR id are about other linters.
      if (m[0].startsWith("durable") || HAS_RULE.test(m[1])) merge(result.lines, line + 1, rulesIn(m[1]));
      return;
    }
    m = /(?:durable-lint|eslint)-disable-line\b(.*)/.exec(lineText);
    if (m) {
      if (m[0].startsWith("durable") || HAS_RULE.test(m[1])) merge(result.lines, line, rulesIn(m[1]));
      return;
    }
    m = /(?:durable-lint|eslint)-disable\b(.*?)(\*\/|$)/.exec(lineText);
    if (m && commentOnly) {
      if (m[0].startsWith("durable") || HAS_RULE.test(m[1])) addFile(rulesIn(m[1]));
      return;
    }
    m = /#\s*durable:\s*ignore-file\[([^\]]*)\]/.exec(lineText);
    if (m) {
      addFile(rulesIn(m[1]));
      return;
    }
    m = /#\s*durable:\s*ignore(?:\[([^\]]*)\])?/.exec(lineText);
    if (m) {
      // A comment alone on its line covers the next line; a trailing comment covers its own line.
      merge(result.lines, commentOnly ? line + 1 : line, m[1] === undefined ? "all" : rulesIn(m[1]));
      return;
    }
    m = /#\s*noqa:\s*([A-Z0-9, ]+)/.exec(lineText);
    if (m && HAS_RULE.test(m[1])) merge(result.lines, line, rulesIn(m[1]));
  });
  return result;
}

export function isSuppressed(finding: Finding, suppressions: Suppressions): boolean {
  const { file, lines } = suppressions;
  if (file === "all" || file?.has(finding.rule)) return true;
  const rules = lines.get(finding.range.line);
  return rules === "all" || (rules !== undefined && rules.has(finding.rule));
}

/** "Suppress with a reason" quick fix in the comment syntax of the file's language. */
export function suppressionFix(finding: Finding, text: string): Fix {
  const lineStart = offsetOfLine(text, finding.range.line);
  if (/\.py[iw]?$/i.test(finding.file)) {
    const lineEnd = endOfLine(text, lineStart);
    return {
      title: `Suppress ${finding.rule} on this line`,
      edits: [
        { file: finding.file, start: lineEnd, end: lineEnd, newText: `  # durable: ignore[${finding.rule}] reason` },
      ],
    };
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart, endOfLine(text, lineStart)))?.[0] ?? "";
  return {
    title: `Suppress ${finding.rule} on this line`,
    edits: [
      {
        file: finding.file,
        start: lineStart,
        end: lineStart,
        newText: `${indent}// durable-lint-disable-next-line ${finding.rule} -- reason\n`,
      },
    ],
  };
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

function endOfLine(text: string, start: number): number {
  const next = text.indexOf("\n", start);
  const end = next < 0 ? text.length : next;
  return text[end - 1] === "\r" ? end - 1 : end;
}
