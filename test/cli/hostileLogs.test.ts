// Logs that once hung the CLI or exhausted its memory or stack: parent loops, deep nesting, FIFOs, devices and huge
// files. Each is one sentence naming the file (and the JSON path where there is one), exit 2, promptly.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDurableReplay } from "../support/durableReplayCli";

const input = '{"orderId":"o-123","amount":42}';

interface Run {
  code: number | null;
  stderr: string;
}

function runOrder(log: string, extra: string[] = [], env: Record<string, string> = {}): Run {
  // A hang is a failure: the timeout kills the CLI and the status is null.
  return runDurableReplay(
    ["run", "--handler", "test/fixtures/handlers/order.ts", "--log", log, "--input", input, ...extra],
    {
      env: { ...process.env, ...env },
      timeout: 30_000,
    },
  );
}

function assertRefused(run: Run, ...patterns: RegExp[]): void {
  assert.equal(run.code, 2, `exit code for bad input (stderr: ${run.stderr})`);
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got:\n${run.stderr}`);
  for (const pattern of patterns) assert.match(lines[0], pattern);
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
}

describe("durable-replay run: hostile logs", function () {
  this.timeout(120_000);
  let scratch: string;
  const write = (name: string, json: unknown): string => {
    const file = join(scratch, name);
    writeFileSync(file, typeof json === "string" ? json : JSON.stringify(json));
    return file;
  };

  before(() => (scratch = mkdtempSync(join(tmpdir(), "durable-replay-hostile-"))));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("refuses two operations whose ParentIds name each other, naming the JSON path", () => {
    const log = write("cycle.json", {
      Operations: [
        { Id: "aaaaaaaaaaaaaaaa", Type: "STEP", Status: "SUCCEEDED", ParentId: "bbbbbbbbbbbbbbbb" },
        { Id: "bbbbbbbbbbbbbbbb", Type: "CONTEXT", Status: "SUCCEEDED", ParentId: "aaaaaaaaaaaaaaaa" },
      ],
    });
    assertRefused(runOrder(log), /cycle\.json/, /\$\.Operations\[0\]\.ParentId/, /loop/);
  });

  it("refuses an operation that is its own parent", () => {
    const log = write("self.json", {
      Operations: [{ Id: "aaaaaaaaaaaaaaaa", Type: "CONTEXT", Status: "SUCCEEDED", ParentId: "aaaaaaaaaaaaaaaa" }],
    });
    assertRefused(runOrder(log), /self\.json/, /\$\.Operations\[0\]\.ParentId/, /itself/);
  });

  it("refuses contexts nested 5,000 deep through their ParentIds", () => {
    const id = (k: number): string => k.toString(16).padStart(16, "0");
    const operations = Array.from({ length: 5000 }, (_, k) => ({
      Id: id(k + 1),
      Type: "CONTEXT",
      Status: "SUCCEEDED",
      ...(k > 0 ? { ParentId: id(k) } : {}),
    }));
    assertRefused(
      runOrder(write("chain.json", { Operations: operations })),
      /chain\.json/,
      /\$\.Operations\[1000\]\.ParentId/,
      /nested more than 1000 contexts/,
    );
  });

  it("replays a log whose ParentId names no recorded operation", () => {
    const log = write("dangling.json", {
      Operations: [{ Id: "aaaaaaaaaaaaaaaa", Type: "STEP", Status: "SUCCEEDED", ParentId: "cccccccccccccccc" }],
    });
    const run = runOrder(log);
    assert.ok(run.code === 0 || run.code === 1, `expected a replay, got exit ${run.code}: ${run.stderr}`);
  });

  it("refuses an unknown field nested 5,000 levels deep, naming where it starts", () => {
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const log = write(
      "deep.json",
      `{"Operations":[{"Id":"c4ca4238a0b92382","Type":"STEP","Status":"SUCCEEDED","Name":"validate_order","Extra":${deep}}]}`,
    );
    assertRefused(runOrder(log), /deep\.json/, /\$\.Operations\[0\]\.Extra/, /nests more than 1,000 levels deep/);
  });

  it("refuses a named pipe before opening it", () => {
    const fifo = join(scratch, "log.fifo");
    execFileSync("mkfifo", [fifo]);
    assertRefused(runOrder(fifo), /log\.fifo/, /named pipe/);
  });

  it("refuses a device such as /dev/zero", () => {
    assertRefused(runOrder("/dev/zero"), /\/dev\/zero/, /device/);
  });

  it("refuses a file over --max-log-size or DURABLE_REPLAY_MAX_LOG_SIZE before reading it", () => {
    // Valid JSON of 2 MiB: only its size is wrong.
    const big = write("big.json", { Operations: [], Padding: "x".repeat(2 * 1024 * 1024) });
    assertRefused(runOrder(big, ["--max-log-size", "1M"]), /big\.json/, /over the 1 MiB limit/, /--max-log-size/);
    assertRefused(runOrder(big, [], { DURABLE_REPLAY_MAX_LOG_SIZE: "1m" }), /big\.json/, /over the 1 MiB limit/);
    const allowed = runOrder(big, ["--max-log-size", "3M"]);
    assert.ok(allowed.code === 0 || allowed.code === 1, `a log under the limit replays: ${allowed.stderr}`);
  });

  it("refuses a malformed --max-log-size", () => {
    assertRefused(runOrder("whatever.json", ["--max-log-size", "lots"]), /--max-log-size/);
  });
});
