// One-line previews of recorded and live payloads, for after-line hints, tree items and the timeline.
import type { OperationOutcome } from "../../protocol/operations";

/** `text` on one line, cut to at most `max` characters with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, Math.max(1, max - 1))}…` : line;
}

/** `value` as JSON on one line (strings keep their quotes, so `"42"` and `42` stay apart). */
export function previewValue(value: unknown, max: number): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // BigInt or cycles cannot come from a JSON log, but a live result may hold them.
    text = undefined;
  }
  return oneLine(text ?? String(value), max);
}

/** What an operation returned or threw, previewed; undefined when it has neither (a wait, a started step). */
export function previewOutcome(outcome: OperationOutcome | undefined, max: number): string | undefined {
  if (!outcome) return undefined;
  if (outcome.error) {
    const { ErrorType, ErrorMessage } = outcome.error;
    return oneLine(
      `threw ${[ErrorType, ErrorMessage].filter((part) => part !== undefined).join(": ") || "an error"}`,
      max,
    );
  }
  if (outcome.result !== undefined) return previewValue(outcome.result, max);
  if (outcome.resultRaw !== undefined) return oneLine(outcome.resultRaw, max);
  return undefined;
}
