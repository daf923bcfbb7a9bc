// Small syntactic facts the analysis asks about functions, declarations and expressions.
import ts from "typescript";

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/**
 * Every `ts.x` is a getter on the TypeScript module object (a dictionary of ~2,000 exports), which costs more than
 * the test itself; code that runs for every node of a long handler compares `node.kind` against these instead and
 * walks with `forEachChild`, each read once.
 */
export const Kind = ts.SyntaxKind;
export const forEachChild = ts.forEachChild;

/** Kinds `unwrap` looks through; a Set of kinds because `ts.isX` is slow on this hot path (see above). */
const WRAPPERS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.ParenthesizedExpression,
  ts.SyntaxKind.NonNullExpression,
  ts.SyntaxKind.AsExpression,
  ts.SyntaxKind.SatisfiesExpression,
  ts.SyntaxKind.TypeAssertionExpression,
]);

type Wrapper =
  ts.ParenthesizedExpression | ts.NonNullExpression | ts.AsExpression | ts.SatisfiesExpression | ts.TypeAssertion;

export function unwrap(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (WRAPPERS.has(current.kind)) current = (current as Wrapper).expression;
  return current;
}

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  const kind = node.kind;
  return (
    kind === Kind.ArrowFunction ||
    kind === Kind.FunctionExpression ||
    kind === Kind.FunctionDeclaration ||
    kind === Kind.MethodDeclaration
  );
}

export function isModuleLevel(decl: ts.Node): boolean {
  if (!ts.isVariableDeclaration(decl)) return false;
  const statement = decl.parent?.parent;
  return !!statement && ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}

export function rootIdentifier(expr: ts.Expression): ts.Identifier | undefined {
  let cur = unwrap(expr);
  while (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur)) cur = unwrap(cur.expression);
  return ts.isIdentifier(cur) ? cur : undefined;
}

export function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.getSourceFile() === container.getSourceFile() && node.pos >= container.pos && node.end <= container.end;
}

export function isAsyncFunction(fn: FunctionNode): boolean {
  return (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) !== 0;
}
