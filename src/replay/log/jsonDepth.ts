import { LogReadError } from "../../protocol/replayLog";

/**
 * How deep JSON may nest. V8's JSON.stringify and structuredClone overflow the stack between 3,000 and 5,000 levels
 * (fewer when the stack is already in use), and the session and the host do both with logs, inputs and payloads.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Offset of the first bracket that opens level MAX_JSON_DEPTH + 1 in JSON text, or -1. A scan of the text, not a
 * parse: it also measures text that is not JSON (100,000 unclosed `[`), never recurses, and skips string contents.
 */
export function tooDeepOffset(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c /* \ */ ? 2 : 1;
    } else if (ch === 0x5b /* [ */ || ch === 0x7b /* { */) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (ch === 0x5d /* ] */ || ch === 0x7d /* } */) {
      depth--;
    }
  }
  return -1;
}

/**
 * Refuses a serialized payload (a step result, the execution input) that nests deeper than the session can carry.
 * Only a payload longer than the limit can be that deep, so the scan runs for few payloads.
 */
export function checkPayloadDepth(text: string, file: string, path: string | undefined, what: string): void {
  if (text.length > MAX_JSON_DEPTH && tooDeepOffset(text) >= 0) throw new LogReadError(file, path, tooDeepDetail(what));
}

export function tooDeepDetail(what: string): string {
  return `${what} nests more than ${MAX_JSON_DEPTH.toLocaleString("en-US")} levels deep, more than Durable Replay can carry`;
}
