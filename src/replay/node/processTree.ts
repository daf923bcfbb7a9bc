// The host owns its process tree: itself (the leader of its own process group, forked detached), every process the
// handler starts, and their children. The tree ends when the host's lifeline closes: a pipe from the session whose
// other end only the session holds, so it closes when the session lets the host go or kills it, and when the session's
// process dies in any way (SIGKILL included: the kernel closes it). A worker thread watches the lifeline, so a handler
// that loops forever or sits at a breakpoint cannot keep the tree alive. Children the handler starts `detached` lead
// process groups of their own; the host notes their pids as they are spawned and kills those groups too.
import { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/** Room for the pids of this many handler-started processes alive at once; beyond it they are not tracked. */
const TRACKED_CHILDREN = 1024;

export interface WatchdogData {
  /** Pids of live processes the handler spawned (0: free slot), shared with the host's main thread. */
  pids: Int32Array;
  lifelineFd: number;
  /** The session's pid when the host started: a changed parent pid means the session is gone. */
  ownerPid: number;
}

/** Kills every tracked child's group and the child itself, then the host's own group (this process included). */
export function killTree(pids: Int32Array): void {
  for (let slot = 0; slot < pids.length; slot++) {
    const pid = Atomics.load(pids, slot);
    if (pid <= 0) continue;
    signal(-pid);
    signal(pid);
  }
  signal(-process.pid);
  signal(process.pid);
}

function signal(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Gone already, or not a group leader.
  }
}

const pids = new Int32Array(new SharedArrayBuffer(TRACKED_CHILDREN * Int32Array.BYTES_PER_ELEMENT));
let spawnedAny = false;
let hostSpawning = false;

/** Runs `start`, which may start a process of the host's own (esbuild's service): tracked, but not the handler's. */
export function ownSpawn<T>(start: () => T): T {
  hostSpawning = true;
  try {
    return start();
  } finally {
    hostSpawning = false;
  }
}

/** Whether the handler has started a process since this host began; such a host is not reused. */
export function handlerSpawned(): boolean {
  return spawnedAny;
}

/** Kills the tree from the host's main thread (the session let the host go). */
export function endTree(): void {
  killTree(pids);
}

/**
 * Notes every process the handler starts (spawn, exec, execFile and fork all go through ChildProcess#spawn) until it
 * exits, and starts the watchdog thread on the lifeline. Processes started by spawnSync/execSync are waited for, and
 * grandchildren that leave their parent's group are not seen: the README says so.
 */
export function watchProcessTree(lifelineFd: number): void {
  // Undocumented but stable since Node 0.x: the one method every asynchronous child_process function calls.
  const proto = ChildProcess.prototype as unknown as { spawn: (this: ChildProcess, ...args: unknown[]) => unknown };
  const spawn = proto.spawn;
  proto.spawn = function (...args) {
    const result = spawn.apply(this, args);
    const pid = this.pid;
    if (pid !== undefined) {
      if (!hostSpawning) spawnedAny = true;
      const slot = track(pid);
      if (slot >= 0) this.once("exit", () => Atomics.compareExchange(pids, slot, pid, 0));
    }
    return result;
  };
  const data: WatchdogData = { pids, lifelineFd, ownerPid: process.ppid };
  // No inherited --inspect-brk: the watchdog must never wait for a debugger.
  const worker = new Worker(join(__dirname, "replayWatchdog.js"), { workerData: data, execArgv: [] });
  worker.unref();
}

function track(pid: number): number {
  for (let slot = 0; slot < pids.length; slot++) {
    if (Atomics.compareExchange(pids, slot, 0, pid) === 0) return slot;
  }
  return -1;
}
