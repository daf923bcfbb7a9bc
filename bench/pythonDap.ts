// Python debugger benchmark against the standalone adapter, on a generated 1,000-step Python handler and its log
// (bench/pythonReplay.ts makes both), under debugpy (the machine's, as the tests find it):
//   first stop: from the `launch` request to the `stopped` event of a line breakpoint in the first iteration; the
//   adapter process's own start is before it (it answers `initialize` first, which an editor waits for before it
//   sends `launch`);
//   next: p50/p95 of `next` (request to `stopped`) through the loop, over replayed `context.step(...)` calls;
//   stepBack: from an operation breakpoint at the last step back to the one before it (host restart + replay), asked
//   at once (the next host the adapter starts at a stop is still loading) and asked again a second after the stop it
//   lands on, as a user who looked at it (that host is ready).
// Targets on this 2-core machine: first stop < 1.5 s, next p50 < 50 ms, stepBack < 2 s.
// Baseline, measured in the same run: the same replay without a debugger (`replay()` in a new Python host).
// Run: npm run build && npx tsx bench/pythonDap.ts
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { readLog } from "../src/replay/log/readLog";
import { replay } from "../src/replay/session/replaySession";
import { launch, startAdapter } from "../test/dap/adapterClient";
import { pythonSdkEnv } from "../test/support/pythonSdk";
import { handlerSource, invocationLog } from "./pythonReplay";
import { runWhenMain } from "./benchEntry";

const OPERATIONS = 1_000;
const LAUNCHES = 3;
const NEXTS = 30;
/** How long a user looks at a stop before stepping back, in the second stepBack measure. */
const USER_LOOKS_MS = 1_000;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-python-dap-"));
  try {
    const handler = join(dir, "loop.py");
    const log = join(dir, "loop.history.json");
    writeFileSync(handler, handlerSource(OPERATIONS));
    writeFileSync(log, JSON.stringify(invocationLog(OPERATIONS)));
    const line =
      readFileSync(handler, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("context.step(")) + 1;
    const env = { PYTHONPATH: pythonSdkEnv().PYTHONPATH ?? "" };
    let thread = 1;
    const stopped = async (client: DebugClient): Promise<void> => {
      const event = (await client.waitForEvent("stopped", 120_000)) as DebugProtocol.StoppedEvent;
      thread = event.body.threadId ?? thread;
    };

    const baselines: number[] = [];
    const launches: number[] = [];
    const nexts: number[] = [];
    for (let i = 0; i < LAUNCHES; i++) {
      let start = performance.now();
      await replay({ handlerFile: handler, log: readLog(log), onLogEnd: "live", reuseHost: false, env, cwd: dir });
      baselines.push(performance.now() - start);
      const client = await startAdapter();
      const initialized = client.waitForEvent("initialized", 120_000);
      await client.initializeRequest();
      const first = stopped(client);
      start = performance.now();
      await Promise.all([
        initialized
          .then(() => client.setBreakpointsRequest({ source: { path: handler }, breakpoints: [{ line }] }))
          .then(() => client.configurationDoneRequest()),
        client.launchRequest({ handler, log, env, cwd: dir } as DebugProtocol.LaunchRequestArguments),
      ]);
      await first;
      launches.push(performance.now() - start);
      if (i === 0) {
        for (let n = 0; n < NEXTS; n++) {
          start = performance.now();
          await Promise.all([stopped(client), client.nextRequest({ threadId: thread })]);
          nexts.push(performance.now() - start);
        }
      }
      await client.stop();
    }
    const client = await startAdapter();
    const last = stopped(client);
    await launch(client, { handler, log, env, cwd: dir }, () =>
      client.setFunctionBreakpointsRequest({ breakpoints: [{ name: `step_${OPERATIONS}` }] }),
    );
    await last;
    let start = performance.now();
    await Promise.all([stopped(client), client.stepBackRequest({ threadId: thread })]);
    const stepBack = performance.now() - start;
    await new Promise((resolve) => setTimeout(resolve, USER_LOOKS_MS));
    start = performance.now();
    await Promise.all([stopped(client), client.stepBackRequest({ threadId: thread })]);
    const lookedStepBack = performance.now() - start;
    await client.stop();

    const base = median(baselines);
    console.log("\n| Python debugger measure | ms | vs replay without debugger | target |\n|---|---:|---:|---|");
    const row = (name: string, ms: number, target: string, ratio = true): void =>
      console.log(`| ${name} | ${ms.toFixed(1)} | ${ratio ? `${(ms / base).toFixed(2)}x` : ""} | ${target} |`);
    row(`baseline: replay() without debugger, ${OPERATIONS} operations (median of ${LAUNCHES})`, base, "");
    row(`launch → first stop (median of ${LAUNCHES})`, median(launches), "< 1500 ms");
    row(`next p50 (${NEXTS} steps)`, percentile(nexts, 50), "< 50 ms", false);
    row(`next p95 (${NEXTS} steps)`, percentile(nexts, 95), "", false);
    row(`stepBack at ${OPERATIONS} operations, asked at once`, stepBack, "< 2000 ms");
    row(`stepBack at ${OPERATIONS} operations, asked ${USER_LOOKS_MS} ms after the stop`, lookedStepBack, "< 2000 ms");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(module, main);
