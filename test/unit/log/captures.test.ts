import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { parseLog, readLog } from "../../../src/replay/log/readLog";
import type { WireOperation } from "../../../src/protocol/wire";
import { capture, captureJson, logFixture } from "./fixturePaths";

const WORKFLOWS = ["order", "approval"] as const;

/** What replay serves from an operation: identity, status and stored payloads. */
function replayView(op: WireOperation) {
  return {
    Id: op.Id,
    ParentId: op.ParentId,
    Name: op.Name,
    Type: op.Type,
    SubType: op.SubType,
    Status: op.Status,
    Attempt: op.StepDetails?.Attempt,
    StepResult: op.StepDetails?.Result,
    ContextResult: op.ContextDetails?.Result,
    CallbackResult: op.CallbackDetails?.Result,
    CallbackId: op.CallbackDetails?.CallbackId,
  };
}

function firstExecutionOp(workflow: string): WireOperation {
  return captureJson(`${workflow}.invocations-raw.json`)[0].input.InitialExecutionState.Operations[0];
}

describe("log readers on the real AWS captures", () => {
  for (const workflow of WORKFLOWS) {
    describe(workflow, () => {
      const expectedOps = captureJson<WireOperation[]>(`${workflow}.operations.json`);
      const expectedInput = JSON.parse(firstExecutionOp(workflow).ExecutionDetails!.InputPayload!);

      it("reads the testing library's operations array, synthesizing the EXECUTION operation", () => {
        const log = readLog(capture(`${workflow}.operations.json`));
        assert.equal(log.format, "testing-operations");
        assert.equal(log.language, "javascript");
        assert.deepEqual(log.operations.map(replayView), expectedOps.map(replayView));
        assert.equal(log.execution.Type, "EXECUTION");
        assert.equal(log.execution.Status, "STARTED");
        assert.deepEqual(log.input, {});
        assert.equal(log.execution.ExecutionDetails?.InputPayload, "{}");
        assert.match(log.warnings.join("\n"), /no EXECUTION operation.*--input/);
        assert.match(
          log.durableExecutionArn,
          /^arn:aws:lambda:local:000000000000:function:replay:\$LATEST\/durable-execution\/replay\/[\w-]+$/,
        );
      });

      it("takes the input from --input for the operations array, without a warning", () => {
        const log = readLog(capture(`${workflow}.operations.json`), { input: expectedInput });
        assert.deepEqual(log.input, expectedInput);
        assert.deepEqual(JSON.parse(log.execution.ExecutionDetails!.InputPayload!), expectedInput);
        assert.deepEqual(log.warnings, []);
      });

      it("converts the history to the same operations, statuses and results as the operations file", () => {
        const log = readLog(capture(`${workflow}.history.json`));
        assert.equal(log.format, "history");
        assert.equal(log.language, "javascript");
        assert.deepEqual(log.operations.map(replayView), expectedOps.map(replayView));
        assert.deepEqual(log.warnings, []);
        // Waits keep their scheduled end, taken from WaitStarted (the capture's operations file was written 1 ms apart).
        for (const wait of log.operations.filter((op) => op.Type === "WAIT")) {
          assert.match(String(wait.WaitDetails?.ScheduledEndTimestamp), /^2026-11-28T04:1\d:\d\d\.\d{3}Z$/);
        }
      });

      it("puts the history's EXECUTION first with the input and records the outcome of the result file", () => {
        const log = readLog(capture(`${workflow}.history.json`));
        const expected = captureJson(`${workflow}.result.json`);
        assert.equal(log.execution.Id, firstExecutionOp(workflow).Id);
        assert.equal(
          log.execution.ExecutionDetails?.InputPayload,
          firstExecutionOp(workflow).ExecutionDetails?.InputPayload,
        );
        assert.deepEqual(log.input, expectedInput);
        assert.equal(log.outcome?.status, "SUCCEEDED");
        assert.deepEqual(JSON.parse(log.outcome.result!), expected.result);
      });

      it("reads each raw invocation event as the invocation format", () => {
        const invocations = captureJson<any[]>(`${workflow}.invocations-raw.json`);
        const byId = new Map(expectedOps.map((op) => [op.Id, op]));
        for (const invocation of invocations) {
          const event = invocation.input;
          const log = parseLog(JSON.stringify(event), `${workflow}-invocation-${invocation.invocation}.json`);
          assert.equal(log.format, "invocation");
          assert.equal(log.durableExecutionArn, event.DurableExecutionArn);
          assert.equal(log.execution.Id, event.InitialExecutionState.Operations[0].Id);
          assert.deepEqual(log.input, expectedInput);
          assert.equal(log.operations.length, event.InitialExecutionState.Operations.length - 1);
          for (const op of log.operations) {
            const recorded = byId.get(op.Id);
            assert.ok(recorded, `invocation ${invocation.invocation} has unknown operation ${op.Id}`);
            assert.deepEqual(
              [op.Type, op.SubType, op.Name, op.ParentId],
              [recorded.Type, recorded.SubType, recorded.Name, recorded.ParentId],
            );
          }
        }
      });
    });
  }

  it("keeps the approval invocation whose callback finished while its WaitForCallback context had not", () => {
    const event = captureJson<any[]>("approval.invocations-raw.json")[1].input;
    const log = parseLog(JSON.stringify(event), "approval-invocation-1.json");
    const statusById = Object.fromEntries(log.operations.map((op) => [op.Id, op.Status]));
    assert.equal(statusById["c81e728d9d4c2f63"], "STARTED");
    assert.equal(statusById["8fbdbf5573b18fae"], "SUCCEEDED");
  });

  it("reads a state file with AWS CLI timestamps (+00:00 offset, microseconds) as UTC ISO strings", () => {
    const log = readLog(logFixture("approval.state.json"));
    const expectedOps = captureJson<WireOperation[]>("approval.operations.json");
    assert.equal(log.format, "state");
    assert.equal(log.operations.length, 21);
    assert.deepEqual(log.operations.map(replayView), expectedOps.map(replayView));
    assert.deepEqual(
      log.operations.map((op) => [op.StartTimestamp, op.EndTimestamp, op.WaitDetails?.ScheduledEndTimestamp]),
      expectedOps.map((op) => [op.StartTimestamp, op.EndTimestamp, op.WaitDetails?.ScheduledEndTimestamp]),
    );
    assert.equal(log.execution.StartTimestamp, firstExecutionOp("approval").StartTimestamp);
    assert.deepEqual(log.input, { orderId: "o-456", items: ["a", "b", "c"] });
    assert.deepEqual(log.warnings, []);
  });

  it("warns that a state page with a NextMarker is only the first page", () => {
    const state = JSON.parse(readFileSync(logFixture("approval.state.json"), "utf8"));
    state.NextMarker = "page-2";
    const log = parseLog(JSON.stringify(state), "approval.state.json");
    assert.equal(log.operations.length, 21);
    assert.match(log.warnings.join("\n"), /only the first page.*NextMarker/);
  });

  it("moves an EXECUTION operation that is not first to the front", () => {
    const ops = captureJson<WireOperation[]>("order.operations.json");
    const state = { Operations: [...ops, firstExecutionOp("order")] };
    const log = parseLog(JSON.stringify(state), "order.state.json");
    assert.equal(log.execution.Id, firstExecutionOp("order").Id);
    assert.deepEqual(
      log.operations.map((op) => op.Id),
      ops.map((op) => op.Id),
    );
    assert.deepEqual(log.input, { orderId: "o-123", amount: 42 });
  });

  it("lets --input replace the recorded input of a history", () => {
    const log = readLog(capture("order.history.json"), { input: { orderId: "o-999", amount: 1 } });
    assert.deepEqual(log.input, { orderId: "o-999", amount: 1 });
    assert.equal(log.execution.ExecutionDetails?.InputPayload, '{"orderId":"o-999","amount":1}');
  });

  it("keeps unknown extra fields of operations", () => {
    const ops = captureJson<any[]>("order.operations.json");
    ops[0].FutureField = { kept: true };
    ops[0].StepDetails.FutureDetail = 7;
    const log = parseLog(JSON.stringify(ops), "order.operations.json");
    assert.deepEqual(log.operations[0].FutureField, { kept: true });
    assert.equal(log.operations[0].StepDetails?.FutureDetail, 7);
  });

  it("honours a forced format over detection", () => {
    assert.equal(readLog(capture("order.history.json"), { format: "history" }).format, "history");
    assert.throws(
      () => readLog(capture("order.history.json"), { format: "state" }),
      (e: Error) => e.name === "LogReadError" && /\$: expected GetDurableExecutionState output/.test(e.message),
    );
  });

  it("detects a Python SDK log from its 64-hex operation Ids", () => {
    const log = readLog(logFixture("python-order.state.json"));
    assert.equal(log.language, "python");
    assert.equal(log.operations.length, 2);
    assert.deepEqual(log.input, { orderId: "o-123", amount: 42 });
  });

  it("reads null fields (as Python tools write absent ones) as absent", () => {
    const state = JSON.parse(readFileSync(logFixture("python-order.state.json"), "utf8"));
    Object.assign(state.Operations[1], { ParentId: null, EndTimestamp: null });
    state.Operations[1].StepDetails.Error = null;
    const [op] = parseLog(JSON.stringify(state), "python-order.state.json").operations;
    assert.ok(op && !("ParentId" in op) && !("EndTimestamp" in op) && !("Error" in op.StepDetails!));
    assert.equal(op.StepDetails?.Result, state.Operations[1].StepDetails.Result);
  });
});
