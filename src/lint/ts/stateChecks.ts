// DUR009: module-level state written by replayed code, or read there when it was initialised from a
// non-deterministic source at module load (each container has its own value).
import ts from "typescript";
import { RULES } from "../rules";
import { SOURCE_KINDS } from "../sourceKinds";
import type { AnalysisEvent, TsCheck } from "./checkTypes";
import { isLostWrite } from "./contextChecks";
import { location, sentence, shortText } from "./messages";
import { isModuleLevel, rootIdentifier, unwrap } from "./syntaxFacts";

const GLOBAL_OBJECTS = new Set(["globalThis", "window", "global"]);

export const moduleState: TsCheck = {
  rules: ["DUR009"],
  write(env, target, node, frame, out) {
    const id = rootIdentifier(target);
    if (!id) return;
    const symbol = env.types.symbolAt(id);
    const decl = symbol?.valueDeclaration;
    if (!symbol || !decl) {
      if (GLOBAL_OBJECTS.has(id.text) && frame.kind === "replayed" && unwrap(target) !== id)
        out.push(moduleWrite(node));
      return;
    }
    if (!env.isWorkspaceFile(decl.getSourceFile()) || isLostWrite(env, symbol, frame)) return;
    if (frame.kind !== "step" && isModuleLevel(decl)) out.push(moduleWrite(node));
  },
  identifier(env, id, frame, out) {
    if (frame.kind !== "replayed") return;
    const bindings = env.moduleInitSources();
    if (bindings.size === 0) return;
    const parent = id.parent;
    if (
      (ts.isPropertyAccessExpression(parent) && parent.name === id) ||
      (ts.isVariableDeclaration(parent) && parent.name === id)
    )
      return;
    const symbol = env.checker.getSymbolAtLocation(id);
    const source = symbol && bindings.get(symbol);
    if (!source) return;
    const verb = SOURCE_KINDS[source.kind].verb;
    out.push({
      rule: "DUR009",
      node: id,
      severity: "warning",
      message: sentence(
        "DUR009",
        `\`${id.text}\` was set at module load by \`${shortText(source.node)}\`, which ${verb}`,
      ),
      related: [location(source.node, `\`${shortText(source.node)}\` ${verb}`)],
      fixes: [],
    });
  },
};

function moduleWrite(node: ts.Node): AnalysisEvent {
  return {
    rule: "DUR009",
    node,
    severity: RULES.DUR009.defaultSeverity,
    message: sentence("DUR009", `\`${shortText(node)}\` writes module-level state from replayed code`),
    related: [],
    fixes: [],
  };
}
