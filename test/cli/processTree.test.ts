// Every way a `durable-replay run` can end leaves nothing of the host's process tree running: the host, a child and a
// detached child the handler started, and their own children (test/fixtures/handlers/processTree.ts).
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stepIdHash } from "../../src/replay/log/stepIds";
import { assertTreeEnded, handlerTree } from "../support/processes";

const root = resolve(__dirname, "../..");
const handlers = join(root, "test/fixtures/handlers");

interface CliRun {
  cli: ChildProcess;
  dir: string;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

describe("durable-replay run: the handler's process tree ends with the run", function () {
  this.timeout(120_000);
  let scratch: string;
  let emptyLog: string;
  let divergingLog: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), "durable-replay-tree-"));
    emptyLog = join(scratch, "start.json");
    writeFileSync(
      emptyLog,
      JSON.stringify({ DurableExecutionArn: "tree", CheckpointToken: "t0", InitialExecutionState: { Operations: [] } }),
    );
    // The handler's first step is `prepare`; the log recorded another name there.
    divergingLog = join(scratch, "diverging.json");
    writeFileSync(
      divergingLog,
      JSON.stringify({
        Operations: [
          { Id: stepIdHash("1"), Type: "STEP", Status: "SUCCEEDED", Name: "other", StepDetails: { Result: '"x"' } },
        ],
      }),
    );
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  function startCli(mode: "end" | "loop", log: string): CliRun {
    const dir = mkdtempSync(join(scratch, "tree-"));
    const cli = spawn(
      process.execPath,
      [join(root, "dist/durable-replay.js"), "run", "--handler", join(handlers, "processTree.ts"), "--log", log],
      {
        cwd: root,
        env: { ...process.env, TREE_DIR: dir, TREE_FIXTURES: handlers, TREE_MODE: mode, NO_COLOR: "1" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    cli.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
      cli.on("close", (code, signal) => done({ code, signal, stderr })),
    );
    return { cli, dir, ended };
  }

  it("a run that ends normally", async () => {
    const run = startCli("end", emptyLog);
    const tree = await handlerTree(run.dir, false);
    const { code, stderr } = await run.ended;
    assert.equal(code, 0, stderr);
    await assertTreeEnded(tree);
  });

  it("a run that diverges", async () => {
    const run = startCli("end", divergingLog);
    const tree = await handlerTree(run.dir, false);
    const { code, stderr } = await run.ended;
    assert.equal(code, 1, stderr);
    await assertTreeEnded(tree);
  });

  for (const signal of ["SIGTERM", "SIGINT", "SIGKILL"] as const) {
    it(`${signal} to the CLI while the handler loops`, async () => {
      const run = startCli("loop", emptyLog);
      const tree = await handlerTree(run.dir, true);
      run.cli.kill(signal);
      const ended = await run.ended;
      assert.equal(ended.signal, signal, `the CLI should end by ${signal}, got ${JSON.stringify(ended)}`);
      await assertTreeEnded(tree);
    });
  }
});
