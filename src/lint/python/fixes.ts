// Quick fixes as text edits: wrap in context.step, sleep → context.wait, sorted(...), step → child context,
// parent → own context, @durable_execution. Every edit keeps the file valid Python. (The core adds the suppression
// comment fix to every finding.)
import type { Fix, TextEdit } from "../types";
import type { FileAnalysis } from "./fileAnalysis";
import type { FunctionInfo } from "./moduleModel";
import { opCall, type OpCall } from "./durableCalls";
import { childByField, namedChildren, type PyNode, walk } from "./syntaxTree";

const DURATION_IMPORT = "from aws_durable_execution_sdk_python.config import Duration";

/** Name of the DurableContext visible in a function: its own context parameter or an enclosing one. */
export function contextInScope(a: FileAnalysis, fn: FunctionInfo | undefined): string | undefined {
  for (let f = fn; f; f = f.parent) {
    const indexes = a.resolver.contextParams.get(f);
    const param = f.params.find((p, i) => indexes?.has(i) || /\bDurableContext\b/.test(a.text(p.annotation)));
    if (param) return param.name;
  }
  return undefined;
}

/** Operation names already used in the file, so generated step names stay unique. */
function usedNames(a: FileAnalysis): Set<string> {
  const names = new Set<string>();
  walk(a.model.root, (n) => {
    if (n.type === "keyword_argument" && a.text(childByField(n, "name")) === "name") {
      const v = childByField(n, "value");
      if (v?.type === "string") names.add(a.text(v).replace(/^[rbuf]*["']+|["']+$/gi, ""));
    }
  });
  return names;
}

function uniqueName(a: FileAnalysis, base: string): string {
  const clean = base.replace(/[^A-Za-z0-9_-]/g, "_") || "value";
  const used = usedNames(a);
  if (!used.has(clean)) return clean;
  for (let i = 2; ; i++) if (!used.has(`${clean}_${i}`)) return `${clean}_${i}`;
}

/** `v = <expr>` → `v = context.step(lambda _: <expr>, name="v")`; a bare expression is wrapped where it stands. */
export function wrapInStepFix(a: FileAnalysis, fn: FunctionInfo, node: PyNode): Fix | undefined {
  const ctx = contextInScope(a, fn);
  // A context manager's value (`with open(...) as f`) cannot come back from a checkpoint.
  if (!ctx || withinWithItem(node)) return undefined;
  let target = node;
  let name: string | undefined;
  const assignment = statementAssignment(node);
  if (assignment) {
    const right = childByField(assignment, "right")!;
    const left = childByField(assignment, "left")!;
    if (left.type === "identifier" && !containsOp(a, fn, right) && !right.children.some((c) => c.type === "yield")) {
      target = right;
      name = a.text(left);
    }
  }
  if (!name) {
    const callee = node.type === "call" ? childByField(node, "function") : undefined;
    const last = callee?.type === "attribute" ? childByField(callee, "attribute") : callee;
    name = last ? a.text(last) : "value";
  }
  const stepName = uniqueName(a, name);
  return {
    title: `Wrap in ${ctx}.step("${stepName}")`,
    preferred: true,
    edits: [edit(a, target.start, target.end, `${ctx}.step(lambda _: ${a.text(target)}, name="${stepName}")`)],
  };
}

function withinWithItem(node: PyNode): boolean {
  for (let n: PyNode | null = node; n && n.type !== "block"; n = n.parent) if (n.type === "with_item") return true;
  return false;
}

function statementAssignment(node: PyNode): PyNode | undefined {
  for (let n: PyNode | null = node; n; n = n.parent) {
    if (n.type === "assignment") return n.parent?.type === "expression_statement" ? n : undefined;
    if (
      n.type === "expression_statement" ||
      n.type === "block" ||
      n.type === "lambda" ||
      n.type === "function_definition"
    )
      return undefined;
  }
  return undefined;
}

function containsOp(a: FileAnalysis, fn: FunctionInfo, node: PyNode): boolean {
  let found = false;
  walk(node, (n) => {
    if (n.type === "call" && opCall(a.resolver, a.model, fn, n)) found = true;
    return !found;
  });
  return found;
}

/** `time.sleep(n)` → `context.wait(Duration.from_seconds(n))`, importing Duration when the file lacks it. */
export function sleepToWaitFix(a: FileAnalysis, fn: FunctionInfo, call: PyNode): Fix | undefined {
  const ctx = contextInScope(a, fn);
  const args = childByField(call, "arguments");
  const list = args ? namedChildren(args) : [];
  if (!ctx || list.length !== 1 || list[0].type === "keyword_argument") return undefined;
  const edits: TextEdit[] = [edit(a, call.start, call.end, `${ctx}.wait(Duration.from_seconds(${a.text(list[0])}))`)];
  const duration = a.resolver.resolveName(a.model, fn, "Duration");
  if (duration.kind === "external" && duration.qualified === "Duration") edits.push(importEdit(a, DURATION_IMPORT));
  return { title: `Replace with ${ctx}.wait(Duration.from_seconds(...))`, preferred: true, edits };
}

/** Inserts an import line after the file's last top-level import (or after a docstring / at the top). */
export function importEdit(a: FileAnalysis, line: string): TextEdit {
  const top = a.model.root.children.filter((c) => c.named && c.type !== "comment");
  const imports = top.filter(
    (c) => c.type === "import_statement" || c.type === "import_from_statement" || c.type === "future_import_statement",
  );
  let offset = 0;
  if (imports.length) offset = lineEnd(a, imports[imports.length - 1].end);
  else if (top[0]?.type === "expression_statement" && top[0].children[0]?.type === "string")
    offset = lineEnd(a, top[0].end);
  const text = a.model.text;
  const prefix = offset > 0 && text[offset - 1] !== "\n" ? "\n" : "";
  return edit(a, offset, offset, `${prefix}${line}\n`);
}

function lineEnd(a: FileAnalysis, offset: number): number {
  const nl = a.model.text.indexOf("\n", offset);
  return nl === -1 ? a.model.text.length : nl + 1;
}

export function sortedFix(a: FileAnalysis, iterable: PyNode): Fix {
  return {
    title: "Iterate over sorted(...)",
    preferred: true,
    edits: [edit(a, iterable.start, iterable.end, `sorted(${a.text(iterable)})`)],
  };
}

/** DUR020: the step that runs operations becomes a child context whose own context the body uses. */
export function stepToChildFix(a: FileAnalysis, stepFn: FunctionInfo, nested: OpCall): Fix | undefined {
  const edges = (a.scope.edgesTo.get(stepFn) ?? []).filter((e) => e.kind === "step" && e.model === a.model);
  const param = stepFn.params[0]?.name;
  if (edges.length !== 1 || !param) return undefined;
  const stepCall = edges[0].site;
  const callee = childByField(stepCall, "function");
  const method = callee && childByField(callee, "attribute");
  if (!method || a.text(method) !== "step") return undefined;
  return {
    title: `Use run_in_child_context and ${param} instead of step`,
    preferred: true,
    edits: [
      edit(a, method.start, method.end, "run_in_child_context"),
      edit(a, nested.receiver.start, nested.receiver.end, param),
    ],
  };
}

/** DUR021: use the callback's own context parameter. */
export function ownContextFix(a: FileAnalysis, receiver: PyNode, param: string): Fix {
  return {
    title: `Use ${param}, the callback's own context`,
    preferred: true,
    edits: [edit(a, receiver.start, receiver.end, param)],
  };
}

function edit(a: FileAnalysis, start: number, end: number, newText: string): TextEdit {
  return { file: a.model.file, start, end, newText };
}
