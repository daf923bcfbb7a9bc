import { isDeepStrictEqual } from "node:util";
import { basename, resolve } from "node:path";
import {
  LogReadError,
  type LogFormat,
  type RecordedInvocation,
  type RecordedOutcome,
  type ReplayLog,
  type SdkLanguage,
} from "../../protocol/replayLog";
import type { WireOperation } from "../../protocol/wire";
import { checkPayloadDepth } from "./jsonDepth";
import { childPath } from "./jsonFields";
import { detectLanguage } from "./sdkLanguage";

/** What one format reader found, before normalization. */
export interface LogParts {
  /** Operations in start order; may contain the EXECUTION operation anywhere. */
  operations: WireOperation[];
  /** JSON path of `operations`, for errors about the EXECUTION operation found in it. */
  operationsPath: string;
  /** The EXECUTION operation when the format keeps it apart (history). */
  execution?: WireOperation;
  /** Where the input payload of `execution` came from. */
  executionInputPath?: string;
  durableExecutionArn?: string;
  outcome?: RecordedOutcome;
  invocations?: RecordedInvocation[];
  updatedOperationIds?: string[];
  language?: SdkLanguage;
  sdkVersion?: string;
  /** The recording's parsed `input`, which wins over any InputPayload. */
  input?: { value: unknown };
  warnings: string[];
}

export interface AssembleOptions {
  /** The user's `--input`, already parsed; replaces the recorded input in every format. */
  input?: unknown;
}

/**
 * Normalizes any reader's output: EXECUTION first (synthesized when missing), the input parsed and rewritten when
 * overridden, a stand-in ARN when the format has none, the SDK language from the Ids.
 */
export function assembleLog(format: LogFormat, parts: LogParts, file: string, options: AssembleOptions): ReplayLog {
  const warnings = [...parts.warnings];
  let execution = parts.execution;
  let inputPath = parts.executionInputPath;
  const operations: WireOperation[] = [];
  parts.operations.forEach((op, index) => {
    if (execution === undefined && op.Type === "EXECUTION") {
      execution = op;
      inputPath = childPath(childPath(childPath(parts.operationsPath, index), "ExecutionDetails"), "InputPayload");
    } else {
      operations.push(op);
    }
  });
  const name = executionName(file);
  const override = options.input !== undefined ? { value: options.input } : parts.input;

  let input: unknown;
  if (override !== undefined) {
    input = override.value;
    const recordedPayload = execution?.ExecutionDetails?.InputPayload;
    const recorded =
      options.input === undefined
        ? undefined
        : (parts.input ??
          (recordedPayload !== undefined ? { value: parseInputPayload(recordedPayload, file, inputPath) } : undefined));
    if (recorded !== undefined && !isDeepStrictEqual(recorded.value, options.input)) {
      warnings.push(
        "The input given differs from the one recorded in the log: replayed operations return the results recorded for the old input; only code outside them and live operations see the new one.",
      );
    }
  } else {
    const payload = execution?.ExecutionDetails?.InputPayload;
    if (payload !== undefined) {
      input = parseInputPayload(payload, file, inputPath);
    } else {
      input = {};
      warnings.push(
        execution === undefined
          ? "The log has no EXECUTION operation, so the handler's input is unknown: replaying with {} (pass --input to give the real event)."
          : "The EXECUTION operation has no InputPayload: replaying with {} as the input, as the SDK would (pass --input to give the real event).",
      );
    }
  }
  const executionOp: WireOperation = execution ?? {
    Id: `replay-execution-${name}`.slice(0, 64),
    Type: "EXECUTION",
    Status: "STARTED",
    ...earliestStart(operations),
  };
  const inputPayload =
    override !== undefined || execution === undefined
      ? JSON.stringify(input)
      : executionOp.ExecutionDetails?.InputPayload;

  return {
    format,
    file: resolve(file),
    language: parts.language ?? detectLanguage(operations),
    ...(parts.sdkVersion !== undefined && { sdkVersion: parts.sdkVersion }),
    durableExecutionArn:
      parts.durableExecutionArn ??
      `arn:aws:lambda:local:000000000000:function:replay:$LATEST/durable-execution/replay/${name}`,
    input,
    execution:
      inputPayload === undefined
        ? executionOp
        : { ...executionOp, ExecutionDetails: { ...executionOp.ExecutionDetails, InputPayload: inputPayload } },
    operations,
    ...(parts.outcome !== undefined && { outcome: parts.outcome }),
    ...(parts.invocations !== undefined && { invocations: parts.invocations }),
    ...(parts.updatedOperationIds !== undefined && { updatedOperationIds: parts.updatedOperationIds }),
    warnings,
  };
}

/** The log file's name reduced to the characters an execution name may hold (`[a-zA-Z0-9_-]`). */
function executionName(file: string): string {
  const stem = basename(file).replace(/\.json$/i, "");
  return stem.replace(/[^a-zA-Z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "log";
}

function earliestStart(operations: WireOperation[]): { StartTimestamp?: string } {
  // Readers have already turned every timestamp into ISO UTC text, which sorts as time.
  let earliest: string | undefined;
  for (const { StartTimestamp: start } of operations) {
    if (typeof start === "string" && (earliest === undefined || start < earliest)) earliest = start;
  }
  return earliest === undefined ? {} : { StartTimestamp: earliest };
}

function parseInputPayload(payload: string, file: string, path: string | undefined): unknown {
  checkPayloadDepth(payload, file, path, "the input payload");
  try {
    return JSON.parse(payload);
  } catch {
    throw new LogReadError(
      file,
      path,
      "the input payload is not valid JSON; it must be the handler's event serialized as JSON",
    );
  }
}
