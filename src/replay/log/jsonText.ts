import { LogReadError } from "../../protocol/replayLog";

/** Parses log text as JSON; a syntax error becomes one sentence with line and column (JSON.parse often gives neither). */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw new LogReadError(file, undefined, "the file is empty; expected a JSON log");
  try {
    return JSON.parse(body);
  } catch {
    const { offset, reason } = locateSyntaxError(body);
    const { line, column } = lineAndColumn(body, offset);
    throw new LogReadError(file, undefined, `not valid JSON at line ${line}, column ${column}: ${reason}`);
  }
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
