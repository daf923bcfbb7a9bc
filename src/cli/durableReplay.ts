// `durable-replay`: replay recorded logs against the handler's current code, headless (CI) or by hand.
import { readdirSync, readFileSync, statSync, type Dirent } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import type { ReplayReport } from "../protocol/operations";
import { LogReadError } from "../protocol/replayLog";
import { nonJsonPayload } from "../replay/log/recordedPayload";
import { AwsAccessError } from "../replay/aws/awsAccessError";
import { ReplaySetupError, ReplaySession } from "../replay/session/replaySession";
import { executionLogs, fetchExecution, listExecutions } from "./replay/awsCommands";
import { parseReplayArgs, UsageError, USAGE, type CheckArgs, type RunArgs } from "./replay/replayArgs";
import { jsonListPieces, jsonPieces, jsonReport } from "./replay/reportJson";
import { isError, renderVerdict, timelinePieces, type Style } from "./replay/timelineTable";
import { terminalSafe } from "../protocol/safeText";

const EXIT_OK = 0;
const EXIT_DIVERGED = 1;
const EXIT_BAD_INPUT = 2;

const style: Style = { color: !!process.stdout.isTTY && !process.env.NO_COLOR, cwd: process.cwd() };

/** Sessions whose host is running: a signal that ends the CLI ends them first. */
const running = new Set<ReplaySession>();

/**
 * SIGINT (Ctrl-C), SIGTERM (a CI timeout), SIGHUP: kill every running host and what its handler started, then end by
 * the same signal, as if unhandled. (Were this process killed outright, each host's watchdog would see it.)
 */
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    void Promise.all([...running].map((session) => session.kill())).finally(() => process.kill(process.pid, signal));
  });
}

/** The handler's own console output goes to stderr, so stdout stays the report. */
async function replayOne(
  args: {
    handler: string;
    exportName: string;
    format?: RunArgs["format"];
    python?: string;
    maxLogSize?: number;
    strictResult: boolean;
  },
  logFile: string,
  extra: Partial<RunArgs>,
): Promise<ReplayReport> {
  const session = new ReplaySession({
    handlerFile: args.handler,
    exportName: args.exportName,
    log: {
      file: logFile,
      read: {
        ...(args.format ? { format: args.format } : {}),
        ...(extra.input !== undefined ? { input: extra.input } : {}),
        ...(args.maxLogSize !== undefined ? { maxBytes: args.maxLogSize } : {}),
      },
    },
    onLogEnd: extra.onLogEnd ?? "stop",
    callbacks: extra.callbacks ?? new Map(),
    strictResult: args.strictResult,
    ...(extra.record ? { record: extra.record, recordForce: !!extra.force } : {}),
    ...(args.python ? { python: args.python } : {}),
  });
  session.on("output", (text: string) => process.stderr.write(text));
  running.add(session);
  try {
    await session.start();
    return await session.result();
  } finally {
    running.delete(session);
  }
}

/** The table a piece at a time: for a large log, the whole table as one string would take as much memory again. */
function writeTimeline(report: ReplayReport): void {
  for (const piece of timelinePieces(report, style)) process.stdout.write(`${piece}\n`);
}

function exitFor(report: ReplayReport): number {
  if (report.status === "CRASHED") return EXIT_BAD_INPUT;
  return report.divergences.some(isError) ? EXIT_DIVERGED : EXIT_OK;
}

/** One line of ours on stderr; whatever it quotes from logs and file names is escaped. */
function say(sentence: string): void {
  process.stderr.write(`durable-replay: ${terminalSafe(sentence)}\n`);
}

/**
 * Why a replay crashed. When the SDK could not deserialize a recorded payload, the log is at fault, not the handler:
 * the sentence names the file and the payload's JSON path.
 */
function crashSentence(report: ReplayReport, logFile: string, prefix = ""): string {
  const message = report.error?.ErrorMessage ?? "unknown error";
  if (message.startsWith("SerdesFailedError")) {
    const record = report.operations.find((r) => r.recorded && message.includes(`(${r.path}): `));
    const fault = record && nonJsonPayload(logFile, record.id);
    if (fault) return fault.message;
  }
  return `${prefix}the handler crashed: ${message}`;
}

async function run(args: RunArgs): Promise<number> {
  const log = args.execution
    ? (await executionLogs(args.aws, { arns: [args.execution], refresh: args.refresh }))[0].file
    : args.log;
  const report = await replayOne(args, log, args);
  if (args.json) {
    for (const piece of jsonPieces(jsonReport(report))) process.stdout.write(piece);
    process.stdout.write("\n");
  } else {
    writeTimeline(report);
    process.stdout.write(`\n${renderVerdict(report, style)}\n`);
  }
  if (report.status === "CRASHED") say(crashSentence(report, args.log));
  return exitFor(report);
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Log arguments may be files, folders (every `.json` file in them, recursively) or globs (shells on CI do not always
 * expand them); each must match at least one file. Folders that cannot be listed are returned apart, with the reason,
 * so the logs that can be read are still checked.
 */
function expandLogs(patterns: string[]): { files: string[]; unreadable: string[] } {
  const files: string[] = [];
  const unreadable: string[] = [];
  for (const pattern of patterns) {
    const isGlob = GLOB_CHARS.test(pattern);
    const isFolder = !isGlob && isDirectory(pattern);
    if (!isGlob && !isFolder) {
      files.push(pattern);
      continue;
    }
    let base: string;
    let match: (file: string) => boolean;
    if (isFolder) {
      base = resolve(pattern);
      match = (file) => file.toLowerCase().endsWith(".json");
    } else {
      const parts = pattern.split(/[\\/]/);
      const baseParts: string[] = [];
      for (const part of parts) {
        if (GLOB_CHARS.test(part)) break;
        baseParts.push(part);
      }
      base = resolve(baseParts.join(sep) || ".");
      match = picomatch(resolve(pattern), { dot: false });
    }
    const found: string[] = [];
    const unreadableBefore = unreadable.length;
    const cannotRead = (dir: string, error: unknown): void => {
      unreadable.push(`${relative(process.cwd(), dir) || "."}: cannot list the folder (${folderErrorDetail(error)})`);
    };
    const walk = (dir: string): void => {
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        cannotRead(dir, error);
        return;
      }
      for (const entry of entries) {
        if (entry.name === "node_modules" || entry.name === ".git") continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (match(full)) found.push(relative(process.cwd(), full));
      }
    };
    let baseIsFolder = false;
    try {
      baseIsFolder = !!statSync(base, { throwIfNoEntry: false })?.isDirectory();
    } catch (error) {
      cannotRead(base, error);
    }
    if (baseIsFolder) walk(base);
    if (found.length === 0 && unreadable.length === unreadableBefore) {
      throw new UsageError(
        isFolder ? `The folder ${pattern} holds no .json log file.` : `No log file matches ${pattern}.`,
      );
    }
    files.push(...found.sort());
  }
  return { files, unreadable };
}

/** A path that cannot be looked at counts as a file: reading it says why. */
function isDirectory(path: string): boolean {
  try {
    return !!statSync(path, { throwIfNoEntry: false })?.isDirectory();
  } catch {
    return false;
  }
}

function folderErrorDetail(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EACCES" || code === "EPERM" ? "permission denied" : (code ?? String(error));
}

interface Checked {
  file: string;
  /** Set for an execution from AWS: reports name it rather than its cached file. */
  execution?: { arn: string; name?: string };
  report: ReplayReport;
}

function label(item: Omit<Checked, "report">): string {
  if (!item.execution) return item.file;
  return item.execution.name ? `${item.execution.name} (${item.execution.arn})` : item.execution.arn;
}

/**
 * Replays every log it can; a log that cannot be read (or a folder that cannot be listed) is reported on stderr and
 * the others are still checked. Exit 2 when any could not be read, else 1 when any diverged.
 */
async function check(args: CheckArgs): Promise<number> {
  const { files, unreadable } = expandLogs(args.logs);
  for (const problem of unreadable) say(problem);
  const targets: Array<Omit<Checked, "report">> = files.map((file) => ({ file }));
  if (args.executions.length > 0 || args.function) {
    const fetched = await executionLogs(args.aws, {
      arns: args.executions,
      ...(args.function
        ? {
            function: {
              functionName: args.function,
              limit: args.last,
              ...(args.status ? { status: args.status } : {}),
              ...(args.since ? { since: args.since } : {}),
            },
          }
        : {}),
      refresh: args.refresh,
      jobs: args.jobs,
    });
    for (const { file, arn, name } of fetched) targets.push({ file, execution: { arn, ...(name ? { name } : {}) } });
  }
  // `--jobs` replays run side by side, each in its own warm host; reports still print in order, as each is ready.
  // A log that cannot be read leaves a null: reported on stderr, the others still checked.
  const outcomes = new Array<Checked | null>(targets.length);
  let next = 0;
  let printed = 0;
  const printReady = (): void => {
    while (printed < targets.length && outcomes[printed] !== undefined) {
      const item = outcomes[printed++];
      if (!item) continue;
      const { file, report } = item;
      if (!args.json) {
        const header = `== ${terminalSafe(label(item))}`;
        process.stdout.write(`${style.color ? `\u001b[1m${header}\u001b[0m` : header}\n`);
        writeTimeline(report);
        process.stdout.write(`\n${renderVerdict(report, style)}\n\n`);
      }
      if (report.status === "CRASHED") say(crashSentence(report, file, `${file}: `));
    }
  };
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      try {
        const report = await replayOne(args, targets[index].file, { onLogEnd: "stop" });
        outcomes[index] = { ...targets[index], report };
      } catch (error) {
        if (!(error instanceof LogReadError)) throw error;
        say(error.message);
        unreadable.push(error.message);
        outcomes[index] = null;
      }
      printReady();
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.jobs, targets.length) }, worker));
  const results = outcomes.filter((item): item is Checked => !!item);
  if (args.json) {
    const listed = results.map(({ file, execution, report }) => ({
      file,
      ...(execution ? { execution: execution.arn, ...(execution.name ? { name: execution.name } : {}) } : {}),
      ...jsonReport(report),
    }));
    for (const piece of jsonListPieces(listed)) process.stdout.write(piece);
    process.stdout.write("\n");
  } else {
    const diverged = results.filter((r) => r.report.divergences.some(isError));
    const warned = results.filter((r) => !r.report.divergences.some(isError) && r.report.divergences.length > 0).length;
    if (targets.some((t) => t.execution)) {
      for (const item of diverged) {
        const first = item.report.divergences.find(isError)!;
        const at = first.callSite
          ? ` at ${relative(style.cwd, first.callSite.file) || first.callSite.file}:${first.callSite.line}`
          : "";
        process.stdout.write(
          `diverged: ${terminalSafe(label(item))}${terminalSafe(at)}: ${terminalSafe(first.message)}\n`,
        );
      }
    }
    const notRead = unreadable.length ? `, ${unreadable.length} could not be read` : "";
    process.stdout.write(
      `${results.length} log${results.length === 1 ? "" : "s"} checked, ${diverged.length} diverged` +
        (warned ? `, ${warned} with a different final result (a warning; --strict-result makes it fail)` : "") +
        `${notRead}.\n`,
    );
  }
  if (unreadable.length) return EXIT_BAD_INPUT;
  return Math.max(EXIT_OK, ...results.map((r) => exitFor(r.report)));
}

async function main(argv: string[]): Promise<number> {
  try {
    const args = parseReplayArgs(argv);
    if (args.command === "help") {
      process.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    if (args.command === "version") {
      const pkg = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return EXIT_OK;
    }
    if (args.command === "list") return await listExecutions(args);
    if (args.command === "fetch") return await fetchExecution(args);
    return args.command === "run" ? await run(args) : await check(args);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof LogReadError ||
      error instanceof ReplaySetupError ||
      error instanceof AwsAccessError
    ) {
      say(error.message);
    } else {
      say(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    }
    return EXIT_BAD_INPUT;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
