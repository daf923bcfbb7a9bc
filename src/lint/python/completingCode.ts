// Code that runs once: in a durable handler or child function, the statements after which no durable operation can
// start on any path run only in the invocation that completes it (later invocations replay the checkpointed result),
// so a clock read or an id there is not a replay hazard. A body without any durable operation is all such code.
// The TypeScript analyzer's counterpart is ts/completingCode.ts.
import { opCall } from "./durableCalls";
import type { FunctionInfo, ModuleModel } from "./moduleModel";
import type { Resolver } from "./resolver";
import { childByField, namedChildren, walk, type PyNode } from "./syntaxTree";

const LOOPS = new Set(["for_statement", "while_statement"]);
const EXITS = new Set(["return_statement", "raise_statement"]);
const BLOCKS = new Set(["block", "module"]);

export class CompletingCode {
  private readonly points = new Map<FunctionInfo, number[]>();

  constructor(
    private readonly resolver: Resolver,
    /** Functions that start durable operations, directly or through calls. */
    private readonly doesOps: ReadonlySet<FunctionInfo>,
  ) {}

  /** True when no durable operation can start after `node` inside the durable body `fn`, on any path. */
  isCompleting(model: ModuleModel, fn: FunctionInfo, node: PyNode): boolean {
    const points = this.pointsOf(model, fn);
    const hasPoint = (from: number, to: number) => points.some((p) => p >= from && p < to);
    let cur = node;
    while (cur !== fn.body && cur.parent) {
      const parent: PyNode = cur.parent;
      if (hasPoint(node.end, cur.end)) return false;
      if (EXITS.has(cur.type)) return true;
      if (BLOCKS.has(parent.type)) {
        const statements = namedChildren(parent);
        for (let i = statements.indexOf(cur) + 1; i < statements.length; i++) {
          if (hasPoint(statements[i].start, statements[i].end)) return false;
          if (EXITS.has(statements[i].type)) return true;
        }
      } else if (LOOPS.has(parent.type)) {
        if (hasPoint(parent.start, parent.end)) return false;
      } else if (parent.type === "try_statement") {
        if (hasPoint(cur.end, parent.end)) return false;
      }
      cur = parent;
    }
    return true;
  }

  /** Whether a branch steers operations: its region starts one or leaves early. */
  decidesOperations(model: ModuleModel, fn: FunctionInfo, region: PyNode): boolean {
    const points = this.pointsOf(model, fn);
    if (points.some((p) => p >= region.start && p < region.end)) return true;
    let exits = false;
    walk(region, (n) => {
      if (exits || n.type === "function_definition" || n.type === "lambda") return false;
      if (EXITS.has(n.type) || n.type === "break_statement" || n.type === "continue_statement") exits = true;
      return !exits;
    });
    return exits;
  }

  /** Offsets of the calls in `fn` (nested functions included) that may start an operation. */
  private pointsOf(model: ModuleModel, fn: FunctionInfo): number[] {
    let points = this.points.get(fn);
    if (points) return points;
    points = [];
    for (const { node, fn: owner } of model.calls) {
      if (node.start < fn.body.start || node.end > fn.body.end) continue;
      // The operation starts once its arguments are evaluated: at the end of the call.
      if (this.mayStartOps(model, owner, node)) points.push(node.end - 1);
    }
    this.points.set(fn, points);
    return points;
  }

  private mayStartOps(model: ModuleModel, fn: FunctionInfo | undefined, call: PyNode): boolean {
    const r = this.resolver;
    if (opCall(r, model, fn, call)) return true;
    const args = childByField(call, "arguments");
    for (const a of args ? namedChildren(args) : []) {
      const value = a.type === "keyword_argument" ? childByField(a, "value") : a;
      if (value && r.valueOf(model, fn, value)?.tag === "context") return true;
    }
    const callee = childByField(call, "function");
    if (!callee) return false;
    const target = r.callableOf(model, fn, callee);
    if (target) return this.doesOps.has(target);
    // A function held in a variable or parameter: the analysis cannot see what it does.
    return callee.type === "identifier" && r.resolveName(model, fn, r.text(model, callee)).kind === "local";
  }
}
