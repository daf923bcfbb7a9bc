// DUR024 (step results that do not survive JSON), DUR027 (unbounded loops without a durable operation),
// DUR028 (handler entry misuse: missing @durable_execution, async durable functions).
import type { Finding, Fix } from "../types";
import { opCall } from "./durableCalls";
import type { FileAnalysis } from "./fileAnalysis";
import { importEdit } from "./fixes";
import type { FunctionInfo } from "./moduleModel";
import { childByField, namedChildren, type PyNode, walk } from "./syntaxTree";

const NON_JSON: [RegExp, string][] = [
  [/^datetime\.(datetime|date|time|timedelta)(\.\w+)?$/, "a datetime"],
  [/^decimal\.Decimal$/, "a Decimal"],
  [/^builtins\.(set|frozenset)$/, "a set"],
];

export function stepResultFindings(a: FileAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const fn of a.functions) {
    const role = a.scope.fixedRole.get(fn);
    const isStepCallback = role?.scope === "step" || (a.scope.edgesTo.get(fn) ?? []).some((e) => e.kind === "step");
    if (!isStepCallback) continue;
    const results: PyNode[] = [];
    if (fn.node.type === "lambda") results.push(fn.body);
    else
      a.ownNodes(fn, ["return_statement"], (n) => {
        if (namedChildren(n)[0]) results.push(namedChildren(n)[0]);
      });
    for (const r of results) {
      const what = nonJsonValue(a, fn, r);
      if (what)
        out.push(
          a.finding(
            "DUR024",
            r,
            `this step returns ${what}, which comes back from the checkpoint log as a plain JSON value`,
          ),
        );
    }
  }
  return out;
}

function nonJsonValue(a: FileAnalysis, fn: FunctionInfo, expr: PyNode): string | undefined {
  if (expr.type === "set" || expr.type === "set_comprehension") return "a set";
  if (expr.type !== "call") return undefined;
  const callee = childByField(expr, "function");
  if (!callee) return undefined;
  const q = a.resolver.qualify(a.model, fn, callee);
  if (q.kind === "class") return `an instance of ${q.name}`;
  if (q.kind !== "external") return undefined;
  return NON_JSON.find(([re]) => re.test(q.qualified))?.[1];
}

export function unboundedLoopFindings(a: FileAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const fn of a.functions) {
    if (!a.isReplayed(fn)) continue;
    a.ownNodes(fn, ["while_statement"], (n) => {
      const cond = childByField(n, "condition");
      if (!cond || !(cond.type === "true" || a.text(cond) === "1")) return;
      let checkpoints = false;
      walk(n, (c) => {
        if (c.type === "call") {
          const callee = childByField(c, "function");
          const target = callee && a.resolver.callableOf(a.model, fn, callee);
          if (opCall(a.resolver, a.model, a.enclosingFunction(c), c) || (target && a.scope.doesOps.has(target)))
            checkpoints = true;
        }
        return !checkpoints;
      });
      if (!checkpoints) out.push(a.finding("DUR027", cond, "`while True` loop never starts a durable operation"));
    });
  }
  return out;
}

export function handlerShapeFindings(a: FileAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const fn of a.functions) {
    if (fn.node.type !== "function_definition") continue;
    const name = childByField(fn.node, "name")!;
    const role = a.scope.fixedRole.get(fn);
    const takesContext = fn.params.some((p) => /\bDurableContext\b/.test(a.text(p.annotation)));
    if (fn.isAsync && (role || takesContext)) {
      out.push(
        a.finding(
          "DUR028",
          name,
          `\`${fn.name}\` is an async durable function, but the Python SDK calls it synchronously and gets a coroutine`,
        ),
      );
      continue;
    }
    const entryShape =
      !fn.parent &&
      !fn.className &&
      fn.params.length === 2 &&
      /\bDurableContext\b/.test(a.text(fn.params[1].annotation));
    if (entryShape && (!role || role.decorator === "") && !(a.scope.edgesTo.get(fn) ?? []).length) {
      out.push(
        a.finding(
          "DUR028",
          name,
          `\`${fn.name}(event, context: DurableContext)\` looks like a durable handler but is not decorated with @durable_execution`,
          {
            fixes: [addDecoratorFix(a, fn)],
          },
        ),
      );
    }
  }
  return out;
}

function addDecoratorFix(a: FileAnalysis, fn: FunctionInfo): Fix {
  const decorated = fn.node.parent?.type === "decorated_definition" ? fn.node.parent : fn.node;
  const lineStart = a.model.lines.lineStart(a.model.lines.position(decorated.start).line);
  const indent = a.model.text.slice(lineStart, decorated.start);
  const edits = [
    { file: a.model.file, start: decorated.start, end: decorated.start, newText: `@durable_execution\n${indent}` },
  ];
  const resolved = a.resolver.resolveName(a.model, undefined, "durable_execution");
  if (resolved.kind === "external" && resolved.qualified === "durable_execution") {
    edits.push(importEdit(a, "from aws_durable_execution_sdk_python import durable_execution"));
  }
  return { title: "Add @durable_execution", preferred: true, edits };
}
