// `list`, `fetch`, and the executions `run` and `check` fetch before replaying. The AWS SDK is loaded only here, on
// first use, so replaying local files never pays for it.
import { relative } from "node:path";
import type { ExecutionSummary } from "../../replay/aws/durableExecutions";
import type { AwsSettings } from "../../replay/aws/awsSettings";
import { formatDuration } from "../../replay/aws/executionDuration";
import type { ListQuery } from "../../replay/aws/executionQuery";
import { UsageError, type FetchArgs, type ListArgs } from "./replayArgs";

async function awsModules() {
  const [{ DurableExecutions }, fetched] = await Promise.all([
    import("../../replay/aws/durableExecutions"),
    import("../../replay/aws/fetchedLogs"),
  ]);
  return { DurableExecutions, ...fetched };
}

const shortTime = (iso: string): string => iso.replace("T", " ").replace(/\.\d+Z$/, "Z");

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  "))
    .join("\n");
}

export async function listExecutions(args: ListArgs): Promise<number> {
  const { DurableExecutions } = await awsModules();
  const query: ListQuery = {
    functionName: args.function,
    limit: args.limit,
    ...(args.status ? { status: args.status } : {}),
    ...(args.since ? { since: args.since } : {}),
  };
  const executions = await new DurableExecutions(args.aws).list(query);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(executions, null, 2)}\n`);
    return 0;
  }
  if (executions.length === 0) {
    process.stdout.write(`no executions of ${args.function}${args.status ? ` with status ${args.status}` : ""}\n`);
    return 0;
  }
  const rows = [["NAME", "STATUS", "STARTED", "DURATION", "ARN"]];
  for (const e of executions) rows.push([e.name, e.status, shortTime(e.startedAt), formatDuration(e), e.arn]);
  process.stdout.write(`${table(rows)}\n`);
  return 0;
}

export async function fetchExecution(args: FetchArgs): Promise<number> {
  const { DurableExecutions, fetchExecutionLog } = await awsModules();
  const { file } = await fetchExecutionLog(new DurableExecutions(args.aws), args.execution, {
    refresh: true,
    ...(args.out ? { out: args.out } : {}),
  });
  process.stdout.write(`${relative(process.cwd(), file) || file}\n`);
  return 0;
}

/** One execution to replay: its cached or fetched log file, and how to name it in reports. */
export interface ExecutionLog {
  file: string;
  arn: string;
  name?: string;
}

/**
 * The log files of the given executions and of the function's most recent ones (newest first), fetched at most
 * `jobs` at a time; finished executions come from the cache.
 */
export async function executionLogs(
  aws: AwsSettings,
  options: {
    arns: string[];
    function?: ListQuery;
    refresh: boolean;
    jobs?: number;
  },
): Promise<ExecutionLog[]> {
  const { DurableExecutions, fetchExecutionLog } = await awsModules();
  const client = new DurableExecutions(aws);
  const wanted: Array<{ arn: string; summary?: ExecutionSummary }> = options.arns.map((arn) => ({ arn }));
  if (options.function) {
    const listed = await client.list(options.function);
    if (listed.length === 0) {
      const filters = [
        options.function.status,
        options.function.since && `since ${options.function.since.toISOString()}`,
      ]
        .filter(Boolean)
        .join(", ");
      throw new UsageError(
        `No executions of ${options.function.functionName}${filters ? ` (${filters})` : ""} to check.`,
      );
    }
    for (const summary of listed) wanted.push({ arn: summary.arn, summary });
  }
  const logs = new Array<ExecutionLog>(wanted.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < wanted.length) {
      const index = next++;
      const { arn, summary } = wanted[index];
      const { file } = await fetchExecutionLog(client, arn, {
        refresh: options.refresh,
        ...(summary ? { summary } : {}),
      });
      logs[index] = { file, arn, ...(summary ? { name: summary.name } : {}) };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs ?? 1, wanted.length)) }, worker));
  return logs;
}
