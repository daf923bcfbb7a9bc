// Enumerates source files under folders, leaving out dependency, build and VCS folders.
import { readdirSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";

export const IGNORED_DIRS: ReadonlySet<string> = new Set([
  "node_modules",
  ".git",
  "dist",
  "out",
  "build",
  "__pycache__",
  ".venv",
]);

/**
 * Files with one of `extensions` (lower case, with the dot) under each path, recursively; a path naming a file is kept
 * if its extension matches. `keep` filters further (skip globs). Missing paths are ignored. Sorted, no duplicates.
 */
export function listSourceFiles(
  paths: readonly string[],
  extensions: ReadonlySet<string>,
  keep: (file: string) => boolean = () => true,
): string[] {
  const found = new Set<string>();
  const visit = (path: string, explicit: boolean) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      let entries: string[];
      try {
        entries = readdirSync(path);
      } catch {
        return;
      }
      for (const entry of entries) {
        if (IGNORED_DIRS.has(entry)) continue;
        visit(join(path, entry), false);
      }
    } else if (stat.isFile() && extensions.has(extname(path).toLowerCase()) && !path.endsWith(".d.ts")) {
      if (explicit || keep(path)) found.add(path);
    }
  };
  for (const path of paths) visit(resolve(path), true);
  return [...found].sort();
}
