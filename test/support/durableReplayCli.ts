// The built `durable-replay` CLI as the CLI tests run it: `node dist/durable-replay.js …` from the repository, no
// colour, bounded in time (a hang fails the test: its status is null), and the checks every test makes of its output.
import { strict as assert } from "node:assert";
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { join, resolve } from "node:path";
import type { ReplayReport } from "../../src/protocol/operations";

export const repoRoot = resolve(__dirname, "../..");
export const durableReplayCli = join(repoRoot, "dist/durable-replay.js");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args`; `options.env` (default: this process's environment) gets NO_COLOR. */
export function runDurableReplay(args: string[], options: Omit<SpawnSyncOptions, "encoding"> = {}): CliRun {
  const result = spawnSync(process.execPath, [durableReplayCli, ...args], {
    cwd: repoRoot,
    timeout: 60_000,
    ...options,
    env: { ...(options.env ?? process.env), NO_COLOR: "1" },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The report a `--json` run printed; fails the test, quoting the output, when stdout holds none. */
export function printedReport(run: CliRun): ReplayReport {
  assert.ok(run.stdout.trim().startsWith("{"), `expected JSON on stdout, got: ${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout) as ReplayReport;
}

/** Exit 2 and exactly one line of ours on stderr matching `pattern`: no stack trace (JS or Python), no internal error. */
export function assertOneSentence(run: CliRun, pattern: RegExp): void {
  assert.equal(run.code, 2, `exit code for bad input (stderr: ${run.stderr})`);
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got:\n${run.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at |Traceback|internal error/, "no stack trace, no internal error");
}
