// `durable-replay`: replay recorded logs against the handler's current code, headless (CI) or by hand.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import type { ReplayReport } from "../protocol/operations";
import { LogReadError } from "../protocol/replayLog";
import { ReplaySetupError, ReplaySession } from "../replay/session/replaySession";
import { parseReplayArgs, UsageError, USAGE, type CheckArgs, type RunArgs } from "./replay/replayArgs";
import { renderTimeline, renderVerdict, type Style } from "./replay/timelineTable";

const EXIT_OK = 0;
const EXIT_DIVERGED = 1;
const EXIT_BAD_INPUT = 2;

const style: Style = { color: !!process.stdout.isTTY && !process.env.NO_COLOR, cwd: process.cwd() };

function jsonReport(report: ReplayReport): object {
  return {
    status: report.status,
    result: report.result,
    error: report.error,
    operations: report.operations,
    divergences: report.divergences,
    invocations: report.invocations,
    ...(report.frontier ? { frontier: report.frontier } : {}),
    ...(report.pendingReason ? { pendingReason: report.pendingReason } : {}),
    warnings: report.warnings,
  };
}

/** The handler's own console output goes to stderr, so stdout stays the report. */
async function replayOne(
  args: { handler: string; exportName: string; format?: RunArgs["format"]; python?: string },
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
      },
    },
    onLogEnd: extra.onLogEnd ?? "stop",
    callbacks: extra.callbacks ?? {},
    ...(extra.record ? { record: extra.record } : {}),
    ...(args.python ? { python: args.python } : {}),
  });
  session.on("output", (text: string) => process.stderr.write(text));
  await session.start();
  return session.result();
}

function exitFor(report: ReplayReport): number {
  if (report.status === "CRASHED") return EXIT_BAD_INPUT;
  return report.divergences.length > 0 ? EXIT_DIVERGED : EXIT_OK;
}

async function run(args: RunArgs): Promise<number> {
  const report = await replayOne(args, args.log, args);
  if (args.json) process.stdout.write(`${JSON.stringify(jsonReport(report), null, 2)}\n`);
  else process.stdout.write(`${renderTimeline(report, style)}\n\n${renderVerdict(report, style)}\n`);
  if (report.status === "CRASHED")
    process.stderr.write(`durable-replay: the handler crashed: ${report.error?.ErrorMessage ?? "unknown error"}\n`);
  return exitFor(report);
}

const GLOB_CHARS = /[*?[\]{}]/;

/** Log arguments may be globs (shells on CI do not always expand them); each must match at least one file. */
function expandLogs(patterns: string[]): string[] {
  const files: string[] = [];
  for (const pattern of patterns) {
    if (!GLOB_CHARS.test(pattern)) {
      files.push(pattern);
      continue;
    }
    const parts = pattern.split(/[\\/]/);
    const baseParts: string[] = [];
    for (const part of parts) {
      if (GLOB_CHARS.test(part)) break;
      baseParts.push(part);
    }
    const base = resolve(baseParts.join(sep) || ".");
    const match = picomatch(resolve(pattern), { dot: false });
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === "node_modules" || entry.name === ".git") continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (match(full)) found.push(relative(process.cwd(), full));
      }
    };
    if (statSync(base, { throwIfNoEntry: false })?.isDirectory()) walk(base);
    if (found.length === 0) throw new UsageError(`No log file matches ${pattern}.`);
    files.push(...found.sort());
  }
  return files;
}

async function check(args: CheckArgs): Promise<number> {
  const files = expandLogs(args.logs);
  const results: Array<{ file: string; report: ReplayReport }> = [];
  for (const file of files) {
    const report = await replayOne(args, file, { onLogEnd: "stop" });
    results.push({ file, report });
    if (!args.json) {
      process.stdout.write(`${style.color ? "\u001b[1m" : ""}== ${file}${style.color ? "\u001b[0m" : ""}\n`);
      process.stdout.write(`${renderTimeline(report, style)}\n\n${renderVerdict(report, style)}\n\n`);
    }
  }
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify(
        results.map(({ file, report }) => ({ file, ...jsonReport(report) })),
        null,
        2,
      )}\n`,
    );
  } else {
    const diverged = results.filter((r) => r.report.divergences.length > 0).length;
    process.stdout.write(`${results.length} log${results.length === 1 ? "" : "s"} checked, ${diverged} diverged.\n`);
  }
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
    return args.command === "run" ? await run(args) : await check(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof LogReadError || error instanceof ReplaySetupError) {
      process.stderr.write(`durable-replay: ${error.message}\n`);
    } else {
      process.stderr.write(
        `durable-replay: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
    return EXIT_BAD_INPUT;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
