// The replay defects found by replaying AWS's own SDK examples (test/fixtures/replay-repros), through the built CLI:
// each case must now replay as the recorded execution ran, with exit 0 and the operations in the right state.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import type { ReplayReport } from "../../../src/protocol/operations";

const root = resolve(__dirname, "../../..");
const cli = join(root, "dist/durable-replay.js");
const repros = join(root, "test/fixtures/replay-repros");

let scratch: string;

before(() => {
  scratch = mkdtempSync(join(tmpdir(), "durable-replay-repros-"));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A log of the repro folder; the gzipped ones are unpacked into the scratch folder first. */
function reproLog(name: string): string {
  const gzipped = join(repros, `${name}.gz`);
  try {
    const file = join(scratch, name);
    writeFileSync(file, gunzipSync(readFileSync(gzipped)));
    return file;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return join(repros, name);
    throw error;
  }
}

function replayRepro(handler: string, log: string, ...extra: string[]): { code: number | null; report: ReplayReport } {
  const run = spawnSync(
    process.execPath,
    [cli, "run", "--handler", join(repros, handler), "--log", reproLog(log), "--json", ...extra],
    { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000, maxBuffer: 64 << 20 },
  );
  assert.ok(run.stdout.trim().startsWith("{"), `expected JSON on stdout, got: ${run.stdout}${run.stderr}`);
  return { code: run.status, report: JSON.parse(run.stdout) as ReplayReport };
}

const states = (report: ReplayReport): Record<string, string> =>
  Object.fromEntries(report.operations.map((op) => [op.path, op.state]));

describe("replay fidelity on AWS's SDK examples (repro cases)", () => {
  describe("A. operations the SDK consumes inside an open context", () => {
    it("replays the submitter step of a waitForCallback the log left waiting, and answers the callback live", () => {
      const { code, report } = replayRepro("wfc.js", "wfc-open.history.json", "--callback", 'approval={"ok":true}');
      assert.deepEqual(report.divergences, []);
      assert.equal(code, 0);
      assert.equal(report.status, "SUCCEEDED");
      assert.deepEqual(report.result, { answer: '{"ok":true}' });
      assert.deepEqual(states(report), { "1": "live", "1-1": "live", "1-2": "replayed" });
    });

    it("replays a callback answered before the cut and its submitter step", () => {
      const { code, report } = replayRepro("wfc.js", "wfc-cut.history.json");
      assert.deepEqual(report.divergences, []);
      assert.equal(code, 0);
      assert.deepEqual(report.result, { answer: '{"ok":true}' });
      assert.deepEqual(states(report), { "1": "live", "1-1": "replayed", "1-2": "replayed" });
    });

    it("replays the finished branch of an open parallel and runs the other live, at its real path (D)", () => {
      const { code, report } = replayRepro("par.js", "par-cut.history.json");
      assert.deepEqual(report.divergences, []);
      assert.equal(code, 0);
      assert.deepEqual(report.result, ["A", "B"]);
      assert.deepEqual(states(report), {
        "1": "live",
        "1-1": "replayed",
        "1-1-1": "replayed",
        "1-2": "live",
        "1-2-1": "live",
      });
      const branch = report.operations.find((op) => op.path === "1-2");
      assert.equal(branch?.name, "parallel-branch-1");
      assert.equal(branch?.parentPath, "1");
    });
  });

  describe("B. context results over 256 KB in a history", () => {
    it("rebuilds a big map's result from its iterations, as the operations format does", () => {
      for (const log of ["bigmap.history.json", "bigmap.operations.json"]) {
        const { code, report } = replayRepro("bigmap.js", log, "--input", "{}");
        assert.deepEqual(report.divergences, [], log);
        assert.equal(code, 0, log);
        assert.deepEqual(report.result, { count: 3, sizes: [102400, 102400, 102400] }, log);
        assert.ok(
          report.operations.every((op) => op.state === "replayed"),
          log,
        );
      }
    });

    it("rebuilds a big child context's result from its steps instead of crashing on the empty payload", () => {
      for (const log of ["big.history.json", "big.operations.json"]) {
        const { code, report } = replayRepro("big.js", log, "--input", "{}");
        assert.equal(report.status, "SUCCEEDED", log);
        assert.equal(report.result, 307207, log);
        assert.deepEqual(report.divergences, [], log);
        assert.equal(code, 0, log);
      }
    });
  });

  describe("C. a call the SDK refuses", () => {
    it("is no operation: the replay fails exactly as recorded, without an unexpected-operation divergence", () => {
      const { code, report } = replayRepro("parentctx.js", "parentctx.history.json");
      assert.deepEqual(report.divergences, []);
      assert.equal(code, 0);
      assert.equal(report.status, "FAILED");
      assert.match(report.error?.ErrorMessage ?? "", /Context usage error in "step"/);
      assert.deepEqual(
        report.operations.map((op) => [op.path, op.type, op.name]),
        [["1", "CONTEXT", "child"]],
      );
    });
  });
});
