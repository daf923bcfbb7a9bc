// Command line of `durable-replay`: two subcommands, flags as the issue fixes them. Usage problems are one sentence.
import { parseArgs } from "node:util";
import { LOG_FORMATS, type LogFormat } from "../../protocol/replayLog";

export class UsageError extends Error {}

export const USAGE = `Usage:
  durable-replay run --handler <file> [--export <name>] --log <file> [--format <format>]
                     [--on-log-end live|stop] [--callback <name>=<json>]... [--input <json>]
                     [--record <out.json>] [--python <interpreter>] [--json]
  durable-replay check --handler <file> [--export <name>] [--format <format>] [--python <interpreter>]
                       <log files or globs>... [--json]

Replays recorded checkpoint logs of an AWS Lambda durable execution against the handler's current code, with the
handler's own SDK. Python handlers (.py) run under --python, else $DURABLE_REPLAY_PYTHON, else python3.
Log formats (auto-detected): ${LOG_FORMATS.join(", ")}.
Exit codes: 0 no divergence, 1 divergence found, 2 usage error or bad input.`;

export interface RunArgs {
  command: "run";
  handler: string;
  exportName: string;
  log: string;
  format?: LogFormat;
  onLogEnd: "live" | "stop";
  callbacks: Record<string, string>;
  input?: unknown;
  record?: string;
  /** Interpreter for Python handlers. */
  python?: string;
  json: boolean;
}

export interface CheckArgs {
  command: "check";
  handler: string;
  exportName: string;
  logs: string[];
  format?: LogFormat;
  python?: string;
  json: boolean;
}

export type ReplayArgs = RunArgs | CheckArgs | { command: "help" } | { command: "version" };

function parseJson(flag: string, text: string): unknown {
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
  if (command !== "run" && command !== "check") {
    throw new UsageError(`Unknown command \`${command}\`: use \`run\` or \`check\` (see --help).`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: command === "check",
      options: {
        handler: { type: "string" },
        export: { type: "string" },
        log: { type: "string" },
        format: { type: "string" },
        "on-log-end": { type: "string" },
        callback: { type: "string", multiple: true },
        input: { type: "string" },
        record: { type: "string" },
        python: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: "help" };
  if (!values.handler) throw new UsageError("Missing --handler <file>: the module that exports the durable handler.");
  if (values.format !== undefined && !(LOG_FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format must be one of ${LOG_FORMATS.join(", ")}; got \`${values.format}\`.`);
  }
  const format = values.format as LogFormat | undefined;
  const exportName = values.export ?? "handler";
  if (command === "check") {
    for (const flag of ["log", "on-log-end", "callback", "input", "record"] as const) {
      if (values[flag] !== undefined)
        throw new UsageError(`--${flag} is not an option of \`check\`; give log files as arguments.`);
    }
    if (positionals.length === 0) throw new UsageError("`check` needs at least one log file or glob.");
    return {
      command,
      handler: values.handler,
      exportName,
      logs: positionals,
      format,
      ...(values.python !== undefined ? { python: values.python } : {}),
      json: !!values.json,
    };
  }
  if (!values.log) throw new UsageError("Missing --log <file>: the recorded checkpoint log to replay.");
  const onLogEnd = values["on-log-end"] ?? "live";
  if (onLogEnd !== "live" && onLogEnd !== "stop") {
    throw new UsageError(`--on-log-end must be \`live\` or \`stop\`; got \`${onLogEnd}\`.`);
  }
  const callbacks: Record<string, string> = {};
  for (const spec of values.callback ?? []) {
    const eq = spec.indexOf("=");
    if (eq <= 0) throw new UsageError(`--callback ${spec}: expected <name>=<json>.`);
    const name = spec.slice(0, eq);
    const json = spec.slice(eq + 1);
    parseJson(`--callback ${name}`, json);
    callbacks[name] = json;
  }
  return {
    command,
    handler: values.handler,
    exportName,
    log: values.log,
    format,
    onLogEnd,
    callbacks,
    ...(values.input !== undefined ? { input: parseJson("--input", values.input) } : {}),
    ...(values.record !== undefined ? { record: values.record } : {}),
    ...(values.python !== undefined ? { python: values.python } : {}),
    json: !!values.json,
  };
}
