import type { LogFormat } from "../../protocol/replayLog";
import type { LogParts } from "./assembleLog";
import { historyToOperations } from "./historyEvents";
import { childPath, expectObject, optionalString, type JsonObject } from "./jsonFields";
import { readRecordingParts } from "./recording";
import { readOperationList } from "./wireOperation";

/** Reads the file's JSON as the given format; every shape problem is a LogReadError naming the JSON path. */
export function readFormat(format: LogFormat, json: unknown, file: string, inputOverridden: boolean): LogParts {
  switch (format) {
    case "state":
      return readState(expectObject(json, file, "$", "GetDurableExecutionState output {Operations, NextMarker}"), file);
    case "invocation":
      return readInvocation(json, file);
    case "testing-operations":
      return { operations: readOperationList(json, file, "$"), operationsPath: "$", warnings: [] };
    case "history":
      return readHistory(json, file, inputOverridden);
    case "recording":
      return readRecordingParts(json, file);
  }
}

function readState(state: JsonObject, file: string): LogParts {
  const arn = optionalString(state, "DurableExecutionArn", file, "$");
  return {
    operations: readOperationList(state.Operations, file, "$.Operations"),
    operationsPath: "$.Operations",
    ...(arn !== undefined && { durableExecutionArn: arn }),
    warnings: firstPageWarning(state, file, "$", "Operations"),
  };
}

function readInvocation(json: unknown, file: string): LogParts {
  const event = expectObject(
    json,
    file,
    "$",
    "a durable invocation event {DurableExecutionArn, CheckpointToken, InitialExecutionState}",
  );
  const arn = optionalString(event, "DurableExecutionArn", file, "$");
  optionalString(event, "CheckpointToken", file, "$");
  const state = expectObject(
    event.InitialExecutionState,
    file,
    "$.InitialExecutionState",
    "an object {Operations, NextMarker}",
  );
  const path = "$.InitialExecutionState.Operations";
  return {
    operations: readOperationList(state.Operations, file, path),
    operationsPath: path,
    ...(arn !== undefined && { durableExecutionArn: arn }),
    warnings: firstPageWarning(state, file, "$.InitialExecutionState", "Operations"),
  };
}

function readHistory(json: unknown, file: string, inputOverridden: boolean): LogParts {
  const page = Array.isArray(json)
    ? undefined
    : expectObject(json, file, "$", "GetDurableExecutionHistory output {Events, NextMarker}");
  const path = page === undefined ? "$" : "$.Events";
  const history = historyToOperations(page === undefined ? json : page.Events, file, path, inputOverridden);
  return {
    operations: history.operations,
    operationsPath: path,
    execution: history.execution,
    executionInputPath: history.executionInputPath,
    ...(history.outcome !== undefined && { outcome: history.outcome }),
    ...(history.invocations.length > 0 && { invocations: history.invocations }),
    ...(history.updatedOperationIds.length > 0 && { updatedOperationIds: history.updatedOperationIds }),
    warnings: [...(page === undefined ? [] : firstPageWarning(page, file, "$", "Events")), ...history.warnings],
  };
}

/** A non-empty NextMarker means the service had more to give than the file holds. */
function firstPageWarning(page: JsonObject, file: string, path: string, listKey: string): string[] {
  const marker = optionalString(page, "NextMarker", file, path);
  if (!marker) return [];
  return [
    `The log holds only the first page of ${listKey} (${childPath(path, "NextMarker")} is set); operations after it are missing, so fetch every page and merge them to replay the whole execution.`,
  ];
}
