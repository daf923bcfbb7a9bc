// Everything the rules of one file share: the file's model, the workspace scope model, the effective config,
// data-flow from sources to sinks inside a function, and construction of findings with their related chain.
import path from "node:path";
import { RULES } from "../rules";
import type { Finding, Fix, LintConfig, RelatedLocation, RuleId, Severity } from "../types";
import { LOG_METHOD_NAMES } from "./apiTable";
import { opCall, type SourceHit } from "./durableCalls";
import type { FunctionInfo, ModuleModel } from "./moduleModel";
import type { Resolver } from "./resolver";
import type { ScopeModel, Witness } from "./scopeModel";
import { ownNodeIndex } from "./ownNodes";
import { childByField, type PyNode } from "./syntaxTree";

export interface Sinks {
  log: boolean;
  branch: boolean;
  /** A branch it feeds decides which durable operations run (or leaves early); or it names an operation. */
  decides: boolean;
  opName: boolean;
  opArg: boolean;
  other: boolean;
}

export class FileAnalysis {
  private readonly localTaints = new Map<FunctionInfo, Map<string, Witness[]>>();
  private readonly summaries = new Map<PyNode, Witness[]>();

  constructor(
    readonly model: ModuleModel,
    readonly scope: ScopeModel,
    readonly resolver: Resolver,
    readonly config: LintConfig,
  ) {}

  get functions(): FunctionInfo[] {
    return this.model.functions;
  }

  isReplayed(fn: FunctionInfo | undefined): boolean {
    return this.scope.scopesOf(fn).has("replayed");
  }

  isStep(fn: FunctionInfo | undefined): boolean {
    return this.scope.scopesOf(fn).has("step");
  }

  text(node: PyNode | undefined): string {
    return this.resolver.text(this.model, node);
  }

  /** The innermost function containing a node (undefined at module level). */
  enclosingFunction(node: PyNode): FunctionInfo | undefined {
    for (let n = node.parent; n; n = n.parent) {
      const fn = this.model.functionOf.get(n);
      if (fn) return fn;
    }
    return undefined;
  }

  /** Visits the nodes of the given types in a function's own body (not nested functions), in source order. */
  ownNodes(fn: FunctionInfo, types: readonly string[], visit: (n: PyNode) => void): void {
    const index = ownNodeIndex(this.model, fn);
    for (const type of types) for (const n of index.get(type) ?? []) visit(n);
  }

  /** Sources flowing into an expression: direct calls, workspace calls with a summary, tainted locals. */
  taintOf(fn: FunctionInfo, expr: PyNode): Witness[] {
    const out: Witness[] = [];
    for (const hit of this.scope.hits(fn)) {
      if (hit.node.start >= expr.start && hit.node.end <= expr.end)
        out.push({ kind: hit.kind, hit, model: this.model, chain: [] });
    }
    const go = (n: PyNode) => {
      if (n !== expr && this.model.functionOf.has(n)) return;
      if (n.type === "call") out.push(...this.callSummary(fn, n));
      else if (
        n.type === "identifier" &&
        n.field !== "attribute" &&
        !(n.field === "name" && n.parent?.type === "keyword_argument")
      ) {
        const r = this.resolver.resolveName(this.model, fn, this.text(n));
        if (r.kind === "local") out.push(...(this.localTaint(r.owner).get(r.name) ?? []));
      }
      for (const c of n.children) go(c);
    };
    go(expr);
    return out;
  }

  /** What a call to a workspace function brings in through its summary. */
  callSummary(fn: FunctionInfo, call: PyNode): Witness[] {
    let result = this.summaries.get(call);
    if (!result) this.summaries.set(call, (result = this.callSummaryUncached(fn, call)));
    return result;
  }

  private callSummaryUncached(fn: FunctionInfo, call: PyNode): Witness[] {
    const callee = childByField(call, "function");
    const target = callee && this.resolver.callableOf(this.model, fn, callee);
    if (!target || target.node.type === "lambda" || this.scope.fixedRole.has(target)) return [];
    // A function declared in `decls` is what the user says it is; its body does not count.
    if (`${this.scope.moduleName(target.file)}.${target.name}` in this.config.decls) return [];
    return [...(this.scope.summaries.get(target)?.values() ?? [])].map((w) => ({
      ...w,
      chain: [{ fn: target, site: call, model: this.model }, ...w.chain],
    }));
  }

  private localTaint(fn: FunctionInfo): Map<string, Witness[]> {
    let map = this.localTaints.get(fn);
    if (map) return map;
    map = new Map();
    this.localTaints.set(fn, map);
    for (let round = 0; round < 4; round++) {
      let changed = false;
      for (const [name, values] of fn.assignments) {
        const before = map.get(name)?.length ?? 0;
        const all = values.flatMap((v) => (v.type === "lambda" ? [] : this.taintOf(fn, v)));
        if (all.length > before) {
          map.set(name, all);
          changed = true;
        }
      }
      if (!changed) break;
    }
    return map;
  }

  /** Where the value of an expression ends up, following assignments to locals. */
  sinksOf(fn: FunctionInfo, node: PyNode, seen = new Set<string>()): Sinks {
    const sinks: Sinks = { log: false, branch: false, decides: false, opName: false, opArg: false, other: false };
    const branch = (region: PyNode) => {
      sinks.branch = true;
      sinks.decides ||= this.scope.decidesOperations(this.enclosingFunction(region) ?? fn, region);
    };
    const merge = (s: Sinks) => {
      for (const k of Object.keys(s) as (keyof Sinks)[]) sinks[k] ||= s[k];
    };
    let cur = node;
    for (let p = node.parent; p; cur = p, p = p.parent) {
      if (this.model.functionOf.has(p)) {
        sinks.other = true;
        return sinks;
      }
      switch (p.type) {
        case "argument_list": {
          const call = p.parent!;
          if (this.isLogCall(fn, call)) {
            sinks.log = true;
            return sinks;
          }
          const op = opCall(this.resolver, this.model, this.enclosingFunction(call), call);
          if (op) {
            const nameArg = op.name;
            if (nameArg && (nameArg === cur || nameArg.parent === cur)) sinks.opName = sinks.decides = true;
            else sinks.opArg = true;
            return sinks;
          }
          break;
        }
        case "if_statement":
        case "elif_clause":
        case "while_statement":
          if (cur.field === "condition") branch(p);
          return sinks;
        case "conditional_expression":
          if (p.children.filter((c) => c.named)[1] === cur) branch(p);
          break;
        case "assert_statement":
        case "match_statement":
          branch(p);
          return sinks;
        case "assignment": {
          const left = childByField(p, "left");
          if (cur === left) return sinks;
          if (left?.type === "identifier") {
            const name = this.text(left);
            const key = `${fn.node.start}:${name}`;
            if (seen.has(key)) return sinks;
            seen.add(key);
            for (const use of this.usesOf(fn, name)) merge(this.sinksOf(this.enclosingFunction(use) ?? fn, use, seen));
            return sinks;
          }
          sinks.other = true;
          return sinks;
        }
        case "augmented_assignment":
        case "return_statement":
        case "yield":
        case "raise_statement":
          sinks.other = true;
          return sinks;
        case "expression_statement":
        case "block":
        case "module":
          return sinks;
      }
    }
    return sinks;
  }

  /** Reads of a local name in a function and the functions nested in it. */
  usesOf(fn: FunctionInfo, name: string): PyNode[] {
    const uses: PyNode[] = [];
    const go = (n: PyNode) => {
      if (
        n.type === "identifier" &&
        n.field !== "attribute" &&
        n.field !== "name" &&
        !isTarget(n) &&
        this.text(n) === name
      )
        uses.push(n);
      for (const c of n.children) go(c);
    };
    go(fn.body);
    return uses;
  }

  /** `print`, the logging module, a logger object or `context.logger`. */
  isLogCall(fn: FunctionInfo | undefined, call: PyNode): boolean {
    const callee = childByField(call, "function");
    if (!callee) return false;
    if (callee.type === "attribute") {
      const method = this.text(childByField(callee, "attribute"));
      const obj = childByField(callee, "object");
      if (LOG_METHOD_NAMES.has(method) && obj && this.resolver.valueOf(this.model, fn, obj)?.tag === "logger")
        return true;
    }
    const q = this.resolver.qualify(this.model, fn, callee);
    return q.kind === "external" && (q.qualified === "builtins.print" || /^logging\.[a-z]+$/.test(q.qualified));
  }

  /** Severity of a source by where its value goes: only into logs → hint. */
  severityFor(rule: RuleId, fn: FunctionInfo, hit: SourceHit | PyNode): Severity {
    const node = "kind" in hit ? hit.node : hit;
    const sinks = this.sinksOf(fn, node);
    if (sinks.log && !sinks.other && !sinks.branch && !sinks.opName && !sinks.opArg) return "hint";
    return RULES[rule].defaultSeverity;
  }

  location(node: PyNode) {
    const start = this.model.lines.position(node.start);
    const end = this.model.lines.position(node.end);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  relatedAt(model: ModuleModel, node: PyNode, message: string): RelatedLocation {
    const pos = model.lines.position(node.start);
    return { file: model.file, line: pos.line, column: pos.column, message };
  }

  where(model: ModuleModel, node: PyNode): string {
    return `${path.basename(model.file)}:${model.lines.position(node.start).line}`;
  }

  /** How a replayed helper is reached from a durable root, as related locations (nearest caller first). */
  callerChain(fn: FunctionInfo): RelatedLocation[] {
    const out: RelatedLocation[] = [];
    const seen = new Set<FunctionInfo>([fn]);
    let cur = fn;
    while (out.length < 5 && !this.scope.fixedRole.has(cur)) {
      const edge = (this.scope.edgesTo.get(cur) ?? []).find(
        (e) => !seen.has(e.from) && this.scope.scopesOf(e.from).has("replayed"),
      );
      if (!edge) break;
      out.push(
        this.relatedAt(edge.model, edge.site, `${cur.name}() is called from ${edge.from.name}() in replayed code`),
      );
      seen.add(edge.from);
      cur = edge.from;
    }
    return out;
  }

  finding(
    rule: RuleId,
    node: PyNode,
    what: string,
    options: { severity?: Severity; related?: RelatedLocation[]; fixes?: Fix[] } = {},
  ): Finding {
    const info = RULES[rule];
    return {
      file: this.model.file,
      range: this.location(node),
      rule,
      severity: options.severity ?? info.defaultSeverity,
      message: `${what}: ${info.why}. Fix: ${info.fix}.`,
      related: options.related ?? [],
      fixes: options.fixes ?? [],
    };
  }
}

const TARGET_PARENTS = new Set(["assignment", "augmented_assignment", "for_statement", "for_in_clause"]);
function isTarget(n: PyNode): boolean {
  return n.field === "left" && TARGET_PARENTS.has(n.parent?.type ?? "");
}
