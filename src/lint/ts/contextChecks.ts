// How the context is used: DUR020 (an operation inside a step, also through a called function), DUR021 (a callback
// using another context than its own), DUR025 (a method pulled off the context), DUR014 (concurrent callbacks
// sharing a context across awaits) and DUR022 (state a durable callback captured, written inside it).
import ts from "typescript";
import { RULES } from "../rules";
import { optionalFix, type CheckEnv, type TsCheck } from "./checkTypes";
import type { OpCall } from "./durableApi";
import { location, sentence, shortText } from "./messages";
import { forEachChild, isAsyncFunction, isFunctionNode, isInside, Kind, rootIdentifier, unwrap } from "./syntaxFacts";
import type { FunctionNode } from "./syntaxFacts";

const HOST_PROMISE_ALL = new Set(["Promise.all", "Promise.allSettled", "Promise.race", "Promise.any"]);

export const nestedOperations: TsCheck = {
  rules: ["DUR020"],
  operation(env, op, frame, out) {
    if (frame.kind !== "step") return;
    const display = `${unwrap(op.receiver).getText()}.${op.method}()`;
    const enclosing = frame.durableCallback && enclosingOp(env, frame.durableCallback);
    const fix = enclosing?.method === "step" ? env.fixes.stepToChildContext(enclosing) : undefined;
    out.push({
      rule: "DUR020",
      node: op.call.expression,
      severity: RULES.DUR020.defaultSeverity,
      message: sentence("DUR020", `\`${display}\` starts a durable operation inside a step`),
      related: [],
      fixes: fix ? [fix] : [],
      summary: `\`${display}\` starts a durable operation`,
    });
  },
  propagated(_env, event, site, kind, out) {
    if (kind !== "step" || event.rule !== "DUR020" || !event.summary) return;
    const name = shortText(site);
    const where = location(event.node, event.summary);
    const hop = `${event.summary} at ${where.file.split("/").pop()}:${where.line}`;
    out.push({
      rule: "DUR020",
      node: site,
      severity: RULES.DUR020.defaultSeverity,
      message: sentence("DUR020", `\`${name}\` starts durable operations inside a step (${hop})`),
      related: [where, ...event.related],
      fixes: [],
      summary: `\`${name}\` starts durable operations`,
    });
  },
};

export const wrongContext: TsCheck = {
  rules: ["DUR021"],
  operation(env, op, frame, out) {
    if (frame.kind === "step" || !frame.checkWrongContext || !frame.ownContext) return;
    const origin = contextOrigin(env, op.receiver);
    if (!origin || origin === frame.ownContext) return;
    const ownName = frame.ownContext.name;
    const receiver = unwrap(op.receiver).getText();
    out.push({
      rule: "DUR021",
      node: op.call.expression,
      severity: RULES.DUR021.defaultSeverity,
      message: sentence(
        "DUR021",
        `\`${receiver}.${op.method}()\` uses \`${receiver}\` inside a callback that received its own context \`${ownName}\``,
      ),
      related: [],
      fixes: [env.fixes.useOwnContext(op, ownName)],
    });
  },
};

export const detachedOperations: TsCheck = {
  rules: ["DUR025"],
  operation(env, op, _frame, out) {
    if (!op.detached) return;
    out.push({
      rule: "DUR025",
      node: op.call.expression,
      severity: RULES.DUR025.defaultSeverity,
      message: sentence(
        "DUR025",
        `\`${op.methodNode.text}()\` is \`${unwrap(op.receiver).getText()}.${op.method}\` pulled off the context`,
      ),
      related: [],
      fixes: [env.fixes.callOnContext(op)],
    });
  },
};

/** DUR014: concurrent async callbacks that run an operation on a shared context after an await. */
export const sharedContextConcurrency: TsCheck = {
  rules: ["DUR014"],
  call(env, { call, qualified, entry }, frame, out) {
    if (entry || !qualified || !HOST_PROMISE_ALL.has(qualified) || frame.kind !== "replayed") return;
    let shared: string | undefined;
    const inspectCallback = (fn: FunctionNode) => {
      if (!isAsyncFunction(fn) || !fn.body) return;
      let awaited = false;
      const visit = (node: ts.Node) => {
        if (shared) return;
        if (ts.isCallExpression(node)) {
          const op = env.api.opCall(node);
          if (op && awaited && !isInside(declarationOf(env, op.receiver) ?? fn, fn)) {
            shared = unwrap(op.receiver).getText();
            return;
          }
        }
        ts.forEachChild(node, visit);
        if (ts.isAwaitExpression(node)) awaited = true;
      };
      visit(fn.body);
    };
    const find = (node: ts.Node) => {
      if (isFunctionNode(node)) inspectCallback(node);
      else ts.forEachChild(node, find);
    };
    for (const arg of call.arguments) find(arg);
    if (!shared) return;
    const context = shared;
    out.push({
      rule: "DUR014",
      node: call.expression,
      severity: RULES.DUR014.defaultSeverity,
      message: sentence(
        "DUR014",
        `\`${shortText(call)}\` runs callbacks that start operations on the shared context \`${context}\` after an await`,
      ),
      related: [],
      fixes: optionalFix(() => env.fixes.sharedContextToMap(call, context)),
    });
  },
};

/** DUR022: state captured from outside a durable callback, written inside it and read by other code. */
export const capturedWrites: TsCheck = {
  rules: ["DUR022"],
  write(env, target, node, frame, out) {
    const id = rootIdentifier(target);
    const symbol = id && env.types.symbolAt(id);
    if (!id || !symbol || !isLostWrite(env, symbol, frame)) return;
    out.push({
      rule: "DUR022",
      node,
      severity: RULES.DUR022.defaultSeverity,
      message: sentence(
        "DUR022",
        `\`${shortText(node)}\` writes \`${id.text}\`, which the durable callback captured from outside`,
      ),
      related: [],
      fixes: optionalFix(() => {
        const op = enclosingOp(env, frame.durableCallback as ts.Node);
        return op && ts.isBinaryExpression(node) ? env.fixes.returnInsteadOfAssign(op, node) : undefined;
      }),
    });
  },
};

/**
 * A write inside a durable callback to a workspace binding declared outside it and read by other code: the callback
 * does not run again on replay, so the write is lost. A value written in a step and read only inside that step (a
 * retry counter) is not lost; another step reading it runs in a later invocation, where the write never happened.
 */
export function isLostWrite(env: CheckEnv, symbol: ts.Symbol, frame: { durableCallback?: ts.Node }): boolean {
  const decl = symbol.valueDeclaration;
  const callback = frame.durableCallback;
  if (!decl || !callback || !env.isWorkspaceFile(decl.getSourceFile()) || isInside(decl, callback)) return false;
  let scope: ts.Node = decl.getSourceFile();
  for (let n = decl.parent; n; n = n.parent) {
    if (isFunctionNode(n)) {
      scope = n;
      break;
    }
  }
  let found = false;
  const walk = (node: ts.Node): void => {
    if (found || node === callback) return;
    if (node.kind === Kind.Identifier) {
      const id = node as ts.Identifier;
      found = id.text === symbol.name && id !== (decl as ts.NamedDeclaration).name && isRead(env, id, symbol);
      return;
    }
    forEachChild(node, walk);
  };
  walk(scope);
  return found;
}

function isRead(env: CheckEnv, id: ts.Identifier, symbol: ts.Symbol): boolean {
  const parent = id.parent;
  if (ts.isBinaryExpression(parent) && parent.left === id && parent.operatorToken.kind === Kind.EqualsToken)
    return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (ts.isShorthandPropertyAssignment(parent)) return env.checker.getShorthandAssignmentValueSymbol(parent) === symbol;
  return env.types.symbolAt(id) === symbol;
}

/** The operation a callback is an argument of. */
function enclosingOp(env: CheckEnv, callback: ts.Node): OpCall | undefined {
  let cur = callback;
  while (ts.isParenthesizedExpression(cur.parent)) cur = cur.parent;
  const call = cur.parent;
  return call && ts.isCallExpression(call) ? env.api.opCall(call) : undefined;
}

/** The parameter (or other binding) a context expression comes from, following `const c = context`. */
function contextOrigin(env: CheckEnv, expr: ts.Expression): ts.Symbol | undefined {
  let node = unwrap(expr);
  for (let depth = 0; depth < 5 && ts.isIdentifier(node); depth++) {
    const symbol = env.checker.getSymbolAtLocation(node);
    const decl = symbol?.valueDeclaration;
    if (!symbol || !decl) return undefined;
    if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(unwrap(decl.initializer))) {
      node = unwrap(decl.initializer);
      continue;
    }
    return symbol;
  }
  return undefined;
}

function declarationOf(env: CheckEnv, expr: ts.Expression): ts.Node | undefined {
  const id = rootIdentifier(expr);
  return id ? env.checker.getSymbolAtLocation(id)?.valueDeclaration : undefined;
}
