// Recognises durable operations on a context and the non-deterministic sources (calls and attribute reads) inside
// one function body, without descending into nested functions (those are classified on their own).
import { asKind, callKind, methodKind, type SourceKind } from "./apiTable";
import type { FunctionInfo, ModuleModel } from "./moduleModel";
import type { Resolver, ValueInfo } from "./resolver";
import { childByField, namedChildren, type PyNode } from "./syntaxTree";

export const OP_NAMES = new Set([
  "step",
  "wait",
  "create_callback",
  "wait_for_callback",
  "wait_for_condition",
  "invoke",
  "run_in_child_context",
  "map",
  "parallel",
]);
/** Ops whose callable runs once, like a step; the others' callables are replayed with their own context. */
export const STEP_OPS = new Set(["step", "wait_for_callback", "wait_for_condition"]);
export const CHILD_OPS = new Set(["run_in_child_context", "map", "parallel"]);

export interface OpCall {
  node: PyNode;
  op: string;
  receiver: PyNode;
  ctx: Extract<ValueInfo, { tag: "context" }>;
}

export function opCall(
  r: Resolver,
  model: ModuleModel,
  fn: FunctionInfo | undefined,
  call: PyNode,
): OpCall | undefined {
  const callee = childByField(call, "function");
  if (callee?.type !== "attribute") return undefined;
  const op = r.text(model, childByField(callee, "attribute"));
  if (!OP_NAMES.has(op)) return undefined;
  const receiver = childByField(callee, "object");
  const ctx = receiver && r.valueOf(model, fn, receiver);
  return ctx?.tag === "context" ? { node: call, op, receiver: receiver!, ctx } : undefined;
}

/** Positional arguments and keyword arguments of a call. */
export function callArgs(
  r: Resolver,
  model: ModuleModel,
  call: PyNode,
): { positional: PyNode[]; keywords: Map<string, PyNode> } {
  const args = childByField(call, "arguments");
  const positional: PyNode[] = [];
  const keywords = new Map<string, PyNode>();
  if (args?.type === "argument_list") {
    for (const a of namedChildren(args)) {
      if (a.type === "keyword_argument") {
        const value = childByField(a, "value");
        if (value) keywords.set(r.text(model, childByField(a, "name")), value);
      } else positional.push(a);
    }
  }
  return { positional, keywords };
}

/** The callables an op runs: the function of step/child/wait_for_*, the func of map, each branch of parallel. */
export function opCallables(r: Resolver, model: ModuleModel, op: OpCall): PyNode[] {
  const { positional, keywords } = callArgs(r, model, op.node);
  switch (op.op) {
    case "step":
      return pick(positional[0], keywords.get("func"));
    case "wait_for_callback":
      return pick(positional[0], keywords.get("submitter"));
    case "wait_for_condition":
      return pick(positional[0], keywords.get("check"));
    case "run_in_child_context":
      return pick(positional[0], keywords.get("func"));
    case "map":
      return pick(positional[1], keywords.get("func"));
    case "parallel": {
      const list = positional[0] ?? keywords.get("functions");
      return list && (list.type === "list" || list.type === "tuple") ? namedChildren(list) : pick(list);
    }
    default:
      return [];
  }
}

/** The `name` argument of an op (keyword, or the step's second positional argument). */
export function opNameArg(r: Resolver, model: ModuleModel, op: OpCall): PyNode | undefined {
  const { positional, keywords } = callArgs(r, model, op.node);
  if (keywords.has("name")) return keywords.get("name");
  if (op.op === "step" || op.op === "run_in_child_context" || op.op === "wait") return positional[1];
  return undefined;
}

function pick(...nodes: (PyNode | undefined)[]): PyNode[] {
  return nodes.filter((n): n is PyNode => !!n);
}

export type HitKind = SourceKind | "replaying";

export interface SourceHit {
  node: PyNode;
  kind: HitKind;
  /** What the code does, as written (`time.time()`). */
  label: string;
}

export interface HitOptions {
  decls: Record<string, string>;
  /** Dotted module name of a workspace file, for `decls` on workspace functions. */
  moduleName: (file: string) => string;
}

/** Sources among a function's own call and attribute nodes. */
export function hitsAmong(
  r: Resolver,
  model: ModuleModel,
  fn: FunctionInfo,
  nodes: PyNode[],
  options: HitOptions,
): SourceHit[] {
  const hits: SourceHit[] = [];
  for (const n of nodes) {
    const hit = n.type === "call" ? callHit(r, model, fn, n, options) : attributeHit(r, model, fn, n);
    if (hit) hits.push(hit);
  }
  return hits.sort((x, y) => x.node.start - y.node.start);
}

/** Sources inside an expression, skipping nested functions. */
export function hitsIn(
  r: Resolver,
  model: ModuleModel,
  fn: FunctionInfo | undefined,
  root: PyNode,
  options: HitOptions,
): SourceHit[] {
  const hits: SourceHit[] = [];
  const visit = (n: PyNode) => {
    if (n !== root && model.functionOf.has(n)) return;
    if (n.type === "call") {
      const hit = callHit(r, model, fn, n, options);
      if (hit) hits.push(hit);
    } else if (n.type === "attribute") {
      const hit = attributeHit(r, model, fn, n);
      if (hit) hits.push(hit);
    }
    for (const c of n.children) visit(c);
  };
  visit(root);
  return hits;
}

function callHit(
  r: Resolver,
  model: ModuleModel,
  fn: FunctionInfo | undefined,
  call: PyNode,
  options: HitOptions,
): SourceHit | undefined {
  const callee = childByField(call, "function");
  if (!callee) return undefined;
  const label = `${r.text(model, callee)}()`;
  if (callee.type === "attribute") {
    const obj = childByField(callee, "object");
    const method = r.text(model, childByField(callee, "attribute"));
    const base = obj && r.valueOf(model, fn, obj);
    if (base?.tag === "context")
      return method === "is_replaying" ? { node: call, kind: "replaying", label } : undefined;
    if (base?.tag === "lambda-context")
      return method === "get_remaining_time_in_millis" ? { node: call, kind: "identity", label } : undefined;
    if (base?.tag === "step-context") return undefined;
    if (base) {
      const kind = methodKind(base.tag, method).kind;
      return kind ? { node: call, kind, label } : undefined;
    }
  }
  const q = r.qualify(model, fn, callee);
  if (q.kind === "external") {
    if (q.qualified.startsWith("os.environ.")) return { node: call, kind: "env", label };
    const kind = callKind(q.qualified, r.shape(model, call), options.decls);
    return kind && kind !== "pure" ? { node: call, kind, label } : undefined;
  }
  if (q.kind === "function") {
    const declared = options.decls[`${options.moduleName(q.fn.file)}.${q.fn.name}`];
    const kind = declared !== undefined ? asKind(declared) : undefined;
    return kind && kind !== "pure" ? { node: call, kind, label } : undefined;
  }
  return undefined;
}

function attributeHit(
  r: Resolver,
  model: ModuleModel,
  fn: FunctionInfo | undefined,
  attr: PyNode,
): SourceHit | undefined {
  const name = r.text(model, childByField(attr, "attribute"));
  if (name === "environ") {
    const q = r.qualify(model, fn, attr);
    if (q.kind !== "external" || q.qualified !== "os.environ") return undefined;
    // Report the whole read: `os.environ["X"]` or `os.environ.get("X")`.
    const parent = attr.parent;
    const node =
      parent?.type === "subscript" && parent.children[0] === attr
        ? parent
        : parent?.type === "attribute" && parent.parent?.type === "call"
          ? undefined // the call form is reported by callHit as os.environ.get()
          : attr;
    return node ? { node, kind: "env", label: r.text(model, node) } : undefined;
  }
  if (name === "aws_request_id") {
    const obj = childByField(attr, "object");
    if (obj && r.valueOf(model, fn, obj)?.tag === "lambda-context")
      return { node: attr, kind: "identity", label: r.text(model, attr) };
  }
  return undefined;
}
