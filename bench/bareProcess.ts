// The bare SDK in a process of its own: start Node, load the SDK and the handler (already compiled to JS), parse the
// log, replay it with a minimal client, exit. The least any tool that replays outside the caller's process must do.
// Bundled and run by bench/replay.ts: node bareProcess.js <handler.cjs> <log.json> <expected result>
import { readFileSync } from "node:fs";
import type { InvocationOutput } from "../src/protocol/wire";
import { DurableExecutionInvocationInputWithClient } from "../src/replay/node/invocationInput";
import { CountingClient } from "./countingClient";

type Invoke = (event: object, lambdaContext: object) => Promise<InvocationOutput>;

async function main(): Promise<void> {
  const [handlerFile, logFile, expected] = process.argv.slice(2);
  const { handler } = require(handlerFile) as { handler: Invoke };
  const client = new CountingClient();
  const event = new DurableExecutionInvocationInputWithClient(
    JSON.parse(readFileSync(logFile, "utf8")) as object,
    client,
  );
  const output = await handler(event, { awsRequestId: "bench", getRemainingTimeInMillis: () => 900_000 });
  const clean = output.Status === "SUCCEEDED" && output.Result === expected && client.checkpoints === 0;
  if (!clean)
    process.stderr.write(
      `the bare SDK process did not replay the log cleanly: ${JSON.stringify(output).slice(0, 300)}\n`,
    );
  // Done when the replay is: the SDK may leave timers that would keep the process up (our host exits the same way).
  process.exit(clean ? 0 : 1);
}

void main();
