import { readFileSync } from "node:fs";
import { LogReadError } from "../../protocol/replayLog";
import { childPath, isJsonObject } from "./jsonFields";
import { parseJsonText } from "./jsonText";

/** Keys under which the log formats keep serialized payloads (`Result` itself, or `Result.Payload` in a history). */
const PAYLOAD_KEYS = new Set(["Result", "Payload", "InputPayload"]);

/**
 * Where in `file` the recorded payload of operation `operationId` is not JSON, as the sentence a user needs when the
 * SDK failed to deserialize it; undefined when no such payload is found. Payloads are only ever parsed as JSON.
 * Logs are not refused for this when read: a handler with its own serdes may store payloads that are not JSON.
 */
export function nonJsonPayload(file: string, operationId: string): LogReadError | undefined {
  let json: unknown;
  try {
    json = parseJsonText(readFileSync(file, "utf8"), file);
  } catch {
    return undefined;
  }
  // Every object with that Id (an operation, or each history event of it); no recursion, logs nest deep.
  const stack: Array<{ value: unknown; path: string; inside: boolean }> = [{ value: json, path: "$", inside: false }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, path } = item;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push({ value: value[i], path: childPath(path, i), inside: item.inside });
      }
    } else if (isJsonObject(value)) {
      const inside = item.inside || value.Id === operationId;
      for (const [key, child] of Object.entries(value).reverse()) {
        const childAt = childPath(path, key);
        if (inside && PAYLOAD_KEYS.has(key) && typeof child === "string") {
          const problem = jsonProblem(child);
          if (problem !== undefined) {
            return new LogReadError(
              file,
              childAt,
              `the recorded payload is not valid JSON (${problem}), so the SDK cannot deserialize it`,
            );
          }
        } else {
          stack.push({ value: child, path: childAt, inside });
        }
      }
    }
  }
  return undefined;
}

function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
