// What one Python file declares: imports, functions (defs and lambdas) with their parameters, decorators and local
// bindings, module-level variables and classes. Built once per file text; no cross-file knowledge here.
import { childByField, LineIndex, namedChildren, type PyNode, walk } from "./syntaxTree";

export interface RawImport {
  /** Dotted module path without leading dots ("" for `from . import x`). */
  module: string;
  /** Number of leading dots of a relative import. */
  level: number;
  /** The imported member for `from m import name`; undefined for `import m`. */
  name?: string;
  node: PyNode;
}

export interface ParamInfo {
  name: string;
  node: PyNode;
  annotation?: PyNode;
}

export interface FunctionInfo {
  file: string;
  /** function_definition or lambda. */
  node: PyNode;
  name: string;
  params: ParamInfo[];
  /** Decorator expressions (without the `@`). */
  decorators: PyNode[];
  /** Lexically enclosing function, if any. */
  parent: FunctionInfo | undefined;
  /** Enclosing class name for methods. */
  className: string | undefined;
  isAsync: boolean;
  /** The block of a def, the expression of a lambda. */
  body: PyNode;
  locals: Set<string>;
  /** Nested `def`s by name (they are locals too). */
  localDefs: Map<string, FunctionInfo>;
  /** Values assigned to each local name in this function's own body. */
  assignments: Map<string, PyNode[]>;
  globals: Set<string>;
  nonlocals: Set<string>;
  /** Values of this function's own `return` statements (a lambda's body for a lambda). */
  returns: PyNode[];
}

export interface ModuleModel {
  file: string;
  text: string;
  root: PyNode;
  lines: LineIndex;
  imports: Map<string, RawImport>;
  functions: FunctionInfo[];
  functionOf: Map<PyNode, FunctionInfo>;
  /** Module-level defs by name. */
  topLevel: Map<string, FunctionInfo>;
  /** Module-level variables: name → assigned values. */
  moduleVars: Map<string, PyNode[]>;
  /** Values functions assign to module variables they declare `global` (a client created on first use). */
  globalWrites: Map<string, { fn: FunctionInfo; value: PyNode }[]>;
  classes: Map<string, { node: PyNode; methods: Map<string, FunctionInfo> }>;
  /** Every call expression with its enclosing function (undefined at module level). */
  calls: { node: PyNode; fn: FunctionInfo | undefined }[];
}

const SCOPE_TYPES = new Set(["function_definition", "lambda", "class_definition"]);

function emptyModel(file: string, text: string, root: PyNode): ModuleModel {
  return {
    file,
    text,
    root,
    lines: new LineIndex(text),
    imports: new Map(),
    functions: [],
    functionOf: new Map(),
    topLevel: new Map(),
    moduleVars: new Map(),
    globalWrites: new Map(),
    classes: new Map(),
    calls: [],
  };
}

/**
 * What each top-level statement declares. The parser reuses the node objects of statements an edit did not touch,
 * so their declarations (and everything cached per FunctionInfo) carry over to the new model.
 */
const STATEMENT_PARTS = new WeakMap<PyNode, ModuleModel>();

export function buildModuleModel(file: string, text: string, root: PyNode): ModuleModel {
  const model = emptyModel(file, text, root);
  for (const stmt of root.children) {
    let part = STATEMENT_PARTS.get(stmt);
    if (!part || part.file !== file) {
      part = emptyModel(file, text, root);
      collectScope(part, wrapExpr(stmt), undefined);
      STATEMENT_PARTS.set(stmt, part);
    }
    mergeInto(model, part);
  }
  return model;
}

function mergeInto(model: ModuleModel, part: ModuleModel) {
  for (const [k, v] of part.imports) model.imports.set(k, v);
  for (const [k, v] of part.functionOf) model.functionOf.set(k, v);
  for (const [k, v] of part.topLevel) model.topLevel.set(k, v);
  for (const [k, v] of part.classes) model.classes.set(k, v);
  for (const [k, v] of part.moduleVars) for (const value of v) pushValue(model.moduleVars, k, value);
  for (const [k, v] of part.globalWrites) model.globalWrites.set(k, [...(model.globalWrites.get(k) ?? []), ...v]);
  model.functions.push(...part.functions);
  model.calls.push(...part.calls);
}

/** Walks one scope's own statements (not into nested functions/classes, which get their own pass). */
function collectScope(model: ModuleModel, scopeBody: PyNode, fn: FunctionInfo | undefined) {
  const visit = (n: PyNode): boolean | void => {
    if (n !== scopeBody && SCOPE_TYPES.has(n.type)) {
      if (n.type === "class_definition") {
        const name = text(model, childByField(n, "name"));
        const methods = new Map<string, FunctionInfo>();
        if (!fn) model.classes.set(name, { node: n, methods });
        else bindLocal(fn, name);
        const body = childByField(n, "body");
        if (body) for (const stmt of body.children) collectClassMember(model, stmt, fn, name, methods);
        return false;
      }
      const info = addFunction(model, n, fn, undefined);
      if (n.type === "function_definition") {
        if (fn) {
          bindLocal(fn, info.name);
          fn.localDefs.set(info.name, info);
        } else model.topLevel.set(info.name, info);
      }
      return false;
    }
    switch (n.type) {
      case "call":
        model.calls.push({ node: n, fn });
        break;
      case "return_statement": {
        const value = namedChildren(n)[0];
        if (fn && value) fn.returns.push(value);
        break;
      }
      case "import_statement":
      case "import_from_statement":
      case "future_import_statement":
        collectImport(model, n, fn);
        return false;
      case "global_statement":
      case "nonlocal_statement":
        if (fn)
          for (const id of namedChildren(n))
            (n.type === "global_statement" ? fn.globals : fn.nonlocals).add(text(model, id));
        return false;
      case "assignment":
      case "augmented_assignment": {
        const left = childByField(n, "left");
        const right = childByField(n, "right");
        if (left) bindTargets(model, left, fn, n.type === "assignment" ? right : undefined);
        break;
      }
      case "named_expression": {
        const name = childByField(n, "name");
        if (name) bindTargets(model, name, fn, childByField(n, "value"));
        break;
      }
      case "for_statement":
      case "for_in_clause": {
        const left = childByField(n, "left");
        if (left) bindTargets(model, left, fn, undefined);
        break;
      }
      case "as_pattern": {
        const aliasNode = childByField(n, "alias");
        const alias = aliasNode?.type === "as_pattern_target" ? namedChildren(aliasNode)[0] : aliasNode;
        const value = n.children.find((c) => c.named && c.field !== "alias");
        if (alias) bindTargets(model, alias, fn, value);
        break;
      }
      case "except_clause": {
        const alias = childByField(n, "alias");
        if (alias) bindTargets(model, alias, fn, undefined);
        break;
      }
    }
    return true;
  };
  walk(scopeBody, visit);
}

function collectClassMember(
  model: ModuleModel,
  stmt: PyNode,
  fn: FunctionInfo | undefined,
  className: string,
  methods: Map<string, FunctionInfo>,
) {
  const def = stmt.type === "decorated_definition" ? childByField(stmt, "definition") : stmt;
  if (def?.type === "function_definition") {
    // Decorators run in the enclosing scope, at class definition time.
    if (def !== stmt) for (const d of stmt.children) if (d.type === "decorator") collectScope(model, d, fn);
    const info = addFunction(model, def, fn, className);
    methods.set(info.name, info);
    return;
  }
  // Class-level statements run at definition time; scan them like the enclosing scope (calls, nested defs).
  const wrapper: PyNode = { ...stmt, type: "block", children: [stmt], parent: stmt.parent };
  collectScope(model, wrapper, fn);
}

function addFunction(
  model: ModuleModel,
  node: PyNode,
  parent: FunctionInfo | undefined,
  className: string | undefined,
) {
  const isLambda = node.type === "lambda";
  const decorated = node.parent?.type === "decorated_definition" ? node.parent : undefined;
  const decorators = decorated
    ? decorated.children
        .filter((c) => c.type === "decorator")
        .map((d) => namedChildren(d)[0])
        .filter((d): d is PyNode => !!d)
    : [];
  // A def cut short by a syntax error has no body; its own node stands in so walks stay total.
  const body = childByField(node, "body") ?? node;
  const info: FunctionInfo = {
    file: model.file,
    node,
    name: isLambda ? "<lambda>" : text(model, childByField(node, "name")),
    params: collectParams(model, childByField(node, "parameters")),
    decorators,
    parent,
    className,
    isAsync: node.children[0]?.type === "async",
    body,
    locals: new Set(),
    localDefs: new Map(),
    assignments: new Map(),
    globals: new Set(),
    nonlocals: new Set(),
    returns: isLambda && body !== node ? [body] : [],
  };
  for (const p of info.params) info.locals.add(p.name);
  model.functions.push(info);
  model.functionOf.set(node, info);
  if (body !== node) collectScope(model, isLambda ? wrapExpr(body) : body, info);
  for (const g of [...info.globals, ...info.nonlocals]) info.locals.delete(g);
  return info;
}

/** A synthetic block around an expression so `collectScope` also sees the expression's own node. */
function wrapExpr(expr: PyNode): PyNode {
  return {
    type: "block",
    start: expr.start,
    end: expr.end,
    field: null,
    named: true,
    children: [expr],
    parent: expr.parent,
  };
}

function collectParams(model: ModuleModel, params: PyNode | undefined): ParamInfo[] {
  if (!params) return [];
  const out: ParamInfo[] = [];
  for (const p of namedChildren(params)) {
    if (p.type === "identifier") out.push({ name: text(model, p), node: p });
    else if (p.type === "typed_parameter" || p.type === "typed_default_parameter") {
      const id = p.children.find((c) => c.type === "identifier" && c.field !== "type") ?? childByField(p, "name");
      const splat = p.children.find((c) => c.type === "list_splat_pattern" || c.type === "dictionary_splat_pattern");
      const nameNode = id ?? (splat ? namedChildren(splat)[0] : undefined);
      if (nameNode) out.push({ name: text(model, nameNode), node: nameNode, annotation: childByField(p, "type") });
    } else if (p.type === "default_parameter") {
      const name = childByField(p, "name");
      if (name) out.push({ name: text(model, name), node: name });
    } else if (p.type === "list_splat_pattern" || p.type === "dictionary_splat_pattern") {
      const name = namedChildren(p)[0];
      if (name) out.push({ name: text(model, name), node: name });
    }
  }
  return out;
}

function collectImport(model: ModuleModel, n: PyNode, fn: FunctionInfo | undefined) {
  const bind = (local: string, raw: RawImport) => {
    if (fn) bindLocal(fn, local);
    else model.imports.set(local, raw);
  };
  if (n.type === "import_statement") {
    for (const item of namedChildren(n)) {
      if (item.type === "aliased_import") {
        const mod = text(model, childByField(item, "name"));
        bind(text(model, childByField(item, "alias")), { module: mod, level: 0, node: item });
      } else {
        const mod = text(model, item);
        bind(mod.split(".")[0], { module: mod.split(".")[0], level: 0, node: item });
      }
    }
    return;
  }
  if (n.type !== "import_from_statement") return;
  const moduleNode = childByField(n, "module_name");
  let module = "";
  let level = 0;
  if (moduleNode?.type === "relative_import") {
    const prefix = moduleNode.children.find((c) => c.type === "import_prefix");
    level = prefix ? prefix.end - prefix.start : 0;
    const dotted = moduleNode.children.find((c) => c.type === "dotted_name");
    module = dotted ? text(model, dotted) : "";
  } else if (moduleNode) module = text(model, moduleNode);
  for (const item of n.children) {
    if (item === moduleNode) continue;
    if (item.type === "dotted_name") {
      const name = text(model, item);
      bind(name, { module, level, name, node: item });
    } else if (item.type === "aliased_import") {
      bind(text(model, childByField(item, "alias")), {
        module,
        level,
        name: text(model, childByField(item, "name")),
        node: item,
      });
    }
  }
}

function bindLocal(fn: FunctionInfo, name: string) {
  if (!fn.globals.has(name) && !fn.nonlocals.has(name)) fn.locals.add(name);
}

function bindTargets(model: ModuleModel, target: PyNode, fn: FunctionInfo | undefined, value: PyNode | undefined) {
  if (target.type === "identifier") {
    const name = text(model, target);
    if (fn) {
      bindLocal(fn, name);
      if (value) pushValue(fn.assignments, name, value);
      if (value && fn.globals.has(name))
        model.globalWrites.set(name, [...(model.globalWrites.get(name) ?? []), { fn, value }]);
    } else pushValue(model.moduleVars, name, value ?? target);
    return;
  }
  if (
    [
      "pattern_list",
      "tuple_pattern",
      "list_pattern",
      "expression_list",
      "tuple",
      "list",
      "list_splat_pattern",
    ].includes(target.type)
  ) {
    for (const c of namedChildren(target)) bindTargets(model, c, fn, undefined);
  }
}

function pushValue(map: Map<string, PyNode[]>, name: string, value: PyNode) {
  const list = map.get(name);
  if (list) list.push(value);
  else map.set(name, [value]);
}

function text(model: { text: string }, node: PyNode | undefined): string {
  return node ? model.text.slice(node.start, node.end) : "";
}
