// Where two final results differ, as JSON paths (`$.elapsedMs`, `$.items[2].sku`), so a result-mismatch can name the
// field instead of printing two whole results side by side.
import { isDeepStrictEqual } from "node:util";
import type { ResultDifference } from "../../protocol/operations";

/** At most this many differences are listed: a result that changed everywhere is one finding, not hundreds. */
const MAX_DIFFERENCES = 20;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The differing leaves of `recorded` and `attempted` in document order; a missing side is left out of its entry. */
export function resultDifferences(recorded: unknown, attempted: unknown): ResultDifference[] {
  const found: ResultDifference[] = [];
  const visit = (path: string, a: unknown, b: unknown, hasA: boolean, hasB: boolean): void => {
    if (found.length >= MAX_DIFFERENCES || (hasA && hasB && isDeepStrictEqual(a, b))) return;
    if (hasA && hasB && Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++)
        visit(childPath(path, i), a[i], b[i], i < a.length, i < b.length);
      return;
    }
    if (hasA && hasB && isObject(a) && isObject(b)) {
      const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
      for (const key of keys) visit(childPath(path, key), a[key], b[key], key in a, key in b);
      return;
    }
    found.push({ path, ...(hasA ? { recorded: a } : {}), ...(hasB ? { attempted: b } : {}) });
  };
  visit("$", recorded, attempted, recorded !== undefined, attempted !== undefined);
  return found;
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** `$.elapsedMs: recorded 20, now 5`; a side that is missing reads "absent". */
export function describeDifference(difference: ResultDifference): string {
  const side = (has: boolean, value: unknown): string => (has ? shortJson(value) : "absent");
  return `${difference.path}: recorded ${side("recorded" in difference, difference.recorded)}, now ${side("attempted" in difference, difference.attempted)}`;
}
