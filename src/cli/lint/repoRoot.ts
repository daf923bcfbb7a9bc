import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The nearest folder holding `.git` (a folder, or a file in worktrees), else `start` itself. */
export function repoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return start;
  }
}
