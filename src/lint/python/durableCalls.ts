// Recognises durable operations on a context and the non-deterministic sources (calls and attribute reads) inside
// one function body, without descending into nested functions (those are classified on their own).
import { PYTHON_OPERATIONS, type OperationCall, type PyArgument } from "../sdkOperations";
import { asKind, callKind, methodKind, type SourceKind } from "./apiTable";
import type { FunctionInfo, ModuleModel } from "./moduleModel";
import type { Resolver, ValueInfo } from "./resolver";
import { childByField, namedChildren, type PyNode } from "./syntaxTree";

export type OpCall = OperationCall<PyNode> & { ctx: Extract<ValueInfo, { tag: "context" }> };

export function opCall(
  r: Resolver,
  model: ModuleModel,
  fn: FunctionInfo | undefined,
  call: PyNode,
): OpCall | undefined {
  const callee = childByField(call, "function");
  if (callee?.type !== "attribute") return undefined;
  const method = r.text(model, childByField(callee, "attribute"));
  const operation = PYTHON_OPERATIONS.get(method);
  if (!operation) return undefined;
  const receiver = childByField(callee, "object");
  const ctx = receiver && r.valueOf(model, fn, receiver);
  if (ctx?.tag !== "context") return undefined;
  const { positional, keywords } = callArgs(r, model, call);
  const argument = (at: PyArgument | undefined) =>
    at && (keywords.get(at.keyword) ?? (at.position === undefined ? undefined : positional[at.position]));
  const callable = argument(operation.pyCallable);
  // `parallel` takes a list of callables; the others one.
  const callables =
    callable && (callable.type === "list" || callable.type === "tuple") ? namedChildren(callable) : pick(callable);
  const role = operation.callbackRole;
  return {
    call,
    operation,
    method,
    receiver: receiver!,
    ctx,
    name: keywords.get("name") ?? argument(operation.pyName),
    callbacks: role ? callables.map((node) => ({ node, role })) : [],
  };
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
