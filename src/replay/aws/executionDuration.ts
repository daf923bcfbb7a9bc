// How long an execution ran, as `list` and the VS Code picker show it.
import type { ExecutionSummary } from "./durableExecutions";

/** `1.2 s`, `3m 04s`, `2h 05m`; `running` without an end. */
export function formatDuration(summary: Pick<ExecutionSummary, "startedAt" | "endedAt">): string {
  if (!summary.endedAt) return "running";
  const ms = Date.parse(summary.endedAt) - Date.parse(summary.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return "";
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
