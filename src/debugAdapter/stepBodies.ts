// The lines of a step's body, from the step's call site: the lines between the call's line and the line that closes
// its argument list. A replayed step's body never runs, so breakpoints there can never hit.
import { readFileSync } from "node:fs";

export interface LineRange {
  /** 1-based, inclusive. */
  from: number;
  to: number;
}

const OPEN = "([{";
const CLOSE = ")]}";

/** The body lines of the call at `line`:`column` (1-based), or undefined when the call ends on its own line. */
export function stepBodyLines(file: string, line: number, column: number): LineRange | undefined {
  let lines: string[];
  try {
    lines = readFileSync(file, "utf8").split(/\r?\n/);
  } catch {
    return undefined;
  }
  let depth = 0;
  let opened = false;
  let quote: string | undefined;
  for (let l = line - 1; l < lines.length; l++) {
    const text = lines[l];
    for (let c = l === line - 1 ? column - 1 : 0; c < text.length; c++) {
      const char = text[c];
      if (quote) {
        if (char === "\\") c++;
        else if (char === quote) quote = undefined;
        continue;
      }
      if (char === '"' || char === "'" || char === "`") quote = char;
      else if (char === "/" && text[c + 1] === "/") break;
      else if (OPEN.includes(char)) {
        depth++;
        opened = true;
      } else if (CLOSE.includes(char)) {
        depth--;
        if (opened && depth === 0) return l + 1 > line + 1 ? { from: line + 1, to: l } : undefined;
      }
    }
    // A template literal or string spanning lines keeps its quote; other quotes end with the line.
    if (quote !== "`") quote = undefined;
  }
  return undefined;
}
