import { strict as assert } from "node:assert";
import { LogReadError } from "../../../src/protocol/replayLog";
import { parseLog } from "../../../src/replay/log/readLog";
import { captureJson } from "./fixturePaths";

const STEP_ID = "c4ca4238a0b92382"; // step path "1"

function started(timestamp: unknown = "2026-11-28T10:00:00.000Z") {
  return {
    EventType: "ExecutionStarted",
    Id: "exec-1",
    EventTimestamp: timestamp,
    ExecutionStartedDetails: { Input: { Payload: '{"n":1}' } },
  };
}

function step(eventType: string, timestamp: unknown, details: object = {}) {
  return {
    EventType: eventType,
    SubType: "Step",
    Id: STEP_ID,
    Name: "flaky",
    EventTimestamp: timestamp,
    [`${eventType}Details`]: details,
  };
}

const FIRST_ATTEMPT_FAILED = {
  Error: { Payload: { ErrorMessage: "transient failure attempt 1", ErrorType: "Error" } },
  RetryDetails: { NextAttemptDelaySeconds: 5, CurrentAttempt: 1 },
};

function read(events: unknown, file = "retry.history.json") {
  return parseLog(JSON.stringify(events), file);
}

function readError(events: unknown, file = "bad.history.json"): LogReadError {
  try {
    read(events, file);
  } catch (error) {
    assert.ok(error instanceof LogReadError, `expected a LogReadError, got ${String(error)}`);
    return error;
  }
  assert.fail("the history was accepted");
}

describe("history reader", () => {
  it("treats a failed attempt with a retry delay at the end of the history as PENDING until the next attempt", () => {
    const log = read([
      started(),
      step("StepStarted", "2026-11-28T10:00:01.000Z"),
      step("StepFailed", "2026-11-28T10:00:02.000Z", FIRST_ATTEMPT_FAILED),
    ]);
    const [op] = log.operations;
    assert.equal(op?.Status, "PENDING");
    assert.equal(op?.StepDetails?.Attempt, 1);
    assert.equal(op?.StepDetails?.NextAttemptTimestamp, "2026-11-28T10:00:07.000Z");
    assert.equal(op?.EndTimestamp, undefined);
    assert.equal(log.outcome, undefined);
  });

  it("makes a retried step that then succeeded SUCCEEDED on attempt 2 with the final result", () => {
    const log = read([
      started(),
      step("StepStarted", "2026-11-28T10:00:01.000Z"),
      step("StepFailed", "2026-11-28T10:00:02.000Z", FIRST_ATTEMPT_FAILED),
      step("StepStarted", "2026-11-28T10:00:07.000Z"),
      step("StepSucceeded", "2026-11-28T10:00:08.000Z", { Result: { Payload: '"ok-on-attempt-2"' }, RetryDetails: {} }),
      {
        EventType: "ExecutionSucceeded",
        Id: "exec-1",
        EventTimestamp: "2026-11-28T10:00:09.000Z",
        ExecutionSucceededDetails: { Result: { Payload: '"done"' } },
      },
    ]);
    const [op] = log.operations;
    assert.equal(log.operations.length, 1);
    assert.equal(op?.Status, "SUCCEEDED");
    assert.equal(op?.StepDetails?.Attempt, 2);
    assert.equal(op?.StepDetails?.Result, '"ok-on-attempt-2"');
    assert.equal(op?.StepDetails?.Error, undefined);
    assert.equal(op?.StartTimestamp, "2026-11-28T10:00:01.000Z");
    assert.equal(op?.EndTimestamp, "2026-11-28T10:00:08.000Z");
    assert.deepEqual(log.outcome, { status: "SUCCEEDED", result: '"done"' });
  });

  it("counts the attempts started when CurrentAttempt says fewer, so the SDK numbers the next attempt right", () => {
    // The testing library writes CurrentAttempt 1 after the first and after the second failed attempt.
    const log = read([
      started(),
      step("StepStarted", "2026-11-28T10:00:01.000Z"),
      step("StepFailed", "2026-11-28T10:00:02.000Z", FIRST_ATTEMPT_FAILED),
      step("StepStarted", "2026-11-28T10:00:07.000Z"),
      step("StepFailed", "2026-11-28T10:00:08.000Z", FIRST_ATTEMPT_FAILED),
    ]);
    assert.equal(log.operations[0]?.Status, "PENDING");
    assert.equal(log.operations[0]?.StepDetails?.Attempt, 2);
  });

  it("treats a waitForCondition poll (StepSucceeded with a delay) as PENDING and keeps its state", () => {
    const log = read([
      started(),
      { ...step("StepStarted", "2026-11-28T10:00:01.000Z"), SubType: "WaitForCondition" },
      {
        ...step("StepSucceeded", "2026-11-28T10:00:01.500Z", {
          Result: { Payload: '{"n":1}' },
          RetryDetails: { NextAttemptDelaySeconds: 5 },
        }),
        SubType: "WaitForCondition",
      },
    ]);
    const [op] = log.operations;
    assert.equal(op?.Status, "PENDING");
    assert.equal(op?.SubType, "WaitForCondition");
    assert.equal(op?.StepDetails?.Result, '{"n":1}');
    assert.equal(op?.StepDetails?.NextAttemptTimestamp, "2026-11-28T10:00:06.500Z");
  });

  it("keeps a step that failed for good (no retry delay) FAILED with its error", () => {
    const log = read([
      started(),
      step("StepStarted", "2026-11-28T10:00:01.000Z"),
      step("StepFailed", "2026-11-28T10:00:02.000Z", {
        Error: { Payload: { ErrorMessage: "order invalid", ErrorType: "TypeError" } },
        RetryDetails: { CurrentAttempt: 1 },
      }),
      {
        EventType: "ExecutionFailed",
        Id: "exec-1",
        EventTimestamp: "2026-11-28T10:00:03.000Z",
        ExecutionFailedDetails: { Error: { Payload: { ErrorMessage: "order invalid", ErrorType: "StepError" } } },
      },
    ]);
    assert.equal(log.operations[0]?.Status, "FAILED");
    assert.deepEqual(log.operations[0]?.StepDetails?.Error, { ErrorMessage: "order invalid", ErrorType: "TypeError" });
    assert.deepEqual(log.outcome, {
      status: "FAILED",
      error: { ErrorMessage: "order invalid", ErrorType: "StepError" },
    });
  });

  it("reads epoch-second (AWS CLI) and epoch-millisecond timestamps as the same instants", () => {
    const seconds = read([
      started(1_764_324_000.25),
      step("StepStarted", 1_764_324_001),
      step("StepFailed", 1_764_324_002, FIRST_ATTEMPT_FAILED),
    ]);
    const millis = read([
      started(1_764_324_000_250),
      step("StepStarted", 1_764_324_001_000),
      step("StepFailed", 1_764_324_002_000, FIRST_ATTEMPT_FAILED),
    ]);
    assert.equal(seconds.execution.StartTimestamp, "2025-11-28T10:00:00.250Z");
    assert.deepEqual(seconds.execution, millis.execution);
    assert.deepEqual(seconds.operations, millis.operations);
    assert.equal(seconds.operations[0]?.StepDetails?.NextAttemptTimestamp, "2025-11-28T10:00:07.000Z");
  });

  it("reads ISO timestamps with a +00:00 offset", () => {
    const log = read([started("2026-11-28T10:00:00.094000+00:00"), step("StepStarted", "2026-11-28T12:00:01+02:00")]);
    assert.equal(log.execution.StartTimestamp, "2026-11-28T10:00:00.094Z");
    assert.equal(log.operations[0]?.StartTimestamp, "2026-11-28T10:00:01.000Z");
  });

  it("reads the AWS CLI page shape {Events, NextMarker} and warns when more pages exist", () => {
    const events = captureJson<unknown[]>("order.history.json");
    const whole = read({ Events: events });
    assert.equal(whole.format, "history");
    assert.equal(whole.operations.length, 4);
    assert.deepEqual(whole.warnings, []);
    const firstPage = read({ Events: events, NextMarker: "abc" });
    assert.match(firstPage.warnings.join("\n"), /only the first page of Events/);
  });

  it("reads a history fetched with --reverse-order like the original", () => {
    const events = captureJson<unknown[]>("approval.history.json");
    const forward = read(events, "approval.history.json");
    const reversed = read({ Events: [...events].reverse() }, "approval.history.json");
    assert.deepEqual(reversed.operations, forward.operations);
    assert.deepEqual(reversed.outcome, forward.outcome);
  });

  it("asks for --include-execution-data when the history carries no input payload", () => {
    const events = captureJson<any[]>("order.history.json");
    delete events[0].ExecutionStartedDetails.Input;
    const error = readError(events, "order.history.json");
    assert.equal(error.jsonPath, "$[0].ExecutionStartedDetails.Input");
    assert.match(
      error.message,
      /^order\.history\.json: \$\[0\]\.ExecutionStartedDetails\.Input: .*no execution data.*--include-execution-data/,
    );
  });

  it("refuses a truncated step result, naming the event", () => {
    const events = captureJson<any[]>("order.history.json");
    events[2].StepSucceededDetails.Result = { Payload: '{"orderId":"o-1', Truncated: true };
    const error = readError({ Events: events }, "order.history.json");
    assert.equal(error.jsonPath, "$.Events[2].StepSucceededDetails.Result");
    assert.match(error.message, /truncated/);
  });

  it("refuses a truncated input unless --input replaces it", () => {
    const events = captureJson<any[]>("order.history.json");
    events[0].ExecutionStartedDetails.Input = { Payload: '{"orderId":"o-1', Truncated: true };
    assert.match(
      readError(events).message,
      /\$\[0\]\.ExecutionStartedDetails\.Input: the execution input is truncated.*--input/,
    );
    const log = parseLog(JSON.stringify(events), "order.history.json", { input: { orderId: "o-123", amount: 42 } });
    assert.equal(log.execution.ExecutionDetails?.InputPayload, '{"orderId":"o-123","amount":42}');
  });

  it("reports the input payload path when the input is not JSON", () => {
    const events = captureJson<any[]>("order.history.json");
    events[0].ExecutionStartedDetails.Input.Payload = "{orderId: o-123}";
    assert.match(
      readError(events).message,
      /\$\[0\]\.ExecutionStartedDetails\.Input\.Payload: the input payload is not valid JSON/,
    );
  });

  it("refuses a history that does not start at ExecutionStarted", () => {
    const events = captureJson<any[]>("order.history.json").slice(1);
    assert.match(readError(events).message, /bad\.history\.json: \$: no ExecutionStarted event/);
  });

  it("names the event of a wrongly typed field", () => {
    const events = captureJson<any[]>("order.history.json");
    events[4].EventTimestamp = true;
    assert.match(readError(events).message, /^bad\.history\.json: \$\[4\]\.EventTimestamp: expected a timestamp/);
    const noId = captureJson<any[]>("order.history.json");
    delete noId[3].Id;
    assert.match(readError(noId).message, /^bad\.history\.json: \$\[3\]\.Id: missing Id/);
  });

  it("refuses a retry delay beyond any date", () => {
    const events = [
      started(),
      step("StepStarted", "2026-11-28T10:00:01.000Z"),
      step("StepFailed", "2026-11-28T10:00:02.000Z", { RetryDetails: { NextAttemptDelaySeconds: 1e20 } }),
    ];
    assert.match(
      readError(events).message,
      /^bad\.history\.json: \$\[2\]\.StepFailedDetails\.RetryDetails\.NextAttemptDelaySeconds: the retry delay 100000000000000000000 s is out of range$/,
    );
  });

  it("warns about and skips event types it does not know", () => {
    const events = captureJson<any[]>("order.history.json");
    events.splice(3, 0, {
      EventType: "StepTeleported",
      EventId: 3.5,
      Id: STEP_ID,
      EventTimestamp: "2026-11-28T04:13:56.990Z",
    });
    const log = read(events);
    assert.equal(log.operations.length, 4);
    assert.match(log.warnings.join("\n"), /StepTeleported/);
  });

  describe("context results over the 256 KB checkpoint limit", () => {
    /** A history with one context of `subType` that succeeded with `payload`. */
    function contextResult(subType: string, payload: string) {
      const event = (eventType: string, details: object) => ({
        EventType: eventType,
        SubType: subType,
        Id: STEP_ID,
        Name: "ctx",
        EventTimestamp: "2026-11-28T10:00:01.000Z",
        [`${eventType}Details`]: details,
      });
      const log = read([
        started(),
        event("ContextStarted", {}),
        event("ContextSucceeded", { Result: { Payload: payload } }),
      ]);
      return log.operations[0]?.ContextDetails;
    }

    it("marks a context whose result was replaced by an empty payload to be rebuilt from its children", () => {
      assert.deepEqual(contextResult("RunInChildContext", ""), { Result: "", ReplayChildren: true });
    });

    it("marks a map's or parallel's summary, as the JS and the Python SDK write it, to be rebuilt", () => {
      const js =
        '{"type":"MapResult","totalCount":3,"successCount":3,"failureCount":0,"status":"SUCCEEDED","itemStatuses":"SSS"}';
      assert.equal(contextResult("Map", js)?.ReplayChildren, true);
      const python =
        '{"type": "ParallelResult", "totalCount": 2, "completionReason": "ALL_COMPLETED", "startedIndexes": []}';
      assert.equal(contextResult("Parallel", python)?.ReplayChildren, true);
    });

    it("serves ordinary results as they are", () => {
      const batch = '{"all":[{"index":0,"status":"SUCCEEDED","result":"a"}],"completionReason":"ALL_COMPLETED"}';
      assert.equal(contextResult("Map", batch)?.ReplayChildren, undefined);
      // A child context may return an object that looks like a summary: only maps and parallels write summaries.
      assert.equal(
        contextResult("RunInChildContext", '{"type":"MapResult","totalCount":1}')?.ReplayChildren,
        undefined,
      );
      assert.equal(contextResult("Map", '{"type":"MapResult"')?.ReplayChildren, undefined);
      assert.equal(contextResult("RunInChildContext", '""')?.ReplayChildren, undefined);
    });
  });
});
