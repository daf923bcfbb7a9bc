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

/** Operations are batched per turn of the event loop: thousands of replayed steps would otherwise mean thousands of messages. */
type OperationsMessage = Extract<HostToSession, { type: "operations" }>;
let pending: OperationsMessage = { type: "operations", records: [] };
let scheduled = false;
function queueOperations(records: OperationsMessage["records"]): void {
  pending.records.push(...records);
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const batch = pending;
    pending = { type: "operations", records: [] };
    void send(batch);
  });
}

process.setSourceMapsEnabled(true);
process.once("message", async (message: SessionToHost) => {
  if (message.type !== "start") return;
  const { config } = message;
  try {
    const { report, sdkVersion, finalOperations } = await runNodeReplay(config, { operations: queueOperations });
    if (pending.records.length) await send(pending);
    await send({
      type: "done",
      report,
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
