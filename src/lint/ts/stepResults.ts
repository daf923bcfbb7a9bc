// DUR024: values a step visibly returns that the JSON round trip of the checkpoint log turns into something else.
import ts from "typescript";
import { unwrap } from "./syntaxFacts";
import type { SymbolTypes } from "./symbolTypes";
import { isFunctionNode } from "./syntaxFacts";

const NON_JSON_CLASSES = new Set(["Date", "Map", "Set", "WeakMap", "WeakSet", "RegExp"]);

/** What is wrong with a returned expression ("a `Date`"), or undefined when it round-trips. */
export function nonJsonValue(
  expr: ts.Expression,
  types: SymbolTypes,
  isWorkspaceFile: (file: ts.SourceFile) => boolean,
): string | undefined {
  const inner = ts.isAwaitExpression(expr) ? unwrap(expr.expression) : expr;
  if (ts.isBigIntLiteral(inner)) return "a bigint";
  if (isFunctionNode(inner)) return "a function";
  if (ts.isNewExpression(inner) && ts.isIdentifier(inner.expression)) {
    const name = inner.expression.text;
    if (NON_JSON_CLASSES.has(name)) return `a \`${name}\``;
    const decl = types.symbolOf(inner.expression)?.valueDeclaration;
    if (decl && ts.isClassDeclaration(decl) && isWorkspaceFile(decl.getSourceFile()))
      return `an instance of class \`${name}\``;
  }
  if (ts.isCallExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === "BigInt")
    return "a bigint";
  return undefined;
}
