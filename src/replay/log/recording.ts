import { lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { LogReadError, type RecordedOutcome, type RecordingFileV1, type SdkLanguage } from "../../protocol/replayLog";
import type { WireOperation } from "../../protocol/wire";
import type { LogParts } from "./assembleLog";
import {
  childPath,
  describeValue,
  expectObject,
  expectStringArray,
  isJsonObject,
  optionalObject,
  optionalString,
  type JsonObject,
} from "./jsonFields";
import { checkPayloadDepth } from "./jsonDepth";
import { readTimestamp } from "./timestamps";
import { readErrorObject, readOperation, readOperationList } from "./wireOperation";

const SDK_LANGUAGES: readonly SdkLanguage[] = ["javascript", "python", "unknown"];
const OUTCOME_STATUSES: readonly RecordedOutcome["status"][] = ["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"];

/** What a recording is made from: a replayed or live execution, EXECUTION operation first when it has one. */
export interface RecordingSource {
  language: SdkLanguage;
  sdkVersion?: string;
  durableExecutionArn?: string;
  input: unknown;
  operations: WireOperation[];
  /** What the last invocation was told changed while it was suspended. */
  updatedOperationIds?: string[];
  outcome?: RecordedOutcome;
}

/**
 * Builds a version-1 recording. Operations go through the same checks as a log being read (so whatever is written
 * can be read back), the EXECUTION operation goes first and its InputPayload is rewritten from `input`.
 */
export function toRecording(log: RecordingSource): RecordingFileV1 {
  const input = log.input === undefined ? {} : log.input;
  const execution = log.operations.find((op) => op.Type === "EXECUTION");
  const ordered =
    execution === undefined ? log.operations : [execution, ...log.operations.filter((op) => op !== execution)];
  const operations = ordered.map((op, index) => {
    const checked = readOperation(op, "recording", childPath("$.operations", index));
    if (op !== execution) return checked;
    return { ...checked, ExecutionDetails: { ...checked.ExecutionDetails, InputPayload: JSON.stringify(input) } };
  });
  return {
    format: "durable-replay-log",
    version: 1,
    language: log.language,
    ...(log.sdkVersion !== undefined && { sdkVersion: log.sdkVersion }),
    createdAt: new Date().toISOString(),
    ...(log.durableExecutionArn !== undefined && { durableExecutionArn: log.durableExecutionArn }),
    input,
    operations,
    ...(log.updatedOperationIds?.length && { updatedOperationIds: log.updatedOperationIds }),
    ...(log.outcome !== undefined && { outcome: log.outcome }),
  };
}

/**
 * Why the recording must not be written at `target`, or undefined. Never onto the log being replayed (also through a
 * hard or symbolic link), never through a symbolic link, and over an existing file only when it is itself a recording
 * (replaying and recording to a fixed path) or when `force` says so.
 */
export function recordTargetProblem(target: string, inputLog: string | undefined, force: boolean): string | undefined {
  let link;
  try {
    link = lstatSync(target, { throwIfNoEntry: false });
  } catch (error) {
    return `${target} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  if (link === undefined) return undefined;
  if (link.isSymbolicLink()) return `${target} is a symbolic link; the recording is never written through one`;
  const log = inputLog === undefined ? undefined : statSync(inputLog, { throwIfNoEntry: false });
  if (log !== undefined && ((log.dev === link.dev && log.ino === link.ino) || sameRealPath(target, inputLog!))) {
    return `${target} is the log being replayed; record to another file`;
  }
  if (!link.isFile()) return `${target} exists and is not a regular file`;
  if (!force && !isRecording(target)) {
    return `${target} exists and is not a Durable Replay recording; pass --force (launch attribute \`recordForce\`) to replace it`;
  }
  return undefined;
}

function sameRealPath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

function isRecording(file: string): boolean {
  try {
    const json: unknown = JSON.parse(readFileSync(file, "utf8"));
    return isJsonObject(json) && json.format === "durable-replay-log";
  } catch {
    return false;
  }
}

/**
 * Writes the recording as pretty JSON (diff-friendly), creating the folder if needed: into a new file next to the
 * target, then renamed over it, so a failed write leaves the old file whole and a link at the target is replaced,
 * never followed. Call `recordTargetProblem` first; it is asked again here for what changed during the replay.
 */
export function writeRecording(
  file: string,
  recording: RecordingFileV1,
  guard: { inputLog?: string; force?: boolean } = {},
): void {
  const problem = recordTargetProblem(file, guard.inputLog, !!guard.force);
  if (problem !== undefined) throw new Error(`${problem}.`);
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, `${JSON.stringify(recording, null, 2)}\n`, { encoding: "utf8", flag: "wx" });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`${file}: cannot write the recording (${code}).`, { cause: error });
  }
}

export function readRecordingParts(json: unknown, file: string): LogParts {
  const recording = expectObject(json, file, "$", "a recording object");
  if (recording.version === undefined) {
    throw new LogReadError(file, "$.version", "missing version; this version of Durable Replay reads version 1");
  }
  if (recording.version !== 1) {
    throw new LogReadError(
      file,
      "$.version",
      `unsupported recording version ${typeof recording.version === "number" ? recording.version : describeValue(recording.version)}; this version of Durable Replay reads version 1`,
    );
  }
  const language = recording.language;
  if (typeof language !== "string" || !(SDK_LANGUAGES as readonly string[]).includes(language)) {
    const got = language === undefined ? "nothing" : describeValue(language);
    throw new LogReadError(file, "$.language", `expected one of ${SDK_LANGUAGES.join(", ")}, got ${got}`);
  }
  const sdkVersion = optionalString(recording, "sdkVersion", file, "$");
  if (recording.createdAt !== undefined) readTimestamp(recording.createdAt, file, "$", "createdAt");
  const arn = optionalString(recording, "durableExecutionArn", file, "$");
  if (!("input" in recording)) throw new LogReadError(file, "$.input", "missing input (the handler's event)");
  const outcome = readOutcome(recording, file);
  const updatedOperationIds = readIdList(recording, "updatedOperationIds", file);
  return {
    operations: readOperationList(recording.operations, file, "$.operations"),
    operationsPath: "$.operations",
    language: language as SdkLanguage,
    ...(sdkVersion !== undefined && { sdkVersion }),
    ...(arn !== undefined && { durableExecutionArn: arn }),
    ...(outcome !== undefined && { outcome }),
    ...(updatedOperationIds !== undefined && { updatedOperationIds }),
    input: { value: recording.input },
    warnings: [],
  };
}

/** An optional list of operation Ids: absent, or an array of strings. */
function readIdList(recording: JsonObject, key: string, file: string): string[] | undefined {
  const value = recording[key];
  if (value === undefined) return undefined;
  return expectStringArray(value, file, childPath("$", key), "an array of operation Ids", "an operation Id (a string)");
}

function readOutcome(recording: JsonObject, file: string): RecordedOutcome | undefined {
  const outcome = optionalObject(recording, "outcome", file, "$");
  if (outcome === undefined) return undefined;
  const status = outcome.status;
  if (typeof status !== "string" || !(OUTCOME_STATUSES as readonly string[]).includes(status)) {
    const got = status === undefined ? "nothing" : describeValue(status);
    throw new LogReadError(file, "$.outcome.status", `expected one of ${OUTCOME_STATUSES.join(", ")}, got ${got}`);
  }
  const result = optionalString(outcome, "result", file, "$.outcome");
  if (result !== undefined) checkPayloadDepth(result, file, "$.outcome.result", "the payload");
  return {
    status: status as RecordedOutcome["status"],
    ...(result !== undefined && { result }),
    ...(outcome.error !== undefined && { error: readErrorObject(outcome.error, file, "$.outcome.error") }),
  };
}
