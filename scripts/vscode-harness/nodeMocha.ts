// Mocha on the runner's side (Node 20), for suites that drive the workbench page through Playwright. Suites are
// registered by functions rather than files because they share the live page the runner opened.
import Mocha from "mocha";

export interface Counts {
  passed: number;
  failed: number;
  /** Pending (skipped) tests. */
  skipped: number;
}

export async function runNodeMocha(title: string, register: () => void, timeoutMs = 240_000): Promise<Counts> {
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: timeoutMs, reporter: "spec" });
  mocha.suite.title = title;
  mocha.suite.emit("pre-require", globalThis, title, mocha);
  register();
  return new Promise((done) => {
    const runner = mocha.run((failures) =>
      done({ passed: runner.stats?.passes ?? 0, failed: failures, skipped: runner.stats?.pending ?? 0 }),
    );
  });
}
