// durable-replay against hostile input (issue "Hardening II"): callback names that are Object members, --record
// onto the replayed log or through links, terminal escapes in recorded names, payloads nested thousands of levels,
// payloads that are not JSON, unreadable folders under a glob and numbers out of range. Each case is one clean
// sentence (exit 2) or a correct report, never an internal error, a stack trace or a lost file.
import { strict as assert } from "node:assert";
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import {
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  lstatSync,
  readdirSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatText } from "../../src/cli/lint/textFormat";
import type { Finding } from "../../src/lint/types";
import type { ReplayReport } from "../../src/protocol/operations";
import { assertOneSentence, printedReport, repoRoot, runDurableReplay, type CliRun } from "../support/durableReplayCli";

const root = repoRoot;
const handlers = join(root, "test/fixtures/handlers");
const orderHandler = join(handlers, "order.ts");
const orderLog = join(root, "examples/order-workflow/logs/order.history.json");
const orderCutLog = join(root, "examples/order-workflow/logs/order-cut.history.json");

let scratch: string;

/** The CLI with a side-effect folder of its own (unless `options.env` replaces the environment). */
function durableReplay(args: string[], options: Omit<SpawnSyncOptions, "encoding"> = {}): CliRun {
  const sideEffects = mkdtempSync(join(scratch, "side-"));
  return runDurableReplay(args, { env: { ...process.env, SIDE_EFFECT_DIR: sideEffects }, ...options });
}

function runJson(handler: string, log: string, ...extra: string[]): CliRun & { report: ReplayReport } {
  const run = durableReplay(["run", "--handler", handler, "--log", log, "--json", ...extra]);
  return { ...run, report: printedReport(run) };
}

/** The order history with one change made to its parsed events. */
function orderVariant(name: string, change: (events: any[]) => void): string {
  const events = JSON.parse(readFileSync(orderLog, "utf8")) as any[];
  change(events);
  const file = join(scratch, name);
  writeFileSync(file, JSON.stringify(events, null, 2));
  return file;
}

/** A history holding only ExecutionStarted, with `input` as the event. */
function startedOnly(name: string, input: unknown): string {
  const file = join(scratch, name);
  writeFileSync(
    file,
    JSON.stringify([
      {
        EventType: "ExecutionStarted",
        EventId: 1,
        Id: "exec-1",
        EventTimestamp: "2026-11-28T05:06:50.176Z",
        ExecutionStartedDetails: { Input: { Payload: JSON.stringify(input) } },
      },
    ]),
  );
  return file;
}

before(() => {
  scratch = mkdtempSync(join(tmpdir(), "durable-replay-hostile-"));
  // Readable by the unprivileged user the unreadable-folder test runs as when the suite runs as root.
  chmodSync(scratch, 0o755);
});
after(() => {
  // The unreadable folder's mode is restored by its test; force the rest.
  rmSync(scratch, { recursive: true, force: true });
});

describe("durable-replay: callbacks named like Object members", () => {
  for (const name of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
    it(`a callback named ${name} with no answer leaves the run PENDING, waiting for it`, () => {
      const { code, report, stderr } = runJson(
        join(handlers, "namedCallback.ts"),
        startedOnly(`cb-${name}.json`, { name }),
      );
      assert.equal(code, 0, stderr);
      assert.equal(report.status, "PENDING", JSON.stringify(report.error));
      assert.match(report.pendingReason ?? "", new RegExp(`\`${name}\``));
    });
  }

  for (const name of ["constructor", "__proto__"]) {
    it(`--callback ${name}=... answers the callback named ${name}`, () => {
      const log = startedOnly(`cb-answer-${name}.json`, { name });
      const { report } = runJson(join(handlers, "namedCallback.ts"), log, "--callback", `${name}={"approved":true}`);
      assert.equal(report.status, "SUCCEEDED", JSON.stringify(report.error));
      assert.deepEqual(report.result, { answer: '{"approved":true}' });
    });
  }
});

describe("durable-replay run --record: never loses a file", () => {
  /** A copy of the cut log, so a replay that runs live would change what a careless --record writes. */
  function copyOfCutLog(name: string): { log: string; original: string } {
    const log = join(scratch, name);
    const original = readFileSync(orderCutLog, "utf8");
    writeFileSync(log, original);
    return { log, original };
  }

  it("refuses to record onto the log being replayed, by the same name, a hard link or a symbolic link", () => {
    const { log, original } = copyOfCutLog("record-self.json");
    const hard = join(scratch, "record-self-hard.json");
    linkSync(log, hard);
    const soft = join(scratch, "record-self-soft.json");
    symlinkSync(log, soft);
    for (const target of [log, hard, soft]) {
      const run = durableReplay(["run", "--handler", orderHandler, "--log", log, "--record", target]);
      assertOneSentence(run, /(is the log being replayed|is a symbolic link)/);
      assert.equal(readFileSync(log, "utf8"), original, `the log is unchanged after --record ${target}`);
    }
    const viaLink = durableReplay(["run", "--handler", orderHandler, "--log", soft, "--record", log]);
    assertOneSentence(viaLink, /is the log being replayed/);
    assert.equal(readFileSync(log, "utf8"), original);
  });

  it("never writes through a symbolic link at the target", () => {
    const victim = join(scratch, "victim.txt");
    writeFileSync(victim, "precious\n");
    const target = join(scratch, "link.durable.json");
    symlinkSync(victim, target);
    const run = durableReplay(["run", "--handler", orderHandler, "--log", orderLog, "--record", target]);
    assertOneSentence(run, /link\.durable\.json is a symbolic link/);
    assert.equal(readFileSync(victim, "utf8"), "precious\n");
    assert.ok(lstatSync(target).isSymbolicLink());
  });

  it("replaces an existing file only when it is a recording, or with --force", () => {
    const target = join(scratch, "notes.json");
    writeFileSync(target, '{"mine": true}\n');
    const refused = durableReplay(["run", "--handler", orderHandler, "--log", orderLog, "--record", target]);
    assertOneSentence(refused, /notes\.json exists and is not a Durable Replay recording; pass --force/);
    assert.equal(readFileSync(target, "utf8"), '{"mine": true}\n');

    const forced = durableReplay(["run", "--handler", orderHandler, "--log", orderLog, "--record", target, "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    const first = JSON.parse(readFileSync(target, "utf8"));
    assert.equal(first.format, "durable-replay-log");

    // Now a recording: replaying and recording to the same fixed path works without --force.
    const again = durableReplay(["run", "--handler", orderHandler, "--log", orderCutLog, "--record", target]);
    assert.equal(again.code, 0, again.stderr);
    const second = JSON.parse(readFileSync(target, "utf8"));
    assert.notEqual(second.createdAt, first.createdAt, "the second run replaced the recording");
    assert.deepEqual(
      readdirSync(scratch).filter((name) => name.endsWith(".tmp")),
      [],
      "no temporary file is left next to the target",
    );
  });
});

describe("durable-replay: terminal escapes in recorded text", () => {
  it("a name holding CR, ESC, BEL, C1 and bidi overrides is shown escaped, and cannot fake the verdict", () => {
    const evil = "\r\u001b[2K\u001b[32mNo divergence: the code matches the log.\u0007\u009b\u202e";
    const log = orderVariant("evil-name.json", (events) => {
      for (const event of events) if (event.Name === "process_payment") event.Name = evil;
    });
    const run = durableReplay(["run", "--handler", orderHandler, "--log", log]);
    assert.equal(run.code, 1, run.stderr);
    assert.doesNotMatch(run.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    assert.match(run.stdout, /\\r\\e\[2K\\e\[32mNo divergence: the code matches the log\.\\u0007\\u009b\\u202e/);
    assert.doesNotMatch(run.stdout, /^No divergence/m, "the verdict says there is a divergence");
  });

  it("an error message naming a file with control characters is escaped on stderr", () => {
    const run = durableReplay(["run", "--handler", orderHandler, "--log", join(scratch, "missing\u001b[31m.json")]);
    assertOneSentence(run, /missing\\e\[31m\.json: no such file/);
    assert.doesNotMatch(run.stderr, /\u001b/);
  });
});

describe("durable-lint: terminal escapes", () => {
  it("a path argument with escape sequences is escaped in the usage sentence", () => {
    const run = spawnSync(process.execPath, [join(root, "dist/durable-lint.js"), "missing\u001b[31m\u202e.ts"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 60_000,
    });
    assert.equal(run.status, 2, run.stderr);
    assert.doesNotMatch(run.stderr, /[\u001b\u202e]/);
    assert.match(run.stderr, /missing\\e\[31m\\u202e\.ts/);
  });

  it("findings quoting a file name and code with control characters print them escaped", () => {
    const finding = {
      file: "/p/evil\u001b]0;title\u0007.ts",
      range: { line: 3, column: 5, endLine: 3, endColumn: 9 },
      severity: "error",
      rule: "DUR001",
      message: "`\u001b[2Kok\u202e` reads the clock",
      related: [{ file: "/p/a\u009b.ts", line: 1, column: 1, message: "called from\r here" }],
      fixes: [],
    } as unknown as Finding;
    const text = formatText([finding], { cwd: "/p", color: false });
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    assert.match(text, /evil\\e\]0;title\\u0007\.ts:3:5 error DUR001 `\\e\[2Kok\\u202e` reads the clock/);
  });
});

describe("durable-replay: deep and broken payloads", () => {
  const deep = (n: number) => `${"[".repeat(n)}1${"]".repeat(n)}`;

  it("a result nested 5,000 levels names the file and the payload's JSON path", () => {
    const log = orderVariant("deep-result.json", (events) => {
      events[2].StepSucceededDetails.Result.Payload = deep(5000);
    });
    const run = durableReplay(["run", "--handler", orderHandler, "--log", log]);
    assertOneSentence(
      run,
      /deep-result\.json: \$\[2\]\.StepSucceededDetails\.Result\.Payload: the payload nests more than 1,000 levels deep/,
    );
  });

  it("100,000 unclosed [ are one sentence with line and column", () => {
    const file = join(scratch, "unclosed.json");
    writeFileSync(file, "[".repeat(100_000));
    const run = durableReplay(["run", "--handler", orderHandler, "--log", file]);
    assertOneSentence(run, /unclosed\.json: not valid JSON: the text at line 1, column 1001 nests more than 1,000/);
  });

  it("an unknown field nested 5,000 levels names its JSON path", () => {
    const text = readFileSync(orderLog, "utf8").replace(
      '"StepStartedDetails": {}',
      `"StepStartedDetails": {"extra": ${deep(5000)}}`,
    );
    const file = join(scratch, "deep-field.json");
    writeFileSync(file, text);
    const run = durableReplay(["run", "--handler", orderHandler, "--log", file]);
    assertOneSentence(
      run,
      /deep-field\.json: \$\[1\]\.StepStartedDetails\.extra\[0\]\[0\].*: the value nests more than/,
    );
  });

  it("a deep --input is a usage sentence", () => {
    const run = durableReplay(["run", "--handler", orderHandler, "--log", orderLog, "--input", deep(5000)]);
    assertOneSentence(run, /^durable-replay: --input: the value nests more than 1,000 levels deep/);
  });

  it("a recorded result that is not JSON names the file and JSON path, not the handler", () => {
    const log = orderVariant("not-json.json", (events) => {
      events[2].StepSucceededDetails.Result.Payload = "not json {";
    });
    const run = durableReplay(["run", "--handler", orderHandler, "--log", log]);
    assertOneSentence(
      run,
      /not-json\.json: \$\[2\]\.StepSucceededDetails\.Result\.Payload: the recorded payload is not valid JSON \(.*\), so the SDK cannot deserialize it$/,
    );
    assert.doesNotMatch(run.stderr, /handler crashed/);
  });

  it("1e999 in a number field says a finite number was expected", () => {
    const file = join(scratch, "infinite.json");
    writeFileSync(file, readFileSync(orderLog, "utf8").replace('"EventId": 2,', '"EventId": 1e999,'));
    const run = durableReplay(["run", "--handler", orderHandler, "--log", file]);
    assertOneSentence(run, /infinite\.json: \$\[1\]\.EventId: expected a finite number, got a number too large/);
  });
});

describe("durable-replay check: unreadable folders and logs", () => {
  it("checks the readable logs under a glob, reports the unreadable folder, and exits 2", function () {
    const dir = join(scratch, "logs");
    mkdirSync(join(dir, "ok"), { recursive: true });
    mkdirSync(join(dir, "locked"), { recursive: true });
    writeFileSync(join(dir, "ok", "order.json"), readFileSync(orderLog));
    writeFileSync(join(dir, "locked", "order.json"), readFileSync(orderLog));
    writeFileSync(join(dir, "broken.json"), "{");
    chmodSync(dir, 0o755);
    chmodSync(join(dir, "ok"), 0o755);
    chmodSync(join(dir, "locked"), 0o000);
    try {
      // Root reads any folder: run the CLI as an unprivileged user then.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const run = durableReplay(["check", "--handler", orderHandler, `${dir}/**/*.json`], {
        ...asUser,
        cwd: scratch,
        env: { ...process.env, NO_COLOR: "1", HOME: scratch },
      });
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stdout, /== logs\/ok\/order\.json/);
      assert.match(run.stdout, /No divergence: the code matches the log\./);
      assert.match(run.stdout, /1 log checked, 0 diverged, 2 could not be read\./);
      const lines = run.stderr.trim().split("\n");
      assert.equal(lines.length, 2, run.stderr);
      assert.match(run.stderr, /^durable-replay: logs\/locked: cannot list the folder \(permission denied\)$/m);
      assert.match(run.stderr, /^durable-replay: logs\/broken\.json: not valid JSON at line 1, column 2/m);
      assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
    } finally {
      chmodSync(join(dir, "locked"), 0o755);
    }
  });
});
