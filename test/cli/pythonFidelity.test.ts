// Classes of Python handlers that AWS's own SDK examples exercise, each with a handler of ours captured by AWS's
// Python testing library (test/fixtures/python/capture.py): the full log replays with no step body run.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReplayReport } from "../../src/protocol/operations";
import { printedReport, runDurableReplay } from "../support/durableReplayCli";
import { pythonFixtures, pythonSdkEnv } from "../support/pythonSdk";

const fixture = (name: string): string => join(pythonFixtures, name);

let scratch: string;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), "durable-replay-pyfidelity-"));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

function replay(
  name: string,
  log = fixture(`${name}.history.json`),
  ...extra: string[]
): { code: number | null; report: ReplayReport; bodies: string[] } {
  const sideEffects = join(mkdtempSync(join(scratch, "side-")), "bodies.txt");
  const run = runDurableReplay(["run", "--handler", fixture(`${name}.py`), "--log", log, "--json", ...extra], {
    env: { ...pythonSdkEnv(), SIDE_EFFECTS_FILE: sideEffects },
    timeout: 120_000,
  });
  const report = printedReport(run);
  const bodies = existsSync(sideEffects) ? readFileSync(sideEffects, "utf8").trim().split("\n") : [];
  return { code: run.code, report, bodies };
}

const recordedResult = (name: string): unknown =>
  JSON.parse((JSON.parse(readFileSync(fixture(`${name}.result.json`), "utf8")) as { result: string }).result);

describe("durable-replay on the Python SDK's example classes", () => {
  it("replays a failed child context (error marked Truncated by the testing library) with no body run", () => {
    const { code, report, bodies } = replay("fidelity_child_failure");
    assert.equal(code, 0, JSON.stringify(report.divergences));
    assert.equal(report.status, "SUCCEEDED");
    assert.deepEqual(report.result, recordedResult("fidelity_child_failure"));
    assert.deepEqual(bodies, []);
    const child = report.operations.find((op) => op.name === "reserve");
    assert.equal(child?.state, "replayed");
    assert.equal(child?.recorded?.status, "FAILED");
    assert.ok(report.operations.every((op) => op.state === "replayed"));
  });

  it("gives the steps of a FLAT parallel's virtual branches distinct paths through the branch index", () => {
    const { code, report, bodies } = replay("fidelity_flat_parallel");
    assert.equal(code, 0, JSON.stringify(report.divergences));
    assert.deepEqual(report.result, recordedResult("fidelity_flat_parallel"));
    assert.deepEqual(bodies, []);
    const paths = Object.fromEntries(report.operations.map((op) => [op.name, op.path]));
    assert.deepEqual(paths, { ship: "1", pack: "1-0-1", print: "1-1-1", stick: "1-1-2" });
    assert.ok(report.operations.every((op) => op.state === "replayed"));
  });

  it("reports a call made by an SDK helper (with_retry) at the user's line, replayed, not unreached", () => {
    const { code, report, bodies } = replay("fidelity_with_retry");
    assert.equal(code, 0, JSON.stringify(report.divergences));
    assert.deepEqual(report.result, recordedResult("fidelity_with_retry"));
    assert.deepEqual(bodies, []);
    const retry = report.operations.find((op) => op.name === "charge with retry");
    assert.equal(retry?.state, "replayed");
    const source = readFileSync(fixture("fidelity_with_retry.py"), "utf8").split("\n");
    assert.equal(retry?.callSite?.line, source.findIndex((line) => line.includes("return with_retry(")) + 1);
    assert.ok(report.operations.every((op) => op.state === "replayed"));
  });

  it("shows a callback the log left open and the code never awaits as replayed, not live", () => {
    const { code, report, bodies } = replay("fidelity_unawaited_callback");
    assert.equal(code, 0, JSON.stringify(report.divergences));
    assert.deepEqual(report.result, recordedResult("fidelity_unawaited_callback"));
    assert.deepEqual(bodies, []);
    const callback = report.operations.find((op) => op.name === "approval");
    assert.equal(callback?.recorded?.status, "STARTED");
    assert.equal(callback?.state, "replayed");
    assert.ok(report.operations.every((op) => op.state === "replayed"));
  });

  it("tells a plugin of a wait that ended while the execution was suspended, as the last invocation heard it", () => {
    const full = replay("fidelity_wait_plugin");
    assert.equal(full.code, 0, JSON.stringify(full.report.divergences));
    assert.deepEqual(full.report.divergences, [], "no result-mismatch");
    assert.deepEqual(full.report.result, recordedResult("fidelity_wait_plugin"));
    assert.deepEqual(full.bodies, []);
    // Cut right after the timer fired: the invocation the replay stands for is the one that resumed after it.
    const { Events } = JSON.parse(readFileSync(fixture("fidelity_wait_plugin.history.json"), "utf8")) as {
      Events: { EventType: string }[];
    };
    const cutLog = join(scratch, "wait-plugin-cut.history.json");
    const fired = Events.findIndex((event) => event.EventType === "WaitSucceeded");
    writeFileSync(cutLog, JSON.stringify({ Events: Events.slice(0, fired + 1) }));
    const cut = replay("fidelity_wait_plugin", cutLog);
    assert.deepEqual(cut.report.result, recordedResult("fidelity_wait_plugin"));
    assert.deepEqual(cut.bodies, []);
    // A recording of the replay keeps what the last invocation was told, so it replays back the same.
    const recording = join(scratch, "wait-plugin.recording.json");
    replay("fidelity_wait_plugin", fixture("fidelity_wait_plugin.history.json"), "--record", recording);
    const back = replay("fidelity_wait_plugin", recording);
    assert.deepEqual(back.report.divergences, [], "no result-mismatch replaying the recording");
    assert.deepEqual(back.report.result, recordedResult("fidelity_wait_plugin"));
  });

  it("replays a first-successful parallel, whole and cut after its first branch, with no divergence", () => {
    const full = replay("fidelity_first_successful");
    assert.equal(full.code, 0, JSON.stringify(full.report.divergences));
    assert.deepEqual(full.report.result, recordedResult("fidelity_first_successful"));
    assert.deepEqual(full.bodies, []);
    assert.ok(full.report.operations.every((op) => op.state === "replayed"));
    // Cut after the first branch succeeded, the other branches' steps already done: the parallel completes at once,
    // and whether the open branches get back to their steps first is the SDK's race, not a change in the code.
    const { Events } = JSON.parse(readFileSync(fixture("fidelity_first_successful.history.json"), "utf8")) as {
      Events: { EventType: string; SubType?: string }[];
    };
    const first = Events.findIndex((e) => e.EventType === "ContextSucceeded" && e.SubType === "ParallelBranch");
    const cutLog = join(scratch, "first-successful-cut.history.json");
    writeFileSync(cutLog, JSON.stringify({ Events: Events.slice(0, first + 1) }));
    const cut = replay("fidelity_first_successful", cutLog);
    assert.equal(cut.code, 0, JSON.stringify(cut.report.divergences));
    assert.deepEqual(cut.report.divergences, []);
    assert.deepEqual(cut.bodies, []);
  });
});
