// Idle replay hosts, kept for the next replay with the same settings. A host that has replayed once has the SDK loaded
// and its code compiled by V8: `check` over many logs, or a tool replaying again, skips starting Node and the SDK's
// cold first run (about 0.5 s of a 10,000-step replay). An idle host never keeps the caller's process alive, ends
// when that process does (its lifeline closes), and is let go after a minute unused.
import type { ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { LIFELINE_FD } from "../../protocol/host";

/** Bounds what a long-lived host can gather from handlers that change globals or leave timers. */
const RUNS_PER_HOST = 50;
/** Across all settings: callers that vary the environment per replay must not pile up processes. */
const MAX_IDLE = 2;
const IDLE_MS = 60_000;

interface Referable {
  ref(): void;
  unref(): void;
}

interface IdleHost {
  key: string;
  child: ChildProcess;
  expiry: NodeJS.Timeout;
}

/** Oldest first. */
const idle: IdleHost[] = [];
const runs = new WeakMap<ChildProcess, number>();

/** The session's end of the host's lifeline: closing it ends the host and its process tree (processTree.ts). */
export function lifelineOf(child: ChildProcess): Socket | undefined {
  return (child.stdio[LIFELINE_FD] as Socket | null | undefined) ?? undefined;
}

function holdsCaller(child: ChildProcess, hold: boolean): void {
  const handles = [child, child.channel, child.stdout, child.stderr, lifelineOf(child)] as unknown as Array<
    Referable | null | undefined
  >;
  for (const handle of handles) {
    if (hold) handle?.ref();
    else handle?.unref();
  }
}

function remove(child: ChildProcess): IdleHost | undefined {
  const index = idle.findIndex((host) => host.child === child);
  if (index < 0) return undefined;
  const [host] = idle.splice(index, 1);
  clearTimeout(host.expiry);
  return host;
}

/** An idle host started with `key`'s settings, now the caller's; undefined when there is none. */
export function takeIdleHost(key: string): ChildProcess | undefined {
  for (let index = idle.length - 1; index >= 0; index--) {
    const { child } = idle[index];
    if (idle[index].key !== key) continue;
    remove(child);
    if (child.exitCode !== null || child.signalCode !== null || !child.connected) continue;
    holdsCaller(child, true);
    return child;
  }
  return undefined;
}

/** Takes back a host whose replay ended cleanly; one that has served enough is let go, and so is the oldest idle one. */
export function offerIdleHost(key: string, child: ChildProcess): void {
  const served = (runs.get(child) ?? 0) + 1;
  runs.set(child, served);
  if (served >= RUNS_PER_HOST || !child.connected) return releaseHost(child);
  if (served === 1) child.once("exit", () => remove(child));
  holdsCaller(child, false);
  const expiry = setTimeout(() => {
    remove(child);
    releaseHost(child);
  }, IDLE_MS);
  expiry.unref();
  idle.push({ key, child, expiry });
  while (idle.length > MAX_IDLE) releaseHost(idle[0].child);
}

/** Ends a host that is done: its lifeline closes, and it ends with whatever the handler left running. */
export function releaseHost(child: ChildProcess): void {
  remove(child);
  if (child.connected) child.disconnect();
  lifelineOf(child)?.destroy();
}
