import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Ajv from "ajv";
import { LogReadError } from "../../../src/protocol/replayLog";
import { readLog, toRecording, writeRecording } from "../../../src/replay/log/readLog";
import { capture } from "./fixturePaths";

const schema = JSON.parse(readFileSync(resolve(__dirname, "../../../syntaxes/durable-replay-log.schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true }).compile(schema);

describe("recordings", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "durable-replay-log-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function recordApproval() {
    const log = readLog(capture("approval.history.json"));
    const recording = toRecording({
      language: log.language,
      sdkVersion: "2.4.0",
      durableExecutionArn: log.durableExecutionArn,
      input: log.input,
      operations: [...log.operations, log.execution],
      outcome: log.outcome,
    });
    return { log, recording };
  }

  it("keeps payload text that is not ASCII exactly, in a log file written as UTF-8", () => {
    const { recording } = recordApproval();
    const text = "Crème brûlée für 2 × 3 €, ✓ 注文 🚚";
    const step = recording.operations.find((op) => op.Type === "STEP" && op.StepDetails?.Result !== undefined);
    assert.ok(step?.StepDetails);
    step.StepDetails.Result = JSON.stringify({ note: text });
    const file = join(dir, "unicode.replay.json");
    writeFileSync(file, JSON.stringify(recording), "utf8");
    const back = readLog(file).operations.find((op) => op.Id === step.Id);
    assert.deepEqual(JSON.parse(back?.StepDetails?.Result ?? "null"), { note: text });
  });

  it("round-trips a history through a recording file unchanged", () => {
    const { log, recording } = recordApproval();
    const file = join(dir, "nested", "approval.replay.json");
    writeRecording(file, recording);
    const back = readLog(file);
    assert.equal(back.format, "recording");
    assert.equal(back.file, resolve(file));
    assert.equal(back.language, "javascript");
    assert.equal(back.sdkVersion, "2.4.0");
    assert.equal(back.durableExecutionArn, log.durableExecutionArn);
    assert.deepEqual(back.input, log.input);
    assert.deepEqual(back.execution, log.execution);
    assert.deepEqual(back.operations, log.operations);
    assert.deepEqual(back.outcome, log.outcome);
    assert.deepEqual(back.warnings, []);
  });

  it("writes pretty JSON with the EXECUTION operation first and the input as its payload", () => {
    const { recording } = recordApproval();
    const file = join(dir, "approval.replay.json");
    writeRecording(file, recording);
    const text = readFileSync(file, "utf8");
    assert.match(text, /^\{\n {2}"format": "durable-replay-log",\n {2}"version": 1,/);
    const written = JSON.parse(text);
    assert.equal(written.operations[0].Type, "EXECUTION");
    assert.equal(written.operations.length, 22);
    assert.deepEqual(JSON.parse(written.operations[0].ExecutionDetails.InputPayload), written.input);
  });

  it("produces recordings that the JSON schema accepts", () => {
    const { recording } = recordApproval();
    assert.ok(validate(JSON.parse(JSON.stringify(recording))), JSON.stringify(validate.errors));
  });

  it("has a schema that rejects a hand-made bad recording, as the reader does", () => {
    const bad = {
      format: "durable-replay-log",
      version: 1,
      language: "javascript",
      createdAt: "2026-11-28T05:00:00.000Z",
      input: {},
      operations: [
        { Id: "c4ca4238a0b92382", Type: "TASK", Status: "SUCCEEDED", StepDetails: { Result: { done: true } } },
      ],
    };
    assert.equal(validate(bad), false);
    const failedPaths = (validate.errors ?? []).map((e) => e.instancePath);
    assert.ok(failedPaths.includes("/operations/0/Type"), failedPaths.join(", "));
    assert.ok(failedPaths.includes("/operations/0/StepDetails/Result"), failedPaths.join(", "));
    const file = join(dir, "bad.replay.json");
    writeFileSync(file, JSON.stringify(bad));
    assert.throws(
      () => readLog(file),
      (e: Error) => e instanceof LogReadError && e.jsonPath === "$.operations[0].Type",
    );
  });

  it("refuses a recording version it does not know, in one sentence", () => {
    const { recording } = recordApproval();
    const file = join(dir, "future.replay.json");
    writeFileSync(file, JSON.stringify({ ...recording, version: 2 }));
    assert.throws(
      () => readLog(file),
      (e: Error) =>
        e.message ===
        `${file}: $.version: unsupported recording version 2; this version of Durable Replay reads version 1`,
    );
    assert.equal(validate({ ...recording, version: 2 }), false);
  });

  it("keeps the last invocation's UpdatedOperationIds, and refuses a list that is not one of Ids in one sentence", () => {
    const { recording } = recordApproval();
    const id = recording.operations[1].Id;
    const file = join(dir, "updated.replay.json");
    writeFileSync(file, JSON.stringify({ ...recording, updatedOperationIds: [id] }));
    assert.deepEqual(readLog(file).updatedOperationIds, [id]);
    assert.ok(validate({ ...recording, updatedOperationIds: [id] }), JSON.stringify(validate.errors));
    writeFileSync(file, JSON.stringify({ ...recording, updatedOperationIds: [id, 7] }));
    assert.throws(
      () => readLog(file),
      (e: Error) =>
        e.message === `${file}: $.updatedOperationIds[1]: expected an operation Id (a string), got the number 7`,
    );
    assert.equal(validate({ ...recording, updatedOperationIds: [id, 7] }), false);
  });

  it("lets --input override a recording's input", () => {
    const { recording } = recordApproval();
    const file = join(dir, "approval.replay.json");
    writeRecording(file, recording);
    const log = readLog(file, { input: { orderId: "o-1", items: [] } });
    assert.deepEqual(log.input, { orderId: "o-1", items: [] });
    assert.equal(log.execution.ExecutionDetails?.InputPayload, '{"orderId":"o-1","items":[]}');
  });

  it("records an execution without an EXECUTION operation and reads it back with the recorded input", () => {
    const log = readLog(capture("order.operations.json"), { input: { orderId: "o-123", amount: 42 } });
    const file = join(dir, "order.replay.json");
    writeRecording(file, toRecording({ language: log.language, input: log.input, operations: log.operations }));
    const back = readLog(file);
    assert.deepEqual(back.input, { orderId: "o-123", amount: 42 });
    assert.equal(back.execution.ExecutionDetails?.InputPayload, '{"orderId":"o-123","amount":42}');
    assert.deepEqual(back.operations, log.operations);
    assert.deepEqual(back.warnings, []);
  });
});
