import { LogReadError, type LogFormat } from "../../protocol/replayLog";
import { isJsonObject } from "./jsonFields";

/** Guesses the format from the top-level shape; undefined when nothing matches. */
export function detectFormat(json: unknown): LogFormat | undefined {
  if (Array.isArray(json)) {
    if (json.length === 0) return "testing-operations";
    const first: unknown = json[0];
    if (!isJsonObject(first)) return undefined;
    return "EventType" in first ? "history" : "testing-operations";
  }
  if (!isJsonObject(json)) return undefined;
  if (json.format === "durable-replay-log") return "recording";
  if ("InitialExecutionState" in json) return "invocation";
  if (Array.isArray(json.Events)) return "history";
  if (Array.isArray(json.Operations)) return "state";
  return undefined;
}

export function unknownFormatError(file: string): LogReadError {
  return new LogReadError(
    file,
    "$",
    "not a log format Durable Replay understands; expected GetDurableExecutionState output {Operations} (state), " +
      "GetDurableExecutionHistory output {Events} or an array of history events (history), a durable invocation event " +
      "{DurableExecutionArn, CheckpointToken, InitialExecutionState} (invocation), the testing library's array of operations " +
      '(testing-operations), or a recording {"format":"durable-replay-log"} (recording)',
  );
}
