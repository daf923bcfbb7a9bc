// The three read-only durable-execution APIs, paged to the end, with errors turned into one sentence each.
import {
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  ListDurableExecutionsByFunctionCommand,
  type Event,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { describeAwsError, type AwsRequestContext } from "./awsAccessError";
import type { ListQuery } from "./executionQuery";
import type { AwsSettings } from "./awsSettings";
import { lambdaClient } from "./lambdaClient";

/** One execution as `list --json` prints it (ISO timestamps). */
export interface ExecutionSummary {
  arn: string;
  name: string;
  status: string;
  functionArn: string;
  startedAt: string;
  endedAt?: string;
}

/** What `get-durable-execution-history --include-execution-data` prints: every event of every page. */
export interface HistoryFile {
  Events: unknown[];
}

const LIST_PAGE = 100;
/** The API's largest page: fewer round trips for long histories. */
const HISTORY_PAGE = 1000;

const iso = (date: Date | undefined): string | undefined => (date ? date.toISOString() : undefined);

/** Reads durable executions through one client; each call names its IAM action in errors. */
export class DurableExecutions {
  private readonly client: LambdaClient;
  private readonly endpoint: string | undefined;

  constructor(settings: AwsSettings) {
    this.client = lambdaClient(settings);
    this.endpoint = settings.endpoint ?? process.env.AWS_ENDPOINT_URL_LAMBDA ?? process.env.AWS_ENDPOINT_URL;
  }

  /** Newest first. The status is asked of AWS and checked again here; `since` stops the paging. */
  async list(query: ListQuery): Promise<ExecutionSummary[]> {
    const found: ExecutionSummary[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call({ action: "ListDurableExecutionsByFunction", resource: query.functionName }, () =>
        this.client.send(
          new ListDurableExecutionsByFunctionCommand({
            FunctionName: query.functionName,
            ReverseOrder: true,
            MaxItems: Math.min(LIST_PAGE, Math.max(1, query.limit ?? LIST_PAGE)),
            ...(query.status ? { Statuses: [query.status] } : {}),
            ...(marker ? { Marker: marker } : {}),
          }),
        ),
      );
      let older = false;
      for (const item of page.DurableExecutions ?? []) {
        if (query.since && item.StartTimestamp && item.StartTimestamp < query.since) {
          older = true;
          continue;
        }
        if (query.status && item.Status !== query.status) continue;
        found.push({
          arn: item.DurableExecutionArn ?? "",
          name: item.DurableExecutionName ?? "",
          status: item.Status ?? "",
          functionArn: item.FunctionArn ?? "",
          startedAt: iso(item.StartTimestamp) ?? "",
          ...(item.EndTimestamp ? { endedAt: iso(item.EndTimestamp) } : {}),
        });
      }
      marker = page.NextMarker;
      // Pages come newest first: once one reaches past `since`, the rest are older still.
      if (older) break;
    } while (marker && (query.limit === undefined || found.length < query.limit));
    found.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return query.limit === undefined ? found : found.slice(0, query.limit);
  }

  async describe(arn: string): Promise<ExecutionSummary> {
    const out = await this.call({ action: "GetDurableExecution", resource: arn }, () =>
      this.client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn })),
    );
    return {
      arn: out.DurableExecutionArn ?? arn,
      name: out.DurableExecutionName ?? "",
      status: out.Status ?? "",
      functionArn: out.FunctionArn ?? "",
      startedAt: iso(out.StartTimestamp) ?? "",
      ...(out.EndTimestamp ? { endedAt: iso(out.EndTimestamp) } : {}),
    };
  }

  /** Every page of the history with payloads. `onPage` hears the running event count (progress). */
  async history(
    arn: string,
    options: { pageSize?: number; onPage?: (events: number) => void } = {},
  ): Promise<HistoryFile> {
    const events: Event[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call({ action: "GetDurableExecutionHistory", resource: arn }, () =>
        this.client.send(
          new GetDurableExecutionHistoryCommand({
            DurableExecutionArn: arn,
            IncludeExecutionData: true,
            MaxItems: options.pageSize ?? HISTORY_PAGE,
            ...(marker ? { Marker: marker } : {}),
          }),
        ),
      );
      for (const event of page.Events ?? []) events.push(event);
      options.onPage?.(events.length);
      marker = page.NextMarker;
    } while (marker);
    return { Events: events };
  }

  private async call<T>(context: Omit<AwsRequestContext, "endpoint">, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw describeAwsError(error, { ...context, ...(this.endpoint ? { endpoint: this.endpoint } : {}) });
    }
  }
}
