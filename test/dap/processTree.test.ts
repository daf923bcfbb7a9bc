// Every way a debug session can end leaves nothing of the host's process tree running: the host, a child and a
// detached child the handler started, and their own children (test/fixtures/handlers/processTree.ts).
import { strict as assert } from "node:assert";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import { assertTreeEnded, handlerTree } from "../support/processes";
import { HANDLERS, launch, startAdapter } from "./adapterClient";

/** The adapter process the client started (DebugClient keeps it in a private field). */
function adapterProcess(client: DebugClient): ChildProcess {
  const adapter = (client as unknown as { _adapterProcess?: ChildProcess })._adapterProcess;
  assert.ok(adapter, "the debug client did not start the adapter as a process");
  return adapter;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

describe("debug adapter: the handler's process tree ends with the session", function () {
  this.timeout(120_000);
  let scratch: string;
  let emptyLog: string;
  let client: DebugClient | undefined;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), "dap-tree-"));
    emptyLog = join(scratch, "start.json");
    writeFileSync(
      emptyLog,
      JSON.stringify({ DurableExecutionArn: "tree", CheckpointToken: "t0", InitialExecutionState: { Operations: [] } }),
    );
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));
  afterEach(async () => {
    const adapter = client && adapterProcess(client);
    if (adapter && adapter.exitCode === null && adapter.signalCode === null) await client!.stop();
    client = undefined;
  });

  async function debugTree(
    mode: "end" | "loop",
  ): Promise<{ client: DebugClient; tree: Map<string, number>; terminated: Promise<unknown> }> {
    const dir = mkdtempSync(join(scratch, "tree-"));
    client = await startAdapter();
    // Listened for from the start: a replay that ends at once may end before the handler's tree is read. (A loop
    // never ends: no listener, whose timer would hold the test run open.)
    const terminated = mode === "end" ? client.waitForEvent("terminated", 120_000) : Promise.resolve();
    await launch(client, {
      handler: join(HANDLERS, "processTree.ts"),
      log: emptyLog,
      onLogEnd: "live",
      env: { TREE_DIR: dir, TREE_FIXTURES: HANDLERS, TREE_MODE: mode },
    });
    return { client, tree: await handlerTree(dir, mode === "loop"), terminated };
  }

  it("a session whose replay ends normally", async () => {
    const { tree, terminated } = await debugTree("end");
    await terminated;
    await assertTreeEnded(tree);
  });

  it("disconnect while the handler loops", async () => {
    const { client, tree } = await debugTree("loop");
    await client.disconnectRequest({});
    await assertTreeEnded(tree);
  });

  it("terminate while the handler loops", async () => {
    const { client, tree } = await debugTree("loop");
    await client.terminateRequest({});
    await assertTreeEnded(tree);
  });

  for (const signal of ["SIGKILL", "SIGTERM"] as const) {
    it(`the adapter killed with ${signal} while the handler loops`, async () => {
      const { client, tree } = await debugTree("loop");
      const adapter = adapterProcess(client);
      adapter.kill(signal);
      await exited(adapter);
      await assertTreeEnded(tree);
    });
  }

  it("the client closing the adapter's stdin without a disconnect", async () => {
    const { client, tree } = await debugTree("loop");
    const adapter = adapterProcess(client);
    adapter.stdin!.end();
    await exited(adapter);
    await assertTreeEnded(tree);
  });
});
