// The replay host's watchdog thread (see processTree.ts): kills the host's process tree when the lifeline from the
// session closes or the session's process is gone. It runs beside the handler, so a busy or paused handler cannot stop it.
import { Socket } from "node:net";
import { workerData } from "node:worker_threads";
import { killTree, type WatchdogData } from "./processTree";

/** How often the parent pid is compared, for an owner that died without its lifeline closing (it always should). */
const OWNER_POLL_MS = 500;

const { pids, lifelineFd, ownerPid } = workerData as WatchdogData;
const end = (): void => killTree(pids);
const lifeline = new Socket({ fd: lifelineFd, readable: true, writable: false });
lifeline.on("data", () => undefined);
lifeline.on("end", end);
lifeline.on("close", end);
lifeline.on("error", end);
setInterval(() => {
  if (process.ppid !== ownerPid) end();
}, OWNER_POLL_MS);
