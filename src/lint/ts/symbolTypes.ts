// Types and symbols of expressions without control-flow narrowing. `checker.getTypeAtLocation` on a reference
// walks the flow graph back to the declaration, which is quadratic in a long handler (every `context.step` would
// walk the whole function). The declared type of the symbol is what the rules need and is computed once.
import ts from "typescript";
import { Kind, unwrap } from "./syntaxFacts";

export class SymbolTypes {
  private readonly typeCache = new Map<ts.Node, ts.Type | undefined>();
  private readonly symbolCache = new Map<ts.Identifier, ts.Symbol | undefined>();

  constructor(private readonly checker: ts.TypeChecker) {}

  /**
   * `checker.getSymbolAtLocation` for a name, remembered: the checker resolves the name through its scopes on every
   * call, and several rules ask about the same `results` in `results.push(…)`.
   */
  symbolAt(id: ts.Identifier): ts.Symbol | undefined {
    if (this.symbolCache.has(id)) return this.symbolCache.get(id);
    const symbol = this.checker.getSymbolAtLocation(id);
    this.symbolCache.set(id, symbol);
    return symbol;
  }

  /** The symbol an identifier or property access refers to, following no aliases. */
  symbolOf(expr: ts.Expression): ts.Symbol | undefined {
    const node = unwrap(expr);
    if (node.kind === Kind.Identifier) return this.symbolAt(node as ts.Identifier);
    if (ts.isPropertyAccessExpression(node)) {
      // Only member chains on names (`repo.load`, `this.ctx.step`): the receiver of `[a].map` or `f().g` would
      // have to be type-checked as an expression.
      if (!isNameChain(node.expression)) return undefined;
      const receiver = this.typeOf(node.expression);
      if (!receiver) return undefined;
      const apparent = this.checker.getApparentType(receiver);
      const own = apparent.getProperty(node.name.text);
      if (own) return own;
      if (receiver.flags & ts.TypeFlags.Any) return undefined;
      // Namespaces, enums and other non-object receivers: let the checker resolve the name.
      return this.checker.getSymbolAtLocation(node.name);
    }
    return undefined;
  }

  /** The declared type of what an expression refers to, or its checked type for other expressions. */
  typeOf(expr: ts.Expression): ts.Type | undefined {
    const node = unwrap(expr);
    if (this.typeCache.has(node)) return this.typeCache.get(node);
    let type: ts.Type | undefined;
    try {
      if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
        let symbol = this.symbolOf(node);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
        type = symbol ? this.checker.getTypeOfSymbol(symbol) : undefined;
      } else {
        type = this.checker.getTypeAtLocation(node);
      }
    } catch {
      type = undefined;
    }
    this.typeCache.set(node, type);
    return type;
  }
}

function isNameChain(expr: ts.Expression): boolean {
  const node = unwrap(expr);
  if (ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(node) && isNameChain(node.expression);
}
