// The session API on a Python handler, as the CLI and (later) the debugger use it: records stream while the replay
// runs, a host serves the next replay with the handler imported afresh or is gone when the replay is over, and a debug
// launch is refused with one sentence.
import { strict as assert } from "node:assert";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OperationRecord } from "../../../src/protocol/operations";
import { ReplaySession, ReplaySetupError } from "../../../src/replay/session/replaySession";
import { isAlive, settled } from "../../support/processes";
import { pythonFixtures, pythonSdkEnv } from "../../support/pythonSdk";

describe("replay session on a Python handler", () => {
  it("streams records with decoded results, then ends its Python host (reuseHost: false)", async () => {
    const session = new ReplaySession({
      handlerFile: join(pythonFixtures, "order.py"),
      log: { file: join(pythonFixtures, "order.cut-after-payment.history.json") },
      onLogEnd: "live",
      env: pythonSdkEnv() as Record<string, string>,
      reuseHost: false,
    });
    const streamed: OperationRecord[] = [];
    session.on("operation", (record: OperationRecord) => streamed.push(record));
    await session.start();
    const pid = session.pid;
    assert.ok(pid !== undefined);
    const report = await session.result();
    assert.equal(report.status, "SUCCEEDED");
    const payment = streamed.find((r) => r.name === "process_payment");
    assert.deepEqual(payment?.recorded?.result, { payment_id: "pay-o-123", charged: 42 });
    // A record is streamed again when it changes (a live step's start, then its result): the last copy counts.
    const lastState = new Map(streamed.map((r) => [r.path, r.state]));
    assert.deepEqual(
      [...lastState],
      [
        ["1", "replayed"],
        ["2", "replayed"],
        ["3", "live"],
        ["4", "live"],
      ],
    );
    assert.equal(
      await settled(
        () => isAlive(pid),
        (alive) => !alive,
      ),
      false,
      "the Python host has exited",
    );
  });

  it("serves the next replay from the idle host, with the handler imported afresh (edits seen)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "durable-replay-python-warm-"));
    try {
      for (const file of ["order.py", "side_effects.py"]) copyFileSync(join(pythonFixtures, file), join(dir, file));
      const options = {
        handlerFile: join(dir, "order.py"),
        log: { file: join(pythonFixtures, "order.history.json") },
        onLogEnd: "stop" as const,
        cwd: dir,
        env: pythonSdkEnv() as Record<string, string>,
      };
      const first = new ReplaySession(options);
      await first.start();
      assert.equal((await first.result()).status, "SUCCEEDED");
      const source = readFileSync(join(dir, "order.py"), "utf8");
      writeFileSync(join(dir, "order.py"), source.replaceAll("process_payment", "charge_card"));
      const second = new ReplaySession(options);
      await second.start();
      assert.equal(second.pid, first.pid, "the idle host served the second replay");
      const report = await second.result();
      assert.equal(report.divergences[0]?.attempted?.name, "charge_card");
      // A replay stopped at a divergence leaves a blocked handler behind: that host ends.
      const pid = second.pid!;
      assert.equal(
        await settled(
          () => isAlive(pid),
          (alive) => !alive,
        ),
        false,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a debug launch of a Python handler with one sentence", async () => {
    const session = new ReplaySession({
      handlerFile: join(pythonFixtures, "order.py"),
      log: { file: join(pythonFixtures, "order.history.json") },
      onLogEnd: "pause",
      inspect: true,
    });
    await assert.rejects(session.start(), (error: Error) => {
      assert.ok(error instanceof ReplaySetupError);
      assert.match(
        error.message,
        /order\.py is a Python handler; the Node inspector \(`inspect`\) cannot debug it: the debug adapter runs it under debugpy/,
      );
      return true;
    });
  });
});
