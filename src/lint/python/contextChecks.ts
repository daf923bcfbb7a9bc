// DUR014 (shared context in host threads), DUR020 (operation inside a step), DUR021 (a context other than the
// callback's own), DUR022 (writes to captured state inside durable callbacks).
import type { Finding } from "../types";
import { MUTATING_METHODS } from "./apiTable";
import { callArgs, opCall } from "./durableCalls";
import type { FileAnalysis } from "./fileAnalysis";
import { ownContextFix, stepToChildFix } from "./fixes";
import type { FunctionInfo } from "./moduleModel";
import { childByField, type PyNode } from "./syntaxTree";

export function nestedOperationFindings(a: FileAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const { node, fn } of a.model.calls) {
    if (!fn || !a.isStep(fn)) continue;
    const op = opCall(a.resolver, a.model, fn, node);
    if (!op) continue;
    const fix = stepToChildFix(a, fn, op);
    out.push(
      a.finding(
        "DUR020",
        node,
        `\`${a.text(childByField(node, "function"))}()\` starts a durable operation inside a step`,
        {
          related: (a.scope.edgesTo.get(fn) ?? [])
            .filter((e) => e.kind === "step")
            .map((e) => a.relatedAt(e.model, e.site, "the step that runs this code")),
          fixes: fix ? [fix] : [],
        },
      ),
    );
  }
  return out;
}

/** The nearest function (itself or enclosing) that owns a DurableContext parameter, with that parameter's name. */
function contextOwner(a: FileAnalysis, fn: FunctionInfo): { fn: FunctionInfo; param: string } | undefined {
  for (let f: FunctionInfo | undefined = fn; f; f = f.parent) {
    const indexes = a.resolver.contextParams.get(f);
    const i = f.params.findIndex((p, k) => indexes?.has(k) || /\bDurableContext\b/.test(a.text(p.annotation)));
    if (i >= 0) return { fn: f, param: f.params[i].name };
  }
  return undefined;
}

export function wrongContextFindings(a: FileAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const { node, fn } of a.model.calls) {
    if (!fn) continue;
    const op = opCall(a.resolver, a.model, fn, node);
    if (!op) continue;
    const owner = contextOwner(a, fn);
    if (!owner || owner.fn === op.ctx.owner) continue;
    out.push(
      a.finding(
        "DUR021",
        op.receiver,
        `\`${a.text(op.receiver)}\` belongs to ${op.ctx.owner.name}(), but this callback received its own context \`${owner.param}\``,
        {
          related: [
            a.relatedAt(
              a.model,
              owner.fn.params.find((p) => p.name === owner.param)!.node,
              "the callback's own context",
            ),
          ],
          fixes: [ownContextFix(a, op.receiver, owner.param)],
        },
      ),
    );
  }
  return out;
}

/** Functions whose body runs as a step, child, map or parallel callback. */
function isDurableCallback(a: FileAnalysis, fn: FunctionInfo): boolean {
  const role = a.scope.fixedRole.get(fn);
  if (role && role.decorator !== "durable_execution" && role.decorator !== "") return true;
  return (a.scope.edgesTo.get(fn) ?? []).some((e) => e.kind !== "call");
}

export function capturedWriteFindings(a: FileAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const fn of a.functions) {
    if (!isDurableCallback(a, fn)) continue;
    const moduleWritesCount = !a.isReplayed(fn); // in replayed code DUR009 reports module writes
    const captured = (base: PyNode | undefined): string | undefined => {
      if (base?.type !== "identifier") return undefined;
      const name = a.text(base);
      const r = a.resolver.resolveName(a.model, fn, name);
      if (r.kind === "local" && r.owner !== fn) return name;
      if (r.kind === "moduleVar" && moduleWritesCount) return name;
      return undefined;
    };
    const report = (node: PyNode, name: string) =>
      out.push(
        a.finding(
          "DUR022",
          node,
          `\`${name}\` is captured from outside this ${a.isStep(fn) ? "step" : "child"} callback and written here`,
        ),
      );
    a.ownNodes(fn, ["assignment", "augmented_assignment", "call"], (n) => {
      if (n.type === "assignment" || n.type === "augmented_assignment") {
        const left = childByField(n, "left");
        if (left?.type === "identifier") {
          const name = a.text(left);
          if (fn.nonlocals.has(name) || (fn.globals.has(name) && moduleWritesCount)) report(n, name);
        } else if (left?.type === "subscript" || left?.type === "attribute") {
          const name = captured(childByField(left, left.type === "subscript" ? "value" : "object"));
          if (name) report(n, name);
        }
      } else if (n.type === "call") {
        const callee = childByField(n, "function");
        if (callee?.type !== "attribute" || !MUTATING_METHODS.has(a.text(childByField(callee, "attribute")))) return;
        const name = captured(childByField(callee, "object"));
        if (name) report(n, name);
      }
    });
  }
  return out;
}

export function sharedContextFindings(a: FileAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const fn of a.functions) {
    if (!a.isReplayed(fn)) continue;
    a.ownNodes(fn, ["call"], (n) => {
      const callee = childByField(n, "function");
      if (!callee) return;
      const { positional, keywords } = callArgs(a.resolver, a.model, n);
      let target: PyNode | undefined;
      if (callee.type === "attribute" && ["submit", "map"].includes(a.text(childByField(callee, "attribute")))) {
        const obj = childByField(callee, "object");
        if (obj && a.resolver.valueOf(a.model, fn, obj)?.tag === "executor") target = positional[0];
      } else {
        const q = a.resolver.qualify(a.model, fn, callee);
        if (q.kind === "external" && q.qualified === "threading.Thread") target = keywords.get("target");
      }
      const worker = target && a.resolver.callableOf(a.model, fn, target);
      if (!worker || !a.scope.doesOps.has(worker)) return;
      out.push(
        a.finding("DUR014", n, `\`${a.text(target)}\` runs durable operations on a shared context from a host thread`, {
          related: [a.relatedAt(a.model, worker.node, `${worker.name}() starts durable operations`)],
        }),
      );
    });
  }
  return out;
}
