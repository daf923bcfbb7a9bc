// The ledger finds recorded operations through the log's own index (built once by the reader), streams records to the
// debugger without keeping a set of every record, and classifies what the code did not reach.
import { strict as assert } from "node:assert";
import type { ReplayLog } from "../../../src/protocol/replayLog";
import type { WireOperation } from "../../../src/protocol/wire";
import { OperationLedger, type DurableCall } from "../../../src/replay/engine/operationLedger";
import { parseLog } from "../../../src/replay/log/readLog";
import { recordedPaths, stepIdHash } from "../../../src/replay/log/stepIds";

/** A state-format log: step 1, context 2 holding steps 2-1 and 2-2, step 3 (still running). */
function stateLog(): ReplayLog {
  const op = (path: string, type: string, extra: Partial<WireOperation> = {}): WireOperation => ({
    Id: stepIdHash(path),
    Type: type as WireOperation["Type"],
    Status: "SUCCEEDED",
    Name: `op ${path}`,
    ...(type === "STEP" ? { SubType: "Step" } : {}),
    ...extra,
  });
  const operations = [
    { Id: "execution-1", Type: "EXECUTION", Status: "STARTED", ExecutionDetails: { InputPayload: "{}" } },
    op("1", "STEP"),
    op("2", "CONTEXT"),
    op("2-1", "STEP", { ParentId: stepIdHash("2") }),
    op("2-2", "STEP", { ParentId: stepIdHash("2") }),
    op("3", "STEP", { Status: "STARTED" }),
  ];
  return parseLog(JSON.stringify({ Operations: operations }), "/logs/ledger.json");
}

const callOf = (path: string, type: WireOperation["Type"], parent?: string): DurableCall => ({
  path,
  id: stepIdHash(path),
  type,
  method: type === "STEP" ? "step" : "runInChildContext",
  name: `op ${path}`,
  ...(type === "STEP" ? { subType: "Step" } : {}),
  ...(parent !== undefined ? { parentPath: parent, parentId: stepIdHash(parent) } : {}),
});

describe("operation ledger", () => {
  it("streams each new record once, in seq order, and a record again when a live checkpoint changes it", () => {
    const log = stateLog();
    const ledger = new OperationLedger(log, recordedPaths);
    ledger.call(callOf("1", "STEP"), 1);
    ledger.call(callOf("3", "STEP"), 1);
    assert.deepEqual(
      ledger.drain().map((r) => [r.seq, r.path, r.state]),
      [
        [0, "1", "replayed"],
        [1, "3", "live"],
      ],
    );
    assert.deepEqual(ledger.drain(), [], "nothing changed since");
    // Step 3 completes live, and the code calls a step the log does not have.
    const done = { ...log.operations[4], Status: "SUCCEEDED" as const, StepDetails: { Result: '"ok"', Attempt: 1 } };
    ledger.call(callOf("4", "STEP"), 1);
    ledger.onUpdate({ Id: done.Id, Type: "STEP", Action: "SUCCEED", Payload: '"ok"' }, done);
    assert.deepEqual(
      ledger.drain().map((r) => [r.seq, r.path, r.state, r.live?.resultRaw]),
      [
        [1, "3", "live", '"ok"'],
        [2, "4", "live", undefined],
      ],
    );
    assert.equal(ledger.call(callOf("4", "STEP"), 2).isNew, false, "a call the log lacks is found again by its Id");
  });

  it("classifies the same on a log copied between processes, which arrives without the reader's index", () => {
    const states = (log: ReplayLog): Array<[string, string]> => {
      const ledger = new OperationLedger(log, recordedPaths);
      ledger.call(callOf("2", "CONTEXT"), 1);
      ledger.call(callOf("2-1", "STEP", "2"), 1);
      ledger.settle(true);
      return ledger.records.map((r) => [r.path, r.state]);
    };
    // Step 1 was not called: the code skipped it. Step 2-2 sits in a context served from the log.
    const expected: Array<[string, string]> = [
      ["2", "replayed"],
      ["2-1", "replayed"],
      ["1", "unreached"],
      ["2-2", "replayed"],
      ["3", "unreached"],
    ];
    assert.deepEqual(states(stateLog()), expected);
    assert.deepEqual(states(structuredClone(stateLog())), expected);
  });

  it("serves a context's unvisited children from the log when the context was replayed whole", () => {
    const ledger = new OperationLedger(stateLog(), recordedPaths);
    ledger.call(callOf("1", "STEP"), 1);
    ledger.call(callOf("2", "CONTEXT"), 1);
    ledger.settle(false);
    assert.deepEqual(
      ledger.records.map((r) => [r.path, r.state, r.parentPath]),
      [
        ["1", "replayed", undefined],
        ["2", "replayed", undefined],
        ["2-1", "replayed", "2"],
        ["2-2", "replayed", "2"],
        ["3", "unreached", undefined],
      ],
    );
  });

  it("raises no unreached divergence in a parallel branch the parallel completed without (first successful)", () => {
    // A log cut while a first-successful parallel ran: branch 1-0 done; branch 1-1 still open, its step done.
    const op = (path: string, type: string, subType: string, status: string, parent?: string): WireOperation => ({
      Id: stepIdHash(path),
      Type: type as WireOperation["Type"],
      SubType: subType,
      Status: status as WireOperation["Status"],
      Name: `op ${path}`,
      ...(parent !== undefined ? { ParentId: stepIdHash(parent) } : {}),
    });
    const operations = [
      { Id: "execution-1", Type: "EXECUTION", Status: "STARTED", ExecutionDetails: { InputPayload: "{}" } },
      op("1", "CONTEXT", "Parallel", "STARTED"),
      op("1-0", "CONTEXT", "ParallelBranch", "SUCCEEDED", "1"),
      op("1-0-1", "STEP", "Step", "SUCCEEDED", "1-0"),
      op("1-1", "CONTEXT", "ParallelBranch", "STARTED", "1"),
      op("1-1-1", "STEP", "Step", "SUCCEEDED", "1-1"),
    ];
    const ledger = new OperationLedger(
      parseLog(JSON.stringify({ Operations: operations }), "/logs/first-successful.json"),
      recordedPaths,
    );
    ledger.call({ ...callOf("1", "CONTEXT"), subType: "Parallel" }, 1);
    // Branch 1-0 is enough: the parallel succeeds before branch 1-1 gets back to its step.
    const done = { ...operations[1], Status: "SUCCEEDED" } as WireOperation;
    ledger.onUpdate({ Id: done.Id, Type: "CONTEXT", Action: "SUCCEED" }, done);
    ledger.settle(true);
    assert.deepEqual(ledger.divergences, []);
    const states = Object.fromEntries(ledger.records.map((r) => [r.path, r.state]));
    assert.equal(states["1-1-1"], "unreached", "the branch's step is still shown as not reached");
  });
});
