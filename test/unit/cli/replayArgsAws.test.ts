// The AWS flags of durable-replay's command line: executions from AWS stop where their log ends unless told
// otherwise, `--log arn:…` is an execution, and filters are checked before anything is asked of AWS.
import { strict as assert } from "node:assert";
import { parseReplayArgs, UsageError, type CheckArgs, type RunArgs } from "../../../src/cli/replay/replayArgs";
import { parseSince } from "../../../src/replay/aws/executionQuery";

const arn = "arn:aws:lambda:us-east-1:123456789012:function:order:1/durable-execution/night/abc";

describe("durable-replay arguments for executions from AWS", () => {
  it("run --execution and --log arn:… default to --on-log-end stop; a file log keeps live", () => {
    const fromExecution = parseReplayArgs(["run", "--handler", "h.ts", "--execution", "any/opaque:text"]) as RunArgs;
    assert.equal(fromExecution.execution, "any/opaque:text");
    assert.equal(fromExecution.onLogEnd, "stop");
    const fromLog = parseReplayArgs(["run", "--handler", "h.ts", "--log", arn]) as RunArgs;
    assert.equal(fromLog.execution, arn);
    assert.equal(fromLog.onLogEnd, "stop");
    const live = parseReplayArgs(["run", "--handler", "h.ts", "--log", arn, "--on-log-end", "live"]) as RunArgs;
    assert.equal(live.onLogEnd, "live");
    const file = parseReplayArgs(["run", "--handler", "h.ts", "--log", "x.json"]) as RunArgs;
    assert.equal(file.execution, undefined);
    assert.equal(file.onLogEnd, "live");
  });

  it("check takes executions, a function with filters, jobs and AWS settings", () => {
    const args = parseReplayArgs([
      "check",
      "--handler",
      "h.py",
      "--function",
      "order-fn",
      "--last",
      "200",
      "--status",
      "failed",
      "--since",
      "7d",
      "--jobs",
      "2",
      "--region",
      "eu-west-1",
      "--profile",
      "prod",
      "--endpoint",
      "http://127.0.0.1:9",
      arn,
    ]) as CheckArgs;
    assert.equal(args.function, "order-fn");
    assert.equal(args.last, 200);
    assert.equal(args.status, "FAILED");
    assert.equal(args.jobs, 2);
    assert.deepEqual(args.executions, [arn]);
    assert.deepEqual(args.logs, []);
    assert.deepEqual(args.aws, { region: "eu-west-1", profile: "prod", endpoint: "http://127.0.0.1:9" });
    assert.ok(Math.abs(Date.now() - 7 * 86_400_000 - args.since!.getTime()) < 5000);
  });

  const bad: Array<[string[], RegExp]> = [
    [["list"], /^Missing --function/],
    [["list", "--function", "f", "--status", "DONE"], /^--status must be one of RUNNING, SUCCEEDED/],
    [["list", "--function", "f", "--since", "yesterday"], /^--since must be a duration like 24h/],
    [["list", "--function", "f", "--limit", "0"], /^--limit must be a whole number/],
    [["list", "--function", "f", "--handler", "h.ts"], /^--handler is not an option of `list`/],
    [["fetch"], /^`fetch` takes one execution ARN/],
    [["fetch", arn, "--endpoint", "localhost:1"], /^--endpoint must be an http\(s\) URL/],
    [["run", "--handler", "h.ts", "--log", "x.json", "--execution", arn], /^Give --log or --execution, not both/],
    [["check", "--handler", "h.ts", "--last", "3"], /^--last goes with --function/],
    [["check", "--handler", "h.ts", "--function", "f", "--jobs", "two"], /^--jobs must be a whole number/],
  ];
  for (const [argv, message] of bad) {
    it(`refuses ${argv.join(" ")}`, () => {
      assert.throws(
        () => parseReplayArgs(argv),
        (e: unknown) => e instanceof UsageError && message.test(e.message),
      );
    });
  }

  it("--since reads durations and ISO dates", () => {
    const now = Date.parse("2026-12-06T12:00:00Z");
    assert.equal(parseSince("24h", now)?.toISOString(), "2026-12-05T12:00:00.000Z");
    assert.equal(parseSince("2026-12-01", now)?.toISOString(), "2026-12-01T00:00:00.000Z");
    assert.equal(parseSince("2026-13-45", now), undefined);
  });
});
