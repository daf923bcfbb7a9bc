// The Python front end of the determinism linter: web-tree-sitter parsing, a workspace-wide scope model, and
// one check per rule. A check that throws is skipped for that file and reported through `onRuleError`.
import path from "node:path";
import type { Finding, LanguageAnalyzer, LintConfig, RuleErrorReporter, RuleId } from "../types";
import { SOURCE_RULES } from "../rules";
import {
  capturedWriteFindings,
  nestedOperationFindings,
  sharedContextFindings,
  wrongContextFindings,
} from "./contextChecks";
import { FileAnalysis } from "./fileAnalysis";
import { branchFindings, iterationOrderFindings, opNameFindings } from "./flowChecks";
import { PythonParser } from "./grammar";
import { Resolver } from "./resolver";
import { ScopeModel } from "./scopeModel";
import { handlerShapeFindings, stepResultFindings, unboundedLoopFindings } from "./shapeChecks";
import { sourceFindings } from "./sourceChecks";
import { moduleStateFindings } from "./stateChecks";
import { PythonWorkspace } from "./workspace";

type Check = [RuleId, (a: FileAnalysis) => Finding[]];

const CHECKS: Check[] = [
  ...SOURCE_RULES.map((rule): Check => [rule, (a) => sourceFindings(a, rule)]),
  ["DUR009", moduleStateFindings],
  ["DUR010", iterationOrderFindings],
  ["DUR011", opNameFindings],
  ["DUR012", branchFindings],
  ["DUR014", sharedContextFindings],
  ["DUR020", nestedOperationFindings],
  ["DUR021", wrongContextFindings],
  ["DUR022", capturedWriteFindings],
  ["DUR024", stepResultFindings],
  ["DUR027", unboundedLoopFindings],
  ["DUR028", handlerShapeFindings],
];

export async function createPythonAnalyzer(options: {
  root: string;
  onRuleError: RuleErrorReporter;
}): Promise<LanguageAnalyzer> {
  const parser = await PythonParser.create();
  const ws = new PythonWorkspace(path.resolve(options.root), parser);
  let lastConfig: LintConfig | undefined;
  let cached: { version: number; key: string; scope: ScopeModel; resolver: Resolver } | undefined;
  // Findings of a file stay valid until any file changes; kept per config object the caller passes.
  const results = new WeakMap<LintConfig, Map<string, { version: number; findings: Finding[] }>>();

  const scopeFor = (config: LintConfig) => {
    const models = ws.allModels();
    const key = JSON.stringify([config.decls, config.stepLike]);
    if (cached && cached.version === ws.version && cached.key === key) return cached;
    const resolver = new Resolver(ws);
    const scope = new ScopeModel(resolver, models, config.stepLike, {
      decls: config.decls,
      moduleName: (f) => ws.moduleName(f),
    });
    cached = { version: ws.version, key, scope, resolver };
    return cached;
  };

  return {
    extensions: [".py"],
    setFile: (file, text) => ws.setFile(file, text),
    analyze(file, config, cancel) {
      file = path.resolve(file);
      lastConfig = config;
      let analysis: FileAnalysis;
      try {
        const model = ws.model(file);
        ws.ensureKnown(file);
        const { scope, resolver } = scopeFor(config);
        const previous = results.get(config)?.get(file);
        if (previous && previous.version === ws.version) return [...previous.findings];
        analysis = new FileAnalysis(model, scope, resolver, config);
      } catch (error) {
        options.onRuleError("analyzer", file, error);
        return [];
      }
      const findings: Finding[] = [];
      for (const [rule, check] of CHECKS) {
        if (cancel?.isCancellationRequested) break;
        try {
          findings.push(...check(analysis));
        } catch (error) {
          options.onRuleError(rule, file, error);
        }
      }
      findings.sort((x, y) => x.range.line - y.range.line || x.range.column - y.range.column);
      if (!cancel?.isCancellationRequested) {
        if (!results.has(config)) results.set(config, new Map());
        results.get(config)!.set(file, { version: ws.version, findings });
      }
      return [...findings];
    },
    dependents(file) {
      file = path.resolve(file);
      const scopes = [cached?.scope];
      try {
        if (lastConfig) scopes.push(scopeFor(lastConfig).scope);
      } catch (error) {
        options.onRuleError("analyzer", file, error);
      }
      const out = new Set<string>();
      for (const scope of scopes) if (scope) for (const f of connectedFiles(scope, file)) out.add(f);
      out.delete(file);
      return [...out];
    },
  };
}

/**
 * Files whose findings depend on `file`: its callers, transitively (call-site findings use callee summaries), and
 * its callees, transitively (a helper's scope depends on who calls it).
 */
function connectedFiles(scope: ScopeModel, file: string): Set<string> {
  const out = new Set<string>();
  for (const direction of ["callers", "callees"] as const) {
    const seen = new Set<string>([file]);
    const work = [file];
    while (work.length) {
      const current = work.pop()!;
      const edges = direction === "callers" ? scope.edgesTo : scope.edgesFrom;
      for (const [fn, list] of edges) {
        if (fn.file !== current) continue;
        for (const e of list) {
          const next = direction === "callers" ? e.from.file : e.to.file;
          if (seen.has(next)) continue;
          seen.add(next);
          out.add(next);
          work.push(next);
        }
      }
    }
  }
  return out;
}
