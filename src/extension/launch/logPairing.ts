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
