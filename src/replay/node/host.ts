// The Node replay host: a child process that runs the user's handler under the session's control (IPC channel).
// Started with --inspect-brk when a debugger attaches, so breakpoints are set before any user code runs. After a run
// it waits: the session may hand it the next replay (its SDK loaded and compiled already) or disconnect, which ends it.
import { LIFELINE_FD, type HostConfig, type HostToSession, type SessionToHost } from "../../protocol/host";
import { LogReadError } from "../../protocol/replayLog";
import { readLog, refusedByNode } from "../log/readLog";
import { HandlerLoadError } from "./handlerLoader";
import { forgetPreviousReplay, prepareNodeReplay, type PreparedReplay } from "./nodeReplay";
import { endTree, handlerSpawned, watchProcessTree } from "./processTree";

// First: from here on, whatever ends the session ends this process and everything the handler starts.
watchProcessTree(LIFELINE_FD);

function send(message: HostToSession): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * Operations are batched: thousands of replayed steps would otherwise mean thousands of messages. Batches leave by the
 * clock, checked on every call (a replayed loop is one microtask chain in which no timer fires), at once before a
 * debugger stop (the adapter must know the operation it stops at), and at the end. Each message stays well under the
 * pipe's 64 KiB buffer, so it is written at once instead of waiting for the event loop to turn.
 */
type OperationsMessage = Extract<HostToSession, { type: "operations" }>;
const RECORDS_PER_MESSAGE = 200;
const SEND_EVERY_MS = 50;
let pending: OperationsMessage["records"] = [];
let timer: NodeJS.Timeout | undefined;
let lastSend = 0;
function sendPending(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = undefined;
  lastSend = performance.now();
  const sent: Promise<void>[] = [];
  for (let start = 0; start < pending.length; start += RECORDS_PER_MESSAGE) {
    sent.push(send({ type: "operations", records: pending.slice(start, start + RECORDS_PER_MESSAGE) }));
  }
  pending = [];
  return Promise.all(sent).then(() => undefined);
}
function queueOperations(records: OperationsMessage["records"]): void {
  for (const record of records) pending.push(record);
  if (performance.now() - lastSend >= SEND_EVERY_MS) void sendPending();
  else timer ??= setTimeout(() => void sendPending(), SEND_EVERY_MS);
}

/** The streams' own write methods, taken before any handler can replace them (a logger silencing stdout, say). */
const writeOut = process.stdout.write.bind(process.stdout);
const writeErr = process.stderr.write.bind(process.stderr);

/** Writes the run's output mark after everything the handler wrote, and waits until both pipes have taken it. */
function markOutputEnd(mark: string): Promise<void> {
  const written = (write: typeof writeOut): Promise<void> =>
    new Promise((resolve) => {
      try {
        write(mark, () => resolve());
      } catch {
        resolve();
      }
    });
  return Promise.all([written(writeOut), written(writeErr)]).then(() => undefined);
}

/** A log this host must not run the handler against; its message is one sentence. */
class LogRefused extends Error {}

async function run(
  prepared: PreparedReplay,
  config: HostConfig,
  message: Extract<SessionToHost, { type: "start" }>,
): Promise<void> {
  try {
    const log = "log" in message ? message.log : readLog(message.logFile.file, message.logFile.read);
    const refusal = refusedByNode(log);
    if (refusal) throw new LogRefused(refusal);
    const { report, sdkVersion, finalOperations, reusable } = await prepared.run(log);
    await sendPending();
    await markOutputEnd(config.outputMark);
    // The session already has every record from the stream; the report travels without them.
    await send({
      type: "done",
      report: { ...report, operations: [] },
      // A host whose handler started processes ends with them instead of serving again.
      reusable: reusable && !handlerSpawned(),
      ...(config.wantRecording ? { recording: { sdkVersion, operations: finalOperations } } : {}),
    });
  } catch (error) {
    const text =
      error instanceof HandlerLoadError || error instanceof LogReadError || error instanceof LogRefused
        ? error.message
        : `The replay host failed: ${error instanceof Error ? error.message : String(error)}`;
    await markOutputEnd(config.outputMark);
    await send({ type: "fatal", message: text });
  }
}

let prepared: { replay: PreparedReplay; config: HostConfig } | undefined;
process.on("message", (message: SessionToHost) => {
  if (message.type === "prepare") {
    if (prepared) forgetPreviousReplay();
    const sink = { operations: queueOperations, flushNow: () => void sendPending() };
    prepared = { replay: prepareNodeReplay(message.config, sink), config: message.config };
  } else if (message.type === "start" && prepared) {
    void run(prepared.replay, prepared.config, message);
  }
});
// The session is done with this host (or gone): whatever the handler left running ends with it.
process.on("disconnect", endTree);
