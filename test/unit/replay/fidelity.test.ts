// Capture and replay: every handler of test/fixtures/fidelity/shapes.ts (each SDK operation kind, nesting, retries,
// payloads over 256 KB, callbacks answered / failed / timed out, invokes, promise combinators, a failed execution) runs
// once through AWS's testing library, then its history replays through the real engine (ReplaySession, host process,
// the SDK from node_modules): in full, and cut at every consistent point. Step bodies record their runs in files, so
// the suite sees which ran: none in a full replay, and in a cut one exactly the attempts after the cut.
import { strict as assert } from "node:assert";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { LogFileSource } from "../../../src/protocol/host";
import type { ReplayReport } from "../../../src/protocol/operations";
import { stepIdHash } from "../../../src/replay/log/stepIds";
import { ReplaySession } from "../../../src/replay/session/replaySession";
import { CapturedHistory, type Cut, type HistoryEvent } from "./historyCuts";

const root = resolve(__dirname, "../../..");
const fixtures = join(root, "test/fixtures/fidelity");
const handlerFile = join(fixtures, "shapes.ts");

const SHAPES = [
  "steps",
  "retries",
  "childContexts",
  "callbacks",
  "waitForCallback",
  "waitForCondition",
  "invokes",
  "mapShape",
  "mapWithFailures",
  "parallelShape",
  "nested",
  "combinators",
  "largePayloads",
  "failedExecution",
  "misusedContext",
  "contextFailures",
  "earlyCompletion",
] as const;

interface Outcome {
  status: "SUCCEEDED" | "FAILED";
  result?: unknown;
  error?: { errorMessage?: string; errorType?: string };
}

let scratch: string;
let captures: string;
/**
 * Folders for the replays' side effects, one per lane of replays run side by side, emptied before each replay: one
 * environment per lane, so each lane reuses its host.
 */
let lanes: string[];

function historyOf(shape: string): CapturedHistory {
  const file = join(captures, `${shape}.history.json`);
  return new CapturedHistory((JSON.parse(readFileSync(file, "utf8")) as { Events: HistoryEvent[] }).Events);
}

function outcomeOf(shape: string): Outcome {
  return JSON.parse(readFileSync(join(captures, `${shape}.outcome.json`), "utf8")) as Outcome;
}

/** Replays a log file of `shape` in a (reused) host; returns the report and how often each step body ran. */
async function replayShape(
  shape: string,
  log: LogFileSource,
  callbacks: Record<string, string> = {},
  runs = lanes[0],
): Promise<{ report: ReplayReport; ran: Map<string, number> }> {
  rmSync(runs, { recursive: true, force: true });
  mkdirSync(runs);
  const session = new ReplaySession({
    handlerFile,
    exportName: shape,
    log,
    onLogEnd: "live",
    callbacks: new Map(Object.entries(callbacks)),
    cwd: root,
    env: { SIDE_EFFECT_DIR: runs },
  });
  await session.start();
  const report = await session.result();
  const ran = new Map<string, number>();
  for (const name of readdirSync(runs)) {
    ran.set(name, readFileSync(join(runs, name), "utf8").trim().split("\n").length);
  }
  return { report, ran };
}

function assertSameOutcome(report: ReplayReport, outcome: Outcome, where: string): void {
  assert.equal(report.status, outcome.status, `${where}: status (error: ${report.error?.ErrorMessage})`);
  if (outcome.status === "SUCCEEDED") assert.deepEqual(report.result, outcome.result, `${where}: result`);
  else assert.equal(report.error?.ErrorMessage, outcome.error?.errorMessage, `${where}: error`);
  assert.deepEqual(report.divergences, [], `${where}: divergences`);
}

/**
 * Every recorded operation appears once, at the path its Id hashes from: replayed when the cut finished it, live
 * otherwise.
 */
function assertStates(report: ReplayReport, history: CapturedHistory, cut: Cut, where: string): void {
  for (const op of report.operations) assert.equal(stepIdHash(op.path), op.id, `${where}: path ${op.path} of ${op.id}`);
  const states = new Map(report.operations.map((op) => [op.id, op.state]));
  assert.equal(states.size, report.operations.length, `${where}: one record per operation`);
  const expected = new Map([...history.ops.keys()].map((id) => [id, cut.finished.has(id) ? "replayed" : "live"]));
  const describe = (map: Map<string, string>) =>
    [...map].map(([id, state]) => {
      const op = report.operations.find((o) => o.id === id);
      return `${op?.path ?? id} ${op?.name ?? history.ops.get(id)?.name ?? ""} ${state}`;
    });
  assert.deepEqual(describe(states).sort(), describe(expected).sort(), `${where}: operation states`);
}

/** Runs the capture script for some shapes in a process of its own (the testing library's fake timers stay there). */
function capture(shapes: readonly string[]): Promise<void> {
  return new Promise((resolveCapture, rejectCapture) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(fixtures, "capture.ts"), captures, ...shapes], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", rejectCapture);
    child.on("close", (code) =>
      code === 0
        ? resolveCapture()
        : rejectCapture(new Error(`the capture of ${shapes.join(", ")} failed:\n${stderr}`)),
    );
  });
}

before(async function () {
  this.timeout(180_000);
  scratch = mkdtempSync(join(tmpdir(), "durable-replay-fidelity-"));
  captures = join(scratch, "captures");
  lanes = [join(scratch, "runs-0"), join(scratch, "runs-1")];
  // Three processes: captures mostly wait (the testing library lets some timers run in real time).
  const groups: string[][] = [[], [], []];
  SHAPES.forEach((shape, index) => groups[index % groups.length].push(shape));
  await Promise.all(groups.map((group) => capture(group)));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe("capture and replay of the SDK's feature shapes", () => {
  for (const shape of SHAPES) {
    describe(shape, () => {
      it("replays the full history: every operation replayed, the recorded outcome, no step body run", async () => {
        const history = historyOf(shape);
        const { report, ran } = await replayShape(shape, { file: join(captures, `${shape}.history.json`) });
        assertSameOutcome(report, outcomeOf(shape), "full history");
        assertStates(report, history, history.cut(history.events.length), "full history");
        assert.deepEqual(Object.fromEntries(ran), {}, "step bodies that ran");
      });

      it("replays the testing library's operations the same way", async () => {
        const history = historyOf(shape);
        const { report, ran } = await replayShape(shape, {
          file: join(captures, `${shape}.operations.json`),
          // The testing library's operations have no EXECUTION operation, so no input: the capture's is given.
          read: { input: { n: 1 } },
        });
        const outcome = outcomeOf(shape);
        assert.equal(report.status, outcome.status);
        if (outcome.status === "SUCCEEDED") assert.deepEqual(report.result, outcome.result);
        assert.deepEqual(report.divergences, []);
        assertStates(report, history, history.cut(history.events.length), "operations");
        assert.deepEqual(Object.fromEntries(ran), {}, "step bodies that ran");
      });

      it("replays every consistent cut: the same outcome, the cut replayed, the rest live exactly once", async function () {
        const history = historyOf(shape);
        const cuts = history.consistentCuts();
        assert.ok(cuts.length > 0, "the history has consistent cuts");
        const answers = history.answers();
        // Two lanes of replays side by side, each in its own host; every lane runs to its end before a failure is told.
        const laneRuns = lanes.map(async (runs, lane) => {
          for (const cut of cuts.filter((_, index) => index % lanes.length === lane)) {
            const where = `cut after ${cut.after}`;
            const logFile = join(scratch, `${shape}-cut-${lane}.history.json`);
            writeFileSync(logFile, JSON.stringify({ Events: history.events.slice(0, cut.length) }));
            const { report, ran } = await replayShape(shape, { file: logFile }, answers, runs);
            assertSameOutcome(report, outcomeOf(shape), where);
            assertStates(report, history, cut, where);
            assert.deepEqual(
              Object.fromEntries(ran),
              Object.fromEntries(cut.liveRuns),
              `${where}: step bodies that ran`,
            );
          }
        });
        for (const lane of await Promise.allSettled(laneRuns)) if (lane.status === "rejected") throw lane.reason;
      });
    });
  }

  it("exits 0 from the CLI for a full history, the payloads over 256 KB rebuilt", () => {
    const run = spawnSync(
      process.execPath,
      [
        join(root, "dist/durable-replay.js"),
        "run",
        "--handler",
        handlerFile,
        "--export",
        "largePayloads",
        "--log",
        join(captures, "largePayloads.history.json"),
        "--json",
      ],
      { cwd: root, encoding: "utf8", env: { ...process.env, SIDE_EFFECT_DIR: lanes[0] }, maxBuffer: 64 << 20 },
    );
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ReplayReport;
    assert.deepEqual(report.result, outcomeOf("largePayloads").result);
    assert.ok(report.operations.every((op) => op.state === "replayed"));
  });

  it("runs a wait the cut left started (not finished) live: it ends at once, time being skipped", async () => {
    const history = historyOf("steps");
    const waitStarted = history.events.findIndex((e) => e.EventType === "WaitStarted" && e.Name === "pause");
    const logFile = join(scratch, "open-wait.history.json");
    writeFileSync(logFile, JSON.stringify({ Events: history.events.slice(0, waitStarted + 1) }));
    const { report, ran } = await replayShape("steps", { file: logFile });
    assertSameOutcome(report, outcomeOf("steps"), "open wait");
    const pause = report.operations.find((op) => op.name === "pause");
    assert.equal(pause?.state, "live");
    assert.equal(pause?.recorded?.status, "STARTED");
    assert.equal(pause?.live?.status, "SUCCEEDED");
    assert.deepEqual(Object.fromEntries(ran), { second: 1, unnamed: 1 });
  });

  it("stops at an unanswered callback: PENDING, naming it, with what came before replayed", async () => {
    const history = historyOf("waitForCallback");
    // The history up to the approval's submitter step: the callback is started and has no answer.
    const submitted = history.events.findIndex(
      (e) => e.EventType === "StepSucceeded" && history.stepKey(history.ops.get(e.Id!)!) === "approval.submit",
    );
    const logFile = join(scratch, "unanswered.history.json");
    writeFileSync(logFile, JSON.stringify({ Events: history.events.slice(0, submitted + 1) }));
    const { report, ran } = await replayShape("waitForCallback", { file: logFile });
    assert.equal(report.status, "PENDING");
    assert.match(report.pendingReason ?? "", /waits for `approval`/);
    assert.deepEqual(report.divergences, []);
    assert.deepEqual(Object.fromEntries(ran), {});
    const states = Object.fromEntries(report.operations.map((op) => [op.path, op.state]));
    // prepare; the rejection context, its callback and submitter; the approval context, its callback (waiting) and
    // its submitter step.
    assert.deepEqual(states, {
      "1": "replayed",
      "2": "replayed",
      "2-1": "replayed",
      "2-2": "replayed",
      "3": "live",
      "3-1": "live",
      "3-2": "replayed",
    });
  });
});
