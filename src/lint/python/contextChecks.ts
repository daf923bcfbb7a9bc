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
    const report = (node: PyNode, name: string) => {
      if (!readOutside(a, fn, name)) return;
      out.push(
        a.finding(
          "DUR022",
          node,
          `\`${name}\` is captured from outside this ${a.isStep(fn) ? "step" : "child"} callback and written here`,
        ),
      );
    };
    const mutatedParam = stepArgumentMutation(a, fn, out);
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
        const object = childByField(callee, "object");
        const name = captured(object);
        if (name) report(n, name);
        else if (object?.type === "identifier") mutatedParam(n, a.text(object));
      }
    });
  }
  return out;
}

/**
 * Whether durable code other than `fn` reads `name` as `fn` sees it (a module variable, or a local of an enclosing
 * function): a value written in a step and read only inside that step (a retry counter) is not lost. Another step
 * reading it runs in a later invocation, where the write never happened.
 */
function readOutside(a: FileAnalysis, fn: FunctionInfo, name: string): boolean {
  const replayed = (g: FunctionInfo) => a.isReplayed(g) || a.isStep(g) || a.scope.isDurableBody(g);
  const outside = (use: PyNode) => use.start < fn.body.start || use.end > fn.body.end;
  const r = a.resolver.resolveName(a.model, fn, name);
  if (fn.globals.has(name) || r.kind === "moduleVar") {
    return a.functions.some(
      (g) =>
        g !== fn &&
        replayed(g) &&
        a.usesOf(g, name).some((use) => {
          if (!outside(use) || a.enclosingFunction(use) !== g) return false;
          return g.globals.has(name) || a.resolver.resolveName(a.model, g, name).kind === "moduleVar";
        }),
    );
  }
  let owner: FunctionInfo | undefined = r.kind === "local" && r.owner !== fn ? r.owner : undefined;
  if (fn.nonlocals.has(name)) for (owner = fn.parent; owner && !owner.locals.has(name); owner = owner.parent);
  if (!owner) return true;
  return a.usesOf(owner, name).some((use) => {
    if (!outside(use)) return false;
    const where = a.enclosingFunction(use) ?? owner;
    return replayed(where) && (where === owner || !where.locals.has(name));
  });
}

/**
 * A `@durable_step` function mutating a parameter (`target.append(x)`): the caller's list or dict passed there is
 * changed only when the step runs, not when it is replayed. Reported where replayed code passes a local it reads later.
 */
function stepArgumentMutation(a: FileAnalysis, fn: FunctionInfo, out: Finding[]) {
  const decorator = a.scope.fixedRole.get(fn)?.decorator;
  return (node: PyNode, name: string) => {
    if (decorator !== "durable_step") return;
    const index = fn.params.findIndex((p) => p.name === name);
    if (index < 1) return;
    for (const { node: call, fn: caller } of a.model.calls) {
      if (!caller || !a.isReplayed(caller)) continue;
      const callee = childByField(call, "function");
      if (!callee || a.resolver.callableOf(a.model, caller, callee) !== fn) continue;
      const { positional, keywords } = callArgs(a.resolver, a.model, call);
      const arg = positional[index - 1] ?? keywords.get(name);
      if (arg?.type !== "identifier") continue;
      const passed = a.text(arg);
      const r = a.resolver.resolveName(a.model, caller, passed);
      if (r.kind !== "local") continue;
      const readLater = a.usesOf(r.owner, passed).some((use) => use.start > call.end);
      if (!readLater) continue;
      out.push(
        a.finding(
          "DUR022",
          node,
          `\`${name}\` is \`${passed}\` of ${caller.name}() (${a.where(a.model, arg)}), mutated inside the step`,
          { related: [a.relatedAt(a.model, arg, `\`${passed}\` is passed to the step here and read afterwards`)] },
        ),
      );
      return;
    }
  };
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
