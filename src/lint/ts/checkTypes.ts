// What a TS check is given: the node it is asked about, the scope that code runs in (a frame), and the analysis's
// services. The traversal (programAnalysis.ts) decides what runs where; the checks (sourceChecks, flowChecks,
// contextChecks, stateChecks, shapeChecks) decide what to report, each under the rules its table row names.
import type ts from "typescript";
import type { SourceKind } from "../sourceKinds";
import type { Fix, LintConfig, RelatedLocation, RuleId, Severity } from "../types";
import type { ApiMatcher } from "./apiMatcher";
import type { ApiEntry } from "./apiTable";
import type { CompletingCode, DurablePoints } from "./completingCode";
import type { DurableApi, OpCall } from "./durableApi";
import type { FixBuilder } from "./fixes";
import type { ModuleInitSource } from "./moduleState";
import type { Qualifier } from "./qualify";
import type { Sink, SinkTracer } from "./sinks";
import type { SymbolTypes } from "./symbolTypes";
import type { FunctionNode } from "./syntaxFacts";

export interface Frame {
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

/** A non-deterministic value in replayed code: a source, or a call of a function that reaches one. */
export interface SourceValue {
  node: ts.Node;
  kind: SourceKind;
  rule: RuleId;
  severity: Severity;
  /** "`Date.now()` reads the wall clock outside a step". */
  what: string;
  related: RelatedLocation[];
  /** What callers say about it: "`Date.now()` reads the wall clock". */
  summary: string;
  /** `timers/promises` sleeps: the fix awaits `context.wait` instead of wrapping a callback. */
  promiseBasedTimer?: boolean;
}

/** A call that is not a durable operation, with what the traversal found out about its callee. */
export interface CallFacts {
  call: ts.CallExpression;
  callee: ts.Expression;
  qualified?: string;
  /** The source table's entry for the callee (absent for deterministic or unknown calls). */
  entry?: ApiEntry;
  /** The workspace function called, when the callee resolves to one. */
  target?: FunctionNode;
}

export interface CheckEnv {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly types: SymbolTypes;
  readonly qualifier: Qualifier;
  readonly api: DurableApi;
  readonly matcher: ApiMatcher;
  readonly sinks: SinkTracer;
  readonly fixes: FixBuilder;
  readonly completing: CompletingCode;
  readonly config: LintConfig;
  isWorkspaceFile(file: ts.SourceFile): boolean;
  resolveFunction(expr: ts.Expression): FunctionNode | undefined;
  /** Module bindings initialised from a non-deterministic source, computed on first use. */
  moduleInitSources(): Map<ts.Symbol, ModuleInitSource>;
  /** Hands a non-deterministic value in replayed code to every check's `value` hook. */
  reportValue(value: SourceValue, out: AnalysisEvent[]): void;
}

/**
 * One check: the rules it reports (a check that throws drops these rules for that file alone) and the hooks it
 * needs. Each hook pushes its findings to `out`.
 */
export interface TsCheck {
  rules: readonly RuleId[];
  /** A function passed to withDurableExecution, and the expression that passes it. */
  handler?(env: CheckEnv, fn: FunctionNode, reference: ts.Node, out: AnalysisEvent[]): void;
  /** A function that is not a handler but takes a DurableContext. */
  contextFunction?(env: CheckEnv, fn: FunctionNode, param: ts.ParameterDeclaration, out: AnalysisEvent[]): void;
  operation?(env: CheckEnv, op: OpCall, frame: Frame, out: AnalysisEvent[]): void;
  /** An inline callback an operation runs as a step. */
  stepCallback?(env: CheckEnv, op: OpCall, fn: FunctionNode, out: AnalysisEvent[]): void;
  call?(env: CheckEnv, facts: CallFacts, frame: Frame, out: AnalysisEvent[]): void;
  construct?(env: CheckEnv, node: ts.NewExpression, frame: Frame, out: AnalysisEvent[]): void;
  read?(
    env: CheckEnv,
    node: ts.PropertyAccessExpression | ts.ElementAccessExpression,
    frame: Frame,
    out: AnalysisEvent[],
  ): void;
  identifier?(env: CheckEnv, id: ts.Identifier, frame: Frame, out: AnalysisEvent[]): void;
  /** An assignment, increment, delete or mutating method call of `target`; `node` is the whole write. */
  write?(env: CheckEnv, target: ts.Expression, node: ts.Node, frame: Frame, out: AnalysisEvent[]): void;
  loop?(
    env: CheckEnv,
    loop: ts.WhileStatement | ts.DoStatement | ts.ForStatement,
    frame: Frame,
    out: AnalysisEvent[],
  ): void;
  /** A non-deterministic value in replayed code and where it flows (operation names, branches, logs). */
  value?(env: CheckEnv, value: SourceValue, sinks: readonly Sink[], out: AnalysisEvent[]): void;
  /** What a called workspace function does (`event`), reported at the call `site` in the caller's scope. */
  propagated?(
    env: CheckEnv,
    event: AnalysisEvent,
    site: ts.Node,
    kind: "step" | "replayed",
    out: AnalysisEvent[],
  ): void;
}

export function optionalFix(build: () => Fix | undefined): Fix[] {
  const fix = build();
  return fix ? [fix] : [];
}
