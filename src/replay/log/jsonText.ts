import { LogReadError } from "../../protocol/replayLog";
import { childPath } from "./jsonFields";
import { MAX_JSON_DEPTH, tooDeepDetail, tooDeepOffset } from "./jsonDepth";

/** Parses log text as JSON; a syntax error becomes one sentence with line and column (JSON.parse often gives neither). */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw new LogReadError(file, undefined, "the file is empty; expected a JSON log");
  // Measured first: the syntax walk below recurses, and the session copies the log (clone, IPC), which overflows too.
  const deep = tooDeepOffset(body);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    if (deep >= 0) {
      const { line, column } = lineAndColumn(body, deep);
      throw new LogReadError(
        file,
        undefined,
        `not valid JSON: ${tooDeepDetail(`the text at line ${line}, column ${column}`)}`,
      );
    }
    const { offset, reason } = locateSyntaxError(body);
    const { line, column } = lineAndColumn(body, offset);
    throw new LogReadError(file, undefined, `not valid JSON at line ${line}, column ${column}: ${reason}`);
  }
  if (deep >= 0) throw new LogReadError(file, shortPath(tooDeepPath(json)), tooDeepDetail("the value"));
  return json;
}

/** A path a thousand levels long is cut: its start says where in the log the deep value is. */
function shortPath(path: string): string {
  return path.length > 160 ? `${path.slice(0, 160)}…` : path;
}

/** JSON path of the first value below MAX_JSON_DEPTH levels (one is there: the text scan found it). No recursion. */
export function tooDeepPath(json: unknown): string {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: json, path: "$", depth: 1 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, path, depth } = item;
    if (typeof value !== "object" || value === null) continue;
    if (depth > MAX_JSON_DEPTH) return path;
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    for (let k = entries.length - 1; k >= 0; k--) {
      const [key, child] = entries[k];
      stack.push({ value: child, path: childPath(path, key), depth: depth + 1 });
    }
  }
  return "$";
}

/** Sticky, so matching at an offset does not copy the rest of a large file. */
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

interface SyntaxFault {
  offset: number;
  reason: string;
}

/** Walks the text as a JSON grammar and reports the first place it breaks. Only called after JSON.parse failed. */
function locateSyntaxError(text: string): SyntaxFault {
  let i = 0;
  const fail = (reason: string): never => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- caught below, never leaves this function
    throw { offset: i, reason } satisfies SyntaxFault;
  };
  const found = (): string =>
    i >= text.length
      ? "the text ends before the JSON value is complete"
      : `unexpected character ${JSON.stringify(text[i])}`;
  const expected = (what: string): never =>
    fail(i >= text.length ? found() : `expected ${what}, found ${JSON.stringify(text[i])}`);
  const skipSpace = (): void => {
    while (i < text.length && " \t\r\n".includes(text[i])) i++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(found());
  };
  const string = (): void => {
    i++;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === "\\") {
        const esc = text[i + 1];
        if (esc === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("bad \\u escape in a string");
          i += 6;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i += 2;
        else fail("bad escape in a string");
      } else if (ch.charCodeAt(0) < 0x20) fail("control character (such as a raw line break) inside a string");
      else i++;
    }
    fail("a string is not closed before the end of the text");
  };
  const number = (): void => {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) fail(found());
    i += match![0].length;
  };
  const value = (): void => {
    skipSpace();
    const ch = text[i];
    if (ch === "{") object();
    else if (ch === "[") array();
    else if (ch === '"') string();
    else if (ch === "t") literal("true");
    else if (ch === "f") literal("false");
    else if (ch === "n") literal("null");
    else if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) number();
    else fail(found());
  };
  const object = (): void => {
    i++;
    skipSpace();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') expected("a property name in double quotes");
      string();
      skipSpace();
      if (text[i] !== ":") expected('":" after a property name');
      i++;
      value();
      skipSpace();
      if (text[i] === ",") i++;
      else if (text[i] === "}") {
        i++;
        return;
      } else expected('"," or "}" in an object');
    }
  };
  const array = (): void => {
    i++;
    skipSpace();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text[i] === ",") i++;
      else if (text[i] === "]") {
        i++;
        return;
      } else expected('"," or "]" in an array');
    }
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail(`unexpected text after the JSON value: ${JSON.stringify(text[i])}`);
  } catch (fault) {
    if (typeof fault === "object" && fault !== null && "offset" in fault) return fault as SyntaxFault;
    throw fault;
  }
  // Safety net should this walk ever accept text JSON.parse rejects: still one sentence, pointing at the start.
  return { offset: 0, reason: "the text is not a JSON value" };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === "\n") {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
