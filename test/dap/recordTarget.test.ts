// The `record` launch attribute follows --record's rules: never onto the replayed log, never through a link, and over
// a file that is not a recording only with `recordForce`.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import { HANDLERS, ORDER_LOGS, launch, sideEffectDir, startAdapter } from "./adapterClient";

const ORDER = join(HANDLERS, "order.ts");

describe("debug adapter: record target", function () {
  let client: DebugClient;
  let dir: string;
  let log: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "dap-record-"));
    log = join(dir, "order.history.json");
    writeFileSync(log, readFileSync(join(ORDER_LOGS, "order-cut.history.json")));
    client = await startAdapter();
  });
  afterEach(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The launch's error message, or undefined when it started. */
  async function launchError(args: { record: string; recordForce?: boolean }): Promise<string | undefined> {
    try {
      await launch(client, {
        handler: ORDER,
        log,
        onLogEnd: "live",
        env: { SIDE_EFFECT_DIR: sideEffectDir() },
        ...args,
      });
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  it("refuses to record onto the replayed log, even with recordForce, and leaves it unchanged", async () => {
    const before = readFileSync(log, "utf8");
    const message = await launchError({ record: log, recordForce: true });
    assert.match(message ?? "", /order\.history\.json is the log being replayed; record to another file/);
    assert.equal(readFileSync(log, "utf8"), before);
  });

  it("refuses a symbolic link at the target", async () => {
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "precious\n");
    const target = join(dir, "out.durable.json");
    symlinkSync(victim, target);
    assert.match((await launchError({ record: target, recordForce: true })) ?? "", /is a symbolic link/);
    assert.equal(readFileSync(victim, "utf8"), "precious\n");
  });

  it("replaces a file that is not a recording only with recordForce", async () => {
    const target = join(dir, "notes.json");
    writeFileSync(target, "{}\n");
    assert.match(
      (await launchError({ record: target })) ?? "",
      /notes\.json exists and is not a Durable Replay recording; pass --force \(launch attribute `recordForce`\)/,
    );
    assert.equal(readFileSync(target, "utf8"), "{}\n");
    const terminated = client.waitForEvent("terminated", 60_000);
    assert.equal(await launchError({ record: target, recordForce: true }), undefined);
    await terminated;
    assert.equal(JSON.parse(readFileSync(target, "utf8")).format, "durable-replay-log");
  });
});
