// Where a result-mismatch is shown: the handler's `return` after its last durable call. The report knows the call
// sites of durable calls only, so the return is found in the source text: the first `return` after that call at the
// call's own indentation (deeper ones belong to callbacks). When there is none, the handler file's first line.
import { readFileSync } from "node:fs";
import type { OperationRecord, SourceLocation } from "../../protocol/operations";

export function returnSite(records: readonly OperationRecord[], handlerFile: string): SourceLocation {
  const last = [...records]
    .reverse()
    .find((r) => r.method !== undefined && r.parentPath === undefined && r.callSite)?.callSite;
  const file = last?.file ?? handlerFile;
  let lines: string[];
  try {
    lines = readFileSync(file, "utf8").split(/\r?\n/);
  } catch {
    return { file, line: 1, column: 1 };
  }
  if (last) {
    const indent = /^\s*/.exec(lines[last.line - 1] ?? "")![0].length;
    for (let i = last.line; i < lines.length; i++) {
      const match = /^(\s*)return\b/.exec(lines[i]);
      if (match && match[1].length === indent) return { file, line: i + 1, column: indent + 1 };
      // A line left of the call's indentation closes the handler's body: its return is not below.
      if (lines[i].trim() && /^\s*/.exec(lines[i])![0].length < indent) break;
    }
  }
  const handlerLine = lines.findIndex((line) => line.includes("withDurableExecution("));
  return { file, line: handlerLine + 1 || 1, column: 1 };
}
