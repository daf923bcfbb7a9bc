// Finds debugpy for the Python host, in order: importable by the interpreter itself; the `debugpyPath` launch
// attribute (the extension fills it with the copy bundled in ms-python.debugpy); Debian's python3-debugpy. Found
// elsewhere than the interpreter, its folder is appended to the host's sys.path (never ahead of the user's packages).
import { spawnSync } from "node:child_process";
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
 * The folders to append to the host's sys.path so it imports debugpy ([] when the interpreter has it); throws the
 * one sentence that says how to get it.
 */
export function locateDebugpy(
  python: string,
  env: NodeJS.ProcessEnv,
  debugpyPath: string | undefined,
  fallbacks: string[] = [DEBIAN_DIST_PACKAGES],
): string[] {
  if (spawnSync(python, ["-c", "import debugpy"], { env, stdio: "ignore" }).status === 0) return [];
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
  throw new Error(
    `${python} cannot import debugpy, which debugs Python handlers: install it (pip install debugpy) or name its folder with the debugpyPath launch attribute.`,
  );
}
