// Where the code calls an operation the SDK created from the log without running the code that calls it: the steps of
// a replayed `map` item or `parallel` branch are served whole from the log, so no stack shows their call. Their call
// is found in the source after the enclosing call: the line naming the operation (a literal name), else the first
// call of its kind.
import { readFileSync } from "node:fs";
import type { SourceLocation } from "../../protocol/operations";
import type { OperationType } from "../../protocol/wire";

const METHOD_CALL: Partial<Record<OperationType, RegExp>> = {
  STEP: /\.step\s*[(<]/,
  WAIT: /\.(wait|waitForCondition)\s*[(<]/,
  CALLBACK: /\.(createCallback|waitForCallback)\s*[(<]/,
  CHAINED_INVOKE: /\.invoke\s*[(<]/,
  CONTEXT: /\.(runInChildContext|map|parallel|waitForCallback)\s*[(<]/,
};

/** How far below the enclosing call its items' calls are looked for: an item callback is short. */
const SEARCH_LINES = 40;

const sources = new Map<string, string[] | null>();

export function forgetItemSources(): void {
  sources.clear();
}

function linesOf(file: string): string[] | null {
  let lines = sources.get(file);
  if (lines === undefined) {
    try {
      lines = readFileSync(file, "utf8").split(/\r?\n/);
    } catch {
      lines = null;
    }
    sources.set(file, lines);
  }
  return lines;
}

/** The call of an SDK-created operation below its enclosing call at `enclosing`, or undefined when not found. */
export function itemCallSite(
  enclosing: SourceLocation,
  op: { Type: OperationType; SubType?: string; Name?: string },
): SourceLocation | undefined {
  const lines = linesOf(enclosing.file);
  if (!lines) return undefined;
  const from = enclosing.line - 1;
  const to = Math.min(lines.length, from + SEARCH_LINES);
  // The enclosing call's own line counts only after its call position.
  const textAt = (i: number): { text: string; offset: number } =>
    i === from ? { text: lines[i].slice(enclosing.column), offset: enclosing.column } : { text: lines[i], offset: 0 };
  if (op.Name) {
    const quoted = [`"${op.Name}"`, `'${op.Name}'`, `\`${op.Name}\``];
    for (let i = from; i < to; i++) {
      const { text, offset } = textAt(i);
      const at = Math.min(...quoted.map((q) => text.indexOf(q)).filter((index) => index >= 0));
      if (Number.isFinite(at)) return { file: enclosing.file, line: i + 1, column: callColumn(text, at) + offset + 1 };
    }
  }
  // Map items and parallel branches are no calls of their own: only a literal name places them.
  const pattern = op.SubType === "MapIteration" || op.SubType === "ParallelBranch" ? undefined : METHOD_CALL[op.Type];
  if (!pattern) return undefined;
  for (let i = from; i < to; i++) {
    const { text, offset } = textAt(i);
    const match = pattern.exec(text);
    if (match) return { file: enclosing.file, line: i + 1, column: receiverStart(text, match.index) + offset + 1 };
  }
  return undefined;
}

/** Column (0-based) where the call holding the name starts: the receiver before `.method(`, when on the same line. */
function callColumn(text: string, nameAt: number): number {
  const before = text.slice(0, nameAt);
  const call = /[\w$]+\s*\.\s*[\w$]+\s*(<[^>]*>)?\s*\(\s*$/.exec(before);
  return call ? call.index : nameAt;
}

/** Start of `receiver.method(` (0-based), given the index of its `.`. */
function receiverStart(text: string, dotAt: number): number {
  let start = dotAt;
  while (start > 0 && /[\w$]/.test(text[start - 1])) start--;
  return start;
}
