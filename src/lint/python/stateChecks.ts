// DUR009: module-level state written by replayed code, or read when it was initialised non-deterministically.
import type { Finding } from "../types";
import { MUTATING_METHODS } from "./apiTable";
import { hitsIn } from "./durableCalls";
import type { FileAnalysis } from "./fileAnalysis";
import type { FunctionInfo, ModuleModel } from "./moduleModel";
import { childByField, type PyNode } from "./syntaxTree";

const INIT_KINDS = new Set(["time", "random", "uuid", "network", "fs", "process", "identity"]);

export function moduleStateFindings(a: FileAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const fn of a.functions) {
    if (!a.isReplayed(fn)) continue;
    const moduleTarget = (base: PyNode | undefined): string | undefined => {
      if (base?.type !== "identifier") return undefined;
      const r = a.resolver.resolveName(a.model, fn, a.text(base));
      return r.kind === "moduleVar" || r.kind === "class" ? a.text(base) : undefined;
    };
    const write = (node: PyNode, name: string) =>
      out.push(a.finding("DUR009", node, `replayed code writes module-level \`${name}\``));
    a.ownNodes(fn, ["assignment", "augmented_assignment", "call", "identifier"], (n) => {
      if (n.type === "assignment" || n.type === "augmented_assignment") {
        const left = childByField(n, "left");
        if (left?.type === "identifier" && fn.globals.has(a.text(left))) {
          if (!holdsClient(a, fn, childByField(n, "right"))) write(n, a.text(left));
        } else if (left?.type === "subscript" || left?.type === "attribute") {
          const name = moduleTarget(childByField(left, left.type === "subscript" ? "value" : "object"));
          if (name) write(n, name);
        }
      } else if (n.type === "call") {
        const callee = childByField(n, "function");
        if (callee?.type === "attribute" && MUTATING_METHODS.has(a.text(childByField(callee, "attribute")))) {
          const name = moduleTarget(childByField(callee, "object"));
          if (name) write(n, name);
        }
      } else if (
        n.type === "identifier" &&
        n.field !== "attribute" &&
        n.field !== "name" &&
        isModuleName(a, a.text(n))
      ) {
        const read = nonDeterministicModuleRead(a, fn, n);
        if (read) out.push(read);
      }
    });
  }
  return out;
}

function nonDeterministicModuleRead(a: FileAnalysis, fn: FunctionInfo, id: PyNode): Finding | undefined {
  if (id.field === "left" && (id.parent?.type === "assignment" || id.parent?.type === "augmented_assignment"))
    return undefined;
  const r = a.resolver.resolveName(a.model, fn, a.text(id));
  if (r.kind !== "moduleVar" || a.scope.isCompletingAt(fn, id)) return undefined;
  const m: ModuleModel | undefined = a.resolver.ws.tryModel(r.file);
  if (!m) return undefined;
  // An environment variable read at import is a constant of the deployed version, not per-container state.
  const kinds = INIT_KINDS;
  for (const value of m.moduleVars.get(r.name) ?? []) {
    const hit = hitsIn(a.resolver, m, undefined, value, {
      decls: a.config.decls,
      moduleName: (f) => a.scope.moduleName(f),
    }).find((h) => kinds.has(h.kind));
    if (hit) {
      return a.finding(
        "DUR009",
        id,
        `\`${r.name}\` was set at import time by \`${hit.label}\`, so each container has its own value`,
        {
          severity: "warning",
          related: [a.relatedAt(m, hit.node, `\`${r.name}\` is initialised here`)],
        },
      );
    }
  }
  return undefined;
}

const CLIENT_TAGS = new Set(["aws-client", "aws-resource", "http-client", "db"]);

/** A client created on first use and cached in a global is the same handle in every container: not state. */
function holdsClient(a: FileAnalysis, fn: FunctionInfo, value: PyNode | undefined): boolean {
  const info = value && a.resolver.valueOf(a.model, fn, value);
  return !!info && CLIENT_TAGS.has(info.tag);
}

/** Cheap pre-check before resolving: only module variables and imported names can be module state. */
function isModuleName(a: FileAnalysis, name: string): boolean {
  return a.model.moduleVars.has(name) || a.model.imports.has(name);
}
