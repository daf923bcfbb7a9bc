// What the execution quick pick shows, and which workspace handler a function most likely runs: plain data, no
// `vscode`, so it is tested on its own.
import { basename, extname } from "node:path";
import { formatDuration } from "../../replay/aws/executionDuration";
import type { ExecutionSummary } from "../../replay/aws/durableExecutions";

const STATUS_ICONS: Record<string, string> = {
  SUCCEEDED: "$(pass)",
  FAILED: "$(error)",
  TIMED_OUT: "$(watch)",
  STOPPED: "$(debug-stop)",
  RUNNING: "$(sync)",
};

export interface ExecutionItem {
  label: string;
  description: string;
  detail: string;
  execution: ExecutionSummary;
}

const NOT_SUCCEEDED = new Set(["FAILED", "TIMED_OUT", "STOPPED"]);

/** The execution pick's order button: what pressing it switches to, from the order shown now. */
export function orderToggle(failedFirst: boolean): { icon: string; tooltip: string } {
  return failedFirst ? { icon: "history", tooltip: "Newest first" } : { icon: "error", tooltip: "FAILED first" };
}

/** Newest first; with `failedFirst`, executions that failed, timed out or were stopped come before the rest. */
export function executionItems(executions: readonly ExecutionSummary[], failedFirst: boolean): ExecutionItem[] {
  const ordered = [...executions].sort((a, b) => {
    if (failedFirst) {
      const rank = Number(NOT_SUCCEEDED.has(b.status)) - Number(NOT_SUCCEEDED.has(a.status));
      if (rank !== 0) return rank;
    }
    return b.startedAt.localeCompare(a.startedAt);
  });
  return ordered.map((execution) => ({
    label: `${STATUS_ICONS[execution.status] ?? "$(circle-outline)"} ${execution.name || execution.arn}`,
    description: `${execution.status} · ${new Date(execution.startedAt).toLocaleString()} · ${formatDuration(execution)}`,
    detail: execution.arn,
    execution,
  }));
}

const words = (text: string): string[] =>
  text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(
      (w) =>
        w.length > 1 && !["fn", "function", "handler", "index", "src", "lambda", "durable", "prod", "dev"].includes(w),
    );

/**
 * The handler whose file or export name shares the most words with the function's name (`order-workflow-prod` →
 * `src/orderWorkflow.ts`); undefined when none or several match equally.
 */
export function matchHandler<T extends { file: string; exportName: string }>(
  functionName: string,
  handlers: readonly T[],
): T | undefined {
  if (handlers.length === 1) return handlers[0];
  const wanted = new Set(words(functionName));
  const scored = handlers.map((handler) => {
    const have = new Set([...words(basename(handler.file, extname(handler.file))), ...words(handler.exportName)]);
    return { handler, score: [...have].filter((w) => wanted.has(w)).length };
  });
  const best = Math.max(0, ...scored.map((s) => s.score));
  const top = scored.filter((s) => s.score === best);
  return best > 0 && top.length === 1 ? top[0].handler : undefined;
}
