// Name resolution and a little type knowledge for Python without type inference: import aliases, workspace
// modules, locals of enclosing functions, and the few object kinds the rules care about (contexts, clients, paths).
import { constructedTag, methodKind, PYTHON_BUILTINS, type CallShape, type ValueTag } from "./apiTable";
import type { FunctionInfo, ModuleModel } from "./moduleModel";
import { childByField, namedChildren, type PyNode } from "./syntaxTree";
import type { PythonWorkspace } from "./workspace";

export type Resolved =
  | { kind: "external"; qualified: string }
  | { kind: "function"; fn: FunctionInfo }
  | { kind: "class"; file: string; name: string }
  | { kind: "local"; owner: FunctionInfo; name: string }
  | { kind: "moduleVar"; file: string; name: string }
  | { kind: "module"; file: string }
  | { kind: "unknown" };

export type ValueInfo =
  | { tag: ValueTag }
  | { tag: "context"; owner: FunctionInfo; param: string }
  | { tag: "lambda-context" }
  | { tag: "step-context" };

const SDK_PACKAGE = "aws_durable_execution_sdk_python";

/** True when a qualified name is the SDK export `name` (or the bare name, when the import could not be seen). */
export function isSdkName(qualified: string, name: string): boolean {
  return qualified === name || (qualified.startsWith(SDK_PACKAGE) && qualified.endsWith(`.${name}`));
}

export class Resolver {
  /** Parameter indexes that hold a DurableContext, per function (filled by the scope model). */
  readonly contextParams = new Map<FunctionInfo, Set<number>>();

  /** Memoised answers per node; valid while `contextParams` does not change (see `forgetValues`). */
  private readonly qualified = new Map<PyNode, Resolved>();
  private readonly values = new Map<PyNode, ValueInfo | undefined>();
  private readonly returned = new Map<FunctionInfo, ValueInfo | undefined>();

  constructor(readonly ws: PythonWorkspace) {}

  /** Called when context parameters were added, which changes what expressions evaluate to. */
  forgetValues(): void {
    this.values.clear();
    this.returned.clear();
  }

  text(model: ModuleModel, node: PyNode | undefined): string {
    return node ? model.text.slice(node.start, node.end) : "";
  }

  shape(model: ModuleModel, call: PyNode): CallShape {
    const args = childByField(call, "arguments");
    const shape: CallShape = { positional: 0, keywords: [] };
    if (!args || args.type !== "argument_list") return shape;
    for (const a of namedChildren(args)) {
      if (a.type === "keyword_argument") shape.keywords.push(this.text(model, childByField(a, "name")));
      else shape.positional++;
    }
    return shape;
  }

  resolveName(model: ModuleModel, fn: FunctionInfo | undefined, name: string): Resolved {
    for (let f = fn; f; f = f.parent) {
      if (f.globals.has(name)) break;
      const def = f.localDefs.get(name);
      if (def) return { kind: "function", fn: def };
      if (f.locals.has(name)) {
        const values = f.assignments.get(name);
        const lambda =
          values?.length === 1 && values[0].type === "lambda" ? model.functionOf.get(values[0]) : undefined;
        return lambda ? { kind: "function", fn: lambda } : { kind: "local", owner: f, name };
      }
    }
    return (
      this.resolveMember(model, name, 0) ??
      (PYTHON_BUILTINS.has(name)
        ? { kind: "external", qualified: `builtins.${name}` }
        : { kind: "external", qualified: name })
    );
  }

  /** A module-level name of `model`; undefined when the module does not define it. */
  resolveMember(model: ModuleModel, name: string, depth: number): Resolved | undefined {
    const def = model.topLevel.get(name);
    if (def) return { kind: "function", fn: def };
    if (model.classes.has(name)) return { kind: "class", file: model.file, name };
    const raw = model.imports.get(name);
    if (raw) {
      const target = this.ws.resolveImport(model.file, raw);
      if (target.kind === "external") return { kind: "external", qualified: target.qualified };
      if (target.kind === "module") return { kind: "module", file: target.file };
      const other = this.ws.tryModel(target.file);
      if (!other || depth > 8) return { kind: "unknown" };
      return this.resolveMember(other, target.name, depth + 1) ?? { kind: "unknown" };
    }
    if (model.moduleVars.has(name)) return { kind: "moduleVar", file: model.file, name };
    return undefined;
  }

  /** Resolves an identifier or dotted attribute chain. */
  qualify(model: ModuleModel, fn: FunctionInfo | undefined, expr: PyNode): Resolved {
    let r = this.qualified.get(expr);
    if (!r) this.qualified.set(expr, (r = this.qualifyUncached(model, fn, expr)));
    return r;
  }

  private qualifyUncached(model: ModuleModel, fn: FunctionInfo | undefined, expr: PyNode): Resolved {
    if (expr.type === "identifier") return this.resolveName(model, fn, this.text(model, expr));
    if (expr.type !== "attribute") return { kind: "unknown" };
    const obj = childByField(expr, "object");
    const attr = this.text(model, childByField(expr, "attribute"));
    if (!obj) return { kind: "unknown" };
    const base = this.qualify(model, fn, obj);
    switch (base.kind) {
      case "external":
        return { kind: "external", qualified: `${base.qualified}.${attr}` };
      case "module": {
        const other = this.ws.tryModel(base.file);
        const member = other && this.resolveMember(other, attr, 0);
        if (member) return member;
        const sub = base.file.endsWith("__init__.py")
          ? this.ws.moduleFile(base.file.replace(/__init__\.py$/, attr))
          : undefined;
        return sub ? { kind: "module", file: sub } : { kind: "unknown" };
      }
      case "class": {
        const method = this.ws.tryModel(base.file)?.classes.get(base.name)?.methods.get(attr);
        return method ? { kind: "function", fn: method } : { kind: "unknown" };
      }
      case "local": {
        // `self.method` inside a class resolves to the class's own method.
        if (base.owner.className && base.owner.params[0]?.name === base.name && base.owner.parent === undefined) {
          const method = this.ws.tryModel(base.owner.file)?.classes.get(base.owner.className)?.methods.get(attr);
          if (method) return { kind: "function", fn: method };
        }
        return { kind: "unknown" };
      }
      default:
        return { kind: "unknown" };
    }
  }

  /** What kind of object an expression evaluates to, when the rules care. */
  valueOf(model: ModuleModel, fn: FunctionInfo | undefined, expr: PyNode, depth = 0): ValueInfo | undefined {
    if (this.values.has(expr)) return this.values.get(expr);
    const value = this.valueOfUncached(model, fn, expr, depth);
    // Answers cut short by the depth limit are not final.
    if (depth === 0) this.values.set(expr, value);
    return value;
  }

  private valueOfUncached(
    model: ModuleModel,
    fn: FunctionInfo | undefined,
    expr: PyNode,
    depth: number,
  ): ValueInfo | undefined {
    if (depth > 12) return undefined;
    switch (expr.type) {
      case "parenthesized_expression": {
        const inner = namedChildren(expr)[0];
        return inner && this.valueOf(model, fn, inner, depth + 1);
      }
      case "set":
      case "set_comprehension":
        return { tag: "set" };
      case "identifier": {
        const r = this.resolveName(model, fn, this.text(model, expr));
        if (r.kind === "local") return this.localValue(model, r.owner, r.name, depth);
        if (r.kind === "moduleVar") {
          const m = this.ws.tryModel(r.file);
          if (!m) return undefined;
          const values = [
            ...(m.moduleVars.get(r.name) ?? []).map((value) => ({ fn: undefined, value })),
            ...(m.globalWrites.get(r.name) ?? []),
          ];
          for (const v of values) {
            const info = v.value.type !== "identifier" ? this.valueOf(m, v.fn, v.value, depth + 1) : undefined;
            if (info) return info;
          }
        }
        return undefined;
      }
      case "attribute": {
        const obj = childByField(expr, "object");
        const attr = this.text(model, childByField(expr, "attribute"));
        const base = obj && this.valueOf(model, fn, obj, depth + 1);
        if (base?.tag === "context" || base?.tag === "step-context") {
          if (attr === "logger") return { tag: "logger" };
          if (attr === "lambda_context") return { tag: "lambda-context" };
        }
        if (base?.tag === "path" && attr === "parent") return { tag: "path" };
        return undefined;
      }
      case "binary_operator": {
        const left = childByField(expr, "left");
        const op = expr.children.find((c) => c.field === "operator");
        if (left && op && this.text(model, op) === "/" && this.valueOf(model, fn, left, depth + 1)?.tag === "path")
          return { tag: "path" };
        return undefined;
      }
      case "call": {
        const callee = childByField(expr, "function");
        if (!callee) return undefined;
        if (callee.type === "attribute") {
          const obj = childByField(callee, "object");
          const base = obj && this.valueOf(model, fn, obj, depth + 1);
          if (base && "tag" in base && isValueTag(base.tag)) {
            const returns = methodKind(base.tag, this.text(model, childByField(callee, "attribute"))).returns;
            if (returns) return { tag: returns };
          }
        }
        const q = this.qualify(model, fn, callee);
        if (q.kind === "external") {
          const tag = constructedTag(q.qualified, this.shape(model, expr));
          if (tag) return { tag };
        }
        // A project function that hands out a client (`@lru_cache def s3(): return boto3.client("s3")`).
        if (q.kind === "function") return this.returnedValue(q.fn);
        return undefined;
      }
      case "boolean_operator":
      case "conditional_expression": {
        // `_client or boto3.client("s3")`, `a if cached else boto3.client("s3")`.
        for (const operand of namedChildren(expr)) {
          const info = this.valueOf(model, fn, operand, depth + 1);
          if (info && isValueTag(info.tag)) return info;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * What a project function returns, worked out once per function from a fresh depth (so that the answer does not
   * depend on how deep the first question came from); a helper that returns its own call returns nothing known.
   */
  private returnedValue(callee: FunctionInfo): ValueInfo | undefined {
    if (this.returned.has(callee)) return this.returned.get(callee);
    this.returned.set(callee, undefined);
    const m = this.ws.tryModel(callee.file);
    let found: ValueInfo | undefined;
    for (const value of m ? callee.returns : []) {
      const info = this.valueOf(m!, callee, value);
      if (info && isValueTag(info.tag)) {
        found = info;
        break;
      }
    }
    this.returned.set(callee, found);
    return found;
  }

  private localValue(model: ModuleModel, owner: FunctionInfo, name: string, depth: number): ValueInfo | undefined {
    const index = owner.params.findIndex((p) => p.name === name);
    if (index >= 0) {
      if (this.contextParams.get(owner)?.has(index)) return { tag: "context", owner, param: name };
      const annotation = this.text(model, owner.params[index].annotation);
      if (/\bDurableContext\b/.test(annotation)) return { tag: "context", owner, param: name };
      if (/\bStepContext\b|WaitForCallbackContext|WaitForConditionCheckContext/.test(annotation))
        return { tag: "step-context" };
      return undefined;
    }
    for (const v of owner.assignments.get(name) ?? []) {
      const info = this.valueOf(model, owner, v, depth + 1);
      if (info) return info;
    }
    return undefined;
  }

  /** The function a callable expression denotes (a lambda, a def name, a local bound to a lambda). */
  callableOf(model: ModuleModel, fn: FunctionInfo | undefined, expr: PyNode): FunctionInfo | undefined {
    if (expr.type === "lambda") return model.functionOf.get(expr);
    if (expr.type === "identifier" || expr.type === "attribute") {
      const r = this.qualify(model, fn, expr);
      return r.kind === "function" ? r.fn : undefined;
    }
    return undefined;
  }
}

const VALUE_TAGS = new Set<string>([
  "aws-client",
  "aws-resource",
  "http-client",
  "db",
  "path",
  "executor",
  "logger",
  "event-loop",
  "set",
  "seeded-random",
  "unseeded-random",
  "thread",
]);
function isValueTag(tag: string): tag is ValueTag {
  return VALUE_TAGS.has(tag);
}
