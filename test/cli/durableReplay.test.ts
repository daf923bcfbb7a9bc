// The durable-replay CLI on the real SDK: replayed bodies do not run (side-effect files prove it), cut logs run the
// rest live exactly once, divergences point at the right TS line, bad input is one sentence with exit 2.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ReplayReport } from "../../src/protocol/operations";
import { opLine } from "../fixtures/handlers/opLines";
import { assertOneSentence, printedReport, runDurableReplay, type CliRun } from "../support/durableReplayCli";

const root = resolve(__dirname, "../..");
const handlers = join(root, "test/fixtures/handlers");
const orderLog = join(root, "examples/order-workflow/logs/order.history.json");
const orderCutLog = join(root, "examples/order-workflow/logs/order-cut.history.json");
const approvalLog = join(root, "examples/approval-workflow/logs/approval.history.json");
const orderResult = { orderId: "o-123", status: "CONFIRMED", paymentId: "pay-o-123" };

interface Run extends CliRun {
  /** Side-effect files the step bodies wrote, with how many times each ran. */
  sideEffects: Map<string, number>;
}

let scratch: string;

function durableReplay(args: string[]): Run {
  const sideEffectDir = mkdtempSync(join(scratch, "side-"));
  const run = runDurableReplay(args, { env: { ...process.env, SIDE_EFFECT_DIR: sideEffectDir } });
  const sideEffects = new Map<string, number>();
  for (const name of readdirSync(sideEffectDir)) {
    sideEffects.set(name, readFileSync(join(sideEffectDir, name), "utf8").trim().split("\n").length);
  }
  return { ...run, sideEffects };
}

function runJson(handler: string, log: string, ...extra: string[]): Run & { report: ReplayReport } {
  const run = durableReplay(["run", "--handler", handler, "--log", log, "--json", ...extra]);
  return { ...run, report: printedReport(run) };
}

before(() => {
  scratch = mkdtempSync(join(tmpdir(), "durable-replay-cli-"));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe("durable-replay run: full logs", () => {
  it("replays the whole order log with the recorded result and runs no step body", () => {
    const { code, report, sideEffects } = runJson(join(handlers, "order.ts"), orderLog);
    assert.equal(code, 0);
    assert.equal(report.status, "SUCCEEDED");
    assert.deepEqual(report.result, orderResult);
    assert.deepEqual([...sideEffects.keys()], [], "no step body ran");
    assert.deepEqual(
      report.operations.map((o) => [o.path, o.name ?? null, o.state]),
      [
        ["1", "validate_order", "replayed"],
        ["2", "process_payment", "replayed"],
        ["3", null, "replayed"],
        ["4", "confirm_order", "replayed"],
      ],
    );
    const file = join(handlers, "order.ts");
    for (const name of ["validate_order", "process_payment", "confirm_order"]) {
      const op = report.operations.find((o) => o.name === name)!;
      assert.equal(op.callSite?.file, file);
      assert.equal(op.callSite?.line, opLine(file, name), `TS line of ${name}`);
    }
    assert.deepEqual(report.divergences, []);
  });

  it("replays the approval log (callback, parallel, map, child context) without running any body", () => {
    const { code, report, sideEffects } = runJson(join(handlers, "approval.ts"), approvalLog);
    assert.equal(code, 0, JSON.stringify(report.divergences));
    assert.equal(report.status, "SUCCEEDED");
    const expected = JSON.parse(
      readFileSync(join(root, "test/fixtures/aws-captures/approval.result.json"), "utf8"),
    ) as { result: unknown };
    assert.deepEqual(report.result, expected.result);
    assert.deepEqual([...sideEffects.keys()], []);
    assert.equal(report.operations.length, 21, "every recorded operation has a record");
    assert.ok(report.operations.every((o) => o.state === "replayed"));
    const reserveC = report.operations.find((o) => o.name === "reserve_c")!;
    assert.equal(reserveC.path, "4-3-1");
  });

  it("replays an ESM .mts handler and a CommonJS .js handler", () => {
    for (const handler of ["order-esm.mts", "order-cjs.js"]) {
      const file = join(handlers, handler);
      const { code, report, sideEffects } = runJson(file, orderLog);
      assert.equal(code, 0, `${handler}: ${JSON.stringify(report)}`);
      assert.deepEqual(report.result, orderResult, handler);
      assert.equal(sideEffects.size, 0, handler);
      const confirm = report.operations.find((o) => o.name === "confirm_order")!;
      assert.equal(confirm.callSite?.line, opLine(file, "confirm_order"), handler);
    }
  });
});

describe("durable-replay run: the end of the log", () => {
  it("runs the operations missing from a cut log live, exactly once each", () => {
    const { code, report, sideEffects } = runJson(join(handlers, "order.ts"), orderCutLog);
    assert.equal(code, 0);
    assert.equal(report.status, "SUCCEEDED");
    assert.deepEqual(report.result, orderResult);
    assert.deepEqual(Object.fromEntries(sideEffects), { confirm_order: 1 });
    assert.deepEqual(
      report.operations.map((o) => o.state),
      ["replayed", "replayed", "live", "live"],
    );
    const wait = report.operations[2];
    assert.equal(wait.type, "WAIT");
    assert.equal(wait.live?.status, "SUCCEEDED", "the wait completed with time skipped");
  });

  it("--on-log-end stop stops at the first operation the log lacks and reports it as the frontier", () => {
    const { code, report, sideEffects } = runJson(join(handlers, "order.ts"), orderCutLog, "--on-log-end", "stop");
    assert.equal(code, 0);
    assert.equal(report.status, "STOPPED");
    assert.equal(report.frontier?.path, "3");
    assert.equal(report.frontier?.type, "WAIT");
    assert.equal(sideEffects.size, 0);
  });

  it("--record writes a recording that replays entirely from the log", () => {
    const out = join(scratch, "order.durable.json");
    const first = runJson(join(handlers, "order.ts"), orderCutLog, "--record", out);
    assert.equal(first.code, 0);
    const recording = JSON.parse(readFileSync(out, "utf8")) as {
      format: string;
      version: number;
      operations: unknown[];
    };
    assert.equal(recording.format, "durable-replay-log");
    assert.equal(recording.version, 1);
    assert.equal(recording.operations.length, 4);
    const again = runJson(join(handlers, "order.ts"), out);
    assert.equal(again.code, 0);
    assert.deepEqual(again.report.result, orderResult);
    assert.ok(again.report.operations.every((o) => o.state === "replayed"));
    assert.equal(again.sideEffects.size, 0, "nothing ran live the second time");
  });

  it("skips retry delays, condition polls and a 12-hour wait when everything runs live", () => {
    const log = join(scratch, "empty.durable.json");
    writeFileSync(
      log,
      JSON.stringify({
        format: "durable-replay-log",
        version: 1,
        language: "javascript",
        createdAt: new Date().toISOString(),
        input: { jobId: "j-1" },
        operations: [],
      }),
    );
    const started = Date.now();
    const { code, report } = runJson(join(root, "test/fixtures/engine/retries.ts"), log);
    assert.equal(code, 0);
    assert.equal(report.status, "SUCCEEDED");
    assert.deepEqual(report.result, { jobId: "j-1", flaky: "ok-on-attempt-2", polls: 3 });
    const flaky = report.operations.find((o) => o.name === "flaky")!;
    assert.equal(flaky.attempt, 2);
    assert.equal(flaky.live?.error, undefined, "the failed first attempt is not the step's outcome");
    assert.ok(Date.now() - started < 30_000, "no real waiting for the 30 s retry delay, the polls or the 12 h wait");
  });

  it("answers a waiting callback from --callback, and reports PENDING without one", () => {
    const events = JSON.parse(readFileSync(approvalLog, "utf8")) as Array<{ EventType: string }>;
    const beforeAnswer = events.slice(
      0,
      events.findIndex((e) => e.EventType === "CallbackSucceeded"),
    );
    const log = join(scratch, "approval-waiting.json");
    writeFileSync(log, JSON.stringify(beforeAnswer));
    const waiting = runJson(join(handlers, "approval.ts"), log);
    assert.equal(waiting.report.status, "PENDING");
    assert.match(waiting.report.pendingReason ?? "", /manager_approval/);
    const answered = runJson(
      join(handlers, "approval.ts"),
      log,
      "--callback",
      'manager_approval={"approved":true,"by":"bob"}',
    );
    assert.equal(answered.report.status, "SUCCEEDED");
    assert.equal((answered.report.result as { approval: string }).approval, '{"approved":true,"by":"bob"}');
    assert.equal(answered.sideEffects.get("fraud_score"), 1, "operations after the callback ran live once");
  });
});

describe("durable-replay: divergences", () => {
  it("a renamed step is a name mismatch at its TS line, and nothing runs", () => {
    const file = join(handlers, "order-renamed.ts");
    const { code, report, sideEffects } = runJson(file, orderLog);
    assert.equal(code, 1);
    const [d] = report.divergences;
    assert.equal(d.kind, "mismatch");
    assert.equal(d.attribute, "name");
    assert.equal(d.path, "2");
    assert.equal(d.recorded?.name, "process_payment");
    assert.equal(d.attempted?.name, "charge_card");
    assert.equal(d.callSite?.line, opLine(file, "charge_card"));
    assert.equal(report.divergences.length, 1);
    assert.equal(sideEffects.size, 0);
  });

  it("a reordered wait is a type mismatch at the wait's TS line", () => {
    const file = join(handlers, "order-reordered.ts");
    const { code, report } = runJson(file, orderLog);
    assert.equal(code, 1);
    assert.equal(report.divergences.length, 1, JSON.stringify(report.divergences));
    const [d] = report.divergences;
    assert.equal(d.kind, "mismatch");
    assert.equal(d.attribute, "type");
    assert.equal(d.recorded?.type, "STEP");
    assert.equal(d.attempted?.type, "WAIT");
    assert.equal(d.callSite?.line, opLine(file, "wait"));
  });

  it("a deleted last step is an unreached operation, pointing after the last call the code still makes", () => {
    const file = join(handlers, "order-deleted-last.ts");
    const { code, report } = runJson(file, orderLog);
    assert.equal(code, 1);
    const unreached = report.divergences.filter((d) => d.kind === "unreached");
    assert.equal(unreached.length, 1);
    assert.equal(unreached[0].recorded?.name, "confirm_order");
    assert.equal(unreached[0].callSite?.line, opLine(file, "wait"));
    assert.ok(
      report.divergences.some((d) => d.kind === "result-mismatch"),
      "the final result differs from the recorded one",
    );
  });

  it("check replays several logs, prints a table per log and fails when one diverges", () => {
    const ok = durableReplay(["check", "--handler", join(handlers, "order.ts"), "examples/order-workflow/logs/*.json"]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /== examples\/order-workflow\/logs\/order-cut\.history\.json/);
    assert.match(ok.stdout, /2 logs checked, 0 diverged/);
    const bad = durableReplay([
      "check",
      "--handler",
      join(handlers, "order-renamed.ts"),
      orderLog,
      orderCutLog,
      "--json",
    ]);
    assert.equal(bad.code, 1);
    const reports = JSON.parse(bad.stdout) as Array<ReplayReport & { file: string }>;
    assert.equal(reports.length, 2);
    assert.ok(
      reports.every((r) => r.divergences.some((d) => d.kind === "mismatch" && d.attempted?.name === "charge_card")),
    );
  });
});

describe("durable-replay: bad input", () => {
  const badLog = (name: string, text: string): string => {
    const file = join(scratch, name);
    writeFileSync(file, text);
    return file;
  };
  const order = (): string => join(handlers, "order.ts");

  it("truncated JSON", () => {
    const text = readFileSync(orderLog, "utf8");
    const run = durableReplay([
      "run",
      "--handler",
      order(),
      "--log",
      badLog("truncated.json", text.slice(0, text.length / 2)),
    ]);
    assertOneSentence(run, /truncated\.json.*(JSON|json)/);
  });

  it("an empty file", () => {
    assertOneSentence(durableReplay(["run", "--handler", order(), "--log", badLog("empty.json", "")]), /empty\.json/);
  });

  it("wrong types", () => {
    const log = badLog(
      "wrong-type.json",
      JSON.stringify({ Operations: [{ Id: "x", Type: "NAP", Status: "SUCCEEDED" }] }),
    );
    assertOneSentence(
      durableReplay(["run", "--handler", order(), "--log", log]),
      /wrong-type\.json: \$\.Operations\[0\]\.Type: expected one of/,
    );
  });

  it("a history with a truncated payload", () => {
    const events = JSON.parse(readFileSync(orderLog, "utf8")) as Array<Record<string, any>>;
    const step = events.find((e) => e.EventType === "StepSucceeded")!;
    step.StepSucceededDetails.Result = { Truncated: true };
    const run = durableReplay([
      "run",
      "--handler",
      order(),
      "--log",
      badLog("truncated-payload.json", JSON.stringify(events)),
    ]);
    assertOneSentence(run, /truncated-payload\.json: \$\[\d+\].*[Tt]runcated/);
  });

  it("a directory instead of a file", () => {
    const dir = join(scratch, "a-directory.json");
    mkdirSync(dir, { recursive: true });
    assertOneSentence(durableReplay(["run", "--handler", order(), "--log", dir]), /a-directory\.json/);
  });

  it("a missing handler file, a wrong export name and a missing --log", () => {
    assertOneSentence(
      durableReplay(["run", "--handler", "nope.ts", "--log", orderLog]),
      /Handler file not found: .*nope\.ts/,
    );
    assertOneSentence(
      durableReplay(["run", "--handler", order(), "--export", "main", "--log", orderLog]),
      /order\.ts has no export named `main`; it exports: handler\./,
    );
    assertOneSentence(durableReplay(["run", "--handler", order()]), /Missing --log/);
  });

  it("a log recorded by the Python SDK", () => {
    const pythonId = "a".repeat(64);
    const log = badLog(
      "python.json",
      JSON.stringify({
        Operations: [
          { Id: "b".repeat(64), Type: "EXECUTION", Status: "STARTED", ExecutionDetails: { InputPayload: "{}" } },
          { Id: pythonId, Type: "STEP", SubType: "Step", Name: "validate_order", Status: "SUCCEEDED" },
        ],
      }),
    );
    assertOneSentence(
      durableReplay(["run", "--handler", order(), "--log", log]),
      /python\.json was recorded by the Python SDK/,
    );
  });
});
