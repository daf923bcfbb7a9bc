// Finds debugpy for the Python host, in order: importable by the interpreter itself; the `debugpyPath` launch
// attribute (the extension fills it with the copy bundled in ms-python.debugpy); Debian's python3-debugpy. The host
// tries its own debugpy first and appends the folder found here to its sys.path only when that import fails (never
// ahead of the user's packages), so finding it costs no interpreter start of its own.
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export const DEBIAN_DIST_PACKAGES = "/usr/lib/python3/dist-packages";

/** The folder to put on sys.path for `debugpy` under `folder`: the folder holding the package, or its parent. */
function packageParent(folder: string): string | undefined {
  if (existsSync(join(folder, "debugpy", "__init__.py"))) return folder;
  if (basename(folder) === "debugpy" && existsSync(join(folder, "__init__.py"))) return dirname(folder);
  return undefined;
}

/**
 * The folders the host appends to its sys.path when the interpreter cannot import debugpy itself ([] when there is
 * none: the host then says in one sentence how to get it); throws the one sentence for a `debugpyPath` without it.
 */
export function debugpyFallback(
  debugpyPath: string | undefined,
  fallbacks: string[] = [DEBIAN_DIST_PACKAGES],
): string[] {
  if (debugpyPath !== undefined) {
    const folder = packageParent(debugpyPath);
    if (!folder)
      throw new Error(`Launch attribute \`debugpyPath\` names ${debugpyPath}, which holds no debugpy package.`);
    return [folder];
  }
  for (const candidate of fallbacks) {
    const folder = packageParent(candidate);
    if (folder) return [folder];
  }
  return [];
}
