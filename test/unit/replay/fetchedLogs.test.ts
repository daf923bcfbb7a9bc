// The fetched-log folder as a cache: only a finished execution's file is served again (a running one must be fetched
// anew), files are the owner's only, and Clear Fetched Logs removes exactly the fetched histories.
import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedLog, clearFetchedLogs, fetchedLogName, writePrivateFile } from "../../../src/replay/aws/fetchedLogs";

const summary = {
  arn: "0b7f/inv-1", // AWS's local server: not shaped like an ARN at all
  name: "night run #4",
  functionArn: "arn:aws:lambda:us-east-1:123456789012:function:order-fn:7",
};
const started = { EventType: "ExecutionStarted", EventId: 1, ExecutionStartedDetails: { Input: { Payload: "{}" } } };

describe("fetched logs", () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), "fetched-logs-")), ".durable-replay", "logs");
  });
  afterEach(() => rmSync(join(dir, "../.."), { recursive: true, force: true }));

  it("names files after the function and the execution, keyed by the ARN", () => {
    assert.match(fetchedLogName(summary), /^order-fn\.night-run-4\.[0-9a-f]{12}\.history\.json$/);
    assert.notEqual(fetchedLogName(summary), fetchedLogName({ ...summary, arn: "0b7f/inv-2" }));
  });

  it("serves a finished execution again, never a running one, even if a payload quotes a final event", () => {
    const file = join(dir, fetchedLogName(summary));
    const quoting = {
      ...started,
      ExecutionStartedDetails: { Input: { Payload: JSON.stringify({ EventType: "ExecutionSucceeded" }) } },
    };
    writePrivateFile(file, JSON.stringify({ Events: [quoting] }, null, 1));
    assert.equal(cachedLog(summary.arn, dir), undefined, "still running: fetch again");
    writePrivateFile(
      file,
      JSON.stringify({ Events: [started, { EventType: "ExecutionFailed", EventId: 2 }] }, null, 1),
    );
    assert.equal(cachedLog(summary.arn, dir), file);
    assert.equal(cachedLog("0b7f/inv-2", dir), undefined, "another execution");
  });

  it("writes owner-only files in an owner-only folder", () => {
    const file = join(dir, fetchedLogName(summary));
    writePrivateFile(file, "{}");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(dir), [fetchedLogName(summary)], "no temporary file left");
  });

  it("Clear Fetched Logs deletes the fetched histories and nothing else", () => {
    writePrivateFile(join(dir, fetchedLogName(summary)), "{}");
    writePrivateFile(join(dir, fetchedLogName({ ...summary, arn: "x" })), "{}");
    writeFileSync(join(dir, "notes.txt"), "mine");
    assert.equal(clearFetchedLogs(dir), 2);
    assert.deepEqual(readdirSync(dir), ["notes.txt"]);
    assert.equal(clearFetchedLogs(join(dir, "missing")), 0);
  });
});
