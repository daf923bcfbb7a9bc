// AWS bench, against AWS's own local durable-execution server (the Python testing library's web server) on 127.0.0.1:
//   1. `fetch` of a 10,000-event history (what `durable-replay fetch` and `run --execution` do: GetDurableExecution,
//      every history page, the owner-only file) against the bare GetDurableExecutionHistory paging loop with the same
//      client in the same run. Target ≤ 1.2x.
//   2. `check --function … --last 200 --jobs 2` on cached logs against 200 separate `durable-replay run` processes on
//      the same files. Target ≥ 3x faster. The executions are Python ones (that server runs Python handlers), so this
//      part needs the Python replay host; without it, it says so and skips.
// Run: npm run build && npx tsx bench/aws.ts [fetch|check]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { GetDurableExecutionHistoryCommand } from "@aws-sdk/client-lambda";
import { DurableExecutions } from "../src/replay/aws/durableExecutions";
import { fetchExecutionLog } from "../src/replay/aws/fetchedLogs";
import { startAwsEmulator } from "../test/support/awsEmulator";
import { withPythonSdk } from "../test/support/pythonSdk";
import { median } from "./replay";
import { runWhenMain } from "./benchEntry";

const root = resolve(__dirname, "..");
const cli = join(root, "dist/durable-replay.js");
const orderHandler = join(root, "test/support/awsEmulator/order.py");
const MAP_ITEMS = 5_000; // two history events per item: about 10,000 events
const REPEATS = 7;
const CHECKED = 200;

/** Static credentials and a region: the local server accepts any. */
const awsEnv = {
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  AWS_REGION: "us-east-1",
  AWS_CONFIG_FILE: "/nonexistent",
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
};

function cliRun(args: string[], cwd: string, endpoint: string): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      env: withPythonSdk({ ...process.env, ...awsEnv, AWS_ENDPOINT_URL_LAMBDA: endpoint, NO_COLOR: "1" }),
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("close", (code) => done({ code, out }));
  });
}

async function benchFetch(): Promise<void> {
  console.log(`Running one execution of ${MAP_ITEMS.toLocaleString("en-US")} map items on the local server…`);
  const emulator = await startAwsEmulator([{ module: "many", function: "many-fn", inputs: [{ items: MAP_ITEMS }] }], {
    timeoutMs: 900_000,
  });
  const scratch = mkdtempSync(join(tmpdir(), "durable-replay-aws-bench-"));
  Object.assign(process.env, awsEnv);
  try {
    const arn = emulator.arns.get("many-fn")![0];
    const aws = new DurableExecutions({ endpoint: emulator.endpoint });
    // The bare loop uses the very client `fetch` uses.
    const client = (aws as unknown as { client: import("@aws-sdk/client-lambda").LambdaClient }).client;
    const bare = async (): Promise<number> => {
      const events: unknown[] = [];
      let marker: string | undefined;
      do {
        const page = await client.send(
          new GetDurableExecutionHistoryCommand({
            DurableExecutionArn: arn,
            IncludeExecutionData: true,
            MaxItems: 1000,
            ...(marker ? { Marker: marker } : {}),
          }),
        );
        events.push(...(page.Events ?? []));
        marker = page.NextMarker;
      } while (marker);
      return events.length;
    };
    const eventCount = await bare(); // warm-up, both ways
    await fetchExecutionLog(aws, arn, { out: join(scratch, "warm.json") });
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      let start = performance.now();
      await bare();
      base.push(performance.now() - start);
      start = performance.now();
      await fetchExecutionLog(aws, arn, { out: join(scratch, `run-${i}.json`) });
      ours.push(performance.now() - start);
    }
    const [o, b] = [median(ours), median(base)];
    console.log(`\n| what | measured | baseline in the same run | target |\n|---|---|---|---|`);
    console.log(
      `| fetch of a ${eventCount.toLocaleString("en-US")}-event history (describe, all pages with payloads, owner-only file) | ${o.toFixed(0)} ms | bare GetDurableExecutionHistory paging loop, same client: ${b.toFixed(0)} ms (**${(o / b).toFixed(2)}x**) | ≤ 1.2x ${o / b <= 1.2 ? "met" : "MISSED"} |`,
    );
  } finally {
    await emulator.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function benchCheck(): Promise<void> {
  console.log(`\nRunning ${CHECKED} order executions on the local server…`);
  const inputs = Array.from({ length: CHECKED }, (_, i) => ({ order_id: `o-${i}`, amount: i }));
  const emulator = await startAwsEmulator([{ module: "order", function: "order-fn", inputs }], { timeoutMs: 900_000 });
  const cwd = mkdtempSync(join(tmpdir(), "durable-replay-aws-check-"));
  try {
    const check = [
      "check",
      "--handler",
      orderHandler,
      "--function",
      "order-fn",
      "--last",
      String(CHECKED),
      "--jobs",
      "2",
    ];
    const first = await cliRun(check, cwd, emulator.endpoint); // fetches every log into the cache
    if (first.code !== 0) {
      console.log(`check --function skipped: ${first.out.trim().split("\n").at(-1)}`);
      return;
    }
    const { DurableExecutions: Client } = await import("../src/replay/aws/durableExecutions");
    const { cachedLog } = await import("../src/replay/aws/fetchedLogs");
    Object.assign(process.env, awsEnv);
    const listed = await new Client({ endpoint: emulator.endpoint }).list({ functionName: "order-fn", limit: CHECKED });
    const files = listed.map((e) => cachedLog(e.arn, join(cwd, ".durable-replay/logs"))!);
    let start = performance.now();
    const timed = await cliRun(check, cwd, emulator.endpoint);
    const checkMs = performance.now() - start;
    if (timed.code !== 0) throw new Error(`check failed: ${timed.out.slice(-500)}`);
    start = performance.now();
    for (const file of files) {
      const run = await cliRun(
        ["run", "--handler", orderHandler, "--log", file, "--on-log-end", "stop"],
        cwd,
        emulator.endpoint,
      );
      if (run.code !== 0) throw new Error(`run failed: ${run.out.slice(-500)}`);
    }
    const runsMs = performance.now() - start;
    console.log(
      `| \`check --function order-fn --last ${CHECKED} --jobs 2\` on cached logs | ${checkMs.toFixed(0)} ms | ${CHECKED} separate \`durable-replay run\` processes on the same files: ${runsMs.toFixed(0)} ms (**${(runsMs / checkMs).toFixed(1)}x faster**) | ≥ 3x ${runsMs / checkMs >= 3 ? "met" : "MISSED"} |`,
    );
  } finally {
    await emulator.stop();
    rmSync(cwd, { recursive: true, force: true });
  }
}

export async function main(only: string[] = []): Promise<void> {
  if (!only.length || only.includes("fetch")) await benchFetch();
  if (!only.length || only.includes("check")) await benchCheck();
}

runWhenMain(module, () => main(process.argv.slice(2)));
