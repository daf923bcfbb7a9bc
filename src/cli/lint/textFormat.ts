// Default output: `file:line:col severity DUR001 message`, the shape editors and CI problem matchers pick up,
// then the related locations indented under it and one summary line.
import type { Finding, Severity } from "../../lint/types";
import { terminalSafe } from "../../protocol/safeText";
import { displayPath } from "./displayPath";

const COLORS: Record<Severity, string> = { error: "\x1b[31m", warning: "\x1b[33m", info: "\x1b[36m", hint: "\x1b[2m" };
const RESET = "\x1b[0m";
const DIM = "\x1b[2m";

export function formatText(findings: Finding[], options: { cwd: string; color: boolean }): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const lines: string[] = [];
  for (const f of findings) {
    // File names and messages (which quote the code) are escaped: they come from the project being linted.
    const where = terminalSafe(`${displayPath(f.file, options.cwd)}:${f.range.line}:${f.range.column}`);
    lines.push(`${where} ${paint(COLORS[f.severity], f.severity)} ${f.rule} ${terminalSafe(f.message)}`);
    for (const r of f.related) {
      const related = `    ${displayPath(r.file, options.cwd)}:${r.line}:${r.column} related: ${r.message}`;
      lines.push(paint(DIM, terminalSafe(related)));
    }
  }
  lines.push(summarize(findings));
  return `${lines.join("\n")}\n`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === "info" ? "" : "s"}`;
}

function summarize(findings: Finding[]): string {
  if (findings.length === 0) return "No problems found.";
  const by = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const files = new Set(findings.map((f) => f.file)).size;
  return (
    `${count(findings.length, "problem")} (${count(by("error"), "error")}, ${count(by("warning"), "warning")}, ` +
    `${count(by("info"), "info")}, ${count(by("hint"), "hint")}) in ${count(files, "file")}.`
  );
}
