// The `durable-replay` debug adapter: `node dist/debugAdapter.js` speaks DAP on stdin/stdout; the extension runs the
// same session inline.
import { DebugSession } from "@vscode/debugadapter";
import { DurableReplayDebugSession } from "./durableDebugSession";

export { DurableReplayDebugSession };

if (require.main === module) DebugSession.run(DurableReplayDebugSession);
