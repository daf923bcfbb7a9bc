// Qualified names of expressions, resolved through symbols rather than text: import aliases, namespace and default
// imports, `require`, `const clock = Date`, `const { now } = Date`, `globalThis.Date`, and instances by their class
// (`new S3Client()` or a parameter typed `S3Client`). See apiTable.ts for the naming scheme.
import ts from "typescript";
import type { SymbolTypes } from "./symbolTypes";
import { unwrap } from "./syntaxFacts";

const GLOBAL_OBJECTS = new Set(["globalThis", "window", "global", "self"]);

export function moduleName(specifier: string): string {
  return specifier.startsWith("node:") ? specifier.slice(5) : specifier;
}

/** `require("m")` → "m". */
export function requiredModule(expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  if (
    ts.isCallExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === "require" &&
    e.arguments.length === 1 &&
    ts.isStringLiteralLike(e.arguments[0])
  ) {
    return moduleName(e.arguments[0].text);
  }
  return undefined;
}

const packages = new Map<string, string | undefined>();

/** The npm package a declaration file belongs to, e.g. "@aws-sdk/client-s3". Asked for every context and call. */
export function packageOf(fileName: string): string | undefined {
  if (packages.has(fileName)) return packages.get(fileName);
  const found = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(fileName.replace(/\\/g, "/"))?.[1];
  packages.set(fileName, found);
  return found;
}

export class Qualifier {
  private readonly cache = new Map<ts.Node, string | undefined>();

  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
    private readonly types: SymbolTypes,
  ) {}

  qualify(expr: ts.Expression, depth = 0): string | undefined {
    const node = unwrap(expr);
    if (this.cache.has(node)) return this.cache.get(node);
    const result = depth > 8 ? undefined : this.compute(node, depth);
    this.cache.set(node, result);
    return result;
  }

  private compute(node: ts.Expression, depth: number): string | undefined {
    if (ts.isIdentifier(node)) return this.qualifyIdentifier(node, depth);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const name = ts.isPropertyAccessExpression(node)
        ? node.name.text
        : ts.isStringLiteralLike(node.argumentExpression)
          ? node.argumentExpression.text
          : undefined;
      if (name === undefined) return undefined;
      const target = unwrap(node.expression);
      if (ts.isIdentifier(target) && GLOBAL_OBJECTS.has(target.text) && this.isGlobal(target)) return name;
      const base = this.qualify(target, depth + 1) ?? this.qualifyByType(target);
      if (base === undefined) return undefined;
      return base.endsWith("#") ? base + name : `${base}.${name}`;
    }
    if (ts.isCallExpression(node)) return requiredModule(node);
    if (ts.isNewExpression(node)) {
      const cls = this.qualify(node.expression, depth + 1);
      return cls === undefined ? undefined : `${cls}#`;
    }
    return undefined;
  }

  private isGlobal(id: ts.Identifier): boolean {
    const symbol = this.checker.getSymbolAtLocation(id);
    const decl = symbol?.declarations?.[0];
    return !decl || this.isAmbientGlobal(decl);
  }

  /** Declared in a default library or a global `.d.ts` (not a module), e.g. `Date`, `process`, `fetch`. */
  private isAmbientGlobal(decl: ts.Declaration): boolean {
    const file = decl.getSourceFile();
    if (this.program.isSourceFileDefaultLibrary(file)) return true;
    if (!file.isDeclarationFile) return false;
    if (!ts.isExternalModule(file)) return true;
    // `declare global { ... }` inside a module declaration file (as @types/node does).
    for (let n: ts.Node | undefined = decl.parent; n; n = n.parent) {
      if (ts.isModuleDeclaration(n) && n.name.getText() === "global") return true;
    }
    return false;
  }

  private qualifyIdentifier(id: ts.Identifier, depth: number): string | undefined {
    const symbol = this.types.symbolAt(id);
    if (!symbol) return id.text === "undefined" ? undefined : id.text;
    const decl = symbol.declarations?.[0];
    if (!decl) return id.text;
    if (ts.isImportSpecifier(decl)) {
      const own = this.projectBinding(symbol);
      if (own) return this.qualifyBinding(own, id, depth);
      const mod = this.importModule(decl);
      const name = (decl.propertyName ?? decl.name).text;
      return mod === undefined ? undefined : name === "default" ? mod : `${mod}.${name}`;
    }
    if (ts.isNamespaceImport(decl) || ts.isImportClause(decl)) return this.importModule(decl);
    if (ts.isImportEqualsDeclaration(decl)) {
      const ref = decl.moduleReference;
      return ts.isExternalModuleReference(ref) && ts.isStringLiteralLike(ref.expression)
        ? moduleName(ref.expression.text)
        : undefined;
    }
    if (this.isAmbientGlobal(decl)) return symbol.name;
    const initialized = this.qualifyInitializer(decl, depth);
    if (initialized !== undefined) return initialized;
    if (ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent)) {
      const owner = decl.parent.parent;
      if (ts.isVariableDeclaration(owner) && owner.initializer) {
        const base = this.qualify(owner.initializer, depth + 1);
        const key = decl.propertyName ?? decl.name;
        if (base !== undefined && (ts.isIdentifier(key) || ts.isStringLiteral(key))) {
          return base.endsWith("#") ? base + key.text : `${base}.${key.text}`;
        }
      }
    }
    return this.qualifyByType(id);
  }

  /** `const x = require("m")`, `const clock = Date`, `const s3 = new S3Client()`: what the constant stands for. */
  private qualifyInitializer(decl: ts.Declaration, depth: number): string | undefined {
    if (!ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
    const init = unwrap(decl.initializer);
    const required = requiredModule(init);
    if (required) return required;
    const constant = (ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) !== 0;
    if (constant && (ts.isIdentifier(init) || ts.isPropertyAccessExpression(init) || ts.isNewExpression(init)))
      return this.qualify(init, depth + 1);
    return undefined;
  }

  /**
   * A value another project module exports (`export const s3 = new S3Client()`): its declaration, so that a client
   * created in one file is known by its class where another file calls it. Functions keep their import name: calls
   * of project functions are followed into their bodies instead.
   */
  private projectBinding(symbol: ts.Symbol): ts.Declaration | undefined {
    if (!(symbol.flags & ts.SymbolFlags.Alias)) return undefined;
    const decl = this.checker.getAliasedSymbol(symbol).declarations?.[0];
    if (!decl || !ts.isVariableDeclaration(decl)) return undefined;
    const file = decl.getSourceFile();
    return file.isDeclarationFile || packageOf(file.fileName) ? undefined : decl;
  }

  private qualifyBinding(decl: ts.Declaration, id: ts.Identifier, depth: number): string | undefined {
    return this.qualifyInitializer(decl, depth) ?? this.qualifyByType(id);
  }

  private importModule(decl: ts.Node): string | undefined {
    for (let n: ts.Node | undefined = decl; n; n = n.parent) {
      if (ts.isImportDeclaration(n) && ts.isStringLiteralLike(n.moduleSpecifier))
        return moduleName(n.moduleSpecifier.text);
    }
    return undefined;
  }

  /** An instance of a library class: `<package>.<Type>#`. */
  qualifyByType(expr: ts.Expression): string | undefined {
    if (!ts.isIdentifier(expr) && !ts.isPropertyAccessExpression(expr) && expr.kind !== ts.SyntaxKind.ThisKeyword)
      return undefined;
    const type = this.types.typeOf(expr);
    if (!type) return undefined;
    const candidates = type.isUnion() ? type.types : [type];
    for (const candidate of candidates) {
      const symbol = candidate.aliasSymbol ?? candidate.getSymbol();
      const decl = symbol?.declarations?.[0];
      if (!symbol || !decl) continue;
      const pkg = packageOf(decl.getSourceFile().fileName);
      if (pkg) return `${pkg}.${symbol.name}#`;
    }
    return undefined;
  }
}
