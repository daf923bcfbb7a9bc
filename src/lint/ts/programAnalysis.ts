// The determinism analysis of one TS program under one configuration. Roots are found by symbol; each function is
// analyzed per invoking scope (replayed or step), memoized, so a function's events double as its summary: a replayed
// call site reports what its callee does, with the call chain as related information.
import ts from "typescript";
import { RULES } from "../rules";
import { BRANCH_TAINTING_KINDS, NAME_TAINTING_KINDS, SOURCE_KINDS, type SourceKind } from "../sourceKinds";
import type {
  CancellationSignal,
  Fix,
  LintConfig,
  RelatedLocation,
  RuleErrorReporter,
  RuleId,
  Severity,
} from "../types";
import { ApiMatcher, type WorkspaceDecl } from "./apiMatcher";
import type { ApiEntry } from "./apiTable";
import { DurableApi, type OpCall } from "./durableApi";
import { CompletingCode, type DurablePoints } from "./completingCode";
import { FixBuilder } from "./fixes";
import { location, sentence, shortText } from "./messages";
import { nondeterministicModuleBindings, type ModuleInitSource } from "./moduleState";
import { Qualifier } from "./qualify";
import { SinkTracer, type Sink } from "./sinks";
import { nonJsonValue } from "./stepResults";
import { SymbolTypes } from "./symbolTypes";
import {
  forEachChild,
  isAsyncFunction,
  isFunctionNode,
  isInside,
  isModuleLevel,
  Kind,
  rootIdentifier,
  type FunctionNode,
  unwrap,
} from "./syntaxFacts";

/**
 * root: a handler or context-taking function; child: a runInChildContext/map/parallel callback by reference;
 * completing: a function called only from code that runs once (see completingCode.ts).
 */
type EntityKind = "root" | "replayed" | "child" | "step" | "completing";

interface Frame {
  kind: "replayed" | "step" | "completing";
  /** In a handler or child callback: where operations may start, to find the code after the last one. */
  durable?: DurablePoints;
  /** The context this code must use (handler or child callback parameter). */
  ownContext?: ts.Symbol;
  /** Inside a child/map/parallel callback: any other context is the wrong one (DUR021). */
  checkWrongContext: boolean;
  /** The durable callback whose captured state must not be written (DUR022). */
  durableCallback?: ts.Node;
}

export interface AnalysisEvent {
  rule: RuleId;
  node: ts.Node;
  severity: Severity;
  message: string;
  related: RelatedLocation[];
  fixes: Fix[];
  /** For a source (or a call reaching one): the kind and a short description used by callers' reports. */
  kind?: SourceKind;
  summary?: string;
}

/** Rules whose events a replayed caller reports at its call site. */
const PROPAGATED: ReadonlySet<RuleId> = new Set([
  "DUR001",
  "DUR002",
  "DUR003",
  "DUR004",
  "DUR005",
  "DUR006",
  "DUR007",
  "DUR008",
  "DUR026",
]);
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
const READ_NAMES = new Set(["env", "pid", "ppid", "awsRequestId"]);
const HOST_PROMISE_ALL = new Set(["Promise.all", "Promise.allSettled", "Promise.race", "Promise.any"]);

/** Unwinds an analysis whose caller no longer wants the result. */
class Cancelled extends Error {}

export class ProgramAnalysis {
  readonly checker: ts.TypeChecker;
  private readonly types: SymbolTypes;
  private readonly qualifier: Qualifier;
  private readonly api: DurableApi;
  private readonly matcher: ApiMatcher;
  private readonly sinks: SinkTracer;
  private readonly fixes: FixBuilder;
  private readonly completing: CompletingCode;
  /** Functions passed to withDurableExecution. */
  private readonly handlers = new Set<FunctionNode>();
  private readonly results = new Map<FunctionNode, Map<EntityKind, AnalysisEvent[]>>();
  private readonly inProgress = new Set<string>();
  private readonly byFile = new Map<string, AnalysisEvent[]>();
  /** file → files it calls into (and back): used by `dependents`. */
  readonly edges = new Map<string, Set<string>>();
  /** Files whose roots have been analyzed (a cancelled run leaves a file out, and the next run takes it up). */
  private readonly rootsDone = new Set<string>();
  private currentRule: RuleId | "analyzer" = "analyzer";
  private readonly failedRules = new Set<string>();
  private cancel?: CancellationSignal;
  private moduleInitSources?: Map<ts.Symbol, ModuleInitSource>;

  constructor(
    readonly program: ts.Program,
    private readonly config: LintConfig,
    private readonly isWorkspaceFile: (file: ts.SourceFile) => boolean,
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
    // Wrapped handlers first, so that a handler declared above its `withDurableExecution(handler)` is known as wrapped.
    const wrapped = new Set<ts.Node>();
    for (const call of calls) {
      if (!this.mayBeWithDurableExecution(call) || !this.api.isWithDurableExecution(call)) continue;
      const handler = this.resolveFunction(call.arguments[0]);
      if (handler && !wrapped.has(handler)) {
        wrapped.add(handler);
        this.handlers.add(handler);
        this.checkHandlerShape(handler, call.arguments[0]);
        this.analyze(handler, "root");
      }
    }
    for (const fn of functions) {
      if (this.isCallArgument(fn) || wrapped.has(fn)) continue;
      const param = this.api.contextParameter(fn);
      if (param) {
        this.checkUnwrappedHandler(fn, param);
        this.analyze(fn, "root");
      }
    }
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

  private checkHandlerShape(handler: FunctionNode, reference: ts.Node): void {
    this.currentRule = "DUR028";
    if (isAsyncFunction(handler)) return;
    const signature = this.checker.getSignatureFromDeclaration(handler);
    const returns = signature ? this.checker.getReturnTypeOfSignature(signature) : undefined;
    if (returns && (returns.flags & ts.TypeFlags.Any || returns.getSymbol()?.name === "Promise")) return;
    this.record({
      rule: "DUR028",
      node: reference,
      severity: RULES.DUR028.defaultSeverity,
      message: sentence("DUR028", "The handler passed to withDurableExecution is not async"),
      related: [],
      fixes: [],
    });
  }

  /** An exported `handler(event, context: DurableContext)` that the runtime would call without the durable wrapper. */
  private checkUnwrappedHandler(fn: FunctionNode, param: ts.ParameterDeclaration): void {
    if (fn.parameters.indexOf(param) !== 1) return;
    const nameNode = ts.isFunctionDeclaration(fn)
      ? fn.name
      : ts.isVariableDeclaration(fn.parent)
        ? fn.parent.name
        : undefined;
    if (!nameNode || !ts.isIdentifier(nameNode) || nameNode.text !== "handler") return;
    const statement = ts.isFunctionDeclaration(fn) ? fn : fn.parent.parent?.parent;
    const exported =
      statement &&
      ts.canHaveModifiers(statement) &&
      ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) return;
    this.currentRule = "DUR028";
    this.record({
      rule: "DUR028",
      node: nameNode,
      severity: RULES.DUR028.defaultSeverity,
      message: sentence("DUR028", "`handler` takes a DurableContext but is exported without withDurableExecution"),
      related: [],
      fixes: [],
    });
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

  /** Runs analysis work; a throwing rule is reported (once, by the core), dropped for that file, and the rest goes on. */
  private guard(file: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof Cancelled) throw error;
      this.ruleFailed(file, error);
    }
  }

  /** A stack overflow leaves every rule's walk of the file unfinished: then the whole file failed. */
  private ruleFailed(
    file: string,
    error: unknown,
    rule = error instanceof RangeError ? "analyzer" : this.currentRule,
  ): void {
    this.failedRules.add(`${rule}\0${file}`);
    this.onRuleError(rule, file, error);
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
          return this.guardedVisitCall(node as ts.CallExpression, frame, out);
        case Kind.Identifier:
          return this.visitIdentifier(node as ts.Identifier, frame, out);
        case Kind.NewExpression:
          this.visitNew(node as ts.NewExpression, frame, out);
          break;
        case Kind.PropertyAccessExpression:
        case Kind.ElementAccessExpression:
          this.visitRead(node as ts.PropertyAccessExpression | ts.ElementAccessExpression, frame, out);
          break;
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
        case Kind.ForStatement:
          this.visitLoop(node as ts.WhileStatement | ts.DoStatement | ts.ForStatement, frame, out);
          break;
      }
      forEachChild(node, walk);
    };
    walk(root);
  }

  private guardedVisitCall(call: ts.CallExpression, frame: Frame, out: AnalysisEvent[]): void {
    const rule = this.currentRule;
    try {
      this.visitCall(call, frame, out);
    } catch (error) {
      if (error instanceof Cancelled) throw error;
      this.ruleFailed(call.getSourceFile().fileName, error);
    } finally {
      this.currentRule = rule;
    }
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
    this.visitMutatingCall(call, callee, frame, out);
    this.visit(callee, frame, out);
    if (this.api.isStepLike(call)) return visitArgs(true);
    const qualified = this.qualifier.qualify(callee);
    const entry = qualified ? this.matcher.match(qualified, "call", call.arguments.length) : undefined;
    if (entry) {
      this.reportSource(call, entry, frame, out);
      return visitArgs(false);
    }
    if (qualified && HOST_PROMISE_ALL.has(qualified)) this.checkSharedContextConcurrency(call, frame, out);
    const target = this.resolveFunction(callee);
    if (target) {
      const decl = this.workspaceDecl(target);
      if (decl?.kind === "pure") return visitArgs(false);
      if (decl) {
        this.reportSource(call, { name: decl.name, kind: decl.kind }, frame, out);
        return visitArgs(false);
      }
      this.visitInvocation(target, call, frame, out);
    } else if (frame.kind === "replayed" && ts.isAwaitExpression(call.parent)) {
      this.checkAwaitedCall(call, callee, out);
    }
    visitArgs(false);
  }

  private visitOp(op: OpCall, frame: Frame, out: AnalysisEvent[]): void {
    // Only findings need the text; most operations have none.
    const display = () => `${unwrap(op.receiver).getText()}.${op.method}()`;
    if (frame.kind === "step") {
      this.currentRule = "DUR020";
      const enclosing = frame.durableCallback && this.enclosingStepOp(frame.durableCallback);
      const fix = enclosing && this.fixes.stepToChildContext(enclosing);
      out.push({
        rule: "DUR020",
        node: op.call.expression,
        severity: RULES.DUR020.defaultSeverity,
        message: sentence("DUR020", `\`${display()}\` starts a durable operation inside a step`),
        related: [],
        fixes: fix ? [fix] : [],
        summary: `\`${display()}\` starts a durable operation`,
      });
    } else if (frame.checkWrongContext && frame.ownContext) {
      this.currentRule = "DUR021";
      const origin = this.contextOrigin(op.receiver);
      if (origin && origin !== frame.ownContext) {
        const ownName = frame.ownContext.name;
        out.push({
          rule: "DUR021",
          node: op.call.expression,
          severity: RULES.DUR021.defaultSeverity,
          message: sentence(
            "DUR021",
            `\`${display()}\` uses \`${unwrap(op.receiver).getText()}\` inside a callback that received its own context \`${ownName}\``,
          ),
          related: [],
          fixes: [this.fixes.useOwnContext(op, ownName)],
        });
      }
    }
    if (op.detached) {
      this.currentRule = "DUR025";
      out.push({
        rule: "DUR025",
        node: op.call.expression,
        severity: RULES.DUR025.defaultSeverity,
        message: sentence(
          "DUR025",
          `\`${op.methodNode.text}()\` is \`${unwrap(op.receiver).getText()}.${op.method}\` pulled off the context`,
        ),
        related: [],
        fixes: [this.fixes.callOnContext(op)],
      });
    }
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
        this.checkStepResult(op, fn, out);
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

  private propagate(events: AnalysisEvent[], site: ts.Node, kind: "step" | "replayed", out: AnalysisEvent[]): void {
    const seen = new Set<RuleId>();
    const name = shortText(site);
    for (const event of events) {
      const relevant =
        kind === "step"
          ? event.rule === "DUR020"
          : PROPAGATED.has(event.rule) && event.severity !== "hint" && !!event.kind;
      if (!relevant || seen.has(event.rule) || !event.summary) continue;
      seen.add(event.rule);
      this.currentRule = event.rule;
      const where = location(event.node, event.summary);
      const hop = `${event.summary} at ${where.file.split("/").pop()}:${where.line}`;
      const related = [where, ...event.related];
      if (kind === "step") {
        out.push({
          rule: "DUR020",
          node: site,
          severity: RULES.DUR020.defaultSeverity,
          message: sentence("DUR020", `\`${name}\` starts durable operations inside a step (${hop})`),
          related,
          fixes: [],
          summary: `\`${name}\` starts durable operations`,
        });
        continue;
      }
      const info = SOURCE_KINDS[event.kind as SourceKind];
      const what = `\`${name}\` ${info.verb} outside a step (${hop})`;
      this.reportValue(
        site,
        event.kind as SourceKind,
        event.rule,
        event.severity,
        what,
        related,
        out,
        `\`${name}\` ${info.verb}`,
      );
    }
  }

  private checkAwaitedCall(call: ts.CallExpression, callee: ts.Expression, out: AnalysisEvent[]): void {
    this.currentRule = "DUR013";
    const decl = this.types.symbolOf(callee)?.declarations?.[0];
    if (!decl) return;
    const file = decl.getSourceFile();
    if (this.program.isSourceFileDefaultLibrary(file) || this.isWorkspaceFile(file)) return;
    if (/\/node_modules\/(@types\/node|typescript)\//.test(file.fileName)) return;
    if (call.arguments.some((arg) => this.api.isContext(arg))) return;
    const text = shortText(call);
    out.push({
      rule: "DUR013",
      node: call,
      severity: RULES.DUR013.defaultSeverity,
      message: sentence("DUR013", `\`${text}\` is an awaited call that is not a durable operation`),
      related: [],
      fixes: this.optionalFix(() => this.fixes.wrapInStep(call)),
    });
  }

  private visitNew(node: ts.NewExpression, frame: Frame, out: AnalysisEvent[]): void {
    const qualified = this.qualifier.qualify(node.expression);
    const entry = qualified ? this.matcher.match(qualified, "new", node.arguments?.length ?? 0) : undefined;
    if (entry) this.reportSource(node, entry, frame, out);
    // `new Promise((resolve) => setTimeout(resolve, n))`: the executor runs synchronously in the caller's scope.
    for (const arg of node.arguments ?? []) {
      const inner = unwrap(arg);
      if (isFunctionNode(inner) && inner.body) this.visit(inner.body, frame, out);
    }
  }

  private visitRead(
    node: ts.PropertyAccessExpression | ts.ElementAccessExpression,
    frame: Frame,
    out: AnalysisEvent[],
  ): void {
    if (frame.kind !== "replayed") return;
    const name = ts.isPropertyAccessExpression(node)
      ? node.name.text
      : ts.isStringLiteralLike(node.argumentExpression)
        ? node.argumentExpression.text
        : "";
    if (!READ_NAMES.has(name)) return;
    const parent = node.parent;
    if (
      (ts.isCallExpression(parent) && parent.expression === node) ||
      (ts.isBinaryExpression(parent) && parent.left === node)
    )
      return;
    const qualified = this.qualifier.qualify(node);
    const entry = qualified ? this.matcher.match(qualified, "read", 0) : undefined;
    if (!entry) return;
    // Report `process.env.TABLE` rather than `process.env`.
    const reported =
      (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node
        ? parent
        : node;
    this.reportSource(reported, entry, frame, out);
  }

  private reportSource(node: ts.Expression, entry: ApiEntry, frame: Frame, out: AnalysisEvent[]): void {
    if (frame.kind !== "replayed" || entry.kind === "pure") return;
    const kind = entry.kind;
    const info = SOURCE_KINDS[kind];
    this.currentRule = info.rule;
    const text = shortText(node);
    if (entry.hostPromiseArgs && ts.isCallExpression(node) && !this.hasHostPromise(node)) return;
    if (kind === "fs" && this.config.allowBundledAssetReads && this.readsBundledAsset(node)) return;
    if (kind === "log") {
      const constant =
        ts.isCallExpression(node) && node.arguments.every((a) => ts.isStringLiteralLike(a) || ts.isNumericLiteral(a));
      out.push({
        rule: "DUR023",
        node,
        severity: constant ? "hint" : RULES.DUR023.defaultSeverity,
        message: sentence("DUR023", `\`${text}\` ${info.verb} on every replay`),
        related: [],
        fixes: ts.isCallExpression(node) ? this.optionalFix(() => this.fixes.useContextLogger(node)) : [],
      });
      return;
    }
    const severity = info.severity ?? RULES[info.rule].defaultSeverity;
    const promiseBased = entry.name.startsWith("timers/promises.");
    this.reportValue(
      node,
      kind,
      info.rule,
      severity,
      `\`${text}\` ${info.verb} outside a step`,
      [],
      out,
      `\`${text}\` ${info.verb}`,
      promiseBased,
    );
  }

  /** Reports a non-deterministic value with sink-aware severity, plus DUR011/DUR012 where it names or steers operations. */
  private reportValue(
    node: ts.Node,
    kind: SourceKind,
    rule: RuleId,
    severity: Severity,
    what: string,
    related: RelatedLocation[],
    out: AnalysisEvent[],
    summary: string,
    promiseBasedTimer = false,
  ): void {
    const sinks: Sink[] =
      kind === "sleep" || kind === "timer" || kind === "concurrency" || kind === "gc" ? [] : this.sinks.sinks(node);
    let effective = severity;
    let message = sentence(rule, what);
    const names = sinks.filter((s) => s.kind === "name");
    const branches = sinks.filter((s) => s.kind === "branch");
    if (
      sinks.length > 0 &&
      sinks.every((s) => s.kind === "log" || s.kind === "discarded") &&
      sinks.some((s) => s.kind === "log")
    ) {
      effective = "hint";
      message = `${message} (Only logged, so this is a hint.)`;
    }
    if (kind === "env") {
      // An environment variable is a constant of the deployed version; it matters where it decides which operations
      // run or what they are called (a new version may meet an old execution's log).
      const decides = sinks.some(
        (s) => s.kind === "name" || (s.kind === "branch" && this.completing.decidesOperations(s.node)),
      );
      if (this.config.envReads === "off" || (this.config.envReads === "branch-only" && !decides)) return;
      effective = decides ? "warning" : "info";
    }
    if (kind === "time" && ts.isCallExpression(node) && this.isElapsedTime(node)) {
      message = `${message} To measure elapsed time, take both readings in steps.`;
    }
    const base = { related, kind, summary };
    for (const sink of names) {
      if (!NAME_TAINTING_KINDS.has(kind)) continue;
      this.currentRule = "DUR011";
      out.push({
        rule: "DUR011",
        node: sink.node,
        severity: RULES.DUR011.defaultSeverity,
        message: sentence(
          "DUR011",
          `The operation name depends on \`${shortText(node)}\`, which ${SOURCE_KINDS[kind].verb}`,
        ),
        ...base,
        fixes: ts.isExpression(sink.node) ? [this.fixes.staticName(sink.node)] : [],
      });
    }
    for (const sink of branches) {
      if (!BRANCH_TAINTING_KINDS.has(kind)) continue;
      this.currentRule = "DUR012";
      out.push({
        rule: "DUR012",
        node: sink.node,
        severity: RULES.DUR012.defaultSeverity,
        message: sentence(
          "DUR012",
          `This condition depends on \`${shortText(node)}\`, which ${SOURCE_KINDS[kind].verb}`,
        ),
        ...base,
        fixes: this.optionalFix(() => this.fixes.wrapInStep(sink.node)),
      });
    }
    // Reported once per expression: a value that only names operations is covered by DUR011.
    if (names.length > 0 && names.length === sinks.length && NAME_TAINTING_KINDS.has(kind)) return;
    this.currentRule = rule;
    const fixes =
      kind === "sleep" && ts.isCallExpression(node)
        ? this.optionalFix(() => this.fixes.sleepToWait(node, promiseBasedTimer))
        : kind === "log" || kind === "concurrency" || kind === "gc" || kind === "timer"
          ? []
          : this.optionalFix(() => this.fixes.wrapInStep(node));
    out.push({ rule, node, severity: effective, message, fixes, ...base });
  }

  private optionalFix(build: () => Fix | undefined): Fix[] {
    const fix = build();
    return fix ? [fix] : [];
  }

  /** `Date.now() - startedAt` where `startedAt` holds another clock reading. */
  private isElapsedTime(call: ts.CallExpression): boolean {
    const parent = call.parent;
    return (
      ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.MinusToken && parent.left === call
    );
  }

  private readsBundledAsset(node: ts.Expression): boolean {
    if (!ts.isCallExpression(node) || node.arguments.length === 0) return false;
    return /\b__dirname\b|\bimport\.meta\.(dirname|url)\b/.test(node.arguments[0].getText());
  }

  private hasHostPromise(call: ts.CallExpression): boolean {
    const arg = call.arguments[0];
    if (!arg || !ts.isArrayLiteralExpression(unwrap(arg))) return true;
    return (unwrap(arg) as ts.ArrayLiteralExpression).elements.some((element) => {
      const inner = unwrap(element);
      return (
        !(ts.isCallExpression(inner) && this.api.opCall(inner)) &&
        this.types.typeOf(inner)?.getSymbol()?.name !== "DurablePromise"
      );
    });
  }

  /** DUR014: concurrent async callbacks that run an operation on a shared context after an await. */
  private checkSharedContextConcurrency(call: ts.CallExpression, frame: Frame, out: AnalysisEvent[]): void {
    if (frame.kind !== "replayed") return;
    this.currentRule = "DUR014";
    let shared: string | undefined;
    const inspectCallback = (fn: FunctionNode) => {
      if (!isAsyncFunction(fn) || !fn.body) return;
      let awaited = false;
      const visit = (node: ts.Node) => {
        if (shared) return;
        if (ts.isCallExpression(node)) {
          const op = this.api.opCall(node);
          if (op && awaited && !isInside(this.declarationOf(op.receiver) ?? fn, fn)) {
            shared = unwrap(op.receiver).getText();
            return;
          }
        }
        ts.forEachChild(node, visit);
        if (ts.isAwaitExpression(node)) awaited = true;
      };
      visit(fn.body);
    };
    const find = (node: ts.Node) => {
      if (isFunctionNode(node)) inspectCallback(node);
      else ts.forEachChild(node, find);
    };
    for (const arg of call.arguments) find(arg);
    if (!shared) return;
    out.push({
      rule: "DUR014",
      node: call.expression,
      severity: RULES.DUR014.defaultSeverity,
      message: sentence(
        "DUR014",
        `\`${shortText(call)}\` runs callbacks that start operations on the shared context \`${shared}\` after an await`,
      ),
      related: [],
      fixes: this.optionalFix(() => this.fixes.sharedContextToMap(call, shared as string)),
    });
  }

  private declarationOf(expr: ts.Expression): ts.Node | undefined {
    const id = rootIdentifier(expr);
    return id ? this.checker.getSymbolAtLocation(id)?.valueDeclaration : undefined;
  }

  /** DUR024: a step that visibly returns a value the JSON round trip of the checkpoint log changes. */
  private checkStepResult(op: OpCall, fn: FunctionNode, out: AnalysisEvent[]): void {
    if (op.method !== "step" || !fn.body) return;
    this.currentRule = "DUR024";
    const returned: ts.Expression[] = [];
    if (!ts.isBlock(fn.body)) returned.push(fn.body);
    else {
      const collect = (node: ts.Node) => {
        if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
        else if (!isFunctionNode(node)) ts.forEachChild(node, collect);
      };
      collect(fn.body);
    }
    for (const expr of returned) {
      const problem = nonJsonValue(unwrap(expr), this.types, this.isWorkspaceFile);
      if (!problem) continue;
      out.push({
        rule: "DUR024",
        node: op.call.expression,
        severity: RULES.DUR024.defaultSeverity,
        message: sentence("DUR024", `The step returns ${problem}`),
        related: [],
        fixes: [],
      });
      return;
    }
  }

  private visitMutatingCall(call: ts.CallExpression, callee: ts.Expression, frame: Frame, out: AnalysisEvent[]): void {
    if (!ts.isPropertyAccessExpression(callee) || !MUTATORS.has(callee.name.text)) return;
    this.visitWrite(callee.expression, call, frame, out);
  }

  /** DUR022 (captured state written inside a durable callback) and DUR009 (module state written by replayed code). */
  private visitWrite(target: ts.Expression, node: ts.Node, frame: Frame, out: AnalysisEvent[]): void {
    const id = rootIdentifier(target);
    if (!id) return;
    const symbol = this.types.symbolAt(id);
    const decl = symbol?.valueDeclaration;
    if (!decl) {
      if (
        (id.text === "globalThis" || id.text === "window" || id.text === "global") &&
        frame.kind === "replayed" &&
        unwrap(target) !== id
      ) {
        this.currentRule = "DUR009";
        out.push(this.moduleWrite(node));
      }
      return;
    }
    if (!this.isWorkspaceFile(decl.getSourceFile())) return;
    if (
      frame.durableCallback &&
      !isInside(decl, frame.durableCallback) &&
      this.readOutside(symbol, decl, frame.durableCallback)
    ) {
      this.currentRule = "DUR022";
      out.push({
        rule: "DUR022",
        node,
        severity: RULES.DUR022.defaultSeverity,
        message: sentence(
          "DUR022",
          `\`${shortText(node)}\` writes \`${id.text}\`, which the durable callback captured from outside`,
        ),
        related: [],
        fixes: this.optionalFix(() => {
          const op = this.enclosingOp(frame.durableCallback as ts.Node);
          return op && ts.isBinaryExpression(node) ? this.fixes.returnInsteadOfAssign(op, node) : undefined;
        }),
      });
      return;
    }
    if (frame.kind !== "step" && isModuleLevel(decl)) {
      this.currentRule = "DUR009";
      out.push(this.moduleWrite(node));
    }
  }

  /**
   * Whether code other than `callback` reads `symbol`: a value written in a step and read only inside that step (a
   * retry counter) is not lost. Another step reading it runs in a later invocation, where the write never happened.
   */
  private readOutside(symbol: ts.Symbol, decl: ts.Node, callback: ts.Node): boolean {
    let scope: ts.Node = decl.getSourceFile();
    for (let n = decl.parent; n; n = n.parent) {
      if (isFunctionNode(n)) {
        scope = n;
        break;
      }
    }
    let found = false;
    const walk = (node: ts.Node): void => {
      if (found || node === callback) return;
      if (node.kind === Kind.Identifier) {
        const id = node as ts.Identifier;
        found = id.text === symbol.name && id !== (decl as ts.NamedDeclaration).name && this.isRead(id, symbol);
        return;
      }
      forEachChild(node, walk);
    };
    walk(scope);
    return found;
  }

  private isRead(id: ts.Identifier, symbol: ts.Symbol): boolean {
    const parent = id.parent;
    if (ts.isBinaryExpression(parent) && parent.left === id && parent.operatorToken.kind === Kind.EqualsToken)
      return false;
    if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
    if (ts.isShorthandPropertyAssignment(parent))
      return this.checker.getShorthandAssignmentValueSymbol(parent) === symbol;
    return this.types.symbolAt(id) === symbol;
  }

  private moduleWrite(node: ts.Node): AnalysisEvent {
    return {
      rule: "DUR009",
      node,
      severity: RULES.DUR009.defaultSeverity,
      message: sentence("DUR009", `\`${shortText(node)}\` writes module-level state from replayed code`),
      related: [],
      fixes: [],
    };
  }

  /** DUR009 (warning): a read of a module binding initialized from the clock, randomness or a random id. */
  private visitIdentifier(id: ts.Identifier, frame: Frame, out: AnalysisEvent[]): void {
    if (frame.kind !== "replayed") return;
    this.moduleInitSources ??= nondeterministicModuleBindings(
      this.program,
      this.isWorkspaceFile,
      this.qualifier,
      this.matcher,
      (file, error) => this.ruleFailed(file, error, "analyzer"),
    );
    const bindings = this.moduleInitSources;
    if (bindings.size === 0) return;
    const parent = id.parent;
    if (
      (ts.isPropertyAccessExpression(parent) && parent.name === id) ||
      (ts.isVariableDeclaration(parent) && parent.name === id)
    )
      return;
    const symbol = this.checker.getSymbolAtLocation(id);
    const source = symbol && bindings.get(symbol);
    if (!source) return;
    this.currentRule = "DUR009";
    out.push({
      rule: "DUR009",
      node: id,
      severity: "warning",
      message: sentence(
        "DUR009",
        `\`${id.text}\` was set at module load by \`${shortText(source.node)}\`, which ${SOURCE_KINDS[source.kind].verb}`,
      ),
      related: [location(source.node, `\`${shortText(source.node)}\` ${SOURCE_KINDS[source.kind].verb}`)],
      fixes: [],
    });
  }

  /** DUR027: `while (true)` / `for (;;)` in replayed code without any durable operation inside. */
  private visitLoop(
    loop: ts.WhileStatement | ts.DoStatement | ts.ForStatement,
    frame: Frame,
    out: AnalysisEvent[],
  ): void {
    if (frame.kind === "step") return;
    const condition = ts.isForStatement(loop) ? loop.condition : loop.expression;
    if (condition && condition.kind !== ts.SyntaxKind.TrueKeyword) return;
    this.currentRule = "DUR027";
    let hasOp = false;
    const visit = (node: ts.Node) => {
      if (hasOp) return;
      if (ts.isCallExpression(node) && (this.api.opCall(node) || node.arguments.some((a) => this.api.isContext(a))))
        hasOp = true;
      else ts.forEachChild(node, visit);
    };
    visit(loop.statement);
    if (hasOp) return;
    out.push({
      rule: "DUR027",
      node: loop.getFirstToken() ?? loop,
      severity: RULES.DUR027.defaultSeverity,
      message: sentence("DUR027", "This loop never ends on its own and contains no durable operation"),
      related: [],
      fixes: [],
    });
  }

  // ---- symbols -----------------------------------------------------------------------------------------------

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

  /** The parameter (or other binding) a context expression comes from, following `const c = context`. */
  private contextOrigin(expr: ts.Expression): ts.Symbol | undefined {
    let node = unwrap(expr);
    for (let depth = 0; depth < 5 && ts.isIdentifier(node); depth++) {
      const symbol = this.checker.getSymbolAtLocation(node);
      const decl = symbol?.valueDeclaration;
      if (!symbol || !decl) return undefined;
      if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(unwrap(decl.initializer))) {
        node = unwrap(decl.initializer);
        continue;
      }
      return symbol;
    }
    return undefined;
  }

  /** The operation a callback is an argument of. */
  private enclosingOp(callback: ts.Node): OpCall | undefined {
    let cur = callback;
    while (ts.isParenthesizedExpression(cur.parent)) cur = cur.parent;
    const call = cur.parent;
    return call && ts.isCallExpression(call) ? this.api.opCall(call) : undefined;
  }

  private enclosingStepOp(callback: ts.Node): OpCall | undefined {
    const op = this.enclosingOp(callback);
    return op?.method === "step" ? op : undefined;
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
