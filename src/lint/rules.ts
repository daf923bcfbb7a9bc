import type { RuleId, Severity } from "./types";

/** One rule of the catalog (the rule table in README.md). Data, not code: analyzers look rules up here. */
export interface RuleInfo {
  id: RuleId;
  title: string;
  defaultSeverity: Severity;
  /** Why it breaks replay, in one sentence; analyzers append it to their specific message. */
  why: string;
  /** What to do, in one sentence. */
  fix: string;
}

const rule = (id: RuleId, defaultSeverity: Severity, title: string, why: string, fix: string): RuleInfo => ({
  id,
  title,
  defaultSeverity,
  why,
  fix,
});

export const RULES: Readonly<Record<RuleId, RuleInfo>> = {
  DUR001: rule(
    "DUR001",
    "error",
    "wall-clock or monotonic time outside a step",
    "code outside steps runs again on every replay, so it reads a different time each time",
    "read the time inside context.step and use the step's result",
  ),
  DUR002: rule(
    "DUR002",
    "error",
    "randomness outside a step",
    "replayed code draws a different random value on every replay",
    "draw the value inside context.step, or use a seeded generator",
  ),
  DUR003: rule(
    "DUR003",
    "error",
    "random identifier outside a step",
    "replayed code generates a different identifier on every replay",
    "generate the identifier inside context.step (name-based uuid v3/v5 are fine)",
  ),
  DUR004: rule(
    "DUR004",
    "error",
    "network or service I/O outside a step",
    "the call repeats on every replay and may return something different each time",
    "make the call inside context.step",
  ),
  DUR005: rule(
    "DUR005",
    "warning",
    "file-system or process I/O outside a step",
    "the file system or process can differ between replays and containers",
    "do the I/O inside context.step",
  ),
  DUR006: rule(
    "DUR006",
    "warning",
    "environment or invocation identity read outside a step",
    "environment variables, request ids and remaining time change between invocations",
    "capture the value in context.step and branch on the step's result",
  ),
  DUR007: rule(
    "DUR007",
    "warning",
    "host timer or blocking sleep instead of context.wait",
    "a host timer keeps the function running (and billed) and is not checkpointed",
    "use context.wait, which suspends without paying and is replayed from the log",
  ),
  DUR008: rule(
    "DUR008",
    "warning",
    "host concurrency primitive in replayed code",
    "threads, workers and racing host promises complete in a different order on each replay",
    "use context.parallel, context.map or context.promise.*",
  ),
  DUR009: rule(
    "DUR009",
    "error",
    "module-level mutable state used by replayed code",
    "module state survives between invocations in one container but not across containers, so replays see different values",
    "keep the state in a local variable or in step results",
  ),
  DUR010: rule(
    "DUR010",
    "warning",
    "non-deterministic iteration order",
    "set and directory-listing order can change between processes, shifting operation positions and results",
    "iterate over sorted(...) instead",
  ),
  DUR011: rule(
    "DUR011",
    "error",
    "non-deterministic operation name",
    "the SDK checks operation names on replay, so a name that changes terminates the execution",
    "use a static name, or derive it from the event or a loop index",
  ),
  DUR012: rule(
    "DUR012",
    "error",
    "control flow depends on a non-deterministic value",
    "a branch that goes another way on replay changes which durable operations run and shifts their positions",
    "make the decision inside context.step and branch on its result",
  ),
  DUR013: rule(
    "DUR013",
    "warning",
    "awaited non-durable async call in replayed code",
    "an awaited call that is not a durable operation probably does I/O, which repeats on every replay",
    "wrap the call in context.step",
  ),
  DUR014: rule(
    "DUR014",
    "warning",
    "durable operations on a shared context from concurrent code",
    "operations started concurrently on one context get positions in a racy order",
    "use context.map / context.parallel, or give each branch its own runInChildContext",
  ),
  DUR020: rule(
    "DUR020",
    "error",
    "durable operation inside a step",
    "the SDK terminates the execution when a durable operation starts inside a step",
    "use runInChildContext instead of step and call operations on the child context",
  ),
  DUR021: rule(
    "DUR021",
    "error",
    "parent or sibling context used inside a child callback",
    "the SDK terminates the execution when a callback uses any context but its own",
    "use the context the callback receives as its parameter",
  ),
  DUR022: rule(
    "DUR022",
    "error",
    "write to captured state inside a durable callback",
    "the callback does not run again on replay, so the write is lost and later code sees a different value",
    "return the value from the callback and assign it outside",
  ),
  DUR023: rule(
    "DUR023",
    "info",
    "side effect repeats on every replay",
    "logging, metrics and notifications outside steps happen again on every replay",
    "log through context.logger, which is replay-aware, or move the side effect into a step",
  ),
  DUR024: rule(
    "DUR024",
    "info",
    "step result is not JSON round-trippable",
    "results are serialized to the checkpoint log, so a replay returns a plain JSON value instead",
    "return a plain JSON value, or configure serdes",
  ),
  DUR025: rule(
    "DUR025",
    "error",
    "context method pulled off the instance",
    "DurableContext methods use `this`, so a detached call throws a TypeError",
    "call the method on the context: context.step(...)",
  ),
  DUR026: rule(
    "DUR026",
    "warning",
    "garbage-collection or identity dependent behaviour",
    "when the collector runs and object identities differ between processes",
    "do not let results depend on them",
  ),
  DUR027: rule(
    "DUR027",
    "hint",
    "unbounded loop without a durable operation",
    "a loop that never checkpoints keeps the invocation running and cannot be resumed",
    "add a context.wait or move the polling into context.waitForCondition",
  ),
  DUR028: rule(
    "DUR028",
    "warning",
    "durable handler entry misuse",
    "the runtime only replays handlers wrapped for durable execution (and the Python SDK is synchronous)",
    "wrap the handler with withDurableExecution / @durable_execution and keep its shape",
  ),
};

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** Rules about a non-deterministic or effectful source (clock, randomness, I/O, environment, ...) read by replayed code. */
export const SOURCE_RULES: readonly RuleId[] = [
  "DUR001",
  "DUR002",
  "DUR003",
  "DUR004",
  "DUR005",
  "DUR006",
  "DUR007",
  "DUR008",
  "DUR013",
  "DUR023",
  "DUR026",
];

export function isRuleId(value: string): value is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, value);
}
