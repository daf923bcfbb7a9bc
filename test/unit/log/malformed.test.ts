import { strict as assert } from "node:assert";
import { LogReadError } from "../../../src/protocol/replayLog";
import { parseLog, readLog } from "../../../src/replay/log/readLog";
import { CAPTURES, captureJson, logFixture } from "./fixturePaths";

/** Runs `read` and returns the LogReadError it must throw; its message must be one line, never a stack. */
function failure(read: () => unknown): LogReadError {
  try {
    read();
  } catch (error) {
    assert.ok(error instanceof LogReadError, `expected a LogReadError, got ${String(error)}`);
    assert.doesNotMatch(error.message, /\n|\bat .+:\d+:\d+/);
    return error;
  }
  assert.fail("the log was accepted");
}

function parseFailure(json: unknown, file = "order.json"): LogReadError {
  return failure(() => parseLog(JSON.stringify(json), file));
}

const orderOps = () => captureJson<any[]>("order.operations.json");

describe("log readers on malformed input", () => {
  it("names an empty file", () => {
    const error = failure(() => readLog(logFixture("empty.json")));
    assert.equal(error.message, `${logFixture("empty.json")}: the file is empty; expected a JSON log`);
  });

  it("gives line and column for truncated JSON", () => {
    const error = failure(() => readLog(logFixture("truncated.history.json")));
    assert.match(error.message, /truncated\.history\.json: not valid JSON at line \d+, column \d+: /);
    const text = '{\n  "Operations": [\n    {"Id": "a" "Type": "STEP"}\n  ]\n}';
    assert.equal(
      failure(() => parseLog(text, "order.json")).message,
      'order.json: not valid JSON at line 3, column 16: expected "," or "}" in an object, found "\\""',
    );
    assert.match(
      failure(() => parseLog('[{"Id": "a",', "cut.json")).message,
      /^cut\.json: not valid JSON at line 1, column 13: the text ends/,
    );
  });

  it("names the file as the user gave it for a missing file and for a folder", () => {
    assert.equal(failure(() => readLog("logs/nope.json")).message, "logs/nope.json: no such file");
    assert.equal(failure(() => readLog(CAPTURES)).message, `${CAPTURES}: is a folder; expected a JSON log file`);
  });

  it("says which formats are understood when the shape matches none", () => {
    const error = parseFailure({ executionArn: "x", steps: [] });
    assert.equal(error.jsonPath, "$");
    for (const format of ["state", "history", "invocation", "testing-operations", "recording"]) {
      assert.ok(error.message.includes(`(${format})`), `message lists ${format}`);
    }
    assert.match(parseFailure(42).message, /^order\.json: \$: not a log format Durable Replay understands/);
  });

  it("rejects an unknown operation Type with the JSON path and the allowed values", () => {
    const ops = orderOps();
    ops[3].Type = "TASK";
    assert.equal(
      parseFailure({ Operations: ops }).message,
      'order.json: $.Operations[3].Type: expected one of EXECUTION, CONTEXT, STEP, WAIT, CALLBACK, CHAINED_INVOKE, got the string "TASK"',
    );
  });

  it("names a missing Id, Type or Status", () => {
    for (const key of ["Id", "Type", "Status"]) {
      const ops = orderOps();
      delete ops[1][key];
      const error = parseFailure(ops);
      assert.equal(error.jsonPath, `$[1].${key}`);
      assert.match(error.message, new RegExp(`^order\\.json: \\$\\[1\\]\\.${key}: missing ${key}`));
    }
  });

  it("names wrongly typed fields, down to the details", () => {
    const cases: Array<[(ops: any[]) => void, string, RegExp]> = [
      [(ops) => (ops[0].Name = 7), "$[0].Name", /expected a string, got the number 7/],
      [
        (ops) => (ops[0].StepDetails.Result = { orderId: "o-123" }),
        "$[0].StepDetails.Result",
        /expected a string, got an object/,
      ],
      [(ops) => (ops[0].StepDetails.Attempt = "1"), "$[0].StepDetails.Attempt", /expected a number/],
      [(ops) => (ops[0].StepDetails.Error = "boom"), "$[0].StepDetails.Error", /expected an error object/],
      [
        (ops) => (ops[2].WaitDetails.ScheduledEndTimestamp = "soon"),
        "$[2].WaitDetails.ScheduledEndTimestamp",
        /expected a timestamp/,
      ],
      [(ops) => (ops[1].StartTimestamp = "2026-13-45T99:00:00Z"), "$[1].StartTimestamp", /expected a timestamp/],
      [(ops) => (ops[1] = "c81e728d9d4c2f63"), "$[1]", /expected an operation object, got the string/],
      [(ops) => (ops[3].Id = ops[0].Id), "$[3].Id", /duplicate operation Id "c4ca4238a0b92382" \(also at \$\[0\]\)/],
    ];
    for (const [spoil, path, detail] of cases) {
      const ops = orderOps();
      spoil(ops);
      const error = parseFailure(ops);
      assert.equal(error.jsonPath, path);
      assert.match(error.message, detail);
    }
  });

  it("checks the invocation event's state", () => {
    const event = captureJson<any[]>("order.invocations-raw.json")[1].input;
    event.InitialExecutionState.Operations[2].Status = "DONE";
    assert.match(
      parseFailure(event, "event.json").message,
      /^event\.json: \$\.InitialExecutionState\.Operations\[2\]\.Status: expected one of STARTED, /,
    );
    assert.match(
      parseFailure({ InitialExecutionState: [] }, "event.json").message,
      /^event\.json: \$\.InitialExecutionState: expected an object/,
    );
  });

  it("hints at PascalCase names for a Python snake_case dump", () => {
    const error = failure(() => readLog(logFixture("python-snake-case.json")));
    assert.equal(error.jsonPath, "$[0].Id");
    assert.match(error.message, /missing Id \(found "operation_id": field names must be the PascalCase names/);
  });

  it("refuses an unknown forced format", () => {
    const error = failure(() => parseLog("[]", "order.json", { format: "xml" as never }));
    assert.match(
      error.message,
      /^order\.json: unknown log format "xml"; expected one of state, history, invocation, testing-operations, recording$/,
    );
  });
});
