// The CLI on a project of a user's own (test/e2e/workspace/shop: a checkout with a map over the cart, a
// waitForCallback, a wait and a `Date.now()` bug in its result), with logs recorded by AWS's testing library.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { ReplayReport } from "../../src/protocol/operations";
import { repoRoot as root, runDurableReplay } from "../support/durableReplayCli";

const shop = join(root, "test/e2e/workspace/shop");
const checkout = join(shop, "src/checkout.ts");
const checkoutLog = join(shop, "logs/checkout.history.json");

function durableReplay(args: string[], cwd = shop) {
  return runDurableReplay(args, { cwd });
}

/** The recorded final result, read from the log the testing library wrote. */
function recordedResult(): Record<string, unknown> {
  const events = JSON.parse(readFileSync(checkoutLog, "utf8")) as Array<{
    EventType: string;
    ExecutionSucceededDetails?: { Result?: { Payload?: string } };
  }>;
  const end = events.find((e) => e.EventType === "ExecutionSucceeded")!;
  return JSON.parse(end.ExecutionSucceededDetails!.Result!.Payload!) as Record<string, unknown>;
}

/** 1-based line of the first line that starts with `start`. */
function lineOf(file: string, start: string): number {
  return (
    readFileSync(file, "utf8")
      .split("\n")
      .findIndex((line) => line.startsWith(start)) + 1
  );
}

describe("a user's checkout: a different final result", () => {
  it("is a warning that names the differing field, at the handler's return line, and exits 0", () => {
    const run = durableReplay(["run", "--handler", "src/checkout.ts", "--log", "logs/checkout.history.json", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ReplayReport;
    assert.equal(report.divergences.length, 1, JSON.stringify(report.divergences));
    const [d] = report.divergences;
    assert.equal(d.kind, "result-mismatch");
    assert.equal(d.severity, "warning");
    const recorded = recordedResult().elapsedMs;
    const now = (report.result as Record<string, unknown>).elapsedMs;
    assert.notEqual(now, recorded, "the replay measured its own elapsed time");
    assert.deepEqual(d.diff, [{ path: "$.elapsedMs", recorded, attempted: now }]);
    assert.ok(
      d.message.includes(`$.elapsedMs: recorded ${String(recorded)}, now ${String(now)}`),
      `the message names the field: ${d.message}`,
    );
    assert.equal(typeof d.recorded?.result, "string", "the whole recorded result is still there");
    assert.equal(d.callSite?.file, checkout);
    assert.equal(d.callSite?.line, lineOf(checkout, "  return {"), "the handler's own return, not a step body's");
    assert.ok(report.divergences.every((x) => x.severity !== undefined));
  });

  it("the text report says warning, and that the operations still match", () => {
    const run = durableReplay(["run", "--handler", "src/checkout.ts", "--log", "logs/checkout.history.json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /No divergence in the operations/);
    assert.match(
      run.stdout,
      new RegExp(
        `warning \\(result-mismatch\\): src/checkout\\.ts:${lineOf(checkout, "  return {")}:3: .*\\$\\.elapsedMs: recorded`,
      ),
    );
  });

  it("--strict-result makes it an error: exit 1 for run and check", () => {
    const run = durableReplay([
      "run",
      "--strict-result",
      "--handler",
      "src/checkout.ts",
      "--log",
      checkoutLog,
      "--json",
    ]);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as ReplayReport;
    assert.equal(report.divergences[0].severity, "error");
    const check = durableReplay([
      "check",
      "--strict-result",
      "--handler",
      "src/checkout.ts",
      "logs/checkout.history.json",
    ]);
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stdout, /1 log checked, 1 diverged\./);
  });

  it("check passes without --strict-result and counts the warning apart", () => {
    const check = durableReplay(["check", "--handler", "src/checkout.ts", "logs/checkout.history.json"]);
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /1 log checked, 0 diverged, 1 with a different final result/);
  });
});

describe("a user's checkout: CLI details", () => {
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), "durable-replay-shop-"));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  /** The recorded history as it stood while the payment callback was still unanswered. */
  function waitingForPayment(): string {
    const events = JSON.parse(readFileSync(checkoutLog, "utf8")) as Array<{ EventType: string }>;
    const file = join(scratch, "waiting.history.json");
    writeFileSync(
      file,
      JSON.stringify(
        events.slice(
          0,
          events.findIndex((e) => e.EventType === "CallbackSucceeded"),
        ),
      ),
    );
    return file;
  }

  it("a replay waiting for a callback says how to answer it with --callback, and the answer runs it on", () => {
    const log = waitingForPayment();
    const pending = durableReplay(["run", "--handler", "src/checkout.ts", "--log", log]);
    assert.equal(pending.code, 0, pending.stderr);
    assert.match(
      pending.stdout,
      /Pending: The execution waits for `payment_confirmation`; give it a result\. Run again with --callback payment_confirmation=<json>\./,
    );
    assert.doesNotMatch(pending.stdout, /callbacks: name/);
    const answered = durableReplay([
      "run",
      "--handler",
      "src/checkout.ts",
      "--log",
      log,
      "--callback",
      'payment_confirmation={"paid":true}',
      "--json",
    ]);
    const report = JSON.parse(answered.stdout) as ReplayReport;
    assert.equal(report.status, "SUCCEEDED", answered.stderr);
    assert.equal((report.result as { payment: string }).payment, '{"paid":true}');
    // The callback's submitter step (3-2) finished in the log: the SDK serves it from there inside the live
    // waitForCallback, so it is replayed, not reported as a recorded operation the code never reached.
    assert.deepEqual(report.divergences, []);
    const states = Object.fromEntries(
      report.operations.filter((op) => op.path.startsWith("3")).map((op) => [op.path, op.state]),
    );
    assert.deepEqual(states, { "3": "live", "3-1": "live", "3-2": "replayed" });
  });

  it("check accepts a folder and replays every .json log in it, recursively", () => {
    const folder = join(scratch, "ci-logs");
    mkdirSync(join(folder, "eu", "2026"), { recursive: true });
    writeFileSync(join(folder, "a.json"), readFileSync(checkoutLog));
    writeFileSync(join(folder, "eu", "2026", "b.history.json"), readFileSync(checkoutLog));
    writeFileSync(join(folder, "eu", "notes.txt"), "not a log");
    const check = durableReplay(["check", "--handler", "src/checkout.ts", folder, "--json"]);
    assert.equal(check.code, 0, check.stderr);
    const files = (JSON.parse(check.stdout) as Array<{ file: string }>).map((r) => r.file);
    assert.deepEqual(
      files,
      [join(folder, "a.json"), join(folder, "eu/2026/b.history.json")].map((f) => relative(shop, f)),
    );
    const empty = join(scratch, "empty");
    mkdirSync(empty);
    const none = durableReplay(["check", "--handler", "src/checkout.ts", empty]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /holds no \.json log file/);
  });

  it("--input different from the recorded input is replayed with a warning; the same input is not", () => {
    const other = durableReplay([
      "run",
      "--handler",
      "src/checkout.ts",
      "--log",
      checkoutLog,
      "--json",
      "--input",
      '{"cartId":"cart-9","items":[]}',
    ]);
    assert.equal(other.code, 0, other.stderr);
    const warnings = (JSON.parse(other.stdout) as ReplayReport).warnings;
    assert.ok(
      warnings.some((w) => /differs from the one recorded in the log/.test(w)),
      JSON.stringify(warnings),
    );
    const recordedInput = (
      JSON.parse(readFileSync(checkoutLog, "utf8")) as Array<{
        ExecutionStartedDetails?: { Input?: { Payload?: string } };
      }>
    )[0].ExecutionStartedDetails!.Input!.Payload!;
    const same = durableReplay([
      "run",
      "--handler",
      "src/checkout.ts",
      "--log",
      checkoutLog,
      "--json",
      "--input",
      recordedInput,
    ]);
    assert.deepEqual((JSON.parse(same.stdout) as ReplayReport).warnings, []);
  });
});

describe("a user's checkout: export shapes", () => {
  it("a module whose handler is its default export (re-exported) names it instead of saying it exports nothing", () => {
    const wrong = durableReplay(["run", "--handler", "src/index.ts", "--log", "logs/checkout.history.json"]);
    assert.equal(wrong.code, 2);
    assert.equal(wrong.stderr.trim(), "durable-replay: index.ts has no export named `handler`; it exports: default.");
    const right = durableReplay([
      "run",
      "--handler",
      "src/index.ts",
      "--export",
      "default",
      "--log",
      "logs/checkout.history.json",
      "--json",
    ]);
    assert.equal(right.code, 0, right.stderr);
    assert.equal((JSON.parse(right.stdout) as ReplayReport).status, "SUCCEEDED");
  });

  it("module.exports = handler replays as --export default", () => {
    const wrong = durableReplay(["run", "--handler", "src/legacy.cjs", "--log", "logs/checkout.history.json"]);
    assert.equal(wrong.code, 2);
    assert.match(
      wrong.stderr,
      /legacy\.cjs has no export named `handler`; it exports: default \(module\.exports itself\)\./,
    );
    const right = durableReplay([
      "run",
      "--handler",
      "src/legacy.cjs",
      "--export",
      "default",
      "--log",
      "logs/checkout.history.json",
      "--json",
    ]);
    assert.equal(right.code, 0, right.stderr);
    assert.equal((JSON.parse(right.stdout) as ReplayReport).operations.length, 11);
  });
});

describe("a user's checkout: call sites inside map", () => {
  it("replayed item steps point at their own itemCtx.step call, not at the map's line", () => {
    const run = durableReplay(["run", "--handler", "src/checkout.ts", "--log", "logs/checkout.history.json", "--json"]);
    const report = JSON.parse(run.stdout) as ReplayReport;
    const text = readFileSync(checkout, "utf8").split("\n");
    const mapLine = text.findIndex((line) => line.includes('context.map("reserve_items"')) + 1;
    const stepLine = text.findIndex((line) => line.includes("itemCtx.step(")) + 1;
    assert.ok(stepLine > mapLine);
    for (const name of ["reserve_mug", "reserve_tee"]) {
      const op = report.operations.find((o) => o.name === name)!;
      assert.equal(op.state, "replayed");
      assert.deepEqual(
        op.callSite,
        { file: checkout, line: stepLine, column: text[stepLine - 1].indexOf("itemCtx") + 1 },
        name,
      );
    }
    assert.equal(report.operations.find((o) => o.name === "reserve_items")!.callSite?.line, mapLine);
  });
});

describe("a user's checkout: tsconfig paths", () => {
  const workspace = join(root, "test/e2e/workspace");

  it("run from the workspace root, @lib/* resolves through the service's own tsconfig (CommonJS TypeScript)", () => {
    const run = durableReplay(
      ["run", "--handler", "shop/src/checkout.ts", "--log", "shop/logs/checkout.history.json", "--json"],
      workspace,
    );
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ReplayReport;
    assert.equal(report.status, "SUCCEEDED");
    assert.ok(report.operations.every((o) => o.state === "replayed"));
  });

  it("and from an ES module handler, which gets the aliased module's real exports", () => {
    const run = durableReplay(
      ["run", "--handler", "shop/src/giftCard.mts", "--log", "shop/logs/checkout.history.json", "--json"],
      workspace,
    );
    assert.notEqual(run.code, 2, run.stderr);
    const report = JSON.parse(run.stdout) as ReplayReport;
    assert.deepEqual(report.result, { cartId: "cart-7", code: "GC-CART-7" });
  });
});
