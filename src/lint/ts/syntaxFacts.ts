// Small syntactic facts the analysis asks about functions, declarations and expressions.
import ts from "typescript";
import { unwrap } from "./qualify";

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
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
