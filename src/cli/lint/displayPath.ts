import { isAbsolute, relative, resolve, sep } from "node:path";

/** A path as people and CI tools read it: relative to `base` with forward slashes, absolute if it lies outside. */
export function displayPath(file: string, base: string): string {
  const rel = relative(base, resolve(base, file));
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return resolve(base, file).split(sep).join("/");
  return rel.split(sep).join("/");
}
