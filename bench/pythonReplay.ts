// Python replay benchmark: a generated Python handler with 10,000 sequential steps and a complete log of it, run two
// ways in one run, each in a process of its own and everything included (interpreter start, SDK import, log parse):
//   (a) ours: `replay()` of the log file, as `durable-replay run --handler x.py` does it: the engine here, the Python
//       host under the interpreter, the calls reported over the channel.
//   (f) floor: the bare SDK replaying the same log in-process with a minimal client (bench/python_floor.py).
//   (w) ours again, in the host (a) left idle: what `check` pays from its second log on; against (f)'s replay alone.
// Both pay the SDK's own pacing alike (its checkpoint thread polls every 100 ms and is joined at the end of the
// invocation). Target: (a) ≤ 1.5x (f).
// Run: npm run build && npx tsx bench/pythonReplay.ts
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { ReplayReport } from "../src/protocol/operations";
import type { WireOperation } from "../src/protocol/wire";
import { pythonStepId } from "../src/replay/log/pythonStepIds";
import { replay } from "../src/replay/session/replaySession";
import { pythonSdkEnv } from "../test/support/pythonSdk";
import { runWhenMain } from "./benchEntry";

const STEPS = 10_000;
/** Each figure is the median of this many runs, ours and the floor's interleaved so load hits both alike. */
const REPEATS = 5;
const EXECUTION_ID = "00000000-0000-4000-8000-000000000000";

export function handlerSource(steps: number): string {
  return `from aws_durable_execution_sdk_python import DurableContext, durable_execution


@durable_execution
def handler(event: dict, context: DurableContext) -> int:
    total = 0
    for i in range(1, ${steps} + 1):
        total += context.step(lambda _, i=i: i, name=f"step_{i}")
    return total
`;
}

/** What the SDK records for that handler: one SUCCEEDED step per position, the int result stored as plain JSON. */
export function invocationLog(steps: number): object {
  const start = new Date().toISOString();
  const execution: WireOperation = {
    Id: EXECUTION_ID,
    Type: "EXECUTION",
    Status: "STARTED",
    StartTimestamp: start,
    ExecutionDetails: { InputPayload: "{}" },
  };
  const operations = Array.from({ length: steps }, (_, index): WireOperation => ({
    Id: pythonStepId(undefined, index + 1),
    Name: `step_${index + 1}`,
    Type: "STEP",
    SubType: "Step",
    Status: "SUCCEEDED",
    StartTimestamp: start,
    EndTimestamp: start,
    StepDetails: { Attempt: 1, Result: JSON.stringify(index + 1) },
  }));
  return {
    // The SDK finds the input through the ARN's last segment: the EXECUTION operation's id.
    DurableExecutionArn: `arn:aws:lambda:local:000000000000:function:bench:$LATEST/durable-execution/bench/${EXECUTION_ID}`,
    CheckpointToken: "bench-0",
    InitialExecutionState: { Operations: [execution, ...operations], NextMarker: "" },
  };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function main(): Promise<void> {
  const env = pythonSdkEnv();
  const dir = mkdtempSync(join(tmpdir(), "durable-replay-python-bench-"));
  try {
    const handlerFile = join(dir, "handler.py");
    writeFileSync(handlerFile, handlerSource(STEPS));
    const logFile = join(dir, "log.invocation.json");
    writeFileSync(logFile, JSON.stringify(invocationLog(STEPS)));
    const expected = String((STEPS * (STEPS + 1)) / 2);
    const hostFile = resolve(__dirname, "../dist/durable_replay_host.py");
    const floorFile = join(__dirname, "python_floor.py");

    const ourReplay = async (reuseHost: boolean): Promise<ReplayReport> => {
      const report = await replay({
        handlerFile,
        log: { file: logFile },
        onLogEnd: "stop",
        env: env as Record<string, string>,
        reuseHost,
      });
      const replayed = report.operations.filter((op) => op.state === "replayed").length;
      if (report.status !== "SUCCEEDED" || JSON.stringify(report.result) !== expected || replayed !== STEPS) {
        throw new Error(
          `our replay of the ${STEPS}-step Python log ended ${report.status} with ${JSON.stringify(report.result)}, ` +
            `${replayed} replayed, ${report.divergences.length} divergences`,
        );
      }
      return report;
    };
    const ours: number[] = [];
    const warm: number[] = [];
    const oursReplay: number[] = [];
    const floor: number[] = [];
    const floorReplay: number[] = [];
    for (let run = 0; run < REPEATS; run++) {
      let started = performance.now();
      const report = await ourReplay(false);
      ours.push(performance.now() - started);
      oursReplay.push(report.invocations.reduce((sum, invocation) => sum + invocation.durationMs, 0));
      // The host the first replay left idle serves this one: (w).
      started = performance.now();
      await ourReplay(true);
      warm.push(performance.now() - started);
      started = performance.now();
      const bare = spawnSync("python3", [floorFile, hostFile, handlerFile, logFile, expected], {
        cwd: dir,
        env,
        encoding: "utf8",
      });
      floor.push(performance.now() - started);
      if (bare.status !== 0) throw new Error(bare.stderr.trim() || `the floor exited with ${bare.status}`);
      floorReplay.push((JSON.parse(bare.stdout) as { replayMs: number }).replayMs);
    }
    const a = median(ours);
    const f = median(floor);
    console.log(`Python, ${STEPS.toLocaleString("en")}-step log, median of ${REPEATS}, each in its own process:`);
    console.log(
      `  (a) ours, durable-replay run   ${a.toFixed(0).padStart(6)} ms  (of which the invocation ${median(oursReplay).toFixed(0)} ms)`,
    );
    console.log(
      `  (f) floor, bare SDK in-process ${f.toFixed(0).padStart(6)} ms  (of which the replay itself ${median(floorReplay).toFixed(0)} ms)`,
    );
    console.log(`  ratio (a)/(f): ${(a / f).toFixed(2)}x  (target ≤ 1.5x)`);
    const w = median(warm);
    console.log(
      `  (w) ours in a warm host (interpreter and SDK loaded; log read, handler imported afresh, replay): ${w.toFixed(0)} ms = ${(w / median(floorReplay)).toFixed(2)}x the floor's replay itself`,
    );
    console.log(
      `  the replays alone (the invocation, from the event to its output): ${(median(oursReplay) / median(floorReplay)).toFixed(2)}x`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runWhenMain(module, main);
