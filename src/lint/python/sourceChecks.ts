// DUR001–DUR008, DUR013, DUR023, DUR026: non-deterministic or side-effecting calls in replayed code, reported where
// they are written and at each replayed call of a workspace function that reaches them.
import type { Finding, RuleId } from "../types";
import { isSourceKind, SOURCE_KINDS } from "../sourceKinds";
import type { SourceKind } from "./apiTable";
import type { SourceHit } from "./durableCalls";
import type { FileAnalysis } from "./fileAnalysis";
import { contextInScope, sleepToWaitFix, wrapInStepFix } from "./fixes";
import type { FunctionInfo } from "./moduleModel";
import type { Witness } from "./scopeModel";
import { childByField, namedChildren, type PyNode } from "./syntaxTree";

const WRAPPABLE = new Set<RuleId>(["DUR001", "DUR002", "DUR003", "DUR004", "DUR005", "DUR006", "DUR013"]);

function ruleOfKind(kind: string): RuleId | undefined {
  return isSourceKind(kind) ? SOURCE_KINDS[kind].rule : undefined;
}

/** What a reader of the message is told the call does. */
function verbOf(kind: string): string {
  return SOURCE_KINDS[kind as Exclude<SourceKind, "pure">].verb;
}

export function sourceFindings(a: FileAnalysis, rule: RuleId): Finding[] {
  const out: Finding[] = [];
  for (const fn of a.functions) {
    if (!a.isReplayed(fn)) continue;
    for (const hit of a.scope.hits(fn)) {
      if (ruleOfKind(hit.kind) !== rule || a.scope.isCompletingAt(fn, hit.node)) continue;
      const f = rule === "DUR023" ? logFinding(a, fn, hit) : hitFinding(a, fn, hit, rule);
      if (f) out.push(f);
    }
    if (rule === "DUR023" || rule === "DUR026") continue;
    a.ownNodes(fn, ["call"], (n) => {
      const w = a.callSummary(fn, n).find((x) => ruleOfKind(x.kind) === rule);
      if (w && !a.scope.isCompletingAt(fn, n)) {
        const f = callSiteFinding(a, fn, n, w, rule);
        if (f) out.push(f);
      }
    });
  }
  return out;
}

function hitFinding(a: FileAnalysis, fn: FunctionInfo, hit: SourceHit, rule: RuleId): Finding | undefined {
  const severity = sourceSeverity(a, fn, hit.node, hit.kind, rule);
  if (!severity) return undefined;
  const fixes = [];
  if (WRAPPABLE.has(rule)) fixes.push(wrapInStepFix(a, fn, hit.node));
  if (rule === "DUR007") fixes.push(sleepToWaitFixIfTime(a, fn, hit));
  return a.finding(rule, hit.node, `\`${hit.label}\` ${verbOf(hit.kind)} in replayed code`, {
    severity,
    related: a.callerChain(fn),
    fixes: defined(fixes),
  });
}

/** `time.sleep` under any alias. */
function sleepToWaitFixIfTime(a: FileAnalysis, fn: FunctionInfo, hit: SourceHit) {
  const callee = childByField(hit.node, "function");
  const q = callee && a.resolver.qualify(a.model, fn, callee);
  return q?.kind === "external" && q.qualified === "time.sleep" ? sleepToWaitFix(a, fn, hit.node) : undefined;
}

function defined<T>(list: (T | undefined)[]): T[] {
  return list.filter((x): x is T => x !== undefined);
}

/** Default severity, lowered to hint when the value only reaches logs; env reads follow `envReads`. */
function sourceSeverity(a: FileAnalysis, fn: FunctionInfo, node: PyNode, kind: string, rule: RuleId) {
  if (kind === "identity") return "error" as const;
  if (kind === "env") {
    const mode = a.config.envReads;
    if (mode === "off") return undefined;
    // An environment variable is a constant of the deployed version; it matters where it decides which operations
    // run or what they are called (a new version may meet an old execution's log).
    if (a.sinksOf(fn, node).decides) return "warning" as const;
    return mode === "all" ? ("info" as const) : undefined;
  }
  if (kind === "fs" && a.config.allowBundledAssetReads && isBundledAssetRead(a, fn, node)) return undefined;
  return a.severityFor(rule, fn, node);
}

/** `open(os.path.join(os.path.dirname(__file__), ...))` or `Path(__file__).parent / "x"` read for reading. */
function isBundledAssetRead(a: FileAnalysis, fn: FunctionInfo, call: PyNode): boolean {
  const callee = childByField(call, "function");
  const args = childByField(call, "arguments");
  const list = args ? namedChildren(args) : [];
  const mentionsFile = (n: PyNode | undefined): boolean => {
    if (!n) return false;
    const text = a.text(n);
    if (/\b__file__\b/.test(text)) return true;
    if (n.type === "identifier") {
      const r = a.resolver.resolveName(a.model, fn, text);
      const values =
        r.kind === "local"
          ? r.owner.assignments.get(r.name)
          : r.kind === "moduleVar"
            ? a.model.moduleVars.get(r.name)
            : undefined;
      return (values ?? []).some((v) => v !== n && /\b__file__\b/.test(a.text(v)));
    }
    return namedChildren(n).some(mentionsFile);
  };
  if (callee?.type === "attribute") {
    const method = a.text(childByField(callee, "attribute"));
    const readOnly = [
      "read_text",
      "read_bytes",
      "exists",
      "is_file",
      "is_dir",
      "open",
      "stat",
      "iterdir",
      "glob",
    ].includes(method);
    return readOnly && mentionsFile(childByField(callee, "object"));
  }
  const mode = list.find(
    (x, i) => i === 1 || (x.type === "keyword_argument" && a.text(childByField(x, "name")) === "mode"),
  );
  const writes = mode && /[wax+]/.test(a.text(mode.type === "keyword_argument" ? childByField(mode, "value") : mode));
  return !writes && mentionsFile(list[0]);
}

function callSiteFinding(
  a: FileAnalysis,
  fn: FunctionInfo,
  call: PyNode,
  w: Witness,
  rule: RuleId,
): Finding | undefined {
  const severity = sourceSeverity(a, fn, call, w.kind, rule);
  if (!severity) return undefined;
  const callee = a.text(childByField(call, "function"));
  const where = a.where(w.model, w.hit.node);
  const related = [
    ...w.chain.slice(1).map((hop) => a.relatedAt(hop.model, hop.site, `calls ${hop.fn.name}()`)),
    a.relatedAt(w.model, w.hit.node, `\`${w.hit.label}\` ${verbOf(w.kind)} here`),
  ];
  const fixes = [wrapInStepFix(a, fn, call)];
  return a.finding(rule, call, `\`${callee}()\` ${verbOf(w.kind)} (\`${w.hit.label}\` at ${where}) in replayed code`, {
    severity,
    related,
    fixes: defined(fixes),
  });
}

const CONSTANT_TYPES = new Set(["string", "integer", "float", "true", "false", "none", "concatenated_string"]);

function logFinding(a: FileAnalysis, fn: FunctionInfo, hit: SourceHit): Finding | undefined {
  const callee = childByField(hit.node, "function");
  // context.logger and a step's logger are replay-aware.
  const obj = callee?.type === "attribute" ? childByField(callee, "object") : undefined;
  if (obj?.type === "attribute" && a.text(childByField(obj, "attribute")) === "logger") {
    const owner = childByField(obj, "object");
    const tag = owner && a.resolver.valueOf(a.model, fn, owner)?.tag;
    if (tag === "context" || tag === "step-context") return undefined;
  }
  const args = childByField(hit.node, "arguments");
  const list = args ? namedChildren(args) : [];
  const constant = list.every(
    (x) => CONSTANT_TYPES.has(x.type) && !(x.type === "string" && x.children.some((c) => c.type === "interpolation")),
  );
  const ctx = contextInScope(a, fn);
  const fixes = [];
  if (ctx && callee) {
    const method = callee.type === "attribute" ? a.text(childByField(callee, "attribute")) : "info";
    const positional = list.filter((x) => x.type !== "keyword_argument").length;
    if (a.text(callee) !== "print" || (positional === 1 && list.length === 1)) {
      fixes.push({
        title: `Log through ${ctx}.logger`,
        preferred: true,
        edits: [
          {
            file: a.model.file,
            start: callee.start,
            end: callee.end,
            newText: `${ctx}.logger.${method === "warn" ? "warning" : method}`,
          },
        ],
      });
    }
  }
  return a.finding("DUR023", hit.node, `\`${hit.label}\` ${SOURCE_KINDS.log.verb} on every replay`, {
    severity: constant ? "hint" : "info",
    related: a.callerChain(fn),
    fixes,
  });
}
