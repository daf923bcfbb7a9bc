// The end-to-end run in a real VS Code: in-host mocha (VS Code API), Playwright checks on the workbench page (DOM,
// screenshots), and the packaged .vsix in a fresh code-server. Ends with the line CI reads:
// `vscode-e2e: N passed, N failed`. Options: --no-build (dist/ is already fresh), --only=inhost|ui|vsix (repeatable),
// --update-docs (after a green run, copy the screenshots saved under test-results/screenshots to docs/screenshots),
// --suite=<name> (repeatable: only the in-host files and workbench-page suites whose name contains it, e.g. `userProject`).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { defineUiTests } from "../../test/e2e/ui/workbench.ui";
import { defineVsixTests } from "../../test/e2e/ui/vsix.ui";
import { defineUserProjectUiTests } from "../../test/e2e/ui/userProject.ui";
import { definePythonUiTests } from "../../test/e2e/ui/pythonOrder.ui";
import type { SuiteCounts } from "../../test/e2e/support/inHostMocha";
import {
  CodeServer,
  ROOT,
  bundleInHostTests,
  copyWorkspace,
  ensureHarness,
  launchBrowser,
  makeRunDir,
  openWorkbench,
  runInHost,
} from "./harness";
import { runNodeMocha, type Counts } from "./nodeMocha";

const WORKSPACE = join(ROOT, "test/e2e/workspace");
const IN_HOST = join(ROOT, "test/e2e/inHost");
const SHOTS = join(ROOT, "test-results/screenshots");
const DOC_SHOTS = join(ROOT, "docs/screenshots");
const RUN_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 600_000);

const args = process.argv.slice(2);
const only = args.filter((a) => a.startsWith("--only=")).map((a) => a.slice("--only=".length));
const wanted = (phase: string) => only.length === 0 || only.includes(phase);
const suites = args.filter((a) => a.startsWith("--suite=")).map((a) => a.slice("--suite=".length));
const suiteWanted = (name: string) => suites.length === 0 || suites.some((s) => name.includes(s));

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
function add(counts: Counts): void {
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
function finish(): never {
  if (total.skipped) console.log(`\n${total.skipped} test(s) skipped`);
  console.log(`\nvscode-e2e: ${total.passed} passed, ${total.failed} failed`);
  process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
}

function run(command: string, commandArgs: string[], what: string): void {
  const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${what} failed with exit code ${result.status}.`);
}

/** The extension as users get it, packed by the project's own script (which knows what belongs in it). */
function packageVsix(runDir: string): string {
  const out = join(runDir, "durable-replay.vsix");
  run(process.execPath, ["scripts/package-vsix.mjs", out], "scripts/package-vsix.mjs");
  return out;
}

async function inHostPhase(browser: Browser, server: CodeServer, runDir: string): Promise<Counts> {
  const tests = readdirSync(IN_HOST)
    .filter((f) => f.endsWith(".test.ts") && suiteWanted(f))
    .sort()
    .map((f) => join(IN_HOST, f));
  if (tests.length === 0) return { passed: 0, failed: 0, skipped: 0 };
  const resultsFile = join(runDir, "in-host-results.json");
  const bundle = join(runDir, "in-host", "index.js");
  await bundleInHostTests(tests, bundle, {
    E2E_RESULTS_FILE: JSON.stringify(resultsFile),
  });
  const folder = copyWorkspace(WORKSPACE, runDir, "ws-in-host");
  console.log(`\nIn the extension host (${tests.length} files)`);
  const code = await runInHost(browser, server, folder, ROOT, bundle, 300_000);
  if (!existsSync(resultsFile)) {
    console.log(`in-host suite reported nothing (extension host exit: ${code}); counted as one failure`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const counts = JSON.parse(readFileSync(resultsFile, "utf8")) as SuiteCounts;
  if (code !== 0 && counts.failed === 0) return { ...counts, failed: 1 };
  return counts;
}

async function uiPhase(browser: Browser, server: CodeServer, runDir: string): Promise<Counts> {
  const folder = copyWorkspace(WORKSPACE, runDir, "ws-ui");
  const workbench = await openWorkbench(browser, server, folder, {
    payload: [["extensionDevelopmentPath", server.remote(ROOT)]],
  });
  try {
    return await runNodeMocha("workbench page", () => {
      if (suiteWanted("workbench.ui")) defineUiTests({ ...workbench, folder, shots: SHOTS });
      if (suiteWanted("userProject.ui")) defineUserProjectUiTests({ ...workbench, folder, shots: SHOTS });
      if (suiteWanted("pythonOrder.ui")) definePythonUiTests({ ...workbench, folder, shots: SHOTS });
    });
  } finally {
    await workbench.page.context().close();
  }
}

async function vsixPhase(browser: Browser): Promise<Counts> {
  const runDir = makeRunDir("vsix");
  try {
    const vsix = packageVsix(runDir);
    const folder = copyWorkspace(WORKSPACE, runDir, "ws-vsix");
    const server = await CodeServer.start(runDir, folder, [vsix]);
    const workbench = await openWorkbench(browser, server, folder);
    try {
      return await runNodeMocha("packaged .vsix", () => defineVsixTests({ ...workbench, folder, server }));
    } finally {
      await workbench.page.context().close();
      server.stop();
    }
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // The one-time install takes minutes and is not part of the run's time budget.
  ensureHarness();
  const watchdog = setTimeout(() => {
    console.log(`vscode-e2e: the run exceeded ${RUN_TIMEOUT_MS / 1000} s and was stopped`);
    total.failed++;
    finish();
  }, RUN_TIMEOUT_MS);
  if (!args.includes("--no-build")) run(process.execPath, ["scripts/build.mjs"], "the build");
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  const runDir = makeRunDir("e2e");
  const browser = await launchBrowser(runDir);
  try {
    if (wanted("inhost") || wanted("ui")) {
      const server = await CodeServer.start(runDir, runDir);
      try {
        if (wanted("inhost")) add(await inHostPhase(browser, server, runDir));
        if (wanted("ui")) add(await uiPhase(browser, server, runDir));
      } catch (error) {
        console.log(`code-server log:\n${server.log()}`);
        throw error;
      } finally {
        server.stop();
      }
    }
    if (wanted("vsix")) add(await vsixPhase(browser));
    if (args.includes("--update-docs") && total.failed === 0) {
      for (const shot of readdirSync(SHOTS)) cpSync(join(SHOTS, shot), join(DOC_SHOTS, shot));
    }
  } catch (error) {
    console.log(`vscode-e2e: ${(error as Error).message}`);
    total.failed++;
  } finally {
    clearTimeout(watchdog);
    await browser.close();
    if (total.failed === 0) rmSync(runDir, { recursive: true, force: true });
    else console.log(`run directory kept for inspection: ${runDir}`);
  }
  finish();
}

main().catch((error: unknown) => {
  console.log(`vscode-e2e: ${error instanceof Error ? error.message : String(error)}`);
  total.failed++;
  finish();
});
