// The `durable-replay` debug adapter: `node dist/debugAdapter.js` speaks DAP on stdin/stdout. The extension starts it
// that way (src/extension/debug/debugAdapterFactory.ts), and so can any other DAP client.
import { DebugSession } from "@vscode/debugadapter";
import { DurableReplayDebugSession } from "./durableDebugSession";

DebugSession.run(DurableReplayDebugSession);
