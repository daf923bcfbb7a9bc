// Logs that reach the replay engine without the file reader's checks (the session also takes a log object): the walks
// over ParentIds end on a loop, and a log the host cannot be sent leaves no host behind.
import { strict as assert } from "node:assert";
import { join, resolve } from "node:path";
import type { ReplayLog } from "../../../src/protocol/replayLog";
import { recordedPaths } from "../../../src/replay/log/stepIds";
import { OperationLedger } from "../../../src/replay/engine/operationLedger";
import { ReplaySession } from "../../../src/replay/session/replaySession";
import { isAlive, settled } from "../../support/processes";

const root = resolve(__dirname, "../../..");

function logOf(operations: ReplayLog["operations"]): ReplayLog {
  return {
    format: "state",
    file: "/logs/hostile.json",
    language: "javascript",
    durableExecutionArn: "arn:hostile",
    input: {},
    execution: { Id: "execution", Type: "EXECUTION", Status: "STARTED" },
    operations,
    warnings: [],
  };
}

describe("replay engine: hostile logs", () => {
  it("classifies operations whose ParentIds loop without walking forever", () => {
    const ledger = new OperationLedger(
      logOf([
        { Id: "aaaaaaaaaaaaaaaa", Type: "STEP", Status: "SUCCEEDED", ParentId: "bbbbbbbbbbbbbbbb" },
        { Id: "bbbbbbbbbbbbbbbb", Type: "CONTEXT", Status: "SUCCEEDED", ParentId: "aaaaaaaaaaaaaaaa" },
      ]),
      recordedPaths,
    );
    ledger.settle(true);
    assert.deepEqual(
      ledger.records.map((r) => [r.id, r.state]),
      [
        ["aaaaaaaaaaaaaaaa", "unreached"],
        ["bbbbbbbbbbbbbbbb", "unreached"],
      ],
    );
  });

  it("kills the host when the log cannot be sent to it (a value nested 5,000 levels deep)", async function () {
    this.timeout(60_000);
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const session = new ReplaySession({
      handlerFile: join(root, "test/fixtures/handlers/order.ts"),
      log: logOf([{ Id: "c4ca4238a0b92382", Type: "STEP", Status: "SUCCEEDED", Extra: deep } as never]),
      onLogEnd: "stop",
      reuseHost: false,
    });
    await assert.rejects(session.start());
    const pid = session.pid;
    assert.ok(pid !== undefined, "the host was started");
    assert.equal(
      await settled(
        () => isAlive(pid),
        (alive) => !alive,
      ),
      false,
      "the host is still running",
    );
  });
});
