// The traversal core of the TS determinism analysis under one configuration. Roots are found by symbol; each function
// is analyzed per invoking scope (replayed, step or completing), memoized, so a function's events double as its
// summary: a replayed call site reports what its callee does, with the call chain as related information. What to
// report is not decided here: every node is handed to the checks of the table below (sourceChecks, flowChecks,
// contextChecks, stateChecks, shapeChecks), each under the rules its row names.
import ts from "typescript";
import type { CancellationSignal, LintConfig, RuleErrorReporter, RuleId } from "../types";
import { SOURCE_RULES } from "../rules";
import { ApiMatcher, type WorkspaceDecl } from "./apiMatcher";
import type { AnalysisEvent, CallFacts, CheckEnv, Frame, SourceValue, TsCheck } from "./checkTypes";
import { CompletingCode } from "./completingCode";
import {
  capturedWrites,
  detachedOperations,
  nestedOperations,
  sharedContextConcurrency,
  wrongContext,
} from "./contextChecks";
import { DurableApi, type OpCall } from "./durableApi";
import { FixBuilder } from "./fixes";
import { branches, operationNames } from "./flowChecks";
import { nondeterministicModuleBindings, type ModuleInitSource } from "./moduleState";
import { Qualifier } from "./qualify";
import { handlerShape, stepResults, unboundedLoops } from "./shapeChecks";
import { SinkTracer, type Sink } from "./sinks";
import { sources } from "./sourceChecks";
import { moduleState } from "./stateChecks";
import { SymbolTypes } from "./symbolTypes";
import { forEachChild, isFunctionNode, Kind, type FunctionNode, unwrap } from "./syntaxFacts";

export type { AnalysisEvent } from "./checkTypes";

/** Every TS check; adding a rule is one check in its family's module and one row here. */
const CHECKS: readonly TsCheck[] = [
  sources,
  operationNames,
  branches,
  moduleState,
  sharedContextConcurrency,
  nestedOperations,
  wrongContext,
  capturedWrites,
  detachedOperations,
  stepResults,
  unboundedLoops,
  handlerShape,
];

type Hook = Exclude<keyof TsCheck, "rules">;

function withHook<K extends Hook>(hook: K): readonly (TsCheck & Required<Pick<TsCheck, K>>)[] {
  return CHECKS.filter((c): c is TsCheck & Required<Pick<TsCheck, K>> => c[hook] !== undefined);
}

/** The checks with each hook, so that a node meets only the checks that care about its kind. */
const HOOKS = {
  handler: withHook("handler"),
  contextFunction: withHook("contextFunction"),
  operation: withHook("operation"),
  stepCallback: withHook("stepCallback"),
  call: withHook("call"),
  construct: withHook("construct"),
  read: withHook("read"),
  identifier: withHook("identifier"),
  write: withHook("write"),
  loop: withHook("loop"),
  value: withHook("value"),
  propagated: withHook("propagated"),
};

/** Where a value flows is part of what every value check reports: when it cannot be traced, they all fail. */
const VALUE_CHECKS: TsCheck = { rules: HOOKS.value.flatMap((c) => c.rules) };

/**
 * root: a handler or context-taking function; child: a runInChildContext/map/parallel callback by reference;
 * completing: a function called only from code that runs once (see completingCode.ts).
 */
type EntityKind = "root" | "replayed" | "child" | "step" | "completing";

/** Rules whose events a replayed caller reports at its call site. */
const PROPAGATED: ReadonlySet<RuleId> = new Set(SOURCE_RULES.filter((rule) => rule !== "DUR013" && rule !== "DUR023"));
const MUTATORS = new Set([
  "push",
  "pop",
  "shift",
  "unshift",
  "splice",
  "sort",
  "reverse",
  "fill",
  "copyWithin",
  "set",
  "add",
  "delete",
  "clear",
]);

/** Unwinds an analysis whose caller no longer wants the result. */
class Cancelled extends Error {}

export class ProgramAnalysis implements CheckEnv {
  readonly checker: ts.TypeChecker;
  readonly types: SymbolTypes;
  readonly qualifier: Qualifier;
  readonly api: DurableApi;
  readonly matcher: ApiMatcher;
  readonly sinks: SinkTracer;
  readonly fixes: FixBuilder;
  readonly completing: CompletingCode;
  /** Functions passed to withDurableExecution. */
  private readonly handlers = new Set<FunctionNode>();
  private readonly results = new Map<FunctionNode, Map<EntityKind, AnalysisEvent[]>>();
  private readonly inProgress = new Set<string>();
  private readonly byFile = new Map<string, AnalysisEvent[]>();
  /** file → files it calls into (and back): used by `dependents`. */
  readonly edges = new Map<string, Set<string>>();
  /** Files whose roots have been analyzed (a cancelled run leaves a file out, and the next run takes it up). */
  private readonly rootsDone = new Set<string>();
  private readonly failedRules = new Set<string>();
  private cancel?: CancellationSignal;
  private initSources?: Map<ts.Symbol, ModuleInitSource>;

  constructor(
    readonly program: ts.Program,
    readonly config: LintConfig,
    readonly isWorkspaceFile: (file: ts.SourceFile) => boolean,
    private readonly onRuleError: RuleErrorReporter,
  ) {
    this.checker = program.getTypeChecker();
    this.types = new SymbolTypes(this.checker);
    this.qualifier = new Qualifier(program, this.checker, this.types);
    this.api = new DurableApi(this.checker, this.types, config.stepLike);
    this.matcher = new ApiMatcher(config.decls);
    this.sinks = new SinkTracer(this.checker, this.api, this.qualifier);
    this.fixes = new FixBuilder(this.api);
    this.completing = new CompletingCode(this.api, this.types, isWorkspaceFile, (expr) => this.resolveFunction(expr));
  }

  /**
   * Analyzes everything reachable from the roots in `files` (all workspace files when omitted), in program order so
   * that a partial run meets functions in the order a full one does. False when cancelled.
   */
  run(files: ReadonlySet<string> | undefined, cancel?: CancellationSignal): boolean {
    this.cancel = cancel;
    try {
      for (const file of this.program.getSourceFiles()) {
        if (this.rootsDone.has(file.fileName) || (files && !files.has(file.fileName))) continue;
        if (this.isWorkspaceFile(file) && mayHoldRoots(file)) this.guard(file.fileName, () => this.analyzeRoots(file));
        this.rootsDone.add(file.fileName);
      }
    } catch (error) {
      if (error instanceof Cancelled) return false;
      throw error;
    } finally {
      this.cancel = undefined;
    }
    return true;
  }

  /** The events located in a file, without those of rules that failed on it (their results may be partial). */
  eventsFor(fileName: string): AnalysisEvent[] {
    const events = this.byFile.get(fileName) ?? [];
    if (this.failedRules.size === 0) return events;
    return events.filter(
      (e) => !this.failedRules.has(`${e.rule}\0${fileName}`) && !this.failedRules.has(`analyzer\0${fileName}`),
    );
  }

  // ---- roots -------------------------------------------------------------------------------------------------

  private analyzeRoots(file: ts.SourceFile): void {
    // One walk collects both kinds of candidates (a long handler is walked once per edit, not twice).
    const calls: ts.CallExpression[] = [];
    const functions: FunctionNode[] = [];
    const collect = (node: ts.Node) => {
      if (node.kind === Kind.CallExpression) {
        if ((node as ts.CallExpression).arguments.length > 0) calls.push(node as ts.CallExpression);
      } else if (isFunctionNode(node) && node.body) functions.push(node);
      forEachChild(node, collect);
    };
    collect(file);
    const events: AnalysisEvent[] = [];
    // Wrapped handlers first, so that a handler declared above its `withDurableExecution(handler)` is known as wrapped.
    const wrapped = new Set<ts.Node>();
    for (const call of calls) {
      if (!this.mayBeWithDurableExecution(call) || !this.api.isWithDurableExecution(call)) continue;
      const handler = this.resolveFunction(call.arguments[0]);
      if (handler && !wrapped.has(handler)) {
        wrapped.add(handler);
        this.handlers.add(handler);
        for (const check of HOOKS.handler)
          this.runCheck(check, file, () => check.handler(this, handler, call.arguments[0], events));
        this.analyze(handler, "root");
      }
    }
    for (const fn of functions) {
      if (this.isCallArgument(fn) || wrapped.has(fn)) continue;
      const param = this.api.contextParameter(fn);
      if (param) {
        for (const check of HOOKS.contextFunction)
          this.runCheck(check, file, () => check.contextFunction(this, fn, param, events));
        this.analyze(fn, "root");
      }
    }
    for (const event of events) this.record(event);
  }

  private mayBeWithDurableExecution(call: ts.CallExpression): boolean {
    const callee = unwrap(call.expression);
    return (
      ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && callee.name.text === "withDurableExecution")
    );
  }

  private isCallArgument(fn: ts.Node): boolean {
    let cur = fn;
    while (ts.isParenthesizedExpression(cur.parent)) cur = cur.parent;
    return (ts.isCallExpression(cur.parent) || ts.isNewExpression(cur.parent)) && cur.parent.expression !== cur;
  }

  // ---- per-function analysis ---------------------------------------------------------------------------------

  private frameFor(fn: FunctionNode, kind: EntityKind): Frame {
    switch (kind) {
      case "root": {
        const param = this.api.contextParameter(fn) ?? fn.parameters[1];
        return {
          kind: "replayed",
          ownContext: param && this.checker.getSymbolAtLocation(param.name),
          checkWrongContext: false,
          // A function merely taking a context is a helper: its caller may start operations after it returns.
          durable: fn.body && this.handlers.has(fn) ? this.completing.pointsOf(fn.body) : undefined,
        };
      }
      case "child": {
        const param = fn.parameters[0];
        return {
          kind: "replayed",
          ownContext: param && this.checker.getSymbolAtLocation(param.name),
          checkWrongContext: true,
          durableCallback: fn,
          durable: fn.body && this.completing.pointsOf(fn.body),
        };
      }
      case "step":
        return { kind: "step", checkWrongContext: false, durableCallback: fn };
      case "replayed":
        return { kind: "replayed", checkWrongContext: false };
      case "completing":
        return { kind: "completing", checkWrongContext: false };
    }
  }

  /** The events of `fn` analyzed as `kind`; also its summary for callers. Cycles see an empty summary. */
  private analyze(fn: FunctionNode, kind: EntityKind): AnalysisEvent[] {
    let perKind = this.results.get(fn);
    const cached = perKind?.get(kind);
    if (cached) return cached;
    const key = `${fn.getSourceFile().fileName}:${fn.pos}:${kind}`;
    if (this.inProgress.has(key)) return [];
    // Checked per function: a cancelled run leaves only completed functions cached, and a later run resumes.
    if (this.cancel?.isCancellationRequested) throw new Cancelled();
    this.inProgress.add(key);
    const events: AnalysisEvent[] = [];
    try {
      this.guard(fn.getSourceFile().fileName, () => {
        if (fn.body) this.visitBody(fn.body, this.frameFor(fn, kind), events);
      });
    } finally {
      this.inProgress.delete(key);
    }
    if (!perKind) this.results.set(fn, (perKind = new Map<EntityKind, AnalysisEvent[]>()));
    perKind.set(kind, events);
    for (const event of events) this.record(event);
    return events;
  }

  private record(event: AnalysisEvent): void {
    const file = event.node.getSourceFile().fileName;
    let list = this.byFile.get(file);
    if (!list) this.byFile.set(file, (list = []));
    list.push(event);
  }

  /** Traversal work; a failure here (not in a check) leaves the whole file's analysis unfinished. */
  private guard(file: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof Cancelled) throw error;
      this.failed(file, ["analyzer"], error);
    }
  }

  /**
   * Runs one check; a check that throws is reported (once, by the core) and its rules are dropped for that file, while
   * the other checks go on. A stack overflow leaves every walk of the file unfinished: then the whole file failed.
   */
  private runCheck(check: TsCheck, at: ts.Node, work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof Cancelled) throw error;
      this.failed(at.getSourceFile().fileName, error instanceof RangeError ? ["analyzer"] : check.rules, error);
    }
  }

  private failed(file: string, rules: readonly (RuleId | "analyzer")[], error: unknown): void {
    for (const rule of rules) {
      this.failedRules.add(`${rule}\0${file}`);
      this.onRuleError(rule, file, error);
    }
  }

  /** A function body; a durable body without any operation runs once, in the invocation that completes it. */
  private visitBody(body: ts.Node, frame: Frame, out: AnalysisEvent[]): void {
    if (frame.durable && frame.durable.points.length === 0) frame = { ...frame, kind: "completing" };
    this.visit(body, frame, out);
  }

  /** Runs for every node of every analyzed function, so it dispatches on `node.kind` (see syntaxFacts.ts). */
  private visit(root: ts.Node, frame: Frame, out: AnalysisEvent[]): void {
    const durable = frame.kind === "replayed" ? frame.durable : undefined;
    const walk = (node: ts.Node): void => {
      if (
        durable &&
        node.kind >= Kind.FirstStatement &&
        node.kind <= Kind.LastStatement &&
        this.completing.isCompleting(node, durable)
      )
        return this.visit(node, { ...frame, kind: "completing", durable: undefined }, out);
      switch (node.kind) {
        case Kind.ArrowFunction:
        case Kind.FunctionExpression:
        case Kind.FunctionDeclaration:
        case Kind.MethodDeclaration:
        case Kind.ClassDeclaration:
        case Kind.ClassExpression:
          return; // analyzed when invoked
        case Kind.CallExpression:
          return this.visitCall(node as ts.CallExpression, frame, out);
        case Kind.Identifier:
          for (const check of HOOKS.identifier)
            this.runCheck(check, node, () => check.identifier(this, node as ts.Identifier, frame, out));
          return;
        case Kind.NewExpression:
          this.visitNew(node as ts.NewExpression, frame, out);
          break;
        case Kind.PropertyAccessExpression:
        case Kind.ElementAccessExpression: {
          const access = node as ts.PropertyAccessExpression | ts.ElementAccessExpression;
          for (const check of HOOKS.read) this.runCheck(check, node, () => check.read(this, access, frame, out));
          break;
        }
        case Kind.BinaryExpression: {
          const binary = node as ts.BinaryExpression;
          const operator = binary.operatorToken.kind;
          if (operator >= Kind.FirstAssignment && operator <= Kind.LastAssignment)
            this.visitWrite(binary.left, node, frame, out);
          break;
        }
        case Kind.PrefixUnaryExpression:
        case Kind.PostfixUnaryExpression: {
          const unary = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
          if (unary.operator === Kind.PlusPlusToken || unary.operator === Kind.MinusMinusToken)
            this.visitWrite(unary.operand, node, frame, out);
          break;
        }
        case Kind.DeleteExpression:
          this.visitWrite((node as ts.DeleteExpression).expression, node, frame, out);
          break;
        case Kind.WhileStatement:
        case Kind.DoStatement:
        case Kind.ForStatement: {
          const loop = node as ts.WhileStatement | ts.DoStatement | ts.ForStatement;
          for (const check of HOOKS.loop) this.runCheck(check, node, () => check.loop(this, loop, frame, out));
          break;
        }
      }
      forEachChild(node, walk);
    };
    walk(root);
  }

  private visitWrite(target: ts.Expression, node: ts.Node, frame: Frame, out: AnalysisEvent[]): void {
    for (const check of HOOKS.write) this.runCheck(check, node, () => check.write(this, target, node, frame, out));
  }

  private visitCall(call: ts.CallExpression, frame: Frame, out: AnalysisEvent[]): void {
    const op = this.api.opCall(call);
    if (op) return this.visitOp(op, frame, out);
    const callee = unwrap(call.expression);
    const visitArgs = (stepScope: boolean) => {
      for (const arg of call.arguments) {
        const inner = unwrap(arg);
        if (isFunctionNode(inner)) {
          // Callbacks of other functions are assumed to run synchronously in the caller's scope (Array.prototype.*).
          const innerFrame: Frame = stepScope
            ? { kind: "step", checkWrongContext: false, durableCallback: inner }
            : frame;
          if (inner.body) this.visit(inner.body, innerFrame, out);
        } else {
          const target = ts.isIdentifier(inner) ? this.resolveFunction(inner) : undefined;
          if (target) this.visitInvocation(target, inner, stepScope ? { ...frame, kind: "step" } : frame, out);
          else this.visit(arg, frame, out);
        }
      }
    };
    if (isFunctionNode(callee)) {
      if (callee.body) this.visit(callee.body, frame, out);
      return visitArgs(false);
    }
    if (ts.isPropertyAccessExpression(callee) && MUTATORS.has(callee.name.text))
      this.visitWrite(callee.expression, call, frame, out);
    this.visit(callee, frame, out);
    if (this.api.isStepLike(call)) return visitArgs(true);
    const qualified = this.qualifier.qualify(callee);
    const facts: CallFacts = {
      call,
      callee,
      qualified,
      entry: qualified ? this.matcher.match(qualified, "call", call.arguments.length) : undefined,
    };
    // A declared workspace function (`decls`) is a source or pure, and is not followed into.
    let decl: WorkspaceDecl | undefined;
    if (!facts.entry) {
      facts.target = this.resolveFunction(callee);
      decl = facts.target && this.workspaceDecl(facts.target);
      if (decl && decl.kind !== "pure") facts.entry = { name: decl.name, kind: decl.kind };
    }
    for (const check of HOOKS.call) this.runCheck(check, call, () => check.call(this, facts, frame, out));
    if (facts.target && !decl) this.visitInvocation(facts.target, call, frame, out);
    visitArgs(false);
  }

  private visitNew(node: ts.NewExpression, frame: Frame, out: AnalysisEvent[]): void {
    for (const check of HOOKS.construct) this.runCheck(check, node, () => check.construct(this, node, frame, out));
    // `new Promise((resolve) => setTimeout(resolve, n))`: the executor runs synchronously in the caller's scope.
    for (const arg of node.arguments ?? []) {
      const inner = unwrap(arg);
      if (isFunctionNode(inner) && inner.body) this.visit(inner.body, frame, out);
    }
  }

  private visitOp(op: OpCall, frame: Frame, out: AnalysisEvent[]): void {
    for (const check of HOOKS.operation) this.runCheck(check, op.call, () => check.operation(this, op, frame, out));
    const callbackNodes = new Set(op.callbacks.map((c) => c.node));
    for (const callback of op.callbacks) this.visitCallback(op, callback.node, callback.role, frame, out);
    for (const arg of op.call.arguments) {
      if (callbackNodes.has(arg)) continue;
      if (ts.isObjectLiteralExpression(arg)) {
        for (const prop of arg.properties) {
          if (callbackNodes.has(prop)) continue;
          if (ts.isPropertyAssignment(prop) && callbackNodes.has(prop.initializer)) continue;
          this.visitOpArgument(prop, frame, out);
        }
      } else if (ts.isArrayLiteralExpression(arg) && op.method === "parallel") {
        for (const element of arg.elements) {
          if (callbackNodes.has(element)) continue;
          if (ts.isObjectLiteralExpression(element)) {
            for (const prop of element.properties) {
              if (!(ts.isPropertyAssignment(prop) && callbackNodes.has(prop.initializer)))
                this.visitOpArgument(prop, frame, out);
            }
          } else this.visitOpArgument(element, frame, out);
        }
      } else this.visitOpArgument(arg, frame, out);
    }
  }

  /** Every argument of an operation is replayed scope; inline functions in it (itemNamer, retryStrategy) run in the caller's scope. */
  private visitOpArgument(node: ts.Node, frame: Frame, out: AnalysisEvent[]): void {
    const inner = ts.isPropertyAssignment(node) ? unwrap(node.initializer) : node;
    if (isFunctionNode(inner)) {
      if (inner.body) this.visit(inner.body, frame, out);
    } else this.visit(node, frame, out);
  }

  private visitCallback(op: OpCall, node: ts.Node, role: "step" | "child", frame: Frame, out: AnalysisEvent[]): void {
    const fn = isFunctionNode(node) ? node : ts.isExpression(node) ? unwrap(node) : undefined;
    if (fn && isFunctionNode(fn)) {
      if (role === "step") {
        for (const check of HOOKS.stepCallback)
          this.runCheck(check, op.call, () => check.stepCallback(this, op, fn, out));
        if (fn.body) this.visit(fn.body, { kind: "step", checkWrongContext: false, durableCallback: fn }, out);
      } else {
        const param = fn.parameters[0];
        const ownContext =
          param && ts.isIdentifier(param.name) ? this.checker.getSymbolAtLocation(param.name) : undefined;
        if (fn.body) {
          const durable = this.completing.pointsOf(fn.body);
          this.visitBody(
            fn.body,
            { kind: frame.kind, ownContext, checkWrongContext: true, durableCallback: fn, durable },
            out,
          );
        }
      }
      return;
    }
    if (!fn) return;
    const target = this.resolveFunction(fn);
    if (!target) return this.visit(fn, frame, out);
    const kind: EntityKind = role === "step" || frame.kind === "step" ? "step" : "child";
    const events = this.analyze(target, kind);
    this.noteEdge(fn, target);
    if (kind === "step") this.propagate(events, fn, "step", out);
  }

  /** A call of a workspace function: analyze it in the caller's scope and report what it does at the call. */
  private visitInvocation(target: FunctionNode, site: ts.Node, frame: Frame, out: AnalysisEvent[]): void {
    const kind: EntityKind = frame.kind;
    this.noteEdge(site, target);
    const events = this.analyze(target, kind);
    if (kind !== "completing") this.propagate(events, site, kind, out);
  }

  /** Hands each rule's first event of a callee to the checks that report it at the call site. */
  private propagate(events: AnalysisEvent[], site: ts.Node, kind: "step" | "replayed", out: AnalysisEvent[]): void {
    const seen = new Set<RuleId>();
    for (const event of events) {
      const relevant =
        kind === "step"
          ? event.rule === "DUR020"
          : PROPAGATED.has(event.rule) && event.severity !== "hint" && !!event.kind;
      if (!relevant || seen.has(event.rule) || !event.summary) continue;
      seen.add(event.rule);
      for (const check of HOOKS.propagated)
        this.runCheck(check, site, () => check.propagated(this, event, site, kind, out));
    }
  }

  // ---- what checks ask the traversal -------------------------------------------------------------------------

  reportValue(value: SourceValue, out: AnalysisEvent[]): void {
    const kind = value.kind;
    let sinks: Sink[] = [];
    if (kind !== "sleep" && kind !== "timer" && kind !== "concurrency" && kind !== "gc") {
      let ok = false;
      this.runCheck(VALUE_CHECKS, value.node, () => {
        sinks = this.sinks.sinks(value.node);
        ok = true;
      });
      if (!ok) return;
    }
    for (const check of HOOKS.value) this.runCheck(check, value.node, () => check.value(this, value, sinks, out));
  }

  moduleInitSources(): Map<ts.Symbol, ModuleInitSource> {
    this.initSources ??= nondeterministicModuleBindings(
      this.program,
      this.isWorkspaceFile,
      this.qualifier,
      this.matcher,
      (file, error) => this.failed(file, ["analyzer"], error),
    );
    return this.initSources;
  }

  /** The workspace function a callee or reference resolves to (through imports and `const f = () => …`). */
  resolveFunction(expr: ts.Expression): FunctionNode | undefined {
    const node = unwrap(expr);
    if (isFunctionNode(node)) return node;
    let symbol = this.types.symbolOf(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
      try {
        symbol = this.checker.getAliasedSymbol(symbol);
      } catch {
        return undefined;
      }
    }
    for (const decl of symbol?.declarations ?? []) {
      if (!this.isWorkspaceFile(decl.getSourceFile())) continue;
      if ((ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) && decl.body) return decl;
      const init =
        ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl) || ts.isPropertyDeclaration(decl)
          ? decl.initializer && unwrap(decl.initializer)
          : undefined;
      if (init && isFunctionNode(init)) return init;
    }
    return undefined;
  }

  private workspaceDecl(fn: FunctionNode): WorkspaceDecl | undefined {
    if (this.matcher.workspaceDecls.length === 0) return undefined;
    const name =
      fn.name && ts.isIdentifier(fn.name)
        ? fn.name.text
        : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)
          ? fn.parent.name.text
          : undefined;
    const file = fn.getSourceFile().fileName;
    return this.matcher.workspaceDecls.find((d) => d.name === name && file.endsWith(d.file.replace(/^\.\//, "/")));
  }

  private noteEdge(site: ts.Node, target: ts.Node): void {
    const from = site.getSourceFile().fileName;
    const to = target.getSourceFile().fileName;
    if (from === to) return;
    for (const [a, b] of [
      [from, to],
      [to, from],
    ]) {
      let set = this.edges.get(a);
      if (!set) this.edges.set(a, (set = new Set()));
      set.add(b);
    }
  }
}

/** Only files that name the SDK can hold roots (a handler or a function taking a DurableContext). */
function mayHoldRoots(file: ts.SourceFile): boolean {
  return /durable-execution-sdk-js|DurableContext|withDurableExecution/.test(file.text);
}
