// Which executions to list or check: the filters of `list` and `check --function`, parsed without loading the SDK.

export const EXECUTION_STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"] as const;
export type ExecutionStatusName = (typeof EXECUTION_STATUSES)[number];

export interface ListQuery {
  /** Function name or ARN. */
  functionName: string;
  status?: ExecutionStatusName;
  /** Only executions started at or after this time. */
  since?: Date;
  /** At most this many, newest first. */
  limit?: number;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30m`, `24h`, `7d`, `2w` before `now`, or an ISO date; undefined when the text is neither. */
export function parseSince(text: string, now = Date.now()): Date | undefined {
  const relative = /^(\d+)([mhdw])$/.exec(text.trim());
  if (relative) return new Date(now - Number(relative[1]) * UNITS[relative[2]]);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const date = new Date(text.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}
