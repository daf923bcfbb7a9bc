// Recognises the SDK in user code through types and symbols: DurableContext values, durable operation calls (also
// through destructured methods), `withDurableExecution` behind any import form, and the role of each argument of an
// operation (name, step-scope callback, child-context callback, plain replayed argument).
import ts from "typescript";
import { packageOf, requiredModule } from "./qualify";
import { JS_OPERATIONS, type OperationCall, type SdkOperation } from "../sdkOperations";
import { unwrap } from "./syntaxFacts";
import type { SymbolTypes } from "./symbolTypes";

export const SDK_PACKAGE = "@aws/durable-execution-sdk-js";

const PROMISE_COMBINATORS: ReadonlySet<string> = new Set(["all", "allSettled", "any", "race"]);

export interface OpCall extends OperationCall<ts.Node> {
  call: ts.CallExpression;
  receiver: ts.Expression;
  name?: ts.Expression;
  /** `const { step } = context; step(...)`: the method lost its `this`. */
  detached: boolean;
  /** The identifier naming the method at the call (`step` in `context.step` or the destructured `step`). */
  methodNode: ts.Identifier;
}

export class DurableApi {
  private readonly contextCache = new Map<ts.Node, boolean>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly types: SymbolTypes,
    private readonly stepLike: readonly string[],
  ) {}

  /** True when the expression's type is the SDK's DurableContext (or a union containing it), or JSDoc says so. */
  isContext(expr: ts.Expression): boolean {
    const node = unwrap(expr);
    let result = this.contextCache.get(node);
    if (result === undefined) {
      // Contexts are passed around in variables, parameters and fields; other expression kinds are not asked
      // about (checking them would type-check whole subtrees of a long handler).
      if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node) && !ts.isBinaryExpression(node)) return false;
      const type = this.types.typeOf(node);
      result = !!type && isContextType(type);
      if (!result && ts.isIdentifier(node)) {
        const decl = this.checker.getSymbolAtLocation(node)?.valueDeclaration;
        result =
          !!decl && ts.isParameter(decl) && (isContextParameterByJsDoc(decl) || this.isUntypedHandlerContext(decl));
      }
      this.contextCache.set(node, result);
    }
    return result;
  }

  /** `withDurableExecution(async (event, context) => …)` where the SDK's types are missing: the second parameter. */
  private isUntypedHandlerContext(param: ts.ParameterDeclaration): boolean {
    const fn = param.parent;
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
    if (fn.parameters.indexOf(param) !== 1) return false;
    let site: ts.Node = fn;
    while (ts.isParenthesizedExpression(site.parent)) site = site.parent;
    const call = site.parent;
    return ts.isCallExpression(call) && call.arguments[0] === site && this.isWithDurableExecution(call);
  }

  /** The parameter of `fn` that is a DurableContext, if any. */
  contextParameter(fn: ts.SignatureDeclaration): ts.ParameterDeclaration | undefined {
    return fn.parameters.find((p) => ts.isIdentifier(p.name) && this.isContext(p.name));
  }

  /** A durable operation call, or undefined. */
  opCall(call: ts.CallExpression): OpCall | undefined {
    const callee = unwrap(call.expression);
    let receiver: ts.Expression | undefined;
    let methodNode: ts.Identifier | undefined;
    let operation: SdkOperation | undefined;
    let detached = false;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
      const name = callee.name.text;
      const target = unwrap(callee.expression);
      const named = JS_OPERATIONS.get(name);
      if (named && named.role !== "combinator" && this.isContext(target)) {
        receiver = target;
        operation = named;
      } else if (
        PROMISE_COMBINATORS.has(name) &&
        ts.isPropertyAccessExpression(target) &&
        target.name.text === "promise" &&
        this.isContext(target.expression)
      ) {
        receiver = unwrap(target.expression);
        operation = JS_OPERATIONS.get("promise");
      }
      methodNode = callee.name;
    } else if (ts.isIdentifier(callee)) {
      const origin = this.destructuredFrom(callee);
      const named = origin && JS_OPERATIONS.get(origin.key);
      if (origin && named && named.role !== "combinator") {
        receiver = origin.context;
        operation = named;
        detached = true;
        methodNode = callee;
      }
    }
    if (!receiver || !operation || !methodNode) return undefined;
    const method = operation.js as string;
    return { call, operation, method, receiver, detached, methodNode, ...this.argumentRoles(call, operation) };
  }

  /** `const { step } = context` or `const s = context.step`: the context and the method name. */
  destructuredFrom(id: ts.Identifier): { context: ts.Expression; key: string } | undefined {
    const decl = this.checker.getSymbolAtLocation(id)?.valueDeclaration;
    if (!decl) return undefined;
    if (ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent)) {
      const owner = decl.parent.parent;
      const key = decl.propertyName ?? decl.name;
      const source = ts.isVariableDeclaration(owner) ? owner.initializer : undefined;
      if (source && ts.isIdentifier(key) && this.isContext(source)) return { context: unwrap(source), key: key.text };
      return undefined;
    }
    if (ts.isVariableDeclaration(decl) && decl.initializer) {
      const init = unwrap(decl.initializer);
      if (ts.isPropertyAccessExpression(init) && this.isContext(init.expression)) {
        return { context: unwrap(init.expression), key: init.name.text };
      }
    }
    return undefined;
  }

  /** A call of a configured `stepLike` wrapper: its function arguments run once, like a step. */
  isStepLike(call: ts.CallExpression): boolean {
    if (this.stepLike.length === 0) return false;
    const callee = unwrap(call.expression);
    const text = callee.getText();
    const last = ts.isPropertyAccessExpression(callee) ? callee.name.text : text;
    return this.stepLike.includes(text) || this.stepLike.includes(last);
  }

  /** Whether the callee of `call` is the SDK's `withDurableExecution`, through any import form. */
  isWithDurableExecution(call: ts.CallExpression): boolean {
    const callee = unwrap(call.expression);
    const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    if (!ts.isIdentifier(nameNode)) return false;
    let symbol = this.checker.getSymbolAtLocation(nameNode);
    if (!symbol) return false;
    // Without the SDK installed (no node_modules) the import does not resolve: recognise it by its names.
    if (importsFromSdk(symbol.declarations?.[0], "withDurableExecution")) return true;
    if (symbol.flags & ts.SymbolFlags.Alias) {
      try {
        symbol = this.checker.getAliasedSymbol(symbol);
      } catch {
        return false;
      }
    }
    const decl = symbol.declarations?.[0];
    if (decl && symbol.name === "withDurableExecution" && packageOf(decl.getSourceFile().fileName) === SDK_PACKAGE) {
      return true;
    }
    // Plain JS without resolvable types: `const { withDurableExecution } = require(SDK)` or `sdk.withDurableExecution`.
    if (decl && ts.isBindingElement(decl)) {
      const owner = decl.parent.parent;
      const key = (decl.propertyName ?? decl.name).getText();
      return (
        key === "withDurableExecution" &&
        ts.isVariableDeclaration(owner) &&
        !!owner.initializer &&
        requiredModule(owner.initializer) === SDK_PACKAGE
      );
    }
    if (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === "withDurableExecution" &&
      ts.isIdentifier(callee.expression)
    ) {
      const base = this.checker.getSymbolAtLocation(callee.expression)?.valueDeclaration;
      return (
        !!base &&
        ts.isVariableDeclaration(base) &&
        !!base.initializer &&
        requiredModule(base.initializer) === SDK_PACKAGE
      );
    }
    return false;
  }

  /** The name argument and the callbacks, by the operation's JS signature. */
  private argumentRoles(call: ts.CallExpression, operation: SdkOperation): Pick<OpCall, "name" | "callbacks"> {
    const args = call.arguments;
    const callbacks: OpCall["callbacks"] = [];
    const role = operation.callbackRole;
    const isFn = (e: ts.Expression | undefined) => !!e && this.isFunctionValue(e);
    const stringLike = (e: ts.Expression | undefined) =>
      !!e && (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e) || this.hasStringType(e));
    switch (operation.js) {
      case "step":
      case "waitForCallback":
      case "runInChildContext":
      case "map": {
        // (name?, fn) and, for map, (name?, items, fn).
        const index = args.findIndex(isFn);
        if (index >= 0 && role) callbacks.push({ node: args[index], role });
        return { name: index > (operation.js === "map" ? 1 : 0) ? args[0] : undefined, callbacks };
      }
      case "waitForCondition": {
        const index = args.findIndex(isFn);
        if (index >= 0) callbacks.push({ node: args[index], role: "step" });
        const config = args[index + 1];
        if (index >= 0 && config && ts.isObjectLiteralExpression(config)) {
          for (const prop of config.properties) {
            // The wait strategy runs right after the check, in the same checkpointed attempt.
            if (prop.name && prop.name.getText() === "waitStrategy") {
              if (ts.isPropertyAssignment(prop)) callbacks.push({ node: prop.initializer, role: "step" });
              else if (ts.isMethodDeclaration(prop)) callbacks.push({ node: prop, role: "step" });
            }
          }
        }
        return { name: index > 0 ? args[0] : undefined, callbacks };
      }
      case "parallel": {
        const branches = args.find((a) => ts.isArrayLiteralExpression(unwrap(a)));
        if (branches) {
          for (const element of (unwrap(branches) as ts.ArrayLiteralExpression).elements) {
            const branch = unwrap(element);
            if (isFn(branch)) callbacks.push({ node: branch, role: "child" });
            else if (ts.isObjectLiteralExpression(branch)) {
              for (const prop of branch.properties) {
                if (ts.isPropertyAssignment(prop) && prop.name.getText() === "func")
                  callbacks.push({ node: prop.initializer, role: "child" });
              }
            }
          }
        }
        return { name: branches && branches !== args[0] ? args[0] : undefined, callbacks };
      }
      case "invoke":
        return { name: stringLike(args[0]) && stringLike(args[1]) ? args[0] : undefined, callbacks };
      case "wait":
      case "promise":
        return { name: args.length >= 2 ? args[0] : undefined, callbacks };
      default:
        // createCallback(name?, config?)
        return { name: stringLike(args[0]) ? args[0] : undefined, callbacks };
    }
  }

  private hasStringType(expr: ts.Expression): boolean {
    const type = this.types.typeOf(expr);
    return !!type && (type.flags & ts.TypeFlags.StringLike) !== 0;
  }

  /** An inline function, or a reference to a function declared somewhere. */
  isFunctionValue(expr: ts.Expression): boolean {
    const node = unwrap(expr);
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return true;
    if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return false;
    return (this.types.typeOf(node)?.getCallSignatures().length ?? 0) > 0;
  }
}

/** `import { name } from SDK` or `import * as sdk from SDK` (then `sdk.name`), resolved or not. */
function importsFromSdk(decl: ts.Declaration | undefined, name: string): boolean {
  if (!decl) return false;
  let fromSdk = false;
  for (let n: ts.Node | undefined = decl; n; n = n.parent) {
    if (ts.isImportDeclaration(n)) {
      fromSdk = ts.isStringLiteral(n.moduleSpecifier) && n.moduleSpecifier.text === SDK_PACKAGE;
      break;
    }
  }
  return fromSdk && ts.isImportSpecifier(decl) && (decl.propertyName ?? decl.name).text === name;
}

function isContextType(type: ts.Type): boolean {
  if (type.isUnion() || type.isIntersection()) return type.types.some(isContextType);
  const symbol = type.aliasSymbol ?? type.getSymbol();
  if (!symbol || symbol.name !== "DurableContext") return false;
  const decl = symbol.declarations?.[0];
  return !!decl && packageOf(decl.getSourceFile().fileName) === SDK_PACKAGE;
}

/** Plain JS: `@param {DurableContext} context` (or any type expression naming DurableContext). */
function isContextParameterByJsDoc(param: ts.ParameterDeclaration): boolean {
  const tags = ts.getJSDocParameterTags(param);
  if (tags.some((tag) => tag.typeExpression && /\bDurableContext\b/.test(tag.typeExpression.getText()))) return true;
  return !!param.type && /\bDurableContext\b/.test(param.type.getText());
}
