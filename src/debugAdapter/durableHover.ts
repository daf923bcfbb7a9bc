// The debug hover of a durable call (`context.step`, `ctx.wait`): what the replay knows of the calls made on the
// hovered line (name, state, recorded and live outcome), instead of the source of the function the context proxy
// hands the user's code in place of the SDK's method.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { STATE_MARK, type OperationOutcome, type OperationRecord } from "../protocol/operations";
import { operationLabel } from "./durableView";
import { describeLocal, type VariableStore } from "./variables";

type HoverBody = DebugProtocol.EvaluateResponse["body"];

/** The member a hovered property access names (`step` for `context.step`, `ctx?.wait`), else undefined. */
export function hoveredMember(expression: string): string | undefined {
  return /^[A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*\s*\??\.\s*([A-Za-z_$][\w$]*)$/.exec(expression.trim())?.[1];
}

/**
 * The file a DAP source names. VS Code hands an evaluate's source back as it holds it: a URI (`file://…`, or
 * `vscode-remote://…` in a remote window), as a string or as its parts, because it converts paths only in the
 * requests that had a source before evaluate did.
 */
export function sourceFile(path: unknown): string | undefined {
  const parts = path as { scheme?: unknown; path?: unknown } | null;
  if (typeof parts === "object" && parts !== null && typeof parts.path === "string") return parts.path;
  if (typeof path !== "string") return undefined;
  if (!/^[a-z][\w+.-]+:\/\//i.test(path)) return path;
  try {
    const url = new URL(path);
    return url.protocol === "file:" ? fileURLToPath(url) : decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
}

/** The user's calls of `method` made at `file:line`, in call order. */
export function callsAt(records: OperationRecord[], method: string, file: string, line: number): OperationRecord[] {
  const target = resolve(file);
  return records.filter((r) => r.method === method && r.callSite?.line === line && resolve(r.callSite.file) === target);
}

function outcomeValue(outcome: OperationOutcome | undefined): object | undefined {
  if (!outcome) return undefined;
  return outcome.error
    ? { status: outcome.status, error: outcome.error }
    : { status: outcome.status, result: outcome.result };
}

function outcomePreview(outcome: OperationOutcome | undefined): string | undefined {
  if (!outcome) return undefined;
  if (outcome.error)
    return [outcome.error.ErrorType, outcome.error.ErrorMessage].filter(Boolean).join(": ") || outcome.status;
  return outcome.result === undefined ? outcome.status : describeLocal(outcome.result);
}

/** `↺ replayed STEP \`validate_cart\` → {"cartId":"c-1"}`: the state, the operation and the outcome it shows. */
function callSummary(record: OperationRecord): string {
  const preview = outcomePreview(record.live ?? record.recorded);
  const head = `${STATE_MARK[record.state]} ${operationLabel(record)}`;
  return preview === undefined ? head : `${head} → ${preview}`;
}

function callDetails(record: OperationRecord): object {
  const details = {
    name: record.name,
    status: record.state,
    recorded: outcomeValue(record.recorded),
    live: outcomeValue(record.live),
    type: record.subType ?? record.type,
    path: record.path,
    id: record.id,
  };
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
}

/** The hover of the calls made at one line: one call shows itself; several (a loop, a map's items) list each. */
export function durableCallHover(store: VariableStore, calls: OperationRecord[]): HoverBody {
  if (calls.length === 1) {
    const variable = store.localVariable("call", callDetails(calls[0]));
    return { result: callSummary(calls[0]), variablesReference: variable.variablesReference };
  }
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(call.state, (counts.get(call.state) ?? 0) + 1);
  const reference = store.computed(async () =>
    calls.map((call, index) => ({
      ...store.localVariable(`#${index + 1}`, callDetails(call)),
      value: callSummary(call),
    })),
  );
  const states = [...counts].map(([state, count]) => `${count} ${state}`).join(", ");
  return { result: `${calls.length} calls: ${states}`, variablesReference: reference };
}

/** The hover of a durable call the replay has not reached yet: nothing is known of its outcome. */
export function unreachedCallHover(method: string): HoverBody {
  return { result: `durable call ${method}: not reached yet in this replay`, variablesReference: 0 };
}
