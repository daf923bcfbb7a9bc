// "Wrap selection in context.step": the refactoring an editor offers for selected statements (or one selected
// expression) in a durable handler. Syntactic on purpose: it runs on the open buffer's text without a program.
// Variables the selection declares and later code reads become the step's result.
import ts from "typescript";
import { JS_OPERATIONS } from "../sdkOperations";
import type { Fix } from "../types";
import { stepNamesIn, uniqueStepName } from "./stepNames";

const OPS = new RegExp(`^(${[...JS_OPERATIONS.keys()].join("|")})$`);

/** A fix that moves the selected statements or expression into a step; undefined when that would not be correct. */
export function wrapSelectionInStep(fileName: string, text: string, start: number, end: number): Fix | undefined {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const statements = selectedStatements(file, start, end);
  if (statements) return wrapStatements(file, statements);
  const expression = selectedExpression(file, start, end);
  return expression ? wrapExpression(file, expression) : undefined;
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (/\.tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  return /\.[cm]?js$/i.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

/** Consecutive statements of one block that the selection covers (ignoring surrounding whitespace). */
function selectedStatements(file: ts.SourceFile, start: number, end: number): ts.Statement[] | undefined {
  let best: ts.Statement[] | undefined;
  const visit = (node: ts.Node) => {
    if (node.getStart(file) > end || node.getEnd() < start) return;
    if (ts.isBlock(node) || ts.isSourceFile(node)) {
      const inside = node.statements.filter((s) => s.getStart(file) >= start && s.getEnd() <= end);
      if (inside.length > 0) best = inside;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (!best) return undefined;
  const covered = file.text.slice(start, end).trim();
  const spanned = file.text.slice(best[0].getStart(file), best[best.length - 1].getEnd()).trim();
  return covered === spanned ? best : undefined;
}

function selectedExpression(file: ts.SourceFile, start: number, end: number): ts.Expression | undefined {
  const text = file.text;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node) => {
    if (node.getStart(file) > start || node.getEnd() < end) return;
    if (ts.isExpression(node) && node.getStart(file) === start && node.getEnd() === end) found = node;
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

interface Scope {
  fn: ts.FunctionLikeDeclaration;
  context: string;
}

/** The enclosing async function and the name of the DurableContext it can use. */
function scopeOf(node: ts.Node): Scope | undefined {
  let fn: ts.FunctionLikeDeclaration | undefined;
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (!(
      ts.isArrowFunction(n) ||
      ts.isFunctionExpression(n) ||
      ts.isFunctionDeclaration(n) ||
      ts.isMethodDeclaration(n)
    ))
      continue;
    fn ??= n;
    const context = contextParameterName(n);
    if (context) return (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) !== 0 ? { fn, context } : undefined;
  }
  return undefined;
}

function contextParameterName(fn: ts.FunctionLikeDeclaration): string | undefined {
  const names = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined));
  const typed = fn.parameters.findIndex((p) => !!p.type && /\bDurableContext\b/.test(p.type.getText()));
  if (typed >= 0) return names[typed];
  const jsdoc = fn.parameters.findIndex((p) =>
    ts.getJSDocParameterTags(p).some((t) => /\bDurableContext\b/.test(t.typeExpression?.getText() ?? "")),
  );
  if (jsdoc >= 0) return names[jsdoc];
  // Untyped callbacks: the handler's second parameter, a child callback's first.
  const call = fn.parent;
  if (!ts.isCallExpression(call)) return undefined;
  const callee = call.expression.getText();
  if (/withDurableExecution$/.test(callee)) return names[1];
  if (/\.(runInChildContext|map)$/.test(callee)) return names[0];
  return undefined;
}

/** Whether the nodes start durable operations, return from the function, or use `await` on the context. */
function blocksWrapping(nodes: readonly ts.Node[], context: string): boolean {
  let blocked = false;
  const visit = (node: ts.Node, nested: boolean) => {
    if (blocked) return;
    if (!nested && (ts.isReturnStatement(node) || ts.isBreakStatement(node) || ts.isContinueStatement(node)))
      blocked = true;
    if (ts.isPropertyAccessExpression(node) && node.expression.getText() === context && OPS.test(node.name.text))
      blocked = true;
    const inner = nested || ts.isFunctionLike(node);
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  for (const node of nodes) visit(node, false);
  return blocked;
}

function wrapStatements(file: ts.SourceFile, statements: ts.Statement[]): Fix | undefined {
  const scope = scopeOf(statements[0]);
  if (!scope || blocksWrapping(statements, scope.context)) return undefined;
  const first = statements[0];
  const last = statements[statements.length - 1];
  const declared = new Map<string, boolean>(); // name → declared with let/var
  for (const statement of statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const mutable = (statement.declarationList.flags & ts.NodeFlags.Const) === 0;
    for (const decl of statement.declarationList.declarations)
      collectNames(decl.name, (name) => declared.set(name, mutable));
  }
  if (assignsOutside(statements, declared)) return undefined;
  const usedAfter = namesUsedAfter(file, last, scope.fn);
  const outputs = [...declared.keys()].filter((name) => usedAfter.has(name));
  const lineStart = file.text.lastIndexOf("\n", first.getStart(file) - 1) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart))?.[0] ?? "";
  const body = file.text
    .slice(lineStart, last.getEnd())
    .split("\n")
    .map((line) => (line.trim() === "" ? line : `  ${line}`))
    .join("\n");
  const name = uniqueStepName(stepNamesIn(file.text), outputs[0] ?? "step");
  const result = outputs.length === 1 ? outputs[0] : `{ ${outputs.join(", ")} }`;
  const keyword = outputs.some((o) => declared.get(o)) ? "let" : "const";
  const head = outputs.length === 0 ? "await" : `${keyword} ${result} = await`;
  const tail = outputs.length === 0 ? "" : `\n${indent}  return ${result};`;
  const newText = `${indent}${head} ${scope.context}.step(${JSON.stringify(name)}, async () => {\n${body}${tail}\n${indent}});`;
  return {
    title: `Wrap selection in ${scope.context}.step(${JSON.stringify(name)})`,
    edits: [{ file: file.fileName, start: lineStart, end: last.getEnd(), newText }],
  };
}

function wrapExpression(file: ts.SourceFile, expression: ts.Expression): Fix | undefined {
  const scope = scopeOf(expression);
  if (!scope || blocksWrapping([expression], scope.context)) return undefined;
  const base =
    ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression)
      ? expression.expression.name.text
      : "value";
  const name = uniqueStepName(stepNamesIn(file.text), base);
  const inner = ts.isAwaitExpression(expression) ? expression.expression.getText(file) : expression.getText(file);
  const body = inner.trimStart().startsWith("{") ? `(${inner})` : inner;
  return {
    title: `Wrap selection in ${scope.context}.step(${JSON.stringify(name)})`,
    edits: [
      {
        file: file.fileName,
        start: expression.getStart(file),
        end: expression.getEnd(),
        newText: `(await ${scope.context}.step(${JSON.stringify(name)}, async () => ${body}))`,
      },
    ],
  };
}

function collectNames(name: ts.BindingName, add: (name: string) => void): void {
  if (ts.isIdentifier(name)) add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collectNames(element.name, add);
}

/** An assignment to a variable declared outside the selection would be lost on replay (DUR022). */
function assignsOutside(statements: ts.Statement[], declared: Map<string, boolean>): boolean {
  let found = false;
  const visit = (node: ts.Node) => {
    if (found) return;
    let target: ts.Expression | undefined;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    )
      target = node.left;
    if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
    )
      target = node.operand;
    if (target && ts.isIdentifier(target) && !declared.has(target.text) && !declaredWithin(target, statements))
      found = true;
    ts.forEachChild(node, visit);
  };
  statements.forEach(visit);
  return found;
}

function declaredWithin(id: ts.Identifier, statements: ts.Statement[]): boolean {
  let found = false;
  const visit = (node: ts.Node) => {
    if (found) return;
    if (
      (ts.isVariableDeclaration(node) || ts.isParameter(node)) &&
      ts.isIdentifier(node.name) &&
      node.name.text === id.text
    )
      found = true;
    ts.forEachChild(node, visit);
  };
  statements.forEach(visit);
  return found;
}

function namesUsedAfter(file: ts.SourceFile, last: ts.Statement, fn: ts.FunctionLikeDeclaration): Set<string> {
  const used = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && node.getStart(file) >= last.getEnd()) used.add(node.text);
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return used;
}
