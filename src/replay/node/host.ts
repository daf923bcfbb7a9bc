// The Node replay host: a child process that runs the user's handler under the session's control (IPC channel).
// Started with --inspect-brk when a debugger attaches, so breakpoints are set before any user code runs.
import type { HostToSession, SessionToHost } from "../../protocol/host";
import { HandlerLoadError } from "./handlerLoader";
import { runNodeReplay } from "./nodeReplay";

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
  const records = pending;
  pending = [];
  return send({ type: "operations", records });
}
function queueOperations(records: OperationsMessage["records"]): void {
  for (const record of records) pending.push(record);
  if (pending.length >= BATCH_SIZE) void sendPending();
  else timer ??= setTimeout(() => void sendPending(), BATCH_DELAY_MS);
}

process.setSourceMapsEnabled(true);
process.once("message", async (message: SessionToHost) => {
  if (message.type !== "start") return;
  const { config } = message;
  try {
    const { report, sdkVersion, finalOperations } = await runNodeReplay(config, {
      operations: queueOperations,
      flushNow: () => void sendPending(),
    });
    await sendPending();
    // The session already has every record from the stream; the report travels without them.
    await send({
      type: "done",
      report: { ...report, operations: [] },
      ...(config.wantRecording ? { recording: { sdkVersion, operations: finalOperations } } : {}),
    });
  } catch (error) {
    const text =
      error instanceof HandlerLoadError
        ? error.message
        : `The replay host failed: ${error instanceof Error ? error.message : String(error)}`;
    await send({ type: "fatal", message: text });
  }
  process.exit(0);
});
