// Idle replay hosts, kept for the next replay with the same settings. A host that has replayed once has the SDK loaded
// and its code compiled by V8: `check` over many logs, or a tool replaying again, skips starting Node and the SDK's
// cold first run (about 0.5 s of a 10,000-step replay). An idle host never keeps the caller's process alive, and ends
// when that process does (its IPC channel closes).
import type { ChildProcess } from "node:child_process";

/** Bounds what a long-lived host can gather from handlers that change globals or leave timers. */
const RUNS_PER_HOST = 50;
const IDLE_PER_KEY = 2;

interface Referable {
  ref(): void;
  unref(): void;
}

const idle = new Map<string, ChildProcess[]>();
const runs = new WeakMap<ChildProcess, number>();

function holdsCaller(child: ChildProcess, hold: boolean): void {
  const handles = [child, child.channel, child.stdout, child.stderr] as unknown as Array<Referable | null | undefined>;
  for (const handle of handles) {
    if (hold) handle?.ref();
    else handle?.unref();
  }
}

/** An idle host started with `key`'s settings, now the caller's; undefined when there is none. */
export function takeIdleHost(key: string): ChildProcess | undefined {
  const hosts = idle.get(key);
  while (hosts?.length) {
    const child = hosts.pop()!;
    if (child.exitCode !== null || child.signalCode !== null || !child.connected) continue;
    holdsCaller(child, true);
    return child;
  }
  return undefined;
}

/** Takes back a host whose replay ended cleanly; one that has served enough, or is not needed, is let go. */
export function offerIdleHost(key: string, child: ChildProcess): void {
  const served = (runs.get(child) ?? 0) + 1;
  runs.set(child, served);
  const hosts = idle.get(key) ?? [];
  if (served >= RUNS_PER_HOST || hosts.length >= IDLE_PER_KEY || !child.connected) {
    releaseHost(child);
    return;
  }
  holdsCaller(child, false);
  hosts.push(child);
  idle.set(key, hosts);
  if (served === 1) child.once("exit", () => forget(key, child));
}

function forget(key: string, child: ChildProcess): void {
  const hosts = idle.get(key);
  const index = hosts?.indexOf(child) ?? -1;
  if (index >= 0) hosts!.splice(index, 1);
}

/** Ends a host that is done: it exits when its channel closes, and whatever the handler left running with it. */
export function releaseHost(child: ChildProcess): void {
  if (child.connected) child.disconnect();
}
