// The TS/JS front end: a LanguageService-backed workspace and, per program version and configuration, one
// analysis of everything reachable from durable roots. Findings of a file are that analysis's events in the file.
import { resolve } from "node:path";
import ts from "typescript";
import type { CancellationSignal, Finding, LanguageAnalyzer, LintConfig, RuleErrorReporter } from "../types";
import { ProgramAnalysis, type AnalysisEvent } from "./programAnalysis";
import { TS_EXTENSIONS, TsWorkspace } from "./workspace";

export interface TsAnalyzerOptions {
  root: string;
  onRuleError: RuleErrorReporter;
}

export async function createTsAnalyzer(options: TsAnalyzerOptions): Promise<LanguageAnalyzer> {
  return new TsAnalyzer(new TsWorkspace(resolve(options.root)), options.onRuleError);
}

class TsAnalyzer implements LanguageAnalyzer {
  readonly extensions = TS_EXTENSIONS;
  private program?: ts.Program;
  private readonly analyses = new Map<LintConfig, ProgramAnalysis>();
  /** Call edges of the last complete analysis, kept across edits for `dependents`. */
  private edges = new Map<string, Set<string>>();

  constructor(
    private readonly workspace: TsWorkspace,
    private readonly onRuleError: RuleErrorReporter,
  ) {}

  setFile(file: string, text: string | undefined): void {
    this.workspace.include(file);
    this.workspace.setFile(file, text);
  }

  analyze(file: string, config: LintConfig, cancel?: CancellationSignal): Finding[] {
    const path = resolve(file);
    this.workspace.include(path);
    const analysis = this.analysisFor(config);
    if (!analysis.run(cancel)) return [];
    this.edges = analysis.edges;
    const sourceFile = analysis.program.getSourceFile(path);
    if (!sourceFile) return [];
    return toFindings(sourceFile, analysis.eventsFor(sourceFile.fileName));
  }

  dependents(file: string): string[] {
    const start = resolve(file);
    const seen = new Set<string>([start]);
    const queue = [start];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      for (const other of this.edges.get(next) ?? []) {
        if (!seen.has(other)) {
          seen.add(other);
          queue.push(other);
        }
      }
    }
    seen.delete(start);
    return [...seen].sort();
  }

  private analysisFor(config: LintConfig): ProgramAnalysis {
    const program = this.workspace.program();
    if (program !== this.program) {
      this.program = program;
      this.analyses.clear();
    }
    let analysis = this.analyses.get(config);
    if (!analysis) {
      analysis = new ProgramAnalysis(program, config, (f) => this.workspace.isWorkspaceFile(f), this.onRuleError);
      this.analyses.set(config, analysis);
    }
    return analysis;
  }
}

function toFindings(file: ts.SourceFile, events: AnalysisEvent[]): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const event of events) {
    const start = event.node.getStart(file);
    const end = event.node.getEnd();
    const key = `${event.rule}:${start}:${end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const from = file.getLineAndCharacterOfPosition(start);
    const to = file.getLineAndCharacterOfPosition(end);
    findings.push({
      file: file.fileName,
      range: { line: from.line + 1, column: from.character + 1, endLine: to.line + 1, endColumn: to.character + 1 },
      rule: event.rule,
      severity: event.severity,
      message: event.message,
      related: event.related,
      fixes: event.fixes,
    });
  }
  return findings;
}
