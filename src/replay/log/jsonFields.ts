import { LogReadError } from "../../protocol/replayLog";

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `$.Operations[3].Type` style paths, as users see them in jq and in our error messages. */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Key → how it is appended; logs repeat the same few keys thousands of times. */
const keySuffix = new Map<string, string>();

export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  let suffix = keySuffix.get(key);
  if (suffix === undefined) {
    suffix = IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    if (keySuffix.size < 1000) keySuffix.set(key, suffix);
  }
  return parent + suffix;
}

/** How a wrong value is named in an error: its kind, and the value itself when it is short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  // JSON.parse reads 1e999 as Infinity, which JSON.stringify would print as null.
  if (typeof value === "number" && !Number.isFinite(value)) return "a number too large to represent";
  const text = JSON.stringify(value);
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `${typeof value === "string" ? "the string" : `the ${typeof value}`} ${shown}`;
}

export function expectObject(value: unknown, file: string, path: string, what: string): JsonObject {
  if (!isJsonObject(value)) throw new LogReadError(file, path, `expected ${what}, got ${describeValue(value)}`);
  return value;
}

export function expectArray(value: unknown, file: string, path: string, what: string): unknown[] {
  if (!Array.isArray(value)) {
    const got = value === undefined ? "nothing" : describeValue(value);
    throw new LogReadError(file, path, `expected ${what}, got ${got}`);
  }
  return value;
}

/** An array of strings; `what` names the array, `itemWhat` one item, for the error. */
export function expectStringArray(
  value: unknown,
  file: string,
  path: string,
  what: string,
  itemWhat: string,
): string[] {
  const items = expectArray(value, file, path, what);
  items.forEach((item, index) => {
    if (typeof item !== "string")
      throw new LogReadError(file, childPath(path, index), `expected ${itemWhat}, got ${describeValue(item)}`);
  });
  return items as string[];
}

// Optional fields treat null as absent: JSON written by Python tools spells "absent" as null.
export function optionalString(obj: JsonObject, key: string, file: string, path: string): string | undefined {
  const value = obj[key] ?? undefined;
  if (value === undefined || typeof value === "string") return value;
  throw new LogReadError(file, childPath(path, key), `expected a string, got ${describeValue(value)}`);
}

export function optionalObject(obj: JsonObject, key: string, file: string, path: string): JsonObject | undefined {
  const value = obj[key] ?? undefined;
  if (value === undefined) return undefined;
  return expectObject(value, file, childPath(path, key), "an object");
}

export function optionalNumber(obj: JsonObject, key: string, file: string, path: string): number | undefined {
  const value = obj[key] ?? undefined;
  if (value === undefined || (typeof value === "number" && Number.isFinite(value))) return value;
  const expected = typeof value === "number" ? "a finite number" : "a number";
  throw new LogReadError(file, childPath(path, key), `expected ${expected}, got ${describeValue(value)}`);
}
