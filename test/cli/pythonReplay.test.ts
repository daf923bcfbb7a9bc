// `durable-replay` on Python handlers, with the real Python SDK (see test/support/pythonSdk.ts): replayed step bodies
// do not run (side-effect files prove it), a cut log runs the rest live exactly once, divergences point at the right
// .py line, a failed execution replays as FAILED, map/parallel records are stable, bad input is one sentence, exit 2.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ReplayReport } from "../../src/protocol/operations";
import { assertOneSentence, printedReport, runDurableReplay, type CliRun } from "../support/durableReplayCli";
import { pythonFixtures, pythonSdkEnv } from "../support/pythonSdk";

const root = resolve(__dirname, "../..");
const fixture = (name: string): string => join(pythonFixtures, name);
const orderLog = fixture("order.history.json");
const orderCutLog = fixture("order.cut-after-payment.history.json");
const approvalLog = fixture("approval.history.json");
const approvalStart = fixture("approval.start.recording.json");

interface Run extends CliRun {
  /** Step bodies that ran, in order (each appends its name to the side-effect file). */
  bodies: string[];
}

let scratch: string;

function durableReplay(args: string[], env: NodeJS.ProcessEnv = pythonSdkEnv()): Run {
  const sideEffects = join(mkdtempSync(join(scratch, "side-")), "bodies.txt");
  const run = runDurableReplay(args, { env: { ...env, SIDE_EFFECTS_FILE: sideEffects }, timeout: 120_000 });
  const bodies = existsSync(sideEffects) ? readFileSync(sideEffects, "utf8").trim().split("\n") : [];
  return { ...run, bodies };
}

function runJson(handler: string, log: string, ...extra: string[]): Run & { report: ReplayReport } {
  const run = durableReplay(["run", "--handler", handler, "--log", log, "--json", ...extra]);
  return { ...run, report: printedReport(run) };
}

/** 1-based line of the first line of `file` that contains `text`. */
function lineOf(file: string, text: string): number {
  const index = readFileSync(file, "utf8")
    .split("\n")
    .findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `${text} in ${file}`);
  return index + 1;
}

const recordedResult = (name: string): unknown =>
  JSON.parse((JSON.parse(readFileSync(fixture(name), "utf8")) as { result: string }).result);

before(() => {
  scratch = mkdtempSync(join(tmpdir(), "durable-replay-python-"));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe("durable-replay on Python handlers", () => {
  it("replays the complete order log: the recorded result, every step replayed, no step body run", () => {
    const { code, report, bodies } = runJson(fixture("order.py"), orderLog);
    assert.equal(code, 0);
    assert.equal(report.status, "SUCCEEDED");
    assert.deepEqual(report.result, recordedResult("order.result.json"));
    assert.deepEqual(bodies, []);
    const file = fixture("order.py");
    assert.deepEqual(
      report.operations.map((r) => [r.path, r.type, r.name ?? null, r.state, r.callSite?.line]),
      [
        ["1", "STEP", "validate_order", "replayed", lineOf(file, "context.step(validate_order(")],
        ["2", "STEP", "process_payment", "replayed", lineOf(file, "context.step(process_payment(")],
        ["3", "WAIT", null, "replayed", lineOf(file, "context.wait(")],
        ["4", "STEP", "confirm_order", "replayed", lineOf(file, "context.step(confirm_order(")],
      ],
    );
    // Results are the Python SDK's envelopes decoded to plain JSON; the stored text stays in resultRaw.
    const payment = report.operations[1].recorded!;
    assert.deepEqual(payment.result, { payment_id: "pay-o-123", charged: 42 });
    assert.match(payment.resultRaw!, /^\{"t":"m","v":/);
    assert.equal(report.divergences.length, 0);
  });

  it("replays the complete approval log (map, wait_for_callback, child context, parallel, retry) with no body run", () => {
    const { code, report, bodies } = runJson(fixture("approval.py"), approvalLog);
    assert.equal(code, 0, JSON.stringify(report.divergences));
    assert.equal(report.status, "SUCCEEDED");
    assert.deepEqual(report.result, recordedResult("approval.result.json"));
    assert.deepEqual(bodies, []);
    assert.equal(report.operations.length, 17);
    assert.ok(report.operations.every((r) => r.state === "replayed"));
    assert.deepEqual(
      report.operations.filter((r) => r.type === "CONTEXT" && r.subType === "MapIteration").map((r) => r.path),
      ["1-0", "1-1"],
    );
  });

  it("runs the cut order log's wait and confirm_order live, exactly once, and stops at the frontier when asked", () => {
    const live = runJson(fixture("order.py"), orderCutLog);
    assert.equal(live.code, 0);
    assert.equal(live.report.status, "SUCCEEDED");
    assert.deepEqual(live.report.result, recordedResult("order.result.json"));
    assert.deepEqual(live.bodies, ["confirm_order"]);
    assert.deepEqual(
      live.report.operations.map((r) => [r.path, r.state]),
      [
        ["1", "replayed"],
        ["2", "replayed"],
        ["3", "live"],
        ["4", "live"],
      ],
    );

    const stopped = runJson(fixture("order.py"), orderCutLog, "--on-log-end", "stop");
    assert.equal(stopped.code, 0);
    assert.equal(stopped.report.status, "STOPPED");
    assert.deepEqual(stopped.bodies, []);
    assert.equal(stopped.report.frontier?.path, "3");
    assert.equal(stopped.report.frontier?.type, "WAIT");
    assert.equal(stopped.report.frontier?.callSite?.line, lineOf(fixture("order.py"), "context.wait("));
  });

  it("stops at a renamed step with a name mismatch at its .py line, before the wrong recorded result reaches the code", () => {
    const file = fixture("order_renamed.py");
    const { code, report, bodies } = runJson(file, orderLog);
    assert.equal(code, 1);
    assert.equal(report.status, "FAILED");
    assert.equal(report.error?.ErrorType, "NonDeterministicExecutionError");
    assert.deepEqual(bodies, []);
    const [divergence] = report.divergences;
    assert.equal(report.divergences.length, 1);
    assert.equal(divergence.kind, "mismatch");
    assert.equal(divergence.attribute, "name");
    assert.equal(divergence.path, "2");
    assert.equal(divergence.recorded?.name, "process_payment");
    assert.equal(divergence.attempted?.name, "charge_card");
    assert.equal(divergence.callSite?.file, file);
    assert.equal(divergence.callSite?.line, lineOf(file, "context.step(charge_card("));
    // The code never went past the divergence: no wait, no confirm_order ran.
    assert.ok(!report.operations.some((r) => r.state === "live"));
  });

  it("stops at an inserted step (position 2) at the new call's line", () => {
    const file = fixture("order_inserted.py");
    const { code, report, bodies } = runJson(file, orderLog);
    assert.equal(code, 1);
    assert.deepEqual(bodies, []);
    const [divergence] = report.divergences;
    assert.equal(divergence.kind, "mismatch");
    assert.equal(divergence.path, "2");
    assert.equal(divergence.attempted?.name, "check_fraud");
    assert.equal(divergence.callSite?.line, lineOf(file, "context.step(check_fraud("));
  });

  it("reports a removed last step as unreached, pointing at the last durable call the code made", () => {
    const file = fixture("order_removed.py");
    const { code, report } = runJson(file, orderLog);
    assert.equal(code, 1);
    assert.equal(report.status, "SUCCEEDED");
    const unreached = report.divergences.find((d) => d.kind === "unreached");
    assert.ok(unreached, JSON.stringify(report.divergences));
    assert.equal(unreached.path, "4");
    assert.equal(unreached.recorded?.name, "confirm_order");
    assert.equal(unreached.callSite?.line, lineOf(file, "context.wait("));
  });

  it("reports a step added after the recorded end as unexpected, and a changed final result as result-mismatch", () => {
    const extraFile = fixture("order_extra.py");
    const extra = runJson(extraFile, orderLog);
    assert.equal(extra.code, 1);
    assert.deepEqual(extra.bodies, ["send_receipt"]);
    const unexpected = extra.report.divergences.find((d) => d.kind === "unexpected-operation");
    assert.ok(unexpected, JSON.stringify(extra.report.divergences));
    assert.equal(unexpected.path, "5");
    assert.equal(unexpected.callSite?.line, lineOf(extraFile, "context.step(send_receipt("));

    // A different final result alone is a warning (exit 0); --strict-result makes it an error.
    const changed = runJson(fixture("order_result_changed.py"), orderLog);
    assert.equal(changed.code, 0);
    assert.deepEqual(changed.bodies, []);
    assert.deepEqual(
      changed.report.divergences.map((d) => [d.kind, d.severity]),
      [["result-mismatch", "warning"]],
    );
    assert.deepEqual(changed.report.result, { order_id: "o-123", status: "CONFIRMED", charged: 42 });
    const strict = runJson(fixture("order_result_changed.py"), orderLog, "--strict-result");
    assert.equal(strict.code, 1);
    assert.deepEqual(
      strict.report.divergences.map((d) => [d.kind, d.severity]),
      [["result-mismatch", "error"]],
    );
  });

  it("replays a failed execution as FAILED with the recorded error", () => {
    const { code, report, bodies } = runJson(fixture("order_rejected.py"), fixture("order_rejected.history.json"));
    assert.equal(code, 0, JSON.stringify(report.divergences));
    assert.equal(report.status, "FAILED");
    const recorded = JSON.parse(readFileSync(fixture("order_rejected.result.json"), "utf8")) as {
      error: { ErrorType: string; ErrorMessage: string };
    };
    assert.equal(report.error?.ErrorType, recorded.error.ErrorType);
    assert.equal(report.error?.ErrorMessage, recorded.error.ErrorMessage);
    assert.deepEqual(bodies, []);
    assert.equal(report.divergences.length, 0);
  });

  it("replays a step that failed after its last retry as failed, without running it (NextAttemptDelaySeconds 0)", () => {
    const { code, report, bodies } = runJson(fixture("order_declined.py"), fixture("order_declined.history.json"));
    assert.equal(code, 0, JSON.stringify(report.divergences));
    assert.equal(report.status, "FAILED");
    assert.equal(report.error?.ErrorMessage, "card declined for o-123");
    assert.deepEqual(bodies, []);
    const payment = report.operations.find((r) => r.name === "process_payment");
    assert.equal(payment?.state, "replayed");
    assert.equal(payment?.recorded?.status, "FAILED");
  });

  it("gives map/parallel the same paths and records in 20 live runs on worker threads", function () {
    this.timeout(600_000);
    const shapes = new Set<string>();
    for (let run = 0; run < 20; run++) {
      const { code, report } = runJson(
        fixture("approval.py"),
        approvalStart,
        "--callback",
        'manager_approval="APPROVED"',
      );
      assert.equal(code, 0, JSON.stringify(report.divergences));
      shapes.add(
        JSON.stringify(
          report.operations.map((r) => [r.seq, r.path, r.id, r.parentPath, r.type, r.subType, r.name, r.state]),
        ),
      );
    }
    assert.equal(shapes.size, 1, [...shapes].join("\n"));
    const [only] = [...shapes];
    const paths = (JSON.parse(only) as unknown[][]).map((r) => r[1]);
    assert.deepEqual(paths, [
      "1",
      "1-0",
      "1-0-1",
      "1-1",
      "1-1-1",
      "2",
      "2-1",
      "2-2",
      "3",
      "3-1",
      "3-2",
      "4",
      "4-0",
      "4-0-1",
      "4-1",
      "4-1-1",
      "5",
    ]);
  });

  it("stops pending at an unanswered callback and says which --callback answers it, as for JavaScript", () => {
    const run = durableReplay(["run", "--handler", fixture("approval.py"), "--log", approvalStart]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(
      run.stdout + run.stderr,
      /The execution waits for `manager_approval`; give it a result\. Run again with --callback manager_approval=<json>\./,
    );
    const json = runJson(fixture("approval.py"), approvalStart);
    assert.equal(json.report.status, "PENDING");
    assert.deepEqual(json.report.waitingFor, ["manager_approval"]);
  });

  it("answers the callback by either of its names, and records a replay that replays back (language python)", () => {
    const recording = join(scratch, "approval.recording.json");
    const live = runJson(
      fixture("approval.py"),
      approvalStart,
      "--callback",
      'manager_approval create callback id="APPROVED"',
      "--record",
      recording,
    );
    assert.equal(live.report.status, "SUCCEEDED");
    assert.deepEqual(live.report.result, recordedResult("approval.result.json"));
    const written = JSON.parse(readFileSync(recording, "utf8")) as { language: string; sdkVersion?: string };
    assert.equal(written.language, "python");
    assert.match(written.sdkVersion ?? "", /^\d+\.\d+\.\d+/);
    const again = runJson(fixture("approval.py"), recording);
    assert.equal(again.code, 0);
    assert.deepEqual(again.bodies, []);
    assert.ok(again.report.operations.every((r) => r.state === "replayed"));
  });

  it("reads every DurableContext method's identity as the SDK records it: a live run's recording replays clean", () => {
    const handler = fixture("every_method.py");
    const recording = join(scratch, "every-method.recording.json");
    const live = runJson(
      handler,
      fixture("every_method.start.recording.json"),
      "--callback",
      'supplier_ack="ok"',
      "--callback",
      'stock_check={"in_stock":true}',
      "--record",
      recording,
    );
    assert.equal(live.report.status, "SUCCEEDED", JSON.stringify(live.report.error));
    const methods = live.report.operations.map((r) => r.method).filter((m) => m !== undefined);
    assert.deepEqual(methods, [
      "step",
      "create_callback",
      "invoke",
      "wait_for_condition",
      "run_in_child_context",
      "wait",
      "step",
      "run_in_child_context",
      "step",
      "map",
      "step",
      "step",
      "parallel",
      "step",
      "wait",
    ]);
    // Were any type, subtype or name read differently from what the SDK recorded, this replay would stop at a mismatch.
    const again = runJson(handler, recording);
    assert.equal(again.code, 0, JSON.stringify(again.report.divergences));
    assert.equal(again.report.status, "SUCCEEDED");
    assert.deepEqual(again.report.result, live.report.result);
    assert.equal(again.report.operations.length, live.report.operations.length);
    assert.ok(again.report.operations.every((r) => r.state === "replayed"));
  });

  it("checks several logs with a Python handler: same table, exit 1 when one diverges", () => {
    const run = durableReplay(["check", "--handler", fixture("order_renamed.py"), orderLog, orderCutLog]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /2 logs checked, 2 diverged\./);
    assert.match(run.stdout, /order_renamed\.py:\d+/);
  });

  it("accepts `lambda_handler` when there is no `handler`", () => {
    const log = join(scratch, "lambda-handler.recording.json");
    const recording = JSON.parse(readFileSync(approvalStart, "utf8")) as Record<string, unknown>;
    writeFileSync(log, JSON.stringify({ ...recording, input: { order_id: "o-9" } }));
    const { code, report } = runJson(fixture("bad/lambda_handler.py"), log);
    assert.equal(code, 0, JSON.stringify(report));
    assert.deepEqual(report.result, { order_id: "o-9", valid: true });
  });
});

describe("durable-replay on Python handlers: bad input is one sentence and exit 2", () => {
  const order = fixture("order.py");

  it("a missing interpreter", () => {
    assertOneSentence(
      durableReplay(["run", "--handler", order, "--log", orderLog, "--python", "/nonexistent/python3"]),
      /Python interpreter `\/nonexistent\/python3` not found: install Python 3\.11 or later/,
    );
    assertOneSentence(
      durableReplay(["run", "--handler", order, "--log", orderLog], {
        ...pythonSdkEnv(),
        DURABLE_REPLAY_PYTHON: "/nonexistent/python3.12",
      }),
      /`\/nonexistent\/python3\.12` not found/,
    );
  });

  it("a Python older than 3.11", () => {
    assertOneSentence(
      durableReplay(["run", "--handler", order, "--log", orderLog, "--python", fixture("bad/python3.10")]),
      /is Python 3\.10\.12; the durable execution SDK needs Python 3\.11 or later/,
    );
  });

  it("an interpreter that cannot import the SDK: names it and says how to install the SDK", () => {
    assertOneSentence(
      durableReplay(["run", "--handler", order, "--log", orderLog, "--python", fixture("bad/python-without-sdk")]),
      /cannot import aws_durable_execution_sdk_python .*pip install aws-durable-execution-sdk-python/,
    );
  });

  it("a module that raises on import: the exception and file:line", () => {
    const file = fixture("bad/import_error.py");
    assertOneSentence(
      durableReplay(["run", "--handler", file, "--log", orderLog]),
      new RegExp(`${file.replace(/[.]/g, "\\.")}:${lineOf(file, 'SETTINGS["timeout"]')}: .*KeyError: 'timeout'`),
    );
  });

  it("a syntax error: file:line", () => {
    const file = fixture("bad/syntax_error.py");
    assertOneSentence(
      durableReplay(["run", "--handler", file, "--log", orderLog]),
      /syntax_error\.py:6: SyntaxError: /,
    );
  });

  it("a function not wrapped by @durable_execution, a wrong export and a missing file", () => {
    assertOneSentence(
      durableReplay(["run", "--handler", fixture("bad/unwrapped.py"), "--log", orderLog]),
      /`handler` in unwrapped\.py is not a handler wrapped with @durable_execution/,
    );
    assertOneSentence(
      durableReplay(["run", "--handler", order, "--export", "main", "--log", orderLog]),
      /order\.py has no function named `main`; it defines: .*handler/,
    );
    assertOneSentence(
      durableReplay(["run", "--handler", fixture("nope.py"), "--log", orderLog]),
      /not found: .*nope\.py/,
    );
  });

  it("a log recorded by the JavaScript SDK", () => {
    assertOneSentence(
      durableReplay([
        "run",
        "--handler",
        order,
        "--log",
        join(root, "examples/order-workflow/logs/order.history.json"),
      ]),
      /order\.history\.json was recorded by the JavaScript SDK .* cannot replay a Python handler\./,
    );
  });
});
