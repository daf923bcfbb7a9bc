// Debug adapter benchmark against the standalone adapter (dist/debugAdapter.js), on a recorded 1,000-step loop:
//   first stop: from `launch` to the `stopped` event of a line breakpoint in the first iteration;
//   next: p50/p95 of `next` (request to `stopped`) through the loop, over replayed `await context.step(...)`;
//   stepBack: from a stop at the last operation back to the one before it (host restart + deterministic replay).
// Targets on this 2-core machine: first stop < 1.5 s, next p50 < 50 ms, stepBack at 1,000 operations < 1 s.
// Baseline, measured in the same run: the same replay without a debugger (`replay()` in a new host: host start + whole
// replay), the floor under both the first stop and a step back, which restarts the host.
// Run: npm run build && npx tsx bench/dap.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import { readLog } from "../src/replay/log/readLog";
import { replay } from "../src/replay/session/replaySession";
import { opLine } from "../test/fixtures/handlers/opLines";
import { launch, startAdapter } from "../test/dap/adapterClient";
import { LOOP_HANDLER, recordLoopLog } from "../test/dap/loopLog";
import { runWhenMain } from "./benchEntry";

const OPERATIONS = 1_000;
const LAUNCHES = 5;
const NEXTS = 60;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed(client: DebugClient, request: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await Promise.all([client.waitForEvent("stopped", 60_000), request()]);
  return performance.now() - start;
}

async function firstStop(log: string): Promise<{ ms: number; client: DebugClient }> {
  const client = await startAdapter();
  const stopped = client.waitForEvent("stopped", 60_000);
  const start = performance.now();
  await launch(client, { handler: LOOP_HANDLER, log }, () =>
    client.setBreakpointsRequest({
      source: { path: LOOP_HANDLER },
      breakpoints: [{ line: opLine(LOOP_HANDLER, "item") }],
    }),
  );
  await stopped;
  return { ms: performance.now() - start, client };
}

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-dap-"));
  try {
    process.stdout.write(`recording a ${OPERATIONS}-step log with the testing library... `);
    const log = await recordLoopLog(join(dir, "loop.history.json"), OPERATIONS);
    console.log("done");

    const launches: number[] = [];
    const nexts: number[] = [];
    const baselines: number[] = [];
    for (let i = 0; i < LAUNCHES; i++) {
      const start = performance.now();
      await replay({ handlerFile: LOOP_HANDLER, log: readLog(log), onLogEnd: "live", reuseHost: false });
      baselines.push(performance.now() - start);
      const { ms, client } = await firstStop(log);
      launches.push(ms);
      if (i === 0) {
        await client.setBreakpointsRequest({ source: { path: LOOP_HANDLER }, breakpoints: [] });
        for (let n = 0; n < NEXTS; n++) nexts.push(await timed(client, () => client.nextRequest({ threadId: 1 })));
      }
      await client.stop();
    }

    const rows: Array<[string, number, string]> = [
      [`baseline: replay() without debugger, ${OPERATIONS} operations (median of 5)`, percentile(baselines, 50), ""],
      ["launch → first stop (median of 5)", percentile(launches, 50), "< 1500 ms"],
      [`next p50 (${NEXTS} steps)`, percentile(nexts, 50), "< 50 ms"],
      [`next p95 (${NEXTS} steps)`, percentile(nexts, 95), ""],
    ];
    console.log("\n| measure | ms | target |\n|---|---:|---|");
    const print = ([name, ms, target]: [string, number, string]): void =>
      console.log(`| ${name} | ${ms.toFixed(1)} | ${target} |`);
    rows.forEach(print);

    const client = await startAdapter();
    const last = client.waitForEvent("stopped", 60_000);
    await launch(client, { handler: LOOP_HANDLER, log }, () =>
      client.setFunctionBreakpointsRequest({ breakpoints: [{ name: `item_${OPERATIONS - 1}` }] }),
    );
    await last;
    const stepBack = await timed(client, () => client.stepBackRequest({ threadId: 1 }));
    await client.stop();

    print([`stepBack at ${OPERATIONS} operations`, stepBack, "< 1000 ms"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(module, main);
