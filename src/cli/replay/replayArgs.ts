// Command line of `durable-replay`: two subcommands, flags as the issue fixes them. Usage problems are one sentence.
import { parseArgs } from "node:util";
import { LOG_FORMATS, type LogFormat } from "../../protocol/replayLog";
import { tooDeepDetail, tooDeepOffset } from "../../replay/log/jsonDepth";
import type { AwsSettings } from "../../replay/aws/awsSettings";
import { EXECUTION_STATUSES, parseSince, type ExecutionStatusName } from "../../replay/aws/executionQuery";
import { MAX_LOG_SIZE_ENV, parseByteSize } from "../../replay/log/logFileCheck";

export class UsageError extends Error {}

export const USAGE = `Usage:
  durable-replay run --handler <file> [--export <name>] (--log <file|execution arn> | --execution <arn>)
                     [--format <format>] [--on-log-end live|stop] [--callback <name>=<json>]...
                     [--callback-text <name>=<text>]... [--input <json>] [--record <out.json> [--force]]
                     [--python <interpreter>] [--max-log-size <size>] [--strict-result] [--refresh] [--json]
                     [AWS options]
  durable-replay check --handler <file> [--export <name>] [--format <format>] [--python <interpreter>] [--jobs N]
                     [--max-log-size <size>] [--strict-result] [--json]
                     (<log files, folders or globs>... | --execution <arn>... | --function <name|arn> [--last N]
                      [--status <status>] [--since <24h|7d|ISO date>]) [--refresh] [AWS options]
  durable-replay list --function <name|arn> [--status <status>] [--since <24h|7d|ISO date>] [--limit N]
                     [--json] [AWS options]
  durable-replay fetch <execution arn> [--out <file>] [AWS options]

Replays recorded checkpoint logs of an AWS Lambda durable execution against the handler's current code, with the
handler's own SDK. Python handlers (.py) run under --python, else $DURABLE_REPLAY_PYTHON, else python3.
Log formats (auto-detected): ${LOG_FORMATS.join(", ")}.
Logs larger than --max-log-size (bytes, or 64k, 512M, 2G; default 512M, or ${MAX_LOG_SIZE_ENV}) are refused.
Executions from AWS are fetched with their payloads into .durable-replay/logs/ (owner-only files) and, once
finished, replayed from there without asking AWS again (--refresh asks again); they replay with --on-log-end stop
unless you pass --on-log-end live. Statuses: ${EXECUTION_STATUSES.join(", ")}.
AWS options: --region <region> --profile <profile> --endpoint <url> (default: the AWS SDK's own configuration,
AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL, the standard credential chain).
Exit codes: 0 no divergence (a different final result alone is a warning), 1 divergence found (or a different final
result with --strict-result), 2 usage error, bad input or an AWS error.`;

/** Executions from AWS: which, and how to reach them. */
export interface AwsArgs {
  aws: AwsSettings;
  /** Fetch again even when a finished execution is cached. */
  refresh: boolean;
}

export interface RunArgs extends AwsArgs {
  command: "run";
  handler: string;
  exportName: string;
  /** A log file; empty when `execution` is given. */
  log: string;
  /** An execution ARN to fetch and replay. */
  execution?: string;
  format?: LogFormat;
  onLogEnd: "live" | "stop";
  callbacks: Map<string, string>;
  input?: unknown;
  record?: string;
  /** Interpreter for Python handlers. */
  python?: string;
  /** Replace a file at `record` that is not a recording. */
  force: boolean;
  /** `--max-log-size`, in bytes. */
  maxLogSize?: number;
  strictResult: boolean;
  json: boolean;
}

export interface CheckArgs extends AwsArgs {
  command: "check";
  handler: string;
  exportName: string;
  logs: string[];
  executions: string[];
  /** Check this function's recent executions. */
  function?: string;
  last: number;
  status?: ExecutionStatusName;
  since?: Date;
  jobs: number;
  format?: LogFormat;
  python?: string;
  maxLogSize?: number;
  strictResult: boolean;
  json: boolean;
}

export interface ListArgs {
  command: "list";
  aws: AwsSettings;
  function: string;
  status?: ExecutionStatusName;
  since?: Date;
  limit: number;
  json: boolean;
}

export interface FetchArgs {
  command: "fetch";
  aws: AwsSettings;
  execution: string;
  out?: string;
}

export type ReplayArgs = RunArgs | CheckArgs | ListArgs | FetchArgs | { command: "help" } | { command: "version" };

const DEFAULT_LIMIT = 20;

const isArn = (text: string): boolean => text.startsWith("arn:");

function positiveInt(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`--${flag} must be a whole number of 1 or more; got \`${text}\`.`);
  return Number(text);
}

function statusOf(text: string | undefined): ExecutionStatusName | undefined {
  if (text === undefined) return undefined;
  const status = text.toUpperCase();
  if (!(EXECUTION_STATUSES as readonly string[]).includes(status))
    throw new UsageError(`--status must be one of ${EXECUTION_STATUSES.join(", ")}; got \`${text}\`.`);
  return status as ExecutionStatusName;
}

function sinceOf(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const since = parseSince(text);
  if (!since) throw new UsageError(`--since must be a duration like 24h or 7d, or an ISO date; got \`${text}\`.`);
  return since;
}

function awsOf(values: { region?: string; profile?: string; endpoint?: string }): AwsSettings {
  if (values.endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(values.endpoint))
    throw new UsageError(`--endpoint must be an http(s) URL; got \`${values.endpoint}\`.`);
  return {
    ...(values.region ? { region: values.region } : {}),
    ...(values.profile ? { profile: values.profile } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
  };
}

function parseJson(flag: string, text: string): unknown {
  if (tooDeepOffset(text) >= 0) throw new UsageError(`${flag}: ${tooDeepDetail("the value")}.`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag}: the value is not valid JSON (${(error as Error).message}).`);
  }
}

export function parseReplayArgs(argv: string[]): ReplayArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help")
    return { command: "help" };
  if (command === "--version") return { command: "version" };
  if (command !== "run" && command !== "check" && command !== "list" && command !== "fetch") {
    throw new UsageError(`Unknown command \`${command}\`: use \`run\`, \`check\`, \`list\` or \`fetch\` (see --help).`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: command === "check" || command === "fetch",
      options: {
        execution: { type: "string", multiple: true },
        function: { type: "string" },
        last: { type: "string" },
        limit: { type: "string" },
        status: { type: "string" },
        since: { type: "string" },
        jobs: { type: "string" },
        refresh: { type: "boolean" },
        out: { type: "string" },
        region: { type: "string" },
        profile: { type: "string" },
        endpoint: { type: "string" },
        handler: { type: "string" },
        export: { type: "string" },
        log: { type: "string" },
        format: { type: "string" },
        "on-log-end": { type: "string" },
        callback: { type: "string", multiple: true },
        "callback-text": { type: "string", multiple: true },
        input: { type: "string" },
        record: { type: "string" },
        python: { type: "string" },
        force: { type: "boolean" },
        "max-log-size": { type: "string" },
        json: { type: "boolean" },
        "strict-result": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: "help" };
  const aws = awsOf(values);
  const refresh = !!values.refresh;
  const only = (allowed: string[]): void => {
    for (const [flag, value] of Object.entries(values)) {
      if (value !== undefined && flag !== "help" && !allowed.includes(flag))
        throw new UsageError(`--${flag} is not an option of \`${command}\` (see --help).`);
    }
  };
  const awsFlags = ["region", "profile", "endpoint"];
  if (command === "list") {
    only(["function", "status", "since", "limit", "json", ...awsFlags]);
    if (!values.function) throw new UsageError("Missing --function <name|arn>: the function whose executions to list.");
    return {
      command,
      aws,
      function: values.function,
      status: statusOf(values.status),
      since: sinceOf(values.since),
      limit: positiveInt("limit", values.limit, DEFAULT_LIMIT),
      json: !!values.json,
    };
  }
  if (command === "fetch") {
    only(["out", ...awsFlags]);
    if (positionals.length !== 1) throw new UsageError("`fetch` takes one execution ARN.");
    return { command, aws, execution: positionals[0], ...(values.out ? { out: values.out } : {}) };
  }
  if (!values.handler) throw new UsageError("Missing --handler <file>: the module that exports the durable handler.");
  if (values.format !== undefined && !(LOG_FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format must be one of ${LOG_FORMATS.join(", ")}; got \`${values.format}\`.`);
  }
  const format = values.format as LogFormat | undefined;
  const exportName = values.export ?? "handler";
  const sizeText = values["max-log-size"];
  const maxLogSize = sizeText === undefined ? undefined : parseByteSize(sizeText);
  if (sizeText !== undefined && maxLogSize === undefined) {
    throw new UsageError(`--max-log-size must be a size such as 1048576, 64k, 512M or 2G; got \`${sizeText}\`.`);
  }
  const limit = maxLogSize === undefined ? {} : { maxLogSize };
  if (command === "check") {
    for (const flag of ["log", "on-log-end", "callback", "callback-text", "input", "record", "force"] as const) {
      if (values[flag] !== undefined)
        throw new UsageError(`--${flag} is not an option of \`check\`; give log files as arguments.`);
    }
    for (const flag of ["limit", "out"] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} is not an option of \`check\` (see --help).`);
    }
    const executions = [...(values.execution ?? []), ...positionals.filter(isArn)];
    const logs = positionals.filter((p) => !isArn(p));
    if (!values.function) {
      for (const flag of ["last", "status", "since"] as const) {
        if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with --function <name|arn>.`);
      }
    }
    if (logs.length === 0 && executions.length === 0 && !values.function)
      throw new UsageError("`check` needs log files, folders or globs, --execution <arn>, or --function <name|arn>.");
    return {
      command,
      handler: values.handler,
      exportName,
      logs,
      executions,
      ...(values.function ? { function: values.function } : {}),
      last: positiveInt("last", values.last, DEFAULT_LIMIT),
      status: statusOf(values.status),
      since: sinceOf(values.since),
      jobs: positiveInt("jobs", values.jobs, 1),
      format,
      ...(values.python !== undefined ? { python: values.python } : {}),
      ...limit,
      strictResult: !!values["strict-result"],
      json: !!values.json,
      aws,
      refresh,
    };
  }
  for (const flag of ["function", "last", "limit", "status", "since", "jobs", "out"] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} is not an option of \`run\` (see --help).`);
  }
  if ((values.execution?.length ?? 0) > 1) throw new UsageError("`run` replays one execution: give --execution once.");
  const execution = values.execution?.[0] ?? (values.log && isArn(values.log) ? values.log : undefined);
  if (values.log && values.execution) throw new UsageError("Give --log or --execution, not both.");
  if (!values.log && !execution)
    throw new UsageError("Missing --log <file> or --execution <arn>: the recorded checkpoint log to replay.");
  // An execution from AWS carries production input: running past its log needs an explicit --on-log-end live.
  const onLogEnd = values["on-log-end"] ?? (execution ? "stop" : "live");
  if (onLogEnd !== "live" && onLogEnd !== "stop") {
    throw new UsageError(`--on-log-end must be \`live\` or \`stop\`; got \`${onLogEnd}\`.`);
  }
  const callbacks = new Map<string, string>();
  const answer = (flag: string, spec: string, what: string): [string, string] => {
    const eq = spec.indexOf("=");
    if (eq <= 0) throw new UsageError(`${flag} ${spec}: expected <name>=<${what}>.`);
    return [spec.slice(0, eq), spec.slice(eq + 1)];
  };
  for (const spec of values.callback ?? []) {
    const [name, json] = answer("--callback", spec, "json");
    try {
      parseJson(`--callback ${name}`, json);
    } catch (error) {
      throw new UsageError(`${(error as Error).message} For a plain-text answer use --callback-text ${name}=<text>.`);
    }
    callbacks.set(name, json);
  }
  // The SDK hands a callback its result as text: an answer need not be JSON (`approved`).
  for (const spec of values["callback-text"] ?? []) callbacks.set(...answer("--callback-text", spec, "text"));
  return {
    command,
    handler: values.handler,
    exportName,
    log: execution ? "" : (values.log ?? ""),
    ...(execution ? { execution } : {}),
    format,
    onLogEnd,
    callbacks,
    ...(values.input !== undefined ? { input: parseJson("--input", values.input) } : {}),
    ...(values.record !== undefined ? { record: values.record } : {}),
    ...(values.python !== undefined ? { python: values.python } : {}),
    force: !!values.force,
    ...limit,
    strictResult: !!values["strict-result"],
    json: !!values.json,
    aws,
    refresh,
  };
}
