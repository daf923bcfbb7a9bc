// AWS's own example handlers (aws-durable-execution-sdk-js examples, see test/fixtures/aws-examples/README.md), replayed
// by the CLI from histories AWS's testing library recorded for them.
import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReplayReport } from "../../src/protocol/operations";
import { assertOneSentence, printedReport, repoRoot, runDurableReplay } from "../support/durableReplayCli";

const fixtures = join(repoRoot, "test/fixtures/aws-examples");

interface HistoryEvent {
  EventType: string;
  Id?: string;
}

let scratch: string;

/** Runs the CLI with `--json`; `ran` lists the step bodies (and submitters) that ran, with their run counts. */
function replay(handler: string, log: string, ...extra: string[]): { report: ReplayReport; ran: Map<string, number> } {
  const sideEffects = mkdtempSync(join(scratch, "side-"));
  const run = runDurableReplay(["run", "--handler", join(fixtures, handler), "--log", log, "--json", ...extra], {
    env: { ...process.env, SIDE_EFFECT_DIR: sideEffects },
  });
  const ran = new Map<string, number>();
  for (const name of readdirSync(sideEffects))
    ran.set(name, readFileSync(join(sideEffects, name), "utf8").trim().split("\n").length);
  return { report: printedReport(run), ran };
}

/** The fixture history without the events `drop` keeps out, written to the scratch folder. */
function historyWithout(name: string, drop: (event: HistoryEvent) => boolean): string {
  const { Events } = JSON.parse(readFileSync(join(fixtures, `${name}.history.json`), "utf8")) as {
    Events: HistoryEvent[];
  };
  const file = join(scratch, `${name}.partial.json`);
  writeFileSync(file, JSON.stringify({ Events: Events.filter((event) => !drop(event)) }));
  return file;
}

before(() => {
  scratch = mkdtempSync(join(tmpdir(), "durable-replay-aws-examples-"));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe("AWS examples: an unnamed waitForCallback", () => {
  it("is answered by the operation id the pending hint names", () => {
    // The recorded run up to the answer: the submitter finished, the callback still waits.
    const log = historyWithout("wait-for-callback-anonymous", (e) =>
      ["CallbackSucceeded", "ContextSucceeded", "InvocationCompleted", "ExecutionSucceeded"].includes(e.EventType),
    );
    const waiting = replay("waitForCallbackAnonymous.ts", log);
    assert.equal(waiting.report.status, "PENDING");
    const [callbackId] = waiting.report.waitingFor ?? [];
    assert.match(callbackId ?? "", /^[0-9a-f]{16}$/, "the hint names the callback by its operation id");

    const answer = JSON.stringify({ data: "callback_completed" });
    const answered = replay("waitForCallbackAnonymous.ts", log, "--callback", `${callbackId}=${answer}`);
    assert.equal(answered.report.status, "SUCCEEDED");
    assert.deepEqual(answered.report.result, { callbackResult: answer, completed: true });
    assert.deepEqual([...answered.ran.keys()], [], "the recorded submitter did not run again");
  });
});

describe("AWS examples: a callback answered with plain text", () => {
  // AWS's test answers with the text `succeeded`, which is not JSON: the handler returns it as it came.
  const unanswered = () =>
    historyWithout("wait-for-callback", (e) =>
      ["CallbackSucceeded", "ContextSucceeded", "InvocationCompleted", "ExecutionSucceeded"].includes(e.EventType),
    );

  it("replays the recorded answer from the full history", () => {
    const { report, ran } = replay("waitForCallback.ts", join(fixtures, "wait-for-callback.history.json"));
    assert.equal(report.status, "SUCCEEDED");
    assert.equal(report.result, "succeeded");
    assert.deepEqual([...ran.keys()], [], "the submitter did not run");
  });

  it("--callback-text gives that answer to a cut history", () => {
    const { report } = replay("waitForCallback.ts", unanswered(), "--callback-text", "my callback function=succeeded");
    assert.equal(report.status, "SUCCEEDED");
    assert.equal(report.result, "succeeded");
  });

  it("--callback with the same text says it is not JSON and points at --callback-text", () => {
    const run = runDurableReplay([
      "run",
      "--handler",
      join(fixtures, "waitForCallback.ts"),
      "--log",
      unanswered(),
      "--callback",
      "my callback function=succeeded",
    ]);
    assert.equal(run.code, 2);
    assertOneSentence(run, /--callback my callback function: the value is not valid JSON .*--callback-text/);
  });
});
