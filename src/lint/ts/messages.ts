// Message text of findings: what happened, then the catalog's why and fix (RULES[id].why / .fix).
import ts from "typescript";
import { RULES } from "../rules";
import type { RelatedLocation, RuleId } from "../types";

/** "`Date.now()` reads …: <why>. <Fix>." */
export function sentence(rule: RuleId, what: string): string {
  const info = RULES[rule];
  return `${what}: ${info.why}. ${info.fix.charAt(0).toUpperCase()}${info.fix.slice(1)}.`;
}

/** A short rendering of an expression for messages: `Date.now()`, `fetch(…)`. */
export function shortText(node: ts.Node): string {
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const callee = node.expression.getText().replace(/\s+/g, "");
    const args = node.arguments && node.arguments.length > 0 ? "(…)" : "()";
    return `${ts.isNewExpression(node) ? "new " : ""}${callee.length > 40 ? callee.slice(-40) : callee}${args}`;
  }
  const text = node.getText().replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

export function location(node: ts.Node, message: string): RelatedLocation {
  const file = node.getSourceFile();
  const pos = file.getLineAndCharacterOfPosition(node.getStart());
  return { file: file.fileName, line: pos.line + 1, column: pos.character + 1, message };
}
