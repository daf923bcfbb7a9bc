// DUR010 (set iteration order), DUR011 (non-deterministic operation names), DUR012 (branches on
// non-deterministic values, including `is_replaying()` branches that change which operations run).
import type { Finding } from "../types";
import { opCall, type HitKind } from "./durableCalls";
import type { FileAnalysis } from "./fileAnalysis";
import { sortedFix } from "./fixes";
import type { FunctionInfo } from "./moduleModel";
import type { Witness } from "./scopeModel";
import { childByField, namedChildren, type PyNode, walk } from "./syntaxTree";

/** Kinds whose value differs between replays (env is DUR006's business; logs and timers carry no value). */
const DECISION_KINDS = new Set<HitKind>([
  "time",
  "random",
  "uuid",
  "network",
  "fs",
  "process",
  "identity",
  "replaying",
]);
const NAME_KINDS = new Set<HitKind>(["time", "random", "uuid", "network", "fs", "process", "identity", "env"]);

function describe(a: FileAnalysis, w: Witness): string {
  const where = w.model === a.model && w.chain.length === 0 ? "" : ` at ${a.where(w.model, w.hit.node)}`;
  return `\`${w.hit.label}\`${where}`;
}

/** Where the value comes from, unless that is inside the reported expression itself. */
function witnessRelated(a: FileAnalysis, w: Witness, reported: PyNode) {
  const inside =
    w.model === a.model && w.chain.length === 0 && w.hit.node.start >= reported.start && w.hit.node.end <= reported.end;
  return inside ? [] : [a.relatedAt(w.model, w.hit.node, `non-deterministic value: \`${w.hit.label}\``)];
}

export function branchFindings(a: FileAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const fn of a.functions) {
    if (!a.isReplayed(fn)) continue;
    a.ownNodes(
      fn,
      ["if_statement", "elif_clause", "while_statement", "conditional_expression", "match_statement"],
      (n) => {
        const test = branchTest(n);
        if (!test) return;
        const w = a
          .taintOf(fn, test)
          .find((x) => DECISION_KINDS.has(x.kind) && (x.kind !== "replaying" || controlsOperations(a, fn, n)));
        if (!w) return;
        const what =
          w.kind === "replaying"
            ? `this branch on ${describe(a, w)} decides which durable operations run`
            : `this condition depends on ${describe(a, w)}`;
        out.push(a.finding("DUR012", test, what, { related: witnessRelated(a, w, test) }));
      },
    );
  }
  return out;
}

function branchTest(n: PyNode): PyNode | undefined {
  switch (n.type) {
    case "if_statement":
    case "elif_clause":
    case "while_statement":
      return childByField(n, "condition");
    case "conditional_expression":
      return n.children.filter((c) => c.named)[1];
    case "match_statement":
      return childByField(n, "subject");
    default:
      return undefined;
  }
}

/** The branch's region starts operations (directly or through calls) or returns early. */
function controlsOperations(a: FileAnalysis, fn: FunctionInfo, branch: PyNode): boolean {
  let found = false;
  walk(branch, (n) => {
    if (found) return false;
    if (n.type === "return_statement") found = true;
    if (n.type === "call") {
      const callee = childByField(n, "function");
      const target = callee && a.resolver.callableOf(a.model, fn, callee);
      if (opCall(a.resolver, a.model, a.enclosingFunction(n), n) || (target && a.scope.doesOps.has(target)))
        found = true;
    }
    return !found;
  });
  return found;
}

export function opNameFindings(a: FileAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const fn of a.functions) {
    if (!a.isReplayed(fn)) continue;
    a.ownNodes(fn, ["call"], (n) => {
      const op = opCall(a.resolver, a.model, fn, n);
      const name = op?.name;
      if (!name) return;
      const w = a.taintOf(fn, name).find((x) => NAME_KINDS.has(x.kind));
      if (w) {
        out.push(
          a.finding("DUR011", name, `the name of this ${op.method} depends on ${describe(a, w)}`, {
            related: witnessRelated(a, w, name),
          }),
        );
      }
    });
  }
  return out;
}

const ORDER_FREE = new Set(["sorted", "len", "sum", "min", "max", "any", "all", "set", "frozenset", "bool"]);
const ORDERED_CONSUMERS = new Set(["list", "tuple", "enumerate", "iter", "next", "zip", "dict.fromkeys"]);

export function iterationOrderFindings(a: FileAnalysis): Finding[] {
  const out: Finding[] = [];
  for (const fn of a.functions) {
    if (!a.isReplayed(fn)) continue;
    a.ownNodes(fn, ["for_statement", "for_in_clause", "call"], (n) => {
      for (const iterable of iteratedExpressions(a, fn, n)) {
        if (a.resolver.valueOf(a.model, fn, iterable)?.tag !== "set") continue;
        out.push(
          a.finding(
            "DUR010",
            iterable,
            `\`${a.text(iterable)}\` is a set, whose iteration order changes between processes`,
            {
              fixes: [sortedFix(a, iterable)],
            },
          ),
        );
      }
    });
  }
  return out;
}

function iteratedExpressions(a: FileAnalysis, fn: FunctionInfo, n: PyNode): PyNode[] {
  if (n.type === "for_statement" || n.type === "for_in_clause") {
    const right = childByField(n, "right");
    return right ? [right] : [];
  }
  if (n.type !== "call") return [];
  const callee = childByField(n, "function");
  const args = childByField(n, "arguments");
  const first = args ? namedChildren(args)[0] : undefined;
  if (!callee || !first) return [];
  const q = a.resolver.qualify(a.model, fn, callee);
  const name = q.kind === "external" ? q.qualified.replace(/^builtins\./, "") : "";
  if (ORDER_FREE.has(name)) return [];
  if (ORDERED_CONSUMERS.has(name)) return [first];
  // "sep".join(s)
  if (
    callee.type === "attribute" &&
    a.text(childByField(callee, "attribute")) === "join" &&
    childByField(callee, "object")?.type === "string"
  )
    return [first];
  return [];
}
