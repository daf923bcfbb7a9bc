// Quick fixes for TS/JS findings. Each produces code that compiles: it uses the DurableContext in scope by its
// own name, inserts `await` only inside async functions and names steps uniquely within the file.
import ts from "typescript";
import { JS_OPERATIONS } from "../sdkOperations";
import type { Fix, TextEdit } from "../types";
import type { DurableApi, OpCall } from "./durableApi";
import { unwrap } from "./syntaxFacts";
import { stepNamesIn, uniqueStepName } from "./stepNames";

export class FixBuilder {
  private readonly usedNames = new Map<ts.SourceFile, Set<string>>();

  constructor(private readonly api: DurableApi) {}

  /** `expr` → `await ctx.step("name", async () => expr)`; for `const x = …` the whole initializer is wrapped. */
  wrapInStep(source: ts.Node): Fix | undefined {
    const file = source.getSourceFile();
    const fn = enclosingFunction(source);
    if (!fn || !isAsync(fn)) return undefined;
    const context = this.contextInScope(source);
    if (!context) return undefined;
    let target: ts.Node = source;
    if (ts.isAwaitExpression(source.parent)) target = source.parent;
    let name: string | undefined;
    const declaration = declarationOf(target);
    if (
      declaration?.initializer &&
      ts.isIdentifier(declaration.name) &&
      !containsDurableWork(declaration.initializer, context)
    ) {
      target = declaration.initializer;
      name = declaration.name.text;
    }
    name ??= nameFromExpression(source);
    const stepName = this.uniqueName(file, name);
    const inner = ts.isAwaitExpression(target) ? target.expression.getText() : target.getText();
    let replacement = `await ${context}.step(${JSON.stringify(stepName)}, async () => ${wrapObjectLiteral(inner)})`;
    if (!canTakeAwaitWithoutParens(target)) replacement = `(${replacement})`;
    return {
      title: `Wrap in ${context}.step(${JSON.stringify(stepName)})`,
      preferred: true,
      edits: [edit(file, target.getStart(), target.getEnd(), replacement)],
    };
  }

  /**
   * `await new Promise((r) => setTimeout(r, 5000))` or `await setTimeout(5000)` from timers/promises →
   * `await ctx.wait({ seconds: 5 })`.
   */
  sleepToWait(timerCall: ts.CallExpression, promiseBased: boolean): Fix | undefined {
    const target = promiseBased ? timerCall : enclosingPromiseConstructor(timerCall);
    if (!target || !ts.isAwaitExpression(target.parent)) return undefined;
    const context = this.contextInScope(target);
    const delay = timerCall.arguments[promiseBased ? 0 : 1];
    if (!context || !delay) return undefined;
    const ms = ts.isNumericLiteral(delay) ? Number(delay.text.replace(/_/g, "")) : undefined;
    const seconds =
      ms !== undefined
        ? String(Math.max(1, Math.ceil(ms / 1000)))
        : `Math.max(1, Math.ceil((${delay.getText()}) / 1000))`;
    return {
      title: `Replace with ${context}.wait({ seconds: ${seconds} })`,
      preferred: true,
      edits: [
        edit(target.getSourceFile(), target.getStart(), target.getEnd(), `${context}.wait({ seconds: ${seconds} })`),
      ],
    };
  }

  /** DUR020: `ctx.step(name, async () => { await ctx.wait(...) })` → `ctx.runInChildContext(name, async (child) => { await child.wait(...) })`. */
  stepToChildContext(outer: OpCall): Fix | undefined {
    const callback = outer.callbacks[0]?.node;
    if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
    const file = outer.call.getSourceFile();
    const existing = callback.parameters[0];
    const childName = existing && ts.isIdentifier(existing.name) ? existing.name.text : "childContext";
    const edits: TextEdit[] = [edit(file, outer.methodNode.getStart(), outer.methodNode.getEnd(), "runInChildContext")];
    if (!existing) {
      const open = callback.getChildren().find((c) => c.kind === ts.SyntaxKind.OpenParenToken);
      if (open) edits.push(edit(file, open.getEnd(), open.getEnd(), childName));
      else edits.push(edit(file, callback.parameters.pos, callback.parameters.end, `(${childName})`));
    } else if (existing.type) {
      edits.push(edit(file, existing.type.getStart(), existing.type.getEnd(), "DurableContext"));
    }
    const outerContext = unwrap(outer.receiver).getText();
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const inner = this.api.opCall(node);
        if (inner && !inner.detached && unwrap(inner.receiver).getText() === outerContext) {
          const receiver = unwrap(inner.receiver);
          edits.push(edit(file, receiver.getStart(), receiver.getEnd(), childName));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(callback.body);
    return { title: `Change ${outerContext}.step to ${outerContext}.runInChildContext`, preferred: true, edits };
  }

  /** DUR021: use the callback's own context instead of the captured one. */
  useOwnContext(op: OpCall, ownName: string): Fix {
    const receiver = unwrap(op.receiver);
    return {
      title: `Use ${ownName}`,
      preferred: true,
      edits: [edit(op.call.getSourceFile(), receiver.getStart(), receiver.getEnd(), ownName)],
    };
  }

  /** DUR025: `step(...)` from `const { step } = context` → `context.step(...)`. */
  callOnContext(op: OpCall): Fix {
    const receiver = unwrap(op.receiver).getText();
    const callee = op.call.expression;
    return {
      title: `Call ${receiver}.${op.method}(...)`,
      preferred: true,
      edits: [edit(op.call.getSourceFile(), callee.getStart(), callee.getEnd(), `${receiver}.${op.method}`)],
    };
  }

  /** DUR023: `console.log(x)` → `context.logger.info(x)` (replay-aware: silent while replaying). */
  useContextLogger(call: ts.CallExpression): Fix | undefined {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = CONSOLE_TO_LOGGER.get(callee.name.text);
    const context = this.contextInScope(call);
    if (!method || !context) return undefined;
    return {
      title: `Log through ${context}.logger.${method}`,
      preferred: true,
      edits: [edit(call.getSourceFile(), callee.getStart(), callee.getEnd(), `${context}.logger.${method}`)],
    };
  }

  /** DUR011: a template name keeps its static prefix (`x-${Date.now()}` → "x"). */
  staticName(name: ts.Expression): Fix {
    const head = ts.isTemplateExpression(name) ? name.head.text.replace(/[-_:/. ]+$/, "") : "";
    const stepName = this.uniqueName(name.getSourceFile(), head || "operation");
    return {
      title: `Use the static name ${JSON.stringify(stepName)}`,
      preferred: true,
      edits: [edit(name.getSourceFile(), name.getStart(), name.getEnd(), JSON.stringify(stepName))],
    };
  }

  /**
   * DUR022: `await ctx.step(n, async () => { x = f(); })` → `x = await ctx.step(n, async () => f());`, the simple
   * shape where the callback only assigns one captured variable.
   */
  returnInsteadOfAssign(op: OpCall, assignment: ts.BinaryExpression): Fix | undefined {
    const callback = op.callbacks[0]?.node;
    if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) || !ts.isBlock(callback.body))
      return undefined;
    const [only] = callback.body.statements;
    if (callback.body.statements.length !== 1 || !ts.isExpressionStatement(only) || only.expression !== assignment)
      return undefined;
    if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(assignment.left))
      return undefined;
    const awaited = op.call.parent;
    if (!ts.isAwaitExpression(awaited) || !ts.isExpressionStatement(awaited.parent)) return undefined;
    const file = op.call.getSourceFile();
    const value = assignment.right.getText();
    return {
      title: `Return the value and assign ${assignment.left.text} outside the step`,
      preferred: true,
      edits: [
        edit(
          file,
          callback.body.getStart(),
          callback.body.getEnd(),
          value.trimStart().startsWith("{") ? `(${value})` : value,
        ),
        edit(file, awaited.getStart(), awaited.getStart(), `${assignment.left.text} = `),
      ],
    };
  }

  /**
   * DUR014: `await Promise.all(items.map(async (item) => { await ctx.step(…) }))` →
   * `(await ctx.map(items, async (itemContext, item) => { await itemContext.step(…) })).getResults()`.
   */
  sharedContextToMap(promiseAll: ts.CallExpression, shared: string): Fix | undefined {
    const mapped = promiseAll.arguments[0] && unwrap(promiseAll.arguments[0]);
    if (
      !mapped ||
      !ts.isCallExpression(mapped) ||
      !ts.isPropertyAccessExpression(mapped.expression) ||
      mapped.expression.name.text !== "map"
    )
      return undefined;
    const fn = mapped.arguments[0] && unwrap(mapped.arguments[0]);
    if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
    const file = promiseAll.getSourceFile();
    const child = "itemContext";
    const base = fn.getStart();
    const local: { start: number; end: number; text: string }[] = [];
    const open = fn.getChildren().find((c) => c.kind === ts.SyntaxKind.OpenParenToken);
    if (open)
      local.push({ start: open.getEnd(), end: open.getEnd(), text: fn.parameters.length > 0 ? `${child}, ` : child });
    else if (fn.parameters[0])
      local.push({
        start: fn.parameters[0].getStart(),
        end: fn.parameters[0].getEnd(),
        text: `(${child}, ${fn.parameters[0].getText()})`,
      });
    else return undefined;
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const op = this.api.opCall(node);
        const receiver = op && unwrap(op.receiver);
        if (receiver && ts.isIdentifier(receiver) && receiver.text === shared)
          local.push({ start: receiver.getStart(), end: receiver.getEnd(), text: child });
      }
      ts.forEachChild(node, visit);
    };
    visit(fn.body);
    let fnText = fn.getText();
    for (const r of local.sort((a, b) => b.start - a.start))
      fnText = fnText.slice(0, r.start - base) + r.text + fnText.slice(r.end - base);
    const call = `${shared}.map(${mapped.expression.expression.getText()}, ${fnText})`;
    const awaited = promiseAll.parent;
    const resultUsed = ts.isAwaitExpression(awaited) && !ts.isExpressionStatement(awaited.parent);
    const target = resultUsed ? awaited : promiseAll;
    return {
      title: `Use ${shared}.map, which gives each item its own context`,
      preferred: true,
      edits: [edit(file, target.getStart(), target.getEnd(), resultUsed ? `(await ${call}).getResults()` : call)],
    };
  }

  /** The name of the nearest DurableContext parameter of an enclosing function. */
  contextInScope(node: ts.Node): string | undefined {
    for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
      if (ts.isFunctionLike(n)) {
        const param = this.api.contextParameter(n);
        if (param && ts.isIdentifier(param.name)) return param.name.text;
      }
    }
    return undefined;
  }

  private uniqueName(file: ts.SourceFile, base: string): string {
    let used = this.usedNames.get(file);
    if (!used) this.usedNames.set(file, (used = stepNamesIn(file.text)));
    return uniqueStepName(used, base);
  }
}

const CONSOLE_TO_LOGGER = new Map([
  ["log", "info"],
  ["info", "info"],
  ["warn", "warn"],
  ["error", "error"],
  ["debug", "debug"],
  ["trace", "debug"],
]);

function edit(file: ts.SourceFile, start: number, end: number, newText: string): TextEdit {
  return { file: file.fileName, start, end, newText };
}

function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n))
      return n;
    if (ts.isSourceFile(n)) return undefined;
  }
  return undefined;
}

function isAsync(fn: ts.FunctionLikeDeclaration): boolean {
  return (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) !== 0;
}

function declarationOf(node: ts.Node): ts.VariableDeclaration | undefined {
  let cur = node;
  while (ts.isParenthesizedExpression(cur.parent) || ts.isAsExpression(cur.parent)) cur = cur.parent;
  const parent = cur.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === cur) return parent;
  // `const x = Date.now() - start`: wrap the whole initializer when the source is part of it.
  for (let n: ts.Node | undefined = node.parent; n && !ts.isFunctionLike(n) && !ts.isStatement(n); n = n.parent) {
    if (ts.isVariableDeclaration(n)) return n;
  }
  return undefined;
}

/** An initializer that awaits or starts operations cannot move into a step (that would nest operations). */
function containsDurableWork(node: ts.Node, context: string): boolean {
  const operation = new RegExp(`^${context}\\s*\\.\\s*(${[...JS_OPERATIONS.keys()].join("|")})\\b`);
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (
      (ts.isCallExpression(n) && operation.test(n.expression.getText())) ||
      (ts.isAwaitExpression(n) && !isAwaitOfSingleCall(n))
    )
      found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function isAwaitOfSingleCall(n: ts.AwaitExpression): boolean {
  return ts.isCallExpression(n.expression) && ts.isVariableDeclaration(n.parent);
}

function nameFromExpression(node: ts.Node): string {
  const expr = ts.isCallExpression(node) || ts.isNewExpression(node) ? node.expression : node;
  const text = ts.isPropertyAccessExpression(expr) ? expr.name.text : ts.isIdentifier(expr) ? expr.text : "value";
  return text === "Date" ? "now" : text;
}

function wrapObjectLiteral(text: string): string {
  return text.trimStart().startsWith("{") ? `(${text})` : text;
}

/** Positions where `await x` needs no parentheses. */
function canTakeAwaitWithoutParens(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    (ts.isVariableDeclaration(parent) && parent.initializer === node) ||
    ts.isExpressionStatement(parent) ||
    ts.isReturnStatement(parent) ||
    (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) ||
    ts.isArrayLiteralExpression(parent) ||
    (ts.isPropertyAssignment(parent) && parent.initializer === node) ||
    ts.isTemplateSpan(parent) ||
    (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node)
  );
}

function enclosingPromiseConstructor(node: ts.Node): ts.NewExpression | undefined {
  for (let n: ts.Node | undefined = node.parent; n && !ts.isStatement(n); n = n.parent) {
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "Promise") return n;
  }
  return undefined;
}
