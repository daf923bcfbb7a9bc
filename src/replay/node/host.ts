// The Node replay host: a child process that runs the user's handler under the session's control (IPC channel).
// Started with --inspect-brk when a debugger attaches, so breakpoints are set before any user code runs.
import type { HostToSession, SessionToHost } from "../../protocol/host";
import { HandlerLoadError } from "./handlerLoader";
import { prepareNodeReplay, type PreparedReplay } from "./nodeReplay";

function send(message: HostToSession): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * Operations are batched: thousands of replayed steps would otherwise mean thousands of messages. A batch leaves when
 * it is large, after a short delay, or at once before a debugger stop (the adapter must know the operation it stops at).
 */
type OperationsMessage = Extract<HostToSession, { type: "operations" }>;
const BATCH_SIZE = 2000;
const BATCH_DELAY_MS = 25;
let pending: OperationsMessage["records"] = [];
let timer: NodeJS.Timeout | undefined;
function sendPending(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (pending.length === 0) return Promise.resolve();
  // JSON leaves undefined fields out; a spread is several times cheaper than a rest pattern here.
  const records = pending.map((record) => ({ ...record, recorded: undefined }));
  pending = [];
  return send({ type: "operations", records });
}
function queueOperations(records: OperationsMessage["records"]): void {
  for (const record of records) pending.push(record);
  if (pending.length >= BATCH_SIZE) void sendPending();
  else timer ??= setTimeout(() => void sendPending(), BATCH_DELAY_MS);
}

async function run(prepared: PreparedReplay, message: Extract<SessionToHost, { type: "start" }>, wantRecording: boolean): Promise<void> {
  try {
    const { report, sdkVersion, finalOperations } = await prepared.run(message.log);
    await sendPending();
    // The session already has every record from the stream; the report travels without them.
    await send({
      type: "done",
      report: { ...report, operations: [] },
      ...(wantRecording ? { recording: { sdkVersion, operations: finalOperations } } : {}),
    });
  } catch (error) {
    const text =
      error instanceof HandlerLoadError
        ? error.message
        : `The replay host failed: ${error instanceof Error ? error.message : String(error)}`;
    await send({ type: "fatal", message: text });
  }
  process.exit(0);
}

let prepared: { replay: PreparedReplay; wantRecording: boolean } | undefined;
process.on("message", (message: SessionToHost) => {
  if (message.type === "prepare") {
    prepared = {
      replay: prepareNodeReplay(message.config, { operations: queueOperations, flushNow: () => void sendPending() }),
      wantRecording: message.config.wantRecording,
    };
  } else if (message.type === "start" && prepared) {
    void run(prepared.replay, message, prepared.wantRecording);
  }
});
