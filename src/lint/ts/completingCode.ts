// Code that runs once: in a handler or child-context callback, the statements after which no durable operation can
// start on any path run only in the invocation that completes it (later invocations replay the checkpointed result),
// so a clock read or an id there is not a replay hazard. A body without any durable operation is all such code.
import ts from "typescript";
import type { DurableApi } from "./durableApi";
import { forEachChild, type FunctionNode, isFunctionNode, Kind, unwrap } from "./syntaxFacts";
import type { SymbolTypes } from "./symbolTypes";

/** Where durable operations may start inside one durable body, as sorted start positions. */
export interface DurablePoints {
  readonly body: ts.Node;
  readonly points: readonly number[];
}

export class CompletingCode {
  private readonly startsOps = new Map<FunctionNode, boolean>();

  constructor(
    private readonly api: DurableApi,
    private readonly types: SymbolTypes,
    private readonly isWorkspaceFile: (file: ts.SourceFile) => boolean,
    private readonly resolveFunction: (expr: ts.Expression) => FunctionNode | undefined,
  ) {}

  /** The positions in `body` (nested functions included: they may run anywhere) that may start an operation. */
  pointsOf(body: ts.Node): DurablePoints {
    const points: number[] = [];
    const walk = (node: ts.Node): void => {
      if (node.kind === Kind.CallExpression && this.mayStartOps(node as ts.CallExpression)) points.push(node.pos);
      else if (node.kind === Kind.AwaitExpression && this.awaitsEarlierWork(node as ts.AwaitExpression))
        points.push(node.pos);
      forEachChild(node, walk);
    };
    walk(body);
    return { body, points };
  }

  /** True when no durable operation can start after `node` (a statement of `points.body`) on any path. */
  isCompleting(node: ts.Node, durable: DurablePoints): boolean {
    if (this.hasPoint(durable, node.pos, node.end)) return false;
    let cur = node;
    while (cur !== durable.body && cur.parent) {
      const parent = cur.parent;
      switch (parent.kind) {
        case Kind.Block:
        case Kind.CaseClause:
        case Kind.DefaultClause: {
          const statements = (parent as ts.Block | ts.CaseOrDefaultClause).statements;
          for (let i = statements.indexOf(cur as ts.Statement) + 1; i < statements.length; i++) {
            const next = statements[i];
            if (this.hasPoint(durable, next.pos, next.end)) return false;
            if (next.kind === Kind.ReturnStatement || next.kind === Kind.ThrowStatement) return true;
          }
          break;
        }
        case Kind.CaseBlock: {
          // Falling through: the later clauses may run too.
          if (this.hasPoint(durable, cur.end, parent.end)) return false;
          break;
        }
        case Kind.TryStatement: {
          // An exception in the try block may lead to the catch clause; the finally block always runs.
          if (this.hasPoint(durable, cur.end, parent.end)) return false;
          break;
        }
        case Kind.ForStatement:
        case Kind.ForOfStatement:
        case Kind.ForInStatement:
        case Kind.WhileStatement:
        case Kind.DoStatement:
          // The next iteration may start operations that come earlier in the loop.
          if (this.hasPoint(durable, parent.pos, parent.end)) return false;
          break;
      }
      if (cur.kind === Kind.ReturnStatement || cur.kind === Kind.ThrowStatement) return true;
      cur = parent;
    }
    return true;
  }

  /**
   * Whether a branch test decides which operations run: the branch it steers starts one (directly or through calls)
   * or leaves early (return, throw, break, continue), skipping what follows.
   */
  decidesOperations(test: ts.Node): boolean {
    const region = test.parent;
    if (!region) return true;
    let decides = false;
    const walk = (node: ts.Node): void => {
      if (decides || (node !== region && isFunctionNode(node))) return;
      switch (node.kind) {
        case Kind.ReturnStatement:
        case Kind.ThrowStatement:
        case Kind.BreakStatement:
        case Kind.ContinueStatement:
          decides = true;
          return;
        case Kind.CallExpression:
          if (this.mayStartOps(node as ts.CallExpression)) {
            decides = true;
            return;
          }
      }
      forEachChild(node, walk);
    };
    walk(region);
    return decides;
  }

  private hasPoint(durable: DurablePoints, from: number, to: number): boolean {
    const points = durable.points;
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < points.length && points[lo] < to;
  }

  /**
   * An operation, a call handing a context on, a workspace function that starts operations, or a call of a function
   * the analysis cannot see (a field or parameter typed as a function, declared in the workspace).
   */
  private mayStartOps(call: ts.CallExpression): boolean {
    if (this.api.opCall(call)) return true;
    const callee = unwrap(call.expression);
    // A method of the language's own library (`results.push(r.n)`) starts nothing. Asking whether its arguments are
    // contexts would make the checker infer each one's type: a step result's for every such line of a long handler.
    if (
      callee.kind === Kind.PropertyAccessExpression &&
      this.types.symbolOf(callee)?.declarations?.[0]?.getSourceFile().hasNoDefaultLib
    )
      return false;
    if (call.arguments.some((arg) => this.api.isContext(arg))) return true;
    if (isFunctionNode(callee)) return false;
    const target = this.resolveFunction(callee);
    if (target) return this.functionStartsOps(target);
    const decl = this.types.symbolOf(callee)?.declarations?.[0];
    if (!decl || !this.isWorkspaceFile(decl.getSourceFile())) return false;
    return (
      decl.kind === Kind.PropertySignature ||
      decl.kind === Kind.Parameter ||
      decl.kind === Kind.PropertyDeclaration ||
      decl.kind === Kind.VariableDeclaration
    );
  }

  /** `await p` of a promise made earlier (a durable promise resolves when its operation completes). */
  private awaitsEarlierWork(node: ts.AwaitExpression): boolean {
    const operand = unwrap(node.expression);
    if (
      operand.kind === Kind.Identifier ||
      operand.kind === Kind.PropertyAccessExpression ||
      operand.kind === Kind.ElementAccessExpression
    )
      return true;
    if (operand.kind !== Kind.CallExpression) return false;
    const callee = unwrap((operand as ts.CallExpression).expression);
    return (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === "Promise"
    );
  }

  private functionStartsOps(fn: FunctionNode): boolean {
    const known = this.startsOps.get(fn);
    if (known !== undefined) return known;
    this.startsOps.set(fn, false); // recursion sees "no" until the walk below decides
    let found = false;
    const walk = (node: ts.Node): void => {
      if (found) return;
      if (node.kind === Kind.CallExpression && this.mayStartOps(node as ts.CallExpression)) found = true;
      else forEachChild(node, walk);
    };
    if (fn.body) walk(fn.body);
    this.startsOps.set(fn, found);
    return found;
  }
}
