// Which handler a recorded log belongs to, when only their places in the workspace are known.
import { dirname, relative, sep } from "node:path";

/** The handler nearest to the log: the fewest directories up from the log's folder to the handler's. */
export function closestHandler<T extends { file: string }>(log: string, handlers: readonly T[]): T | undefined {
  let best: T | undefined;
  let fewestUps = Number.POSITIVE_INFINITY;
  for (const handler of handlers) {
    const ups = relative(dirname(log), dirname(handler.file)).split(sep).filter((part) => part === "..").length;
    if (ups < fewestUps) {
      best = handler;
      fewestUps = ups;
    }
  }
  return best;
}
