// DUR001–DUR008, DUR013, DUR023, DUR026: calls, constructions and reads of non-deterministic sources in replayed
// code (the source table, `decls`), awaited library calls that are not operations, and what a called workspace
// function reaches, reported at the call with the chain.
import ts from "typescript";
import { RULES, SOURCE_RULES } from "../rules";
import { NAME_TAINTING_KINDS, SOURCE_KINDS } from "../sourceKinds";
import type { ApiEntry } from "./apiTable";
import { optionalFix, type AnalysisEvent, type CheckEnv, type Frame, type TsCheck } from "./checkTypes";
import { location, sentence, shortText } from "./messages";
import { unwrap } from "./syntaxFacts";

const READ_NAMES = new Set(["env", "pid", "ppid", "awsRequestId"]);

export const sources: TsCheck = {
  rules: SOURCE_RULES,
  call(env, { call, callee, entry, target }, frame, out) {
    if (entry) reportSource(env, call, entry, frame, out);
    else if (!target && frame.kind === "replayed" && ts.isAwaitExpression(call.parent))
      awaitedCall(env, call, callee, out);
  },
  construct(env, node, frame, out) {
    const qualified = env.qualifier.qualify(node.expression);
    const entry = qualified ? env.matcher.match(qualified, "new", node.arguments?.length ?? 0) : undefined;
    if (entry) reportSource(env, node, entry, frame, out);
  },
  read(env, node, frame, out) {
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
    const qualified = env.qualifier.qualify(node);
    const entry = qualified ? env.matcher.match(qualified, "read", 0) : undefined;
    if (!entry) return;
    // Report `process.env.TABLE` rather than `process.env`.
    const reported =
      (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node
        ? parent
        : node;
    reportSource(env, reported, entry, frame, out);
  },
  value(env, value, sinks, out) {
    const { node, kind, rule } = value;
    let effective = value.severity;
    let message = sentence(rule, value.what);
    const onlyLogged =
      sinks.length > 0 &&
      sinks.every((s) => s.kind === "log" || s.kind === "discarded") &&
      sinks.some((s) => s.kind === "log");
    if (kind === "env") {
      // An environment variable is a constant of the deployed version; it matters where it decides which operations
      // run or what they are called (a new version may meet an old execution's log).
      const decides = sinks.some(
        (s) => s.kind === "name" || (s.kind === "branch" && env.completing.decidesOperations(s.node)),
      );
      if (env.config.envReads === "off" || (env.config.envReads === "branch-only" && !decides)) return;
      effective = decides ? "warning" : "info";
    }
    if (onlyLogged) {
      effective = "hint";
      message = `${message} (Only logged, so this is a hint.)`;
    }
    if (kind === "time" && ts.isCallExpression(node) && isElapsedTime(node)) {
      message = `${message} To measure elapsed time, take both readings in steps.`;
    }
    // Reported once per expression: a value that only names operations is covered by DUR011.
    const names = sinks.filter((s) => s.kind === "name").length;
    if (names > 0 && names === sinks.length && NAME_TAINTING_KINDS.has(kind)) return;
    const fixes =
      kind === "sleep" && ts.isCallExpression(node)
        ? optionalFix(() => env.fixes.sleepToWait(node, value.promiseBasedTimer ?? false))
        : kind === "log" || kind === "concurrency" || kind === "gc" || kind === "timer"
          ? []
          : optionalFix(() => env.fixes.wrapInStep(node));
    out.push({
      rule,
      node,
      severity: effective,
      message,
      fixes,
      related: value.related,
      kind,
      summary: value.summary,
    });
  },
  propagated(env, event, site, kind, out) {
    if (kind !== "replayed" || !event.kind || !event.summary) return;
    const name = shortText(site);
    const where = location(event.node, event.summary);
    const hop = `${event.summary} at ${where.file.split("/").pop()}:${where.line}`;
    const info = SOURCE_KINDS[event.kind];
    env.reportValue(
      {
        node: site,
        kind: event.kind,
        rule: event.rule,
        severity: event.severity,
        what: `\`${name}\` ${info.verb} outside a step (${hop})`,
        related: [where, ...event.related],
        summary: `\`${name}\` ${info.verb}`,
      },
      out,
    );
  },
};

function reportSource(env: CheckEnv, node: ts.Expression, entry: ApiEntry, frame: Frame, out: AnalysisEvent[]): void {
  if (frame.kind !== "replayed" || entry.kind === "pure") return;
  const kind = entry.kind;
  const info = SOURCE_KINDS[kind];
  const text = shortText(node);
  if (entry.hostPromiseArgs && ts.isCallExpression(node) && !hasHostPromise(env, node)) return;
  if (kind === "fs" && env.config.allowBundledAssetReads && readsBundledAsset(node)) return;
  if (kind === "log") {
    const constant =
      ts.isCallExpression(node) && node.arguments.every((a) => ts.isStringLiteralLike(a) || ts.isNumericLiteral(a));
    out.push({
      rule: "DUR023",
      node,
      severity: constant ? "hint" : RULES.DUR023.defaultSeverity,
      message: sentence("DUR023", `\`${text}\` ${info.verb} on every replay`),
      related: [],
      fixes: ts.isCallExpression(node) ? optionalFix(() => env.fixes.useContextLogger(node)) : [],
    });
    return;
  }
  env.reportValue(
    {
      node,
      kind,
      rule: info.rule,
      severity: info.severity ?? RULES[info.rule].defaultSeverity,
      what: `\`${text}\` ${info.verb} outside a step`,
      related: [],
      summary: `\`${text}\` ${info.verb}`,
      promiseBasedTimer: entry.name.startsWith("timers/promises."),
    },
    out,
  );
}

/** DUR013: an awaited library call in replayed code that is not a durable operation. */
function awaitedCall(env: CheckEnv, call: ts.CallExpression, callee: ts.Expression, out: AnalysisEvent[]): void {
  const decl = env.types.symbolOf(callee)?.declarations?.[0];
  if (!decl) return;
  const file = decl.getSourceFile();
  if (env.program.isSourceFileDefaultLibrary(file) || env.isWorkspaceFile(file)) return;
  if (/\/node_modules\/(@types\/node|typescript)\//.test(file.fileName)) return;
  if (call.arguments.some((arg) => env.api.isContext(arg))) return;
  out.push({
    rule: "DUR013",
    node: call,
    severity: RULES.DUR013.defaultSeverity,
    message: sentence("DUR013", `\`${shortText(call)}\` is an awaited call that is not a durable operation`),
    related: [],
    fixes: optionalFix(() => env.fixes.wrapInStep(call)),
  });
}

/** `Date.now() - startedAt` where `startedAt` holds another clock reading. */
function isElapsedTime(call: ts.CallExpression): boolean {
  const parent = call.parent;
  return (
    ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.MinusToken && parent.left === call
  );
}

function readsBundledAsset(node: ts.Expression): boolean {
  if (!ts.isCallExpression(node) || node.arguments.length === 0) return false;
  return /\b__dirname\b|\bimport\.meta\.(dirname|url)\b/.test(node.arguments[0].getText());
}

function hasHostPromise(env: CheckEnv, call: ts.CallExpression): boolean {
  const arg = call.arguments[0];
  if (!arg || !ts.isArrayLiteralExpression(unwrap(arg))) return true;
  return (unwrap(arg) as ts.ArrayLiteralExpression).elements.some((element) => {
    const inner = unwrap(element);
    return (
      !(ts.isCallExpression(inner) && env.api.opCall(inner)) &&
      env.types.typeOf(inner)?.getSymbol()?.name !== "DurablePromise"
    );
  });
}
