// Module bindings initialized from the clock, randomness or a random id: module code runs once per container, so
// replayed code that reads them sees a different value in another container (DUR009 reads).
import ts from "typescript";
import { BRANCH_TAINTING_KINDS, type SourceKind } from "../sourceKinds";
import type { ApiMatcher } from "./apiMatcher";
import type { Qualifier } from "./qualify";
import { isFunctionNode } from "./syntaxFacts";

export interface ModuleInitSource {
  /** The call in the initializer, e.g. `Date.now()`. */
  node: ts.Node;
  kind: SourceKind;
}

export function nondeterministicModuleBindings(
  program: ts.Program,
  isWorkspaceFile: (file: ts.SourceFile) => boolean,
  qualifier: Qualifier,
  matcher: ApiMatcher,
  onFileError: (file: string, error: unknown) => void,
): Map<ts.Symbol, ModuleInitSource> {
  const checker = program.getTypeChecker();
  const bindings = new Map<ts.Symbol, ModuleInitSource>();
  for (const file of program.getSourceFiles()) {
    if (!isWorkspaceFile(file)) continue;
    // Every workspace file is read here, whoever asked: a file that breaks the walk is that file's failure.
    try {
      for (const statement of file.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const decl of statement.declarationList.declarations) {
          if (!decl.initializer || !ts.isIdentifier(decl.name)) continue;
          const source = initializerSource(decl.initializer, qualifier, matcher);
          const symbol = checker.getSymbolAtLocation(decl.name);
          if (source && symbol) bindings.set(symbol, source);
        }
      }
    } catch (error) {
      onFileError(file.fileName, error);
    }
  }
  return bindings;
}

function initializerSource(
  init: ts.Expression,
  qualifier: Qualifier,
  matcher: ApiMatcher,
): ModuleInitSource | undefined {
  // An explicit stack: generated initializers (a 2,500-term string concatenation) nest deeper than the call stack.
  const stack: ts.Node[] = [init];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (isFunctionNode(node) || ts.isClassLike(node)) continue;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const qualified = qualifier.qualify(node.expression);
      const entry = qualified
        ? matcher.match(qualified, ts.isNewExpression(node) ? "new" : "call", node.arguments?.length ?? 0)
        : undefined;
      if (entry && entry.kind !== "pure" && BRANCH_TAINTING_KINDS.has(entry.kind)) return { node, kind: entry.kind };
    }
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}
