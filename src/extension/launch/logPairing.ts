// Which handler a recorded log belongs to, when only their places in the workspace are known.
import { dirname, relative, sep } from "node:path";

/** The handler nearest to the log: the fewest folders to walk, up and down, from the log's folder to the handler's. */
export function closestHandler<T extends { file: string }>(log: string, handlers: readonly T[]): T | undefined {
  let best: T | undefined;
  let fewest = Number.POSITIVE_INFINITY;
  for (const handler of handlers) {
    const walk = relative(dirname(log), dirname(handler.file));
    const steps = walk === "" ? 0 : walk.split(sep).length;
    if (steps < fewest) {
      best = handler;
      fewest = steps;
    }
  }
  return best;
}

/** Why a log is offered for a handler, strongest evidence first. */
export interface LogEvidence {
  log: string;
  score: number;
  /** One short phrase per piece of evidence, e.g. `3 of 3 operation names in the code`. */
  reasons: string[];
}

const RECORDED_NAME = /"Name"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

/** Operation names a log records (`"Name": "…"` in every log format), read as text: nothing in it is evaluated. */
export function recordedNames(logText: string): string[] {
  const names = new Set<string>();
  for (const match of logText.matchAll(RECORDED_NAME)) names.add(match[1]);
  return [...names];
}

/**
 * How strongly a log belongs to a handler: the operation names it recorded that the handler's source names (the
 * strongest sign), the log lying near the handler, and the handler having replayed it before.
 */
export function logEvidence(
  handler: { file: string; source: string },
  log: { file: string; text: string },
  replayedByHandler: boolean,
): LogEvidence {
  const reasons: string[] = [];
  let score = 0;
  const names = recordedNames(log.text).filter((name) => !/^map-item-\d+$/.test(name));
  // Names built at run time (`reserve_${sku}`) match by their literal prefix.
  const inCode = names.filter((name) => handler.source.includes(name) || literalPrefixMatch(handler.source, name));
  if (names.length > 0 && inCode.length > 0) {
    score += (10 * inCode.length) / names.length;
    reasons.push(`${inCode.length} of ${names.length} operation names in the code`);
  }
  const walk = relative(dirname(log.file), dirname(handler.file));
  const steps = walk === "" ? 0 : walk.split(sep).length;
  if (steps <= 2) {
    score += 3 - steps;
    reasons.push(steps === 0 ? "next to the handler" : "near the handler");
  }
  if (replayedByHandler) {
    score += 2;
    reasons.push("replayed with this handler before");
  }
  return { log: log.file, score, reasons };
}

function literalPrefixMatch(source: string, name: string): boolean {
  for (const match of source.matchAll(/`([\w.-]+)\$\{/g)) if (name.startsWith(match[1])) return true;
  return false;
}
