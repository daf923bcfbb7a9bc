// Workspace-wide durable structure: which parameters hold a DurableContext, the call graph between functions,
// whether each function runs in replayed or step scope (decided by who invokes it), and per-function summaries
// of the non-deterministic sources reachable through calls.
import { hitsAmong, opCall, type HitKind, type HitOptions, type SourceHit } from "./durableCalls";
import { CompletingCode } from "./completingCode";
import type { FunctionInfo, ModuleModel } from "./moduleModel";
import { ownNodeIndex } from "./ownNodes";
import { isSdkName, Resolver } from "./resolver";
import { childByField, namedChildren, type PyNode } from "./syntaxTree";

/** completing: called only from code that runs once, after the last operation of a durable body (completingCode.ts). */
export type Scope = "replayed" | "step" | "completing";

export interface Edge {
  from: FunctionInfo;
  to: FunctionInfo;
  /** call: runs in the caller's scope; step: runs once; child: replayed with its own context. */
  kind: "call" | "step" | "child";
  site: PyNode;
  model: ModuleModel;
}

/** A source reachable from a function: where it is and the chain of calls leading there. */
export interface Witness {
  kind: HitKind;
  hit: SourceHit;
  model: ModuleModel;
  /** Functions from the summarised function down to the one containing the hit. */
  chain: { fn: FunctionInfo; site: PyNode; model: ModuleModel }[];
}

const FIXED_ROLES: [string, Scope, number | undefined][] = [
  ["durable_execution", "replayed", 1],
  ["durable_with_child_context", "replayed", 0],
  ["durable_parallel_branch", "replayed", 0],
  ["durable_step", "step", undefined],
  ["durable_wait_for_callback", "step", undefined],
];

/** Kinds that travel through calls to be reported at replayed call sites. */
const PROPAGATED = new Set<HitKind>([
  "time",
  "random",
  "uuid",
  "network",
  "fs",
  "process",
  "env",
  "identity",
  "sleep",
  "concurrency",
  "async",
  "replaying",
]);

export class ScopeModel {
  readonly fixedRole = new Map<FunctionInfo, { scope: Scope; decorator: string }>();
  readonly edgesFrom = new Map<FunctionInfo, Edge[]>();
  readonly edgesTo = new Map<FunctionInfo, Edge[]>();
  readonly scopes = new Map<FunctionInfo, Set<Scope>>();
  /** Functions that start durable operations, directly or through calls. */
  readonly doesOps = new Set<FunctionInfo>();
  readonly summaries = new Map<FunctionInfo, Map<HitKind, Witness>>();
  private readonly directHits = new Map<FunctionInfo, SourceHit[]>();
  private readonly modelOf = new Map<FunctionInfo, ModuleModel>();
  private readonly completing: CompletingCode;

  constructor(
    readonly resolver: Resolver,
    readonly models: ModuleModel[],
    private readonly stepLike: string[],
    private readonly hitOptions: HitOptions,
  ) {
    for (const m of models) for (const f of m.functions) this.modelOf.set(f, m);
    this.assignFixedRoles();
    for (let round = 0; round < 6 && this.buildEdges(); round++);
    this.resolver.forgetValues();
    this.completing = new CompletingCode(resolver, this.doesOps);
    this.propagateOps();
    this.propagateScopes();
    this.summarise();
  }

  moduleName(file: string): string {
    return this.hitOptions.moduleName(file);
  }

  model(fn: FunctionInfo): ModuleModel {
    return this.modelOf.get(fn)!;
  }

  scopesOf(fn: FunctionInfo | undefined): Set<Scope> {
    return (fn && this.scopes.get(fn)) ?? new Set();
  }

  /** A handler or a child-context function: what it returns is checkpointed, so its last part runs once. */
  isDurableBody(fn: FunctionInfo): boolean {
    const decorator = this.fixedRole.get(fn)?.decorator;
    if (decorator) return decorator !== "durable_step" && decorator !== "durable_wait_for_callback";
    return (this.edgesTo.get(fn) ?? []).some((e) => e.kind === "child");
  }

  /** `node`, in `fn`'s own body, runs once: after the last operation of a durable body (or in one without any). */
  isCompletingAt(fn: FunctionInfo, node: PyNode): boolean {
    return this.isDurableBody(fn) && this.completing.isCompleting(this.model(fn), fn, node);
  }

  /** Whether the branch `region` in `fn` decides which operations run (or leaves early). */
  decidesOperations(fn: FunctionInfo, region: PyNode): boolean {
    return this.completing.decidesOperations(this.model(fn), fn, region);
  }

  hits(fn: FunctionInfo): SourceHit[] {
    let hits = this.directHits.get(fn);
    if (!hits) {
      const model = this.model(fn);
      const index = ownNodeIndex(model, fn);
      hits = hitsAmong(
        this.resolver,
        model,
        fn,
        [...(index.get("call") ?? []), ...(index.get("attribute") ?? [])],
        this.hitOptions,
      );
      this.directHits.set(fn, hits);
    }
    return hits;
  }

  /** The SDK decorator of a function, by short name, if any. */
  decoratorName(fn: FunctionInfo): string | undefined {
    const m = this.model(fn);
    for (const d of fn.decorators) {
      const callee = d.type === "call" ? childByField(d, "function") : d;
      if (!callee) continue;
      const q = this.resolver.qualify(m, fn.parent, callee);
      if (q.kind !== "external") continue;
      const role = FIXED_ROLES.find(([name]) => isSdkName(q.qualified, name));
      if (role) return role[0];
    }
    return undefined;
  }

  private assignFixedRoles() {
    for (const m of this.models) {
      for (const fn of m.functions) {
        const decorator = this.decoratorName(fn);
        const role = decorator ? FIXED_ROLES.find(([n]) => n === decorator) : undefined;
        if (role) {
          this.fixedRole.set(fn, { scope: role[1], decorator: role[0] });
          if (role[2] !== undefined && fn.params.length > role[2]) this.addContextParam(fn, role[2]);
        } else if (fn.params.some((p) => /\bDurableContext\b/.test(this.resolver.text(m, p.annotation)))) {
          this.fixedRole.set(fn, { scope: "replayed", decorator: "" });
        }
      }
    }
  }

  private addContextParam(fn: FunctionInfo, index: number): boolean {
    let set = this.resolver.contextParams.get(fn);
    if (!set) this.resolver.contextParams.set(fn, (set = new Set()));
    if (set.has(index)) return false;
    set.add(index);
    return true;
  }

  /** Builds call edges; returns true when new context parameters were found (another round is needed). */
  private buildEdges(): boolean {
    this.edgesFrom.clear();
    this.edgesTo.clear();
    this.resolver.forgetValues();
    let grew = false;
    const r = this.resolver;
    for (const m of this.models) {
      const claimed = new Set<PyNode>();
      for (const { node: call, fn } of m.calls) {
        if (!fn) continue;
        const op = opCall(r, m, fn, call);
        if (op) {
          for (const { node: arg, role } of op.callbacks) {
            claimed.add(arg);
            const target = r.callableOf(m, fn, arg);
            if (!target || this.fixedRole.has(target)) continue;
            if (role === "step") this.addEdge(fn, target, "step", call, m);
            else {
              this.addEdge(fn, target, "child", call, m);
              if (target.params.length > 0) grew = this.addContextParam(target, 0) || grew;
            }
          }
          continue;
        }
        const callee = childByField(call, "function");
        if (!callee) continue;
        const args = childByField(call, "arguments");
        const argNodes = args?.type === "argument_list" ? namedChildren(args) : [];
        if (this.isStepLike(m, fn, callee)) {
          for (const a of argNodes) {
            const value = a.type === "keyword_argument" ? childByField(a, "value") : a;
            const target = value && r.callableOf(m, fn, value);
            if (value) claimed.add(value);
            if (target && !this.fixedRole.has(target)) this.addEdge(fn, target, "step", call, m);
          }
          continue;
        }
        const target = r.callableOf(m, fn, callee);
        if (target && !this.fixedRole.has(target)) {
          this.addEdge(fn, target, "call", call, m);
          const offset = target.className && target.params[0]?.name === "self" && callee.type === "attribute" ? 1 : 0;
          argNodes.forEach((a, i) => {
            const isKw = a.type === "keyword_argument";
            const value = isKw ? childByField(a, "value") : a;
            if (!value || r.valueOf(m, fn, value)?.tag !== "context") return;
            const index = isKw
              ? target.params.findIndex((p) => p.name === r.text(m, childByField(a, "name")))
              : i + offset;
            if (index >= 0 && index < target.params.length) grew = this.addContextParam(target, index) || grew;
          });
        }
        // A function handed to a workspace function runs where that function calls its parameter (`with_retry(ctx,
        // fn)` calling `fn` inside its step); one handed to an unknown higher-order function, in the caller's scope.
        argNodes.forEach((a, i) => {
          const value = a.type === "keyword_argument" ? childByField(a, "value") : a;
          if (!value) return;
          const passed = r.callableOf(m, fn, value);
          if (!passed || this.fixedRole.has(passed)) return;
          if (target) {
            const offset = target.className && target.params[0]?.name === "self" && callee.type === "attribute" ? 1 : 0;
            const param =
              a.type === "keyword_argument" ? r.text(m, childByField(a, "name")) : target.params[i + offset]?.name;
            const callers = param ? this.callersOfParam(target, param) : [];
            if (callers.length > 0) {
              claimed.add(value);
              for (const caller of callers) this.addEdge(caller, passed, "call", call, m);
              return;
            }
          }
          if (!claimed.has(value) && value.type !== "lambda") this.addEdge(fn, passed, "call", call, m);
        });
      }
      // Lambdas not handed to an operation run where they are written.
      for (const fn of m.functions) {
        if (fn.node.type === "lambda" && fn.parent && !claimed.has(fn.node))
          this.addEdge(fn.parent, fn, "call", fn.node, m);
      }
    }
    return grew;
  }

  /** The functions (`target` or functions nested in it) that call `target`'s parameter `param`. */
  private callersOfParam(target: FunctionInfo, param: string): FunctionInfo[] {
    const m = this.model(target);
    const out = new Set<FunctionInfo>();
    for (const { node, fn } of m.calls) {
      if (!fn || node.start < target.body.start || node.end > target.body.end) continue;
      const callee = childByField(node, "function");
      if (callee?.type !== "identifier" || this.resolver.text(m, callee) !== param) continue;
      const r = this.resolver.resolveName(m, fn, param);
      if (r.kind === "local" && r.owner === target) out.add(fn);
    }
    return [...out];
  }

  private isStepLike(m: ModuleModel, fn: FunctionInfo, callee: PyNode): boolean {
    if (this.stepLike.length === 0) return false;
    const bare = this.resolver.text(m, callee.type === "attribute" ? childByField(callee, "attribute") : callee);
    const q = this.resolver.qualify(m, fn, callee);
    const qualified =
      q.kind === "external"
        ? q.qualified
        : q.kind === "function"
          ? `${this.hitOptions.moduleName(q.fn.file)}.${q.fn.name}`
          : "";
    return this.stepLike.some((s) => s === bare || s === qualified);
  }

  private addEdge(from: FunctionInfo, to: FunctionInfo, kind: Edge["kind"], site: PyNode, model: ModuleModel) {
    const edge: Edge = { from, to, kind, site, model };
    push(this.edgesFrom, from, edge);
    push(this.edgesTo, to, edge);
  }

  private propagateScopes() {
    const work: FunctionInfo[] = [];
    for (const [fn, role] of this.fixedRole) {
      this.scopes.set(fn, new Set([role.scope]));
      work.push(fn);
    }
    for (const edges of this.edgesFrom.values()) {
      for (const e of edges) {
        if (e.kind === "call") continue;
        if (this.add(e.to, e.kind === "step" ? "step" : "replayed")) work.push(e.to);
      }
    }
    while (work.length) {
      const fn = work.pop()!;
      for (const e of this.edgesFrom.get(fn) ?? []) {
        if (e.kind !== "call") continue;
        let changed = false;
        for (const s of this.scopesOf(fn)) {
          const scope = s === "replayed" && this.isCompletingAt(fn, e.site) ? "completing" : s;
          changed = this.add(e.to, scope) || changed;
        }
        if (changed) work.push(e.to);
      }
    }
  }

  private add(fn: FunctionInfo, scope: Scope): boolean {
    if (this.fixedRole.has(fn) && this.scopes.get(fn)?.size) return false;
    let set = this.scopes.get(fn);
    if (!set) this.scopes.set(fn, (set = new Set()));
    if (set.has(scope)) return false;
    set.add(scope);
    return true;
  }

  private propagateOps() {
    for (const m of this.models)
      for (const { node, fn } of m.calls) if (fn && opCall(this.resolver, m, fn, node)) this.doesOps.add(fn);
    let changed = true;
    while (changed) {
      changed = false;
      for (const [from, edges] of this.edgesFrom) {
        if (this.doesOps.has(from)) continue;
        if (edges.some((e) => e.kind === "call" && this.doesOps.has(e.to))) {
          this.doesOps.add(from);
          changed = true;
        }
      }
    }
  }

  private summarise() {
    const reachable = [...this.scopes.keys()];
    for (const fn of reachable) {
      const own = new Map<HitKind, Witness>();
      for (const hit of this.hits(fn)) {
        if (PROPAGATED.has(hit.kind) && !own.has(hit.kind))
          own.set(hit.kind, { kind: hit.kind, hit, model: this.model(fn), chain: [] });
      }
      this.summaries.set(fn, own);
    }
    let changed = true;
    while (changed) {
      changed = false;
      for (const fn of reachable) {
        const mine = this.summaries.get(fn)!;
        for (const e of this.edgesFrom.get(fn) ?? []) {
          if (e.kind !== "call") continue;
          for (const [kind, w] of this.summaries.get(e.to) ?? []) {
            if (mine.has(kind)) continue;
            mine.set(kind, { ...w, chain: [{ fn: e.to, site: e.site, model: e.model }, ...w.chain] });
            changed = true;
          }
        }
      }
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
