// A replay host serves the next replay with the same settings (SDK loaded and compiled already). The user must not be
// able to tell, except by speed: each replay loads the handler's own modules afresh, sees edits made in between, and
// runs no step body; an ES module handler, which Node cannot load afresh, gets a new host every time.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { OperationRecord, ReplayReport } from "../../../src/protocol/operations";
import { ReplaySession, type ReplayOptions } from "../../../src/replay/session/replaySession";
import { isAlive, settled } from "../../support/processes";

const root = resolve(__dirname, "../../..");

/** `edited` renames the second step and moves it a line down, so a stale module or source map would show. */
function handlerSource(esm: boolean, edited = false): string {
  const secondStep = edited ? "second_renamed" : "second";
  const sideEffect = esm
    ? `import sideEffect from "./sideEffect.cjs";\nconst { recordRun } = sideEffect;`
    : `import { recordRun } from "./sideEffect.cjs";`;
  return `import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
${sideEffect}

// Module state: a host that kept this module from an earlier replay would count on from there.
let invocations = 0;

export const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  invocations++;
  console.log(\`invocation \${invocations} of this module in process \${process.pid}\`);
  const a = await context.step("first", async () => { recordRun("first"); return 1; });
${edited ? "  // edited: the second step is renamed\n" : ""}  const b = await context.step("${secondStep}", async () => { recordRun("${secondStep}"); return 2; });
  return a + b;
});
`;
}

interface Run {
  report: ReplayReport;
  pid: number | undefined;
  output: string;
}

async function runSession(options: ReplayOptions): Promise<Run> {
  const session = new ReplaySession(options);
  let output = "";
  session.on("output", (text: string) => (output += text));
  await session.start();
  const pid = session.pid;
  return { report: await session.result(), pid, output };
}

/**
 * A project with the handler, the SDK (linked) and the side-effect helper, and a recording of one live run of the
 * handler: the log the replays use. Both step bodies ran once in that run.
 */
async function recordedProject(
  handlerName: string,
  source: string,
): Promise<{ project: string; handlerFile: string; recording: string }> {
  const project = mkdtempSync(join(tmpdir(), "durable-replay-hosts-"));
  symlinkSync(join(root, "node_modules"), join(project, "node_modules"), "dir");
  copyFileSync(join(root, "test/fixtures/handlers/sideEffect.cjs"), join(project, "sideEffect.cjs"));
  const handlerFile = join(project, handlerName);
  writeFileSync(handlerFile, source);
  const start = join(project, "start.json");
  writeFileSync(
    start,
    JSON.stringify({ DurableExecutionArn: "hosts", CheckpointToken: "t0", InitialExecutionState: { Operations: [] } }),
  );
  const recording = join(project, "recording.json");
  const liveEffects = mkdtempSync(join(project, "live-"));
  const live = await runSession({
    handlerFile,
    log: { file: start },
    onLogEnd: "live",
    record: recording,
    env: { SIDE_EFFECT_DIR: liveEffects },
  });
  assert.equal(live.report.status, "SUCCEEDED");
  assert.deepEqual(readdirSync(liveEffects).sort(), ["first", "second"]);
  return { project, handlerFile, recording };
}

const states = (report: ReplayReport): string[] =>
  report.operations.map((op: OperationRecord) => `${op.name}:${op.state}`);

for (const esm of [false, true]) {
  describe(`replay host reuse, ${esm ? "ES module" : "CommonJS"} TypeScript handler`, function () {
    this.timeout(60_000);
    let project: string;
    let handlerFile: string;
    let recording: string;
    /** Where replays' step bodies would leave files: it must stay empty. */
    let replayEffects: string;

    before(async () => {
      ({ project, handlerFile, recording } = await recordedProject(
        esm ? "counter.mts" : "counter.ts",
        handlerSource(esm),
      ));
      replayEffects = mkdtempSync(join(project, "replay-"));
    });

    after(() => rmSync(project, { recursive: true, force: true }));

    const replayOnce = (): Promise<Run> =>
      runSession({ handlerFile, log: { file: recording }, onLogEnd: "stop", env: { SIDE_EFFECT_DIR: replayEffects } });

    it(
      esm
        ? "starts a new host for every replay, each with fresh module state"
        : "replays again in the same host, with the handler's modules loaded afresh",
      async () => {
        const first = await replayOnce();
        const second = await replayOnce();
        for (const run of [first, second]) {
          assert.equal(run.report.status, "SUCCEEDED");
          assert.equal(run.report.result, 3);
          assert.deepEqual(run.report.divergences, []);
          assert.deepEqual(states(run.report), ["first:replayed", "second:replayed"]);
          assert.match(run.output, /invocation 1 of this module/);
          assert.doesNotMatch(run.output, /invocation 2/);
        }
        assert.ok(first.pid !== undefined && second.pid !== undefined);
        if (esm)
          assert.notEqual(second.pid, first.pid, "an ES module handler must not run in a host that loaded it before");
        else assert.equal(second.pid, first.pid, "the second replay should run in the first one's host");
        assert.deepEqual(readdirSync(replayEffects), [], "a replayed step body ran");
      },
    );

    it("sees an edit made to the handler between replays", async () => {
      const before = await replayOnce();
      const edited = handlerSource(esm, true);
      writeFileSync(handlerFile, edited);
      try {
        const after = await replayOnce();
        if (!esm) assert.equal(after.pid, before.pid);
        const mismatch = after.report.divergences.find((d) => d.kind === "mismatch");
        assert.ok(mismatch, `expected a name mismatch, got ${JSON.stringify(after.report.divergences)}`);
        assert.equal(mismatch.path, "2");
        assert.equal(mismatch.attribute, "name");
        // The renamed step's line in the edited file, as its source map gives it.
        assert.equal(
          mismatch.callSite?.line,
          edited.split("\n").findIndex((line) => line.includes('"second_renamed"')) + 1,
        );
        assert.equal(mismatch.callSite?.file, handlerFile);
        assert.deepEqual(readdirSync(replayEffects), [], "a step body ran");
      } finally {
        writeFileSync(handlerFile, handlerSource(esm));
      }
    });
  });
}

describe("idle replay hosts", function () {
  this.timeout(60_000);
  let project: string;
  let handlerFile: string;
  let recording: string;

  before(async () => {
    // A module-level timer (a metrics flusher, say) keeps a process up on its own: hosts must end anyway.
    ({ project, handlerFile, recording } = await recordedProject(
      "counter.ts",
      `${handlerSource(false)}\nsetInterval(() => undefined, 60_000);\n`,
    ));
  });

  after(() => rmSync(project, { recursive: true, force: true }));

  it("stay few when every replay has another environment", async () => {
    const pids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const effects = mkdtempSync(join(project, `effects-${i}-`));
      const run = await runSession({
        handlerFile,
        log: { file: recording },
        onLogEnd: "stop",
        env: { SIDE_EFFECT_DIR: effects },
      });
      assert.equal(run.report.status, "SUCCEEDED");
      pids.push(run.pid!);
    }
    assert.equal(new Set(pids).size, 5, "each environment needs a host of its own");
    const alive = await settled(
      () => pids.filter(isAlive),
      (left) => left.length <= 2,
    );
    assert.ok(alive.length <= 2, `${alive.length} idle hosts are still running: ${alive.join(", ")}`);
  });

  it("end with the process that started them", async () => {
    const cli = spawnSync(
      process.execPath,
      [join(root, "dist/durable-replay.js"), "run", "--handler", handlerFile, "--log", recording, "--json"],
      { cwd: project, encoding: "utf8", env: { ...process.env, SIDE_EFFECT_DIR: project }, timeout: 30_000 },
    );
    assert.equal(cli.status, 0, cli.stderr);
    const pid = Number(/in process (\d+)/.exec(cli.stderr)?.[1]);
    assert.ok(pid > 0, `the handler's output should name its process: ${cli.stderr}`);
    const alive = await settled(
      () => isAlive(pid),
      (running) => !running,
    );
    assert.equal(alive, false, `the replay host ${pid} outlived the CLI`);
  });
});
