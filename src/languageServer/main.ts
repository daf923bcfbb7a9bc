// Language server process (dist/languageServer.js). The same bundle also runs as the lint worker thread, so the
// worker needs no separate build entry.
import { isMainThread } from "node:worker_threads";
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { runLintWorker } from "./lintWorker";
import { startLintServer } from "./server";

if (isMainThread) {
  // Transport (--stdio, --node-ipc, --socket=) comes from argv.
  const connection = createConnection(ProposedFeatures.all);
  startLintServer(connection, { workerScript: __filename });
  connection.listen();
} else {
  runLintWorker();
}
