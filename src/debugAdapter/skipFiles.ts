// Decides which scripts are the user's code. Skipped scripts are blackboxed (stepping passes through them) and their
// frames are hidden or de-emphasized in stack traces.
import picomatch from "picomatch";

/** Inspector URL patterns skipped in every session: the user's SDK and Node's own internals. */
export const ALWAYS_SKIPPED_URL_PATTERNS = ["/node_modules/@aws/durable-execution-sdk-js/", "^node:"];
const ALWAYS_SKIPPED = ALWAYS_SKIPPED_URL_PATTERNS.map((pattern) => new RegExp(pattern));

/** js-debug's spelling for Node internals in `skipFiles`. */
const NODE_INTERNALS = "<node_internals>/";

export class SkipFiles {
  private readonly matchers: Array<(path: string) => boolean>;
  private readonly skipNodeInternals: boolean;

  constructor(globs: readonly string[]) {
    this.skipNodeInternals = globs.some((glob) => glob.startsWith(NODE_INTERNALS));
    this.matchers = globs
      .filter((glob) => !glob.startsWith(NODE_INTERNALS))
      .map((glob) => picomatch(glob, { dot: true }));
  }

  /** True for the SDK and Node internals, whatever the configuration says. */
  static isAlwaysSkipped(url: string): boolean {
    return ALWAYS_SKIPPED.some((pattern) => pattern.test(url));
  }

  /** True when a script (by inspector URL and, for files, its path) is skipped by the configured globs. */
  matchesConfigured(url: string, path: string | undefined): boolean {
    if (url.startsWith("node:")) return this.skipNodeInternals;
    return path !== undefined && this.matchers.some((match) => match(path));
  }
}
