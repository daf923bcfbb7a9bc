// A replay host serves the next replay with the same settings (SDK loaded and compiled already). The user must not be
// able to tell, except by speed: each replay loads the handler's own modules afresh, sees edits made in between, and
// runs no step body; an ES module handler, which Node cannot load afresh, gets a new host every time.
import { strict as assert } from "node:assert";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { OperationRecord, ReplayReport } from "../../../src/protocol/operations";
import { ReplaySession, type ReplayOptions } from "../../../src/replay/session/replaySession";

const root = resolve(__dirname, "../../..");

/** `edited` renames the second step and moves it a line down, so a stale module or source map would show. */
function handlerSource(esm: boolean, edited = false): string {
  const secondStep = edited ? "second_renamed" : "second";
  const sideEffect = esm ? `import sideEffect from "./sideEffect.cjs";\nconst { recordRun } = sideEffect;` : `import { recordRun } from "./sideEffect.cjs";`;
  return `import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
${sideEffect}

// Module state: a host that kept this module from an earlier replay would count on from there.
let invocations = 0;

export const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  invocations++;
  console.log(\`invocation \${invocations} of this module\`);
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

const states = (report: ReplayReport): string[] => report.operations.map((op: OperationRecord) => `${op.name}:${op.state}`);

for (const esm of [false, true]) {
  describe(`replay host reuse, ${esm ? "ES module" : "CommonJS"} TypeScript handler`, function () {
    this.timeout(60_000);
    let project: string;
    let handlerFile: string;
    let recording: string;
    /** Where replays' step bodies would leave files: it must stay empty. */
    let replayEffects: string;

    before(async () => {
      project = mkdtempSync(join(tmpdir(), "durable-replay-reuse-"));
      symlinkSync(join(root, "node_modules"), join(project, "node_modules"), "dir");
      copyFileSync(join(root, "test/fixtures/handlers/sideEffect.cjs"), join(project, "sideEffect.cjs"));
      handlerFile = join(project, esm ? "counter.mts" : "counter.ts");
      writeFileSync(handlerFile, handlerSource(esm));
      // A live run records the log the replays use.
      const start = join(project, "start.json");
      writeFileSync(
        start,
        JSON.stringify({
          DurableExecutionArn: "reuse",
          CheckpointToken: "t0",
          InitialExecutionState: {
            Operations: [{ Id: "execution", Type: "EXECUTION", Status: "STARTED", StartTimestamp: 0, ExecutionDetails: { InputPayload: "{}" } }],
          },
        }),
      );
      recording = join(project, "recording.json");
      const liveEffects = mkdtempSync(join(project, "live-"));
      const live = await runSession({ handlerFile, log: { file: start }, onLogEnd: "live", record: recording, env: { SIDE_EFFECT_DIR: liveEffects } });
      assert.equal(live.report.status, "SUCCEEDED");
      assert.deepEqual(readdirSync(liveEffects).sort(), ["first", "second"]);
      replayEffects = mkdtempSync(join(project, "replay-"));
    });

    after(() => rmSync(project, { recursive: true, force: true }));

    const replayOnce = (): Promise<Run> =>
      runSession({ handlerFile, log: { file: recording }, onLogEnd: "stop", env: { SIDE_EFFECT_DIR: replayEffects } });

    it(esm ? "starts a new host for every replay, each with fresh module state" : "replays again in the same host, with the handler's modules loaded afresh", async () => {
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
      if (esm) assert.notEqual(second.pid, first.pid, "an ES module handler must not run in a host that loaded it before");
      else assert.equal(second.pid, first.pid, "the second replay should run in the first one's host");
      assert.deepEqual(readdirSync(replayEffects), [], "a replayed step body ran");
    });

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
        assert.equal(mismatch.callSite?.line, edited.split("\n").findIndex((line) => line.includes('"second_renamed"')) + 1);
        assert.equal(mismatch.callSite?.file, handlerFile);
        assert.deepEqual(readdirSync(replayEffects), [], "a step body ran");
      } finally {
        writeFileSync(handlerFile, handlerSource(esm));
      }
    });
  });
}
