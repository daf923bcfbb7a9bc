// Step names already used in a file, so that generated steps get unique, readable names ("now", "now-2").
import { SDK_OPERATIONS } from "../sdkOperations";

const OPERATIONS = SDK_OPERATIONS.filter((o) => o.js && o.role !== "combinator").map((o) => o.js);
const OP_NAMES = new RegExp(`\\.(${OPERATIONS.join("|")})\\(\\s*(["'\`])([^"'\`$]*)\\2`, "g");

export function stepNamesIn(text: string): Set<string> {
  return new Set([...text.matchAll(OP_NAMES)].map((m) => m[3]));
}

/** `base`, or `base-2`, `base-3`, … whichever is free; the chosen name is added to `used`. */
export function uniqueStepName(used: Set<string>, base: string): string {
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
  used.add(name);
  return name;
}
