// Whether processes a test started are still running: replay hosts must end when their session is done with them.

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
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
