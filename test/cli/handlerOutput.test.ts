// All of the handler's output reaches the user before the run ends (the CLI passes it on to its stderr), however much
// there is and however fast the run ends after it.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../..");

describe("durable-replay run: handler output", function () {
  this.timeout(120_000);
  let scratch: string;
  let emptyLog: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), "durable-replay-output-"));
    emptyLog = join(scratch, "start.json");
    writeFileSync(
      emptyLog,
      JSON.stringify({ DurableExecutionArn: "loud", CheckpointToken: "t0", InitialExecutionState: { Operations: [] } }),
    );
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  /** Runs the loud handler live; what the CLI wrote to stderr, as a count of `x` bytes and the text of the rest. */
  function runLoud(mode: "bytes" | "lines"): Promise<{ code: number | null; xBytes: number; text: string }> {
    const cli = spawn(
      process.execPath,
      [join(root, "dist/durable-replay.js"), "run", "--handler", "test/fixtures/handlers/loud.ts", "--log", emptyLog],
      { cwd: root, env: { ...process.env, LOUD: mode, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let xBytes = 0;
    let text = "";
    cli.stderr.on("data", (chunk: Buffer) => {
      const asText = chunk.toString("latin1");
      const rest = asText.replace(/x+/g, (run) => {
        xBytes += run.length;
        return "";
      });
      text += rest;
    });
    return new Promise((done) => cli.on("close", (code) => done({ code, xBytes, text })));
  }

  it("passes on 100 MiB the handler writes to stdout", async () => {
    const { code, xBytes, text } = await runLoud("bytes");
    assert.equal(code, 0, text);
    assert.equal(xBytes, 100 * 1024 * 1024);
  });

  it("passes on 10,000 console lines, the last one included", async () => {
    const { code, text } = await runLoud("lines");
    assert.equal(code, 0, text);
    const lines = text.split("\n").filter((line) => line.startsWith("line "));
    assert.equal(lines.length, 10_000);
    assert.equal(lines[9_999], "line 9999 (last)");
  });
});
