// Where a non-deterministic value goes (intraprocedural, through local variables): into a log only (a hint), a
// branch test (DUR012), an operation name (DUR011), an operation argument, or any other value.
import ts from "typescript";
import type { DurableApi } from "./durableApi";
import type { Qualifier } from "./qualify";
import { unwrap } from "./syntaxFacts";

export type SinkKind = "log" | "branch" | "name" | "opArg" | "value" | "discarded";

export interface Sink {
  kind: SinkKind;
  /** The branch test or operation name that receives the value. */
  node: ts.Node;
}

const LOG_METHODS = new Set(["log", "info", "warn", "error", "debug", "trace", "fatal"]);

export class SinkTracer {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly api: DurableApi,
    private readonly qualifier: Qualifier,
  ) {}

  sinks(expr: ts.Node): Sink[] {
    return this.trace(expr, new Set(), 0);
  }

  isLoggerCall(call: ts.CallExpression): boolean {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !LOG_METHODS.has(callee.name.text)) return false;
    const target = unwrap(callee.expression);
    // context.logger.info(...) and the step context's logger
    if (ts.isPropertyAccessExpression(target) && target.name.text === "logger") return true;
    if (ts.isIdentifier(target) && /^(log|logger)$|Logger$/i.test(target.text)) return true;
    return this.qualifier.qualify(callee)?.startsWith("console.") ?? false;
  }

  /** Both branches of `statement` (a missing else counts) do nothing but log. */
  private onlyLogs(statement: ts.IfStatement): boolean {
    const logs = (node: ts.Statement | undefined): boolean =>
      node === undefined ||
      (ts.isBlock(node)
        ? node.statements.every(logs)
        : ts.isIfStatement(node)
          ? this.onlyLogs(node)
          : ts.isExpressionStatement(node) &&
            ts.isCallExpression(unwrap(node.expression)) &&
            this.isLoggerCall(unwrap(node.expression) as ts.CallExpression));
    return logs(statement.thenStatement) && logs(statement.elseStatement);
  }

  private trace(start: ts.Node, seen: Set<ts.Symbol>, depth: number): Sink[] {
    let cur: ts.Node = start;
    for (;;) {
      const parent = cur.parent;
      if (!parent) return [{ kind: "value", node: cur }];
      if (ts.isCallExpression(parent)) {
        if (parent.expression === cur) {
          cur = parent;
          continue;
        }
        const op = this.api.opCall(parent);
        if (op) return [{ kind: op.name === cur ? "name" : "opArg", node: op.name === cur ? cur : parent }];
        if (this.isLoggerCall(parent)) return [{ kind: "log", node: parent }];
        cur = parent;
        continue;
      }
      if (
        ts.isParenthesizedExpression(parent) ||
        ts.isAsExpression(parent) ||
        ts.isNonNullExpression(parent) ||
        ts.isSatisfiesExpression(parent) ||
        ts.isAwaitExpression(parent) ||
        ts.isTemplateSpan(parent) ||
        ts.isTemplateExpression(parent) ||
        ts.isPrefixUnaryExpression(parent) ||
        ts.isPropertyAccessExpression(parent) ||
        ts.isElementAccessExpression(parent) ||
        ts.isArrayLiteralExpression(parent) ||
        ts.isObjectLiteralExpression(parent) ||
        ts.isPropertyAssignment(parent) ||
        ts.isShorthandPropertyAssignment(parent) ||
        ts.isSpreadAssignment(parent) ||
        ts.isSpreadElement(parent) ||
        ts.isNewExpression(parent) ||
        ts.isTypeOfExpression(parent) ||
        ts.isTaggedTemplateExpression(parent)
      ) {
        cur = parent;
        continue;
      }
      if (ts.isConditionalExpression(parent)) {
        if (parent.condition === cur) return [{ kind: "branch", node: cur }];
        cur = parent;
        continue;
      }
      if (ts.isBinaryExpression(parent)) {
        const op = parent.operatorToken.kind;
        if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) {
          if (parent.right !== cur) return [{ kind: "value", node: parent }];
          const target = unwrap(parent.left);
          return ts.isIdentifier(target) ? this.traceSymbol(target, seen, depth) : [{ kind: "value", node: parent }];
        }
        cur = parent;
        continue;
      }
      // `if (process.env.VERBOSE) console.log(…)`: the value decides only what is logged.
      if (ts.isIfStatement(parent) && parent.expression === cur && this.onlyLogs(parent)) {
        return [{ kind: "log", node: parent }];
      }
      if (
        (ts.isIfStatement(parent) ||
          ts.isWhileStatement(parent) ||
          ts.isDoStatement(parent) ||
          ts.isSwitchStatement(parent)) &&
        parent.expression === cur
      ) {
        return [{ kind: "branch", node: cur }];
      }
      if (ts.isForStatement(parent) && parent.condition === cur) return [{ kind: "branch", node: cur }];
      if (ts.isCaseClause(parent) && parent.expression === cur) return [{ kind: "branch", node: cur }];
      if (ts.isVariableDeclaration(parent) && parent.initializer === cur) {
        return ts.isIdentifier(parent.name)
          ? this.traceSymbol(parent.name, seen, depth)
          : [{ kind: "value", node: parent }];
      }
      if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) return [{ kind: "discarded", node: parent }];
      return [{ kind: "value", node: parent }];
    }
  }

  /** Sinks of every read of a local variable. */
  private traceSymbol(name: ts.Identifier, seen: Set<ts.Symbol>, depth: number): Sink[] {
    const symbol = this.checker.getSymbolAtLocation(name);
    const decl = symbol?.valueDeclaration;
    if (!symbol || !decl || depth > 6) return [{ kind: "value", node: name }];
    if (seen.has(symbol)) return [];
    seen.add(symbol);
    const scope = enclosingScope(decl);
    if (ts.isSourceFile(scope)) return [{ kind: "value", node: name }];
    const sinks: Sink[] = [];
    const mayMention = spellingFilter(scope, name.text);
    const visit = (node: ts.Node) => {
      if (!mayMention(node)) return;
      if (
        ts.isIdentifier(node) &&
        node !== name &&
        node.escapedText === name.escapedText &&
        this.checker.getSymbolAtLocation(node) === symbol
      ) {
        const parent = node.parent;
        const isWrite =
          ts.isBinaryExpression(parent) &&
          parent.left === node &&
          parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
        if (!isWrite) sinks.push(...this.trace(node, seen, depth + 1));
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(scope);
    return sinks.length > 0 ? sinks : [{ kind: "discarded", node: name }];
  }
}

function enclosingScope(decl: ts.Node): ts.Node {
  for (let n: ts.Node | undefined = decl.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n) || ts.isSourceFile(n)) return n;
  }
  return decl.getSourceFile();
}

/**
 * Whether a node's source may contain a reference to `name`: a read is spelled with the name, so subtrees of a long
 * function whose text lacks it need no walk. Unicode escapes can spell an identifier differently; with any in the
 * scope every node is walked.
 */
function spellingFilter(scope: ts.Node, name: string): (node: ts.Node) => boolean {
  const text = scope.getSourceFile().text;
  const escape = text.indexOf("\\u", scope.pos);
  if (escape !== -1 && escape < scope.end) return () => true;
  const hits: number[] = [];
  for (let at = text.indexOf(name, scope.pos); at !== -1 && at < scope.end; at = text.indexOf(name, at + 1))
    hits.push(at);
  return (node) => {
    let low = 0;
    let high = hits.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (hits[mid] < node.pos) low = mid + 1;
      else high = mid;
    }
    return low < hits.length && hits[low] < node.end;
  };
}
