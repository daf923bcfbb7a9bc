// Step names already used in a file, so that generated steps get unique, readable names ("now", "now-2").
const OP_NAMES =
  /\.(step|invoke|runInChildContext|wait|waitForCondition|createCallback|waitForCallback|map|parallel)\(\s*(["'`])([^"'`$]*)\2/g;

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
