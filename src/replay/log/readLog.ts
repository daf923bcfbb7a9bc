import { isAscii } from "node:buffer";
import { readFileSync } from "node:fs";
import { LOG_FORMATS, LogReadError, type LogFormat, type ReplayLog } from "../../protocol/replayLog";
import { assembleLog } from "./assembleLog";
import { readFormat } from "./formatReaders";
import { parseJsonText } from "./jsonText";
import { checkLogFile } from "./logFileCheck";
import { detectFormat, unknownFormatError } from "./logFormat";
import { checkParentLinks } from "./parentLinks";

export { detectFormat } from "./logFormat";
export { recordTargetProblem, toRecording, writeRecording, type RecordingSource } from "./recording";
export { recordedPaths, stepIdHash } from "./stepIds";

export interface ReadLogOptions {
  /** Read as this format instead of detecting it (`--format`). */
  format?: LogFormat;
  /** The user's `--input`, already parsed: replaces the recorded input in every format. */
  input?: unknown;
  /** Refuse files larger than this (`--max-log-size`); default from `maxLogBytes()`. */
  maxBytes?: number;
}

/** Reads and normalizes a checkpoint log file. Throws only LogReadError, whose message is one sentence for the user. */
export function readLog(file: string, options: ReadLogOptions = {}): ReplayLog {
  let text: string;
  try {
    checkLogFile(file, options.maxBytes);
    text = readText(file);
  } catch (error) {
    if (error instanceof LogReadError) throw error;
    throw new LogReadError(file, undefined, fileErrorDetail(error));
  }
  return parseLog(text, file, options);
}

/** Why a Node host cannot replay `log`, or undefined: the Python SDK's operation ids are not the JavaScript SDK's. */
export function refusedByNode(log: ReplayLog): string | undefined {
  return log.language === "python"
    ? `${log.file} was recorded by the Python SDK (64-hex operation ids) and cannot replay a JavaScript handler.`
    : undefined;
}

/** Why the Python host cannot replay `log`, or undefined: the JavaScript SDK's operation ids are not the Python SDK's. */
export function refusedByPython(log: ReplayLog): string | undefined {
  return log.language === "javascript"
    ? `${log.file} was recorded by the JavaScript SDK (16-hex operation ids) and cannot replay a Python handler.`
    : undefined;
}

/** Like readLog, for text already in memory; `file` names the source in errors and in `ReplayLog.file`. */
export function parseLog(text: string, file: string, options: ReadLogOptions = {}): ReplayLog {
  if (options.format !== undefined && !(LOG_FORMATS as readonly string[]).includes(options.format)) {
    throw new LogReadError(
      file,
      undefined,
      `unknown log format "${options.format}"; expected one of ${LOG_FORMATS.join(", ")}`,
    );
  }
  const json = parseJsonText(text, file);
  const format = options.format ?? detectFormat(json);
  if (format === undefined) throw unknownFormatError(file);
  const parts = readFormat(format, json, file, options.input !== undefined);
  const log = assembleLog(format, parts, file, { input: options.input });
  checkParentLinks(log, parts, format, file);
  return log;
}

/**
 * A log is nearly always pure ASCII (JSON escapes aside, payloads rarely carry other characters): then decoding it as
 * Latin-1 gives the same text about 20x faster than UTF-8 decoding (9 ms for a 10,000-step log).
 */
function readText(file: string): string {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

function fileErrorDetail(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a folder; expected a JSON log file";
  return `cannot read the file (${code ?? String(error)})`;
}
