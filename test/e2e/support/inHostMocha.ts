// The `run()` side of the extensionTestsPath contract: mocha inside the extension host. The spec report goes to the
// console (the workbench forwards it to the runner); the counts go to a JSON file the runner reads, because the
// extension host's exit code alone cannot say how many tests passed.
import { writeFileSync } from "node:fs";
import Mocha from "mocha";

/** Replaced at bundle time by the runner (esbuild `define`). */
declare const E2E_RESULTS_FILE: string;

export interface SuiteCounts {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
}

/** Runs the suites that `register` defines (it must require the test files after mocha's globals exist). */
export function runMocha(register: () => void): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: 180_000, reporter: "spec" });
  mocha.suite.emit("pre-require", globalThis, "in-host", mocha);
  register();
  return new Promise((done, fail) => {
    const runner = mocha.run((failures) => {
      const counts: SuiteCounts = {
        passed: runner.stats?.passes ?? 0,
        failed: failures,
        skipped: runner.stats?.pending ?? 0,
        failures: failed,
      };
      writeFileSync(E2E_RESULTS_FILE, JSON.stringify(counts));
      if (failures) fail(new Error(`${failures} in-host test(s) failed.`));
      else done();
    });
    const failed: string[] = [];
    runner.on("fail", (test, error: Error) => failed.push(`${test.fullTitle()}: ${error.message}`));
  });
}
