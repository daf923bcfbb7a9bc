// Whether processes a test started are still running: replay hosts, and whatever their handlers start, must end
// when their session is done with them, however it ends.
import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Running: it exists and is not a zombie (a killed process waits as one until its parent reaps it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Field 3 of /proc/<pid>/stat, after the parenthesized command name.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return existsSync(`/proc/${pid}`) || process.platform !== "linux";
  }
}

/** Polls `read` until `done` holds or `withinMs` pass (a released process exits a moment later); the last value read. */
export async function settled<T>(read: () => T, done: (value: T) => boolean, withinMs = 2000): Promise<T> {
  const until = Date.now() + withinMs;
  let value = read();
  while (!done(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = read();
  }
  return value;
}

/**
 * The process tree test/fixtures/handlers/processTree.ts leaves in `dir`: the host, a child and a detached child of
 * the handler, and a grandchild under each. Waits until all have written their pids (and, with `looping`, until the
 * handler spins).
 */
export async function handlerTree(dir: string, looping: boolean, withinMs = 60_000): Promise<Map<string, number>> {
  const names = ["host", "child", "child-grandchild", "detached", "detached-grandchild"];
  const wanted = looping ? [...names, "looping"] : names;
  const present = await settled(
    () => wanted.filter((name) => existsSync(join(dir, name))),
    (found) => found.length === wanted.length,
    withinMs,
  );
  assert.deepEqual(present, wanted, "the handler did not start its process tree");
  return new Map(names.map((name) => [name, Number(readFileSync(join(dir, name), "utf8"))]));
}

/** Asserts that every process of `tree` ends within `withinMs`, naming the survivors. */
export async function assertTreeEnded(tree: Map<string, number>, withinMs = 5000): Promise<void> {
  const survivors = await settled(
    () => [...tree].filter(([, pid]) => isAlive(pid)),
    (left) => left.length === 0,
    withinMs,
  );
  for (const [, pid] of survivors) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
  assert.deepEqual(
    survivors.map(([name, pid]) => `${name} (${pid})`),
    [],
    "processes of the handler's tree are still running",
  );
}
