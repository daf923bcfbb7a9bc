// The shape of handlers and steps: DUR028 (a handler that is not async, or exported without withDurableExecution),
// DUR024 (a step returning what the checkpoint log's JSON round trip changes) and DUR027 (an endless loop without a
// durable operation).
import ts from "typescript";
import { RULES } from "../rules";
import type { TsCheck } from "./checkTypes";
import { sentence } from "./messages";
import { nonJsonValue } from "./stepResults";
import { isAsyncFunction, isFunctionNode, unwrap } from "./syntaxFacts";

export const handlerShape: TsCheck = {
  rules: ["DUR028"],
  handler(env, handler, reference, out) {
    if (isAsyncFunction(handler)) return;
    const signature = env.checker.getSignatureFromDeclaration(handler);
    const returns = signature ? env.checker.getReturnTypeOfSignature(signature) : undefined;
    if (returns && (returns.flags & ts.TypeFlags.Any || returns.getSymbol()?.name === "Promise")) return;
    out.push({
      rule: "DUR028",
      node: reference,
      severity: RULES.DUR028.defaultSeverity,
      message: sentence("DUR028", "The handler passed to withDurableExecution is not async"),
      related: [],
      fixes: [],
    });
  },
  /** An exported `handler(event, context: DurableContext)` that the runtime would call without the durable wrapper. */
  contextFunction(_env, fn, param, out) {
    if (fn.parameters.indexOf(param) !== 1) return;
    const nameNode = ts.isFunctionDeclaration(fn)
      ? fn.name
      : ts.isVariableDeclaration(fn.parent)
        ? fn.parent.name
        : undefined;
    if (!nameNode || !ts.isIdentifier(nameNode) || nameNode.text !== "handler") return;
    const statement = ts.isFunctionDeclaration(fn) ? fn : fn.parent.parent?.parent;
    const exported =
      statement &&
      ts.canHaveModifiers(statement) &&
      ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) return;
    out.push({
      rule: "DUR028",
      node: nameNode,
      severity: RULES.DUR028.defaultSeverity,
      message: sentence("DUR028", "`handler` takes a DurableContext but is exported without withDurableExecution"),
      related: [],
      fixes: [],
    });
  },
};

export const stepResults: TsCheck = {
  rules: ["DUR024"],
  stepCallback(env, op, fn, out) {
    if (op.method !== "step" || !fn.body) return;
    const returned: ts.Expression[] = [];
    if (!ts.isBlock(fn.body)) returned.push(fn.body);
    else {
      const collect = (node: ts.Node) => {
        if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
        else if (!isFunctionNode(node)) ts.forEachChild(node, collect);
      };
      collect(fn.body);
    }
    for (const expr of returned) {
      const problem = nonJsonValue(unwrap(expr), env.types, (file) => env.isWorkspaceFile(file));
      if (!problem) continue;
      out.push({
        rule: "DUR024",
        node: op.call.expression,
        severity: RULES.DUR024.defaultSeverity,
        message: sentence("DUR024", `The step returns ${problem}`),
        related: [],
        fixes: [],
      });
      return;
    }
  },
};

/** DUR027: `while (true)` / `for (;;)` in replayed code without any durable operation inside. */
export const unboundedLoops: TsCheck = {
  rules: ["DUR027"],
  loop(env, loop, frame, out) {
    if (frame.kind === "step") return;
    const condition = ts.isForStatement(loop) ? loop.condition : loop.expression;
    if (condition && condition.kind !== ts.SyntaxKind.TrueKeyword) return;
    let hasOp = false;
    const visit = (node: ts.Node) => {
      if (hasOp) return;
      if (ts.isCallExpression(node) && (env.api.opCall(node) || node.arguments.some((a) => env.api.isContext(a))))
        hasOp = true;
      else ts.forEachChild(node, visit);
    };
    visit(loop.statement);
    if (hasOp) return;
    out.push({
      rule: "DUR027",
      node: loop.getFirstToken() ?? loop,
      severity: RULES.DUR027.defaultSeverity,
      message: sentence("DUR027", "This loop never ends on its own and contains no durable operation"),
      related: [],
      fixes: [],
    });
  },
};
