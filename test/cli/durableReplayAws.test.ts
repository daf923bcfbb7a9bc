// The AWS commands of durable-replay against AWS's own local durable-execution API (the Python testing library's web
// server, serving executions of real Python handlers), through the real AWS SDK: list, fetch (paged), the cache, and
// one-sentence errors; AWS error responses the local server cannot produce come from a small server of our own.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ReplayReport } from "../../src/protocol/operations";
import { DurableExecutions } from "../../src/replay/aws/durableExecutions";
import { fetchExecutionLog } from "../../src/replay/aws/fetchedLogs";
import { requestsSettled, startAwsEmulator, type AwsEmulator } from "../support/awsEmulator";
import { withPythonSdk } from "../support/pythonSdk";
import {
  ACCESS_DENIED,
  EXPIRED_TOKEN,
  startAwsErrorServer,
  THROTTLED,
  type AwsErrorShape,
} from "../support/awsErrorServer";

const root = resolve(__dirname, "../..");
const cli = join(root, "dist/durable-replay.js");
const pyHandlers = join(root, "test/support/awsEmulator");
const secret = `test-secret-${randomBytes(8).toString("hex")}`;
const accessKey = "AKIDDURABLEREPLAYTEST";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let scratch: string;
let emulator: AwsEmulator;

/** Credentials and region from the environment only: no file of the machine's own AWS setup is read. */
function awsEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("AWS_")) env[key] = value;
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: accessKey,
    AWS_SECRET_ACCESS_KEY: secret,
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: join(scratch, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, "no-aws-credentials"),
    NO_COLOR: "1",
  });
  // Replays of the Python handler import the SDK as the local server does.
  const { PYTHONPATH } = withPythonSdk(process.env);
  if (PYTHONPATH !== undefined) env.PYTHONPATH = PYTHONPATH;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function durableReplay(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: options.cwd, env: options.env ?? awsEnv() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

function assertOneSentence(run: Run, pattern: RegExp): void {
  assert.equal(run.code, 2, `exit code (stdout: ${run.stdout}, stderr: ${run.stderr})`);
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got:\n${run.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at |NodeVersionSupportWarning/);
  assert.ok(!run.stderr.includes(secret) && !run.stdout.includes(secret), "the secret key is never printed");
}

function freshDir(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const ok = { order_id: "o-1", amount: 10 };
const failing = { amount: 20 }; // no order_id: the handler raises KeyError
const ok3 = { order_id: "o-3", amount: 30 };

before(async function () {
  this.timeout(180_000);
  scratch = mkdtempSync(join(tmpdir(), "durable-replay-aws-"));
  emulator = await startAwsEmulator([
    { module: "order", function: "order-fn", inputs: [ok, failing, ok3] },
    { module: "order", function: "quiet-fn", inputs: [] },
  ]);
});
after(async () => {
  await emulator?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("durable-replay list (AWS's local server)", () => {
  it("lists a function's executions newest first, as a table and as JSON, without SDK notices on stderr", async () => {
    const [first, second, third] = emulator.arns.get("order-fn")!;
    const cwd = freshDir("list");
    const table = await durableReplay(["list", "--function", "order-fn", "--endpoint", emulator.endpoint], { cwd });
    assert.equal(table.code, 0, table.stderr);
    assert.equal(table.stderr, "", "nothing on stderr (the AWS SDK's Node-version notice included)");
    const rows = table.stdout.trim().split("\n");
    assert.match(rows[0], /^NAME\s+STATUS\s+STARTED\s+DURATION\s+ARN$/);
    assert.deepEqual(
      rows.slice(1).map((row) => row.split(/\s{2,}/).filter(Boolean)[1]),
      ["SUCCEEDED", "FAILED", "SUCCEEDED"],
    );
    assert.deepEqual(
      rows.slice(1).map((row) => row.slice(row.lastIndexOf(" ") + 1)),
      [third, second, first],
    );

    const json = await durableReplay(["list", "--function", "order-fn", "--endpoint", emulator.endpoint, "--json"], {
      cwd,
    });
    assert.equal(json.code, 0, json.stderr);
    const listed = JSON.parse(json.stdout) as Array<Record<string, string>>;
    assert.deepEqual(
      listed.map((e) => [e.arn, e.name, e.status, e.functionArn]),
      [
        [third, "exec-2", "SUCCEEDED", "arn:aws:lambda:us-east-1:123456789012:function:order-fn"],
        [second, "exec-1", "FAILED", "arn:aws:lambda:us-east-1:123456789012:function:order-fn"],
        [first, "exec-0", "SUCCEEDED", "arn:aws:lambda:us-east-1:123456789012:function:order-fn"],
      ],
    );
    for (const e of listed) {
      assert.ok(Date.parse(e.startedAt) <= Date.parse(e.endedAt), `start before end: ${JSON.stringify(e)}`);
    }
    assert.ok(Date.parse(listed[0].startedAt) >= Date.parse(listed[1].startedAt));
  });

  it("filters by status and limits the count", async () => {
    const cwd = freshDir("list-filter");
    const failed = await durableReplay(
      ["list", "--function", "order-fn", "--status", "failed", "--json", "--endpoint", emulator.endpoint],
      { cwd },
    );
    assert.equal(failed.code, 0, failed.stderr);
    assert.deepEqual(
      (JSON.parse(failed.stdout) as Array<{ arn: string }>).map((e) => e.arn),
      [emulator.arns.get("order-fn")![1]],
    );
    const newest = await durableReplay(
      [
        "list",
        "--function",
        "order-fn",
        "--status",
        "SUCCEEDED",
        "--limit",
        "1",
        "--json",
        "--endpoint",
        emulator.endpoint,
      ],
      { cwd },
    );
    assert.deepEqual(
      (JSON.parse(newest.stdout) as Array<{ arn: string }>).map((e) => e.arn),
      [emulator.arns.get("order-fn")![2]],
    );
    const future = await durableReplay(
      ["list", "--function", "order-fn", "--since", "2999-01-01", "--endpoint", emulator.endpoint],
      { cwd },
    );
    assert.equal(future.stdout.trim(), "no executions of order-fn");
  });

  it('says "no executions" for a function that has none, exit 0', async () => {
    const run = await durableReplay(["list", "--function", "quiet-fn", "--endpoint", emulator.endpoint], {
      cwd: freshDir("list-none"),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), "no executions of quiet-fn");
    assert.equal(run.stderr, "");
  });

  it("takes the endpoint from AWS_ENDPOINT_URL_LAMBDA, as the AWS SDK does", async () => {
    const run = await durableReplay(["list", "--function", "order-fn", "--json"], {
      cwd: freshDir("list-env"),
      env: awsEnv({ AWS_ENDPOINT_URL_LAMBDA: emulator.endpoint }),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as unknown[]).length, 3);
  });
});

describe("durable-replay fetch (AWS's local server)", () => {
  it("saves every page of the history with payloads under .durable-replay/logs, owner-only, and prints the path", async () => {
    const arn = emulator.arns.get("order-fn")![2];
    const cwd = freshDir("fetch");
    const before = emulator.requests.length;
    const run = await durableReplay(["fetch", arn, "--endpoint", emulator.endpoint], { cwd });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "");
    const printed = run.stdout.trim();
    assert.match(printed, /^\.durable-replay\/logs\/order-fn\.exec-2\.[0-9a-f]{12}\.history\.json$/);
    const file = join(cwd, printed);
    assert.equal(statSync(file).mode & 0o777, 0o600, "only the owner reads payloads");
    assert.equal(statSync(join(cwd, ".durable-replay/logs")).mode & 0o777, 0o700);
    const text = readFileSync(file, "utf8");
    assert.ok(!text.includes(secret) && !text.includes(accessKey), "no credentials in the log");
    const saved = JSON.parse(text) as { Events: Array<Record<string, any>> };
    assert.deepEqual(Object.keys(saved), ["Events"], "the shape of get-durable-execution-history output");
    assert.equal(saved.Events[0].EventType, "ExecutionStarted");
    assert.deepEqual(JSON.parse(saved.Events[0].ExecutionStartedDetails.Input.Payload), ok3);
    assert.ok(
      saved.Events.some((e) => e.EventType === "ExecutionSucceeded"),
      "the history up to the end",
    );
    const steps = saved.Events.filter((e) => e.EventType === "StepSucceeded").map((e) => e.Name);
    assert.deepEqual(steps, ["validate_order", "process_payment", "confirm_order"]);
    assert.deepEqual(
      saved.Events.map((e) => e.EventId),
      saved.Events.map((_, i) => i + 1),
      "every event once, in order",
    );
    const asked = (await requestsSettled(emulator)).slice(before);
    assert.ok(
      asked.some((r) => r.includes("/history?") && r.includes("IncludeExecutionData=true")),
      asked.join("\n"),
    );
  });

  it("pages through the history with small pages, reporting progress after each, and gets the same events as one page", async () => {
    const arn = emulator.arns.get("order-fn")![0];
    const aws = new DurableExecutions({ endpoint: emulator.endpoint, region: "us-east-1" });
    const whole = join(scratch, "whole.json");
    const paged = join(scratch, "paged.json");
    const env = process.env;
    process.env = awsEnv();
    try {
      await fetchExecutionLog(aws, arn, { out: whole });
      const before = (await requestsSettled(emulator)).length;
      // What the VS Code command's progress notification shows while the pages load.
      const progress: number[] = [];
      await fetchExecutionLog(aws, arn, { out: paged, pageSize: 2, onPage: (count) => progress.push(count) });
      const historyCalls = (await requestsSettled(emulator)).slice(before).filter((r) => r.includes("/history?"));
      const events = (JSON.parse(readFileSync(whole, "utf8")) as { Events: unknown[] }).Events;
      assert.ok(events.length > 6, `a history of more than a few events (${events.length})`);
      assert.equal(historyCalls.length, Math.ceil(events.length / 2), historyCalls.join("\n"));
      assert.ok(historyCalls.every((r) => /MaxItems=2\b/.test(r)));
      assert.ok(
        historyCalls.slice(1).every((r) => /Marker=/.test(r)),
        "later pages ask from the marker",
      );
      assert.deepEqual(JSON.parse(readFileSync(paged, "utf8")), JSON.parse(readFileSync(whole, "utf8")));
      assert.deepEqual(
        progress,
        historyCalls.map((_, page) => Math.min(2 * (page + 1), events.length)),
        "the running event count after every page",
      );
    } finally {
      process.env = env;
    }
  });

  it("reads a finished execution from the cache without asking AWS again, unless refreshed", async () => {
    const arn = emulator.arns.get("order-fn")![1];
    const dir = join(freshDir("cache"), ".durable-replay/logs");
    const env = process.env;
    process.env = awsEnv();
    try {
      const aws = new DurableExecutions({ endpoint: emulator.endpoint });
      const first = await fetchExecutionLog(aws, arn, { dir });
      assert.equal(first.cached, false);
      const before = (await requestsSettled(emulator)).length;
      const second = await fetchExecutionLog(aws, arn, { dir });
      assert.deepEqual(second, { file: first.file, cached: true });
      assert.equal((await requestsSettled(emulator)).length, before, "no request for a cached finished execution");
      const third = await fetchExecutionLog(aws, arn, { dir, refresh: true });
      assert.equal(third.cached, false);
      assert.ok((await requestsSettled(emulator)).length > before, "--refresh asks again");
    } finally {
      process.env = env;
    }
  });
});

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe("durable-replay AWS errors: one sentence, exit 2", () => {
  it("an unknown execution ARN", async () => {
    const run = await durableReplay(["fetch", "no-such-execution/inv-1", "--endpoint", emulator.endpoint], {
      cwd: freshDir("unknown"),
    });
    assertOneSentence(run, /^durable-replay: No durable execution no-such-execution\/inv-1 found/);
    assert.deepEqual(readdirSync(join(scratch, "unknown")), [], "no file written");
  });

  it("an unreachable endpoint", async () => {
    const endpoint = `http://127.0.0.1:${await deadPort()}`;
    const run = await durableReplay(["list", "--function", "order-fn", "--endpoint", endpoint], {
      cwd: freshDir("dead"),
    });
    assertOneSentence(
      run,
      new RegExp(`^durable-replay: Cannot reach the Lambda endpoint ${endpoint} \\(ECONNREFUSED\\)`),
    );
  });

  it("check --function with no executions to check", async () => {
    const run = await durableReplay(
      ["check", "--handler", join(pyHandlers, "order.py"), "--function", "quiet-fn", "--endpoint", emulator.endpoint],
      { cwd: freshDir("check-none") },
    );
    assertOneSentence(run, /^durable-replay: No executions of quiet-fn to check\.$/);
  });

  it("no credentials anywhere: says how to configure them", async () => {
    const run = await durableReplay(["list", "--function", "order-fn", "--endpoint", emulator.endpoint], {
      cwd: freshDir("nocreds"),
      env: awsEnv({
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_EC2_METADATA_DISABLED: "true",
      }),
    });
    assertOneSentence(run, /^durable-replay: No AWS credentials found: .*--profile.*aws configure/);
  });

  it("an expired SSO session (a real SSO profile whose cached token has expired) says aws sso login", async () => {
    const home = freshDir("sso-home");
    mkdirSync(join(home, ".aws/sso/cache"), { recursive: true });
    writeFileSync(
      join(home, ".aws/config"),
      "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = us-east-1\n\n" +
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
    );
    // The SDK finds the session's token under the SHA-1 of the session name.
    writeFileSync(
      join(home, `.aws/sso/cache/${createHash("sha1").update("corp").digest("hex")}.json`),
      JSON.stringify({
        accessToken: "expired",
        expiresAt: "2026-01-01T00:00:00Z",
        region: "us-east-1",
        startUrl: "https://corp.awsapps.com/start",
      }),
    );
    const run = await durableReplay(
      ["list", "--function", "order-fn", "--profile", "dev", "--endpoint", emulator.endpoint],
      {
        cwd: freshDir("sso"),
        env: awsEnv({
          HOME: home,
          AWS_ACCESS_KEY_ID: undefined,
          AWS_SECRET_ACCESS_KEY: undefined,
          AWS_REGION: undefined,
          AWS_CONFIG_FILE: join(home, ".aws/config"),
        }),
      },
    );
    assertOneSentence(run, /^durable-replay: The AWS credentials or SSO session have expired: run `aws sso login`/);
  });

  const cases: Array<[string, AwsErrorShape, string[], RegExp]> = [
    [
      "access denied names the missing action",
      ACCESS_DENIED,
      ["fetch", "arn:aws:lambda:us-east-1:123456789012:function:order-fn:1/durable-execution/a/b"],
      /^durable-replay: Access denied: the credentials may not call lambda:GetDurableExecution on arn:aws:lambda:.*; allow that action/,
    ],
    [
      "throttling after the SDK's own retries",
      THROTTLED,
      ["list", "--function", "order-fn"],
      /^durable-replay: AWS throttled lambda:ListDurableExecutionsByFunction after 3 attempts: try again later\.$/,
    ],
    [
      "an expired session token says aws sso login",
      EXPIRED_TOKEN,
      ["list", "--function", "order-fn"],
      /^durable-replay: The AWS credentials or SSO session have expired: run `aws sso login`/,
    ],
  ];
  for (const [title, shape, args, pattern] of cases) {
    it(title, async () => {
      const server = await startAwsErrorServer(shape);
      try {
        const run = await durableReplay([...args, "--endpoint", server.endpoint], {
          cwd: freshDir(`error-${shape.type}`),
          env: awsEnv({ AWS_SESSION_TOKEN: "token" }),
        });
        assertOneSentence(run, pattern);
        if (shape === THROTTLED) assert.equal(server.requests.length, 3, "the SDK retried before giving up");
      } finally {
        await server.close();
      }
    });
  }

  it("access denied on the history names lambda:GetDurableExecutionHistory", async () => {
    // GetDurableExecution answers (AWS's local server); the history request is denied by a proxy of our own.
    const arn = emulator.arns.get("order-fn")![0];
    const denied = await startAwsErrorServer(ACCESS_DENIED);
    try {
      const { createServer: createHttpServer, request } = await import("node:http");
      const front = createHttpServer((req, res) => {
        const target = req.url!.includes("/history") ? denied.endpoint : emulator.endpoint;
        const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        });
        req.pipe(upstream);
      });
      await new Promise<void>((done) => front.listen(0, "127.0.0.1", done));
      const endpoint = `http://127.0.0.1:${(front.address() as { port: number }).port}`;
      const run = await durableReplay(["fetch", arn, "--endpoint", endpoint], { cwd: freshDir("denied-history") });
      await new Promise<void>((done) => front.close(() => done()));
      assertOneSentence(run, /may not call lambda:GetDurableExecutionHistory on /);
    } finally {
      await denied.close();
    }
  });
});

describe("durable-replay check --jobs (local logs)", () => {
  it("replays side by side, reports in the order given, and fails when the code diverges", async () => {
    const handlers = join(root, "test/fixtures/handlers");
    const orderLog = join(root, "examples/order-workflow/logs/order.history.json");
    const cutLog = join(root, "examples/order-workflow/logs/order-cut.history.json");
    const effects = mkdtempSync(join(scratch, "effects-"));
    const logs = [orderLog, cutLog, orderLog, cutLog];
    const env = awsEnv({ SIDE_EFFECT_DIR: effects });
    const run = await durableReplay(
      ["check", "--handler", join(handlers, "order.ts"), "--jobs", "2", "--json", ...logs],
      { cwd: root, env },
    );
    assert.equal(run.code, 0, run.stderr);
    const reports = JSON.parse(run.stdout) as Array<ReplayReport & { file: string }>;
    assert.deepEqual(
      reports.map((r) => [r.file, r.status]),
      [
        [orderLog, "SUCCEEDED"],
        [cutLog, "STOPPED"],
        [orderLog, "SUCCEEDED"],
        [cutLog, "STOPPED"],
      ],
    );
    assert.deepEqual(sideEffects(effects), [], "no step body ran in any of them");
    const renamed = await durableReplay(
      ["check", "--handler", join(handlers, "order-renamed.ts"), "--jobs", "2", orderLog, cutLog],
      { cwd: root, env },
    );
    assert.equal(renamed.code, 1, renamed.stderr);
    assert.match(renamed.stdout, /2 logs checked, 2 diverged\.\n$/);
  });
});

function report(run: Run): ReplayReport {
  assert.ok(run.stdout.trim().startsWith("{"), `expected a JSON report, got: ${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout) as ReplayReport;
}

function sideEffects(dir: string): string[] {
  return readdirSync(dir).sort();
}

// These replay the fetched Python logs with the Python replay host (issue [7], branch h4-python).
describe("durable-replay run/check --execution: fetched executions replay (needs the Python replay host)", () => {
  it("run --execution fetches, caches and replays every call; the second run makes no request", async () => {
    const arn = emulator.arns.get("order-fn")![2];
    const cwd = freshDir("run-execution");
    const effects = mkdtempSync(join(scratch, "effects-"));
    const env = awsEnv({ SIDE_EFFECT_DIR: effects });
    const args = ["run", "--handler", join(pyHandlers, "order.py"), "--execution", arn, "--json"];
    const first = await durableReplay([...args, "--endpoint", emulator.endpoint], { cwd, env });
    assert.equal(first.code, 0, first.stderr);
    const replayed = report(first);
    assert.equal(replayed.status, "SUCCEEDED");
    assert.deepEqual(replayed.result, { order_id: "o-3", status: "CONFIRMED" });
    assert.deepEqual(
      replayed.operations.map((o) => [o.name ?? null, o.state]),
      [
        ["validate_order", "replayed"],
        ["process_payment", "replayed"],
        [null, "replayed"],
        ["confirm_order", "replayed"],
      ],
    );
    assert.deepEqual(sideEffects(effects), [], "no step body ran");
    const before = (await requestsSettled(emulator)).length;
    const second = await durableReplay([...args, "--endpoint", emulator.endpoint], { cwd, env });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(report(second).operations, replayed.operations);
    assert.equal((await requestsSettled(emulator)).length, before, "the cached execution was not fetched again");
  });

  it("the fetched file replays all-replayed with run --log", async () => {
    const arn = emulator.arns.get("order-fn")![0];
    const cwd = freshDir("fetched-file");
    const fetched = await durableReplay(["fetch", arn, "--endpoint", emulator.endpoint], { cwd });
    assert.equal(fetched.code, 0, fetched.stderr);
    const effects = mkdtempSync(join(scratch, "effects-"));
    const run = await durableReplay(
      ["run", "--handler", join(pyHandlers, "order.py"), "--log", fetched.stdout.trim(), "--json"],
      { cwd, env: awsEnv({ SIDE_EFFECT_DIR: effects }) },
    );
    assert.equal(run.code, 0, run.stderr);
    const replayed = report(run);
    assert.ok(replayed.operations.length === 4 && replayed.operations.every((o) => o.state === "replayed"));
    assert.deepEqual(sideEffects(effects), []);
  });

  it("an execution from AWS stops where its log ends unless --on-log-end live is given", async () => {
    // The failed execution's log ends before the first step: with another input the code would go on, for real.
    const arn = emulator.arns.get("order-fn")![1];
    const cwd = freshDir("stop-default");
    const args = ["run", "--handler", join(pyHandlers, "order.py"), "--execution", arn, "--input", JSON.stringify(ok)];
    const stopEffects = mkdtempSync(join(scratch, "effects-"));
    const stopped = await durableReplay([...args, "--json", "--endpoint", emulator.endpoint], {
      cwd,
      env: awsEnv({ SIDE_EFFECT_DIR: stopEffects }),
    });
    const atFrontier = report(stopped);
    assert.equal(atFrontier.status, "STOPPED", stopped.stderr);
    assert.equal(atFrontier.frontier?.name, "validate_order");
    assert.deepEqual(sideEffects(stopEffects), [], "nothing ran live by default");
    const liveEffects = mkdtempSync(join(scratch, "effects-"));
    await durableReplay([...args, "--on-log-end", "live", "--json", "--endpoint", emulator.endpoint], {
      cwd,
      env: awsEnv({ SIDE_EFFECT_DIR: liveEffects }),
    });
    assert.deepEqual(
      sideEffects(liveEffects),
      ["confirm_order", "process_payment", "validate_order"],
      "asked for: it runs",
    );
  });

  it("check --function replays the recent executions in parallel and names the diverging execution and line", async () => {
    const cwd = freshDir("check-function");
    const succeeded = emulator.arns.get("order-fn")!.filter((_, i) => i !== 1);
    const good = await durableReplay(
      [
        "check",
        "--handler",
        join(pyHandlers, "order.py"),
        "--function",
        "order-fn",
        "--status",
        "SUCCEEDED",
        "--jobs",
        "2",
        "--endpoint",
        emulator.endpoint,
      ],
      { cwd },
    );
    assert.equal(good.code, 0, good.stdout + good.stderr);
    for (const arn of succeeded) assert.ok(good.stdout.includes(`(${arn})`), `${arn} named in:\n${good.stdout}`);
    assert.match(good.stdout, /2 logs checked, 0 diverged\.\n$/);

    const renamed = join(pyHandlers, "order_renamed.py");
    const line =
      readFileSync(renamed, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("context.step(charge_card(")) + 1;
    const bad = await durableReplay(
      ["check", "--handler", renamed, "--function", "order-fn", "--last", "1", "--endpoint", emulator.endpoint],
      { cwd },
    );
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(
      bad.stdout,
      new RegExp(`diverged: exec-2 \\(${emulator.arns.get("order-fn")![2]}\\) at .*order_renamed\\.py:${line}:`),
    );
  });
});
