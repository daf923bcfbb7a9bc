// Replay benchmark: a generated handler with N sequential steps and a complete log of it, run five ways.
//   (a) ours, new host: `replay()` of the log file, everything included (reading the log, starting the host process,
//       loading the SDK), in a host started for it: what `durable-replay run` does.
//   (w) ours, warm host: the same `replay()` in a host an earlier replay left idle, its SDK loaded and compiled: what
//       `durable-replay check` does from its second log on, and any tool replaying again. Also everything included.
//   (b) bare: the SDK replaying the same operations in-process against a minimal checkpoint client; the lower bound,
//       warm (the SDK is loaded and its code compiled by earlier runs in this process).
//   (c) live: AWS's testing library running the same workflow for real (time skipped).
//   (d) bare in its own process (bench/bareProcess.ts): Node start, SDK load, log parse and the same replay: the cold
//       lower bound, the least any replay in a new process costs.
// The target (ours ≤ 1.5x bare) compares like with like: warm with warm, (w) / (b), and cold with cold, (a) / (d).
// Then a `check`-style batch: ten 1,000-step logs replayed one after another, in warm hosts and with a new host each.
// Run: npm run build && npx tsx bench/replay.ts
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { DurableLambdaHandler } from "@aws/durable-execution-sdk-js";
import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { buildSync, transformSync } from "esbuild";
import type { InvocationOutput, WireOperation } from "../src/protocol/wire";
import { stepIdHash } from "../src/replay/log/readLog";
import { DurableExecutionInvocationInputWithClient } from "../src/replay/node/invocationInput";
import { replay } from "../src/replay/session/replaySession";
import { CountingClient } from "./countingClient";
import { runWhenMain } from "./benchEntry";

const SIZES = [1_000, 10_000];
/** Captured before the testing library installs fake timers, which also fake `performance.now()`. */
const realNow = performance.now.bind(performance);
/** Each figure but (c) is the median of this many runs, interleaved with its baseline's so load hits both alike. */
const REPEATS = 7;
const INPUT = { benchmark: true };

interface Workload {
  steps: number;
  dir: string;
  handlerFile: string;
  /** The handler compiled to CommonJS ahead of time, and the bundled bareProcess.ts that replays it: run (d). */
  compiledHandler: string;
  bareProcess: string;
  /** The complete log as a durable invocation event (`InitialExecutionState`), the input both replays get. */
  logFile: string;
  operations: WireOperation[];
  /** What the handler returns, serialized: the sum 1..N. */
  expectedResult: string;
}

export function handlerSource(steps: number): string {
  return `import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";

export const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  let total = 0;
  for (let i = 1; i <= ${steps}; i++) total += await context.step(\`step_\${i}\`, async () => i);
  return total;
});
`;
}

/** The log the SDK would have produced: the EXECUTION operation first, then one SUCCEEDED step per position. */
export function completeLog(steps: number): WireOperation[] {
  const start = new Date().toISOString();
  const execution: WireOperation = {
    Id: "00000000-0000-4000-8000-000000000000",
    Type: "EXECUTION",
    Status: "STARTED",
    StartTimestamp: start,
    ExecutionDetails: { InputPayload: JSON.stringify(INPUT) },
  };
  const stepOps = Array.from({ length: steps }, (_, index): WireOperation => ({
    Id: stepIdHash(String(index + 1)),
    Name: `step_${index + 1}`,
    Type: "STEP",
    SubType: "Step",
    Status: "SUCCEEDED",
    StartTimestamp: start,
    EndTimestamp: start,
    StepDetails: { Attempt: 1, Result: JSON.stringify(index + 1) },
  }));
  return [execution, ...stepOps];
}

function invocationEvent(operations: WireOperation[]): object {
  return {
    DurableExecutionArn: "bench-execution",
    CheckpointToken: "bench-0",
    InitialExecutionState: { Operations: operations, NextMarker: "" },
  };
}

/** A throwaway project: the handler resolves the SDK through a link to this repository's node_modules. */
function createWorkload(steps: number): Workload {
  const dir = mkdtempSync(join(tmpdir(), `durable-replay-bench-${steps}-`));
  symlinkSync(resolve(__dirname, "..", "node_modules"), join(dir, "node_modules"), "dir");
  const handlerFile = join(dir, "handler.ts");
  writeFileSync(handlerFile, handlerSource(steps));
  const operations = completeLog(steps);
  const logFile = join(dir, "log.invocation.json");
  writeFileSync(logFile, JSON.stringify(invocationEvent(operations)));
  const compiledHandler = join(dir, "handler.cjs");
  writeFileSync(
    compiledHandler,
    transformSync(readFileSync(handlerFile, "utf8"), { loader: "ts", format: "cjs" }).code,
  );
  const bareProcess = join(dir, "bareProcess.js");
  buildSync({
    entryPoints: [join(__dirname, "bareProcess.ts")],
    outfile: bareProcess,
    bundle: true,
    platform: "node",
    format: "cjs",
    external: ["@aws/durable-execution-sdk-js"],
    logLevel: "error",
  });
  const expectedResult = String((steps * (steps + 1)) / 2);
  return { steps, dir, handlerFile, compiledHandler, bareProcess, logFile, operations, expectedResult };
}

async function loadHandler(file: string): Promise<DurableLambdaHandler> {
  const module = (await import(file)) as { handler: DurableLambdaHandler };
  return module.handler;
}

async function timeBare(work: Workload, handler: DurableLambdaHandler): Promise<number> {
  // The SDK's types want its own event class and a full Lambda context; it only needs what is given here.
  const invoke = handler as unknown as (event: object, lambdaContext: object) => Promise<InvocationOutput>;
  const client = new CountingClient();
  const event = new DurableExecutionInvocationInputWithClient(invocationEvent(work.operations), client);
  const started = realNow();
  const output = await invoke(event, { awsRequestId: "bench", getRemainingTimeInMillis: () => 900_000 });
  const elapsed = realNow() - started;
  if (output.Status !== "SUCCEEDED" || output.Result !== work.expectedResult || client.checkpoints !== 0) {
    throw new Error(
      `the bare SDK did not replay the ${work.steps}-step log cleanly: ${JSON.stringify(output)}, ${client.checkpoints} checkpoints`,
    );
  }
  return elapsed;
}

function timeBareProcess(work: Workload): number {
  const started = realNow();
  const run = spawnSync(process.execPath, [work.bareProcess, work.compiledHandler, work.logFile, work.expectedResult], {
    cwd: work.dir,
    encoding: "utf8",
  });
  const elapsed = realNow() - started;
  if (run.status !== 0) throw new Error(run.stderr.trim() || `the bare SDK process exited with ${run.status}`);
  return elapsed;
}

async function timeOurs(work: Workload, reuseHost: boolean): Promise<number> {
  const started = realNow();
  const report = await replay({
    handlerFile: work.handlerFile,
    log: { file: work.logFile },
    onLogEnd: "stop",
    reuseHost,
  });
  const elapsed = realNow() - started;
  const replayed = report.operations.filter((op) => op.state === "replayed").length;
  if (
    report.status !== "SUCCEEDED" ||
    JSON.stringify(report.result) !== work.expectedResult ||
    replayed !== work.steps
  ) {
    throw new Error(
      `our replay of the ${work.steps}-step log ended ${report.status} with ${JSON.stringify(report.result)}, ` +
        `${replayed} operations replayed, ${report.divergences.length} divergences`,
    );
  }
  return elapsed;
}

type LiveOperation = { Id?: string; Name?: string; StepDetails?: { Result?: string } } | undefined;

/** The generated log must be what the SDK really records, or the replays would be measured on a fiction. */
function assertSameOperations(work: Workload, live: LiveOperation[]): void {
  const generated = work.operations.slice(1);
  const differs = (index: number): boolean =>
    live[index]?.Id !== generated[index].Id ||
    live[index]?.Name !== generated[index].Name ||
    live[index]?.StepDetails?.Result !== generated[index].StepDetails?.Result;
  const first = generated.findIndex((_, index) => differs(index));
  if (live.length !== generated.length || first >= 0) {
    throw new Error(
      `the generated ${work.steps}-step log differs from the live run's operations ` +
        (first >= 0 ? `at step ${first + 1}` : `(${live.length} operations recorded live)`),
    );
  }
}

async function timeLive(work: Workload, handler: DurableLambdaHandler): Promise<number> {
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  try {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const started = realNow();
    const result = await runner.run({ payload: INPUT });
    const elapsed = realNow() - started;
    const returned = JSON.stringify(result.getResult());
    if (result.getStatus() !== "SUCCEEDED" || returned !== work.expectedResult) {
      throw new Error(`the testing library's ${work.steps}-step run ended ${result.getStatus()} with ${returned}`);
    }
    assertSameOperations(
      work,
      result.getOperations().map((op) => op.getOperationData()),
    );
    return elapsed;
  } finally {
    await LocalDurableTestRunner.teardownTestEnvironment();
  }
}

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Row {
  steps: number;
  oursMs: number;
  oursWarmMs: number;
  bareMs: number;
  bareProcessMs: number;
  liveMs: number;
}

async function measure(work: Workload): Promise<Row> {
  const handler = await loadHandler(work.handlerFile);
  // The live run is the slow one (the testing library paces each checkpoint on its auto-advancing clock): run once.
  const liveMs = await timeLive(work, handler);
  const ours: number[] = [];
  const oursWarm: number[] = [];
  const bare: number[] = [];
  const bareProcess: number[] = [];
  // Leaves a host idle for the first warm run, as (b) is warm from the runs above.
  await timeOurs(work, true);
  // Warm pairs, then cold pairs: a new host's exit must not overlap the warm runs.
  for (let i = 0; i < REPEATS; i++) {
    bare.push(await timeBare(work, handler));
    oursWarm.push(await timeOurs(work, true));
  }
  for (let i = 0; i < REPEATS; i++) {
    ours.push(await timeOurs(work, false));
    bareProcess.push(timeBareProcess(work));
  }
  return {
    steps: work.steps,
    oursMs: median(ours),
    oursWarmMs: median(oursWarm),
    bareMs: median(bare),
    bareProcessMs: median(bareProcess),
    liveMs,
  };
}

function printTable(rows: Row[]): void {
  const ms = (value: number): string => `${value.toFixed(0)} ms`;
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
  console.log(
    "| steps | ours, warm host (w) | bare SDK, warm (b) | (w) / (b) | ours, new host (a) | bare SDK, own process (d) | (a) / (d) " +
      "| live testing library (c) | ours (a) vs live |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of rows) {
    const cells = [
      row.steps.toLocaleString("en-US"),
      ms(row.oursWarmMs),
      ms(row.bareMs),
      ratio(row.oursWarmMs, row.bareMs),
      ms(row.oursMs),
      ms(row.bareProcessMs),
      ratio(row.oursMs, row.bareProcessMs),
      ms(row.liveMs),
      row.oursMs <= row.liveMs
        ? `${(row.liveMs / row.oursMs).toFixed(1)}x faster`
        : `${(row.oursMs / row.liveMs).toFixed(1)}x slower`,
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
}

/** Step counts from the command line (`npx tsx bench/replay.ts 100 500`), else 1,000 and 10,000. */
function sizesFromArgs(args: string[]): number[] {
  for (const arg of args) {
    if (!/^[1-9]\d*$/.test(arg)) throw new Error(`"${arg}" is not a step count: give positive whole numbers`);
  }
  return args.length > 0 ? args.map(Number) : SIZES;
}

/** Logs in the `check`-style batch: replayed one after another with one handler, as `durable-replay check` does. */
const BATCH_LOGS = 10;
const BATCH_STEPS = 1_000;

/** Replays BATCH_LOGS copies of a log one after another: in warm hosts (what `check` does) and in a new host each. */
async function measureBatch(): Promise<{ warmMs: number; newHostMs: number }> {
  const work = createWorkload(BATCH_STEPS);
  try {
    const logs = Array.from({ length: BATCH_LOGS }, (_, index) => {
      const file = join(work.dir, `log-${index}.json`);
      writeFileSync(file, readFileSync(work.logFile));
      return file;
    });
    const batch = async (reuseHost: boolean): Promise<number> => {
      const started = realNow();
      for (const file of logs) {
        const report = await replay({ handlerFile: work.handlerFile, log: { file }, onLogEnd: "stop", reuseHost });
        if (report.status !== "SUCCEEDED") throw new Error(`a batch replay of ${file} ended ${report.status}`);
      }
      return realNow() - started;
    };
    const warm: number[] = [];
    const newHost: number[] = [];
    for (let i = 0; i < 3; i++) {
      warm.push(await batch(true));
      newHost.push(await batch(false));
    }
    return { warmMs: median(warm), newHostMs: median(newHost) };
  } finally {
    rmSync(work.dir, { recursive: true, force: true });
  }
}

export async function main(sizes: number[] = SIZES): Promise<void> {
  const rows: Row[] = [];
  for (const steps of sizes) {
    const work = createWorkload(steps);
    try {
      rows.push(await measure(work));
    } finally {
      rmSync(work.dir, { recursive: true, force: true });
    }
  }
  printTable(rows);
  const largest = rows.find((row) => row.steps === 10_000);
  if (largest) {
    const warm = largest.oursWarmMs / largest.bareMs;
    const cold = largest.oursMs / largest.bareProcessMs;
    const verdict = (value: number): string =>
      `${value.toFixed(2)}x (target ≤ 1.5x: ${value <= 1.5 ? "met" : "missed"})`;
    const faster = largest.oursMs < largest.liveMs;
    console.log(
      `\nAt 10,000 steps: ours / bare SDK, warm = ${verdict(warm)}; new process = ${verdict(cold)}; ` +
        `ours ${faster ? "is" : "is not"} faster than the live run (target: faster).`,
    );
  }
  const batch = await measureBatch();
  console.log(
    `\n\`check\`-style batch, ${BATCH_LOGS} logs of ${BATCH_STEPS.toLocaleString("en-US")} steps one after another: ` +
      `${batch.warmMs.toFixed(0)} ms in warm hosts; ${batch.newHostMs.toFixed(0)} ms with a new host each ` +
      `(${(batch.newHostMs / batch.warmMs).toFixed(1)}x).`,
  );
}

runWhenMain(module, () => main(sizesFromArgs(process.argv.slice(2))));
