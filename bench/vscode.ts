// The timeline under load in a real VS Code (code-server + Chromium, see scripts/vscode-harness): a generated
// 10,000-step handler replayed from its complete log with the timeline open. Reports the time until the timeline
// draws its first row and until it lists every operation, the longest the extension host was blocked, and the
// extension host's heap afterwards. Run: npx tsx bench/vscode.ts [--profile=ext-host.cpuprofile] (after `npm run build`).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Frame, Page } from "playwright-core";
import {
  CodeServer, ROOT, bundleInHostTests, copyWorkspace, ensureHarness, launchBrowser, makeRunDir, openWorkbench,
} from "../scripts/vscode-harness/harness";
import type { TimelineBenchResult } from "../test/e2e/bench/timeline.bench";
import { webviewFrame } from "../test/e2e/support/workbench";
import { completeLog, handlerSource } from "./replay";

const STEPS = 10_000;
const WARM_UP_STEPS = 10;
const configurationName = (steps: number) => `Replay ${steps.toLocaleString("en-US")} steps`;

/**
 * A workspace with generated handlers, their complete logs (GetDurableExecutionState shape) and launch configs: the
 * measured one and a short one replayed first, so that what VS Code does once per window at its first debug session
 * (activating built-in extensions, starting the JSON language server for launch.json) is not counted.
 */
function benchWorkspace(runDir: string): string {
  const source = join(runDir, "bench-source");
  mkdirSync(join(source, ".vscode"), { recursive: true });
  const configurations = [STEPS, WARM_UP_STEPS].map((steps) => {
    writeFileSync(join(source, `handler${steps}.ts`), handlerSource(steps));
    writeFileSync(join(source, `bench${steps}.state.json`), JSON.stringify({ Operations: completeLog(steps) }));
    return { type: "durable-replay", request: "launch", name: configurationName(steps), handler: `handler${steps}.ts`, log: `bench${steps}.state.json` };
  });
  writeFileSync(join(source, ".vscode/launch.json"), JSON.stringify({ version: "0.2.0", configurations }, null, 2));
  return copyWorkspace(source, runDir, "ws-bench");
}

/** Polls the page until `probe` holds, and returns the epoch ms at which it first did. */
async function timeWhen(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return Date.now();
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

async function watchTimeline(page: Page): Promise<{ firstRowAt: number; allListedAt: number }> {
  const frame: Frame = await webviewFrame(page, 120_000);
  const firstRowAt = await timeWhen("the first timeline row", async () => (await frame.$(".op-row")) !== null, 600_000);
  const allListedAt = await timeWhen(`"${STEPS} operations" in the timeline's summary`, async () =>
    ((await frame.textContent("#summary")) ?? "").includes(`${STEPS} operations`), 600_000);
  return { firstRowAt, allListedAt };
}

/** `profile`: also write a CPU profile of the extension host during the replay to this `.cpuprofile` file. */
export async function main(profile?: string): Promise<void> {
  ensureHarness();
  const runDir = makeRunDir("bench");
  const browser = await launchBrowser(runDir);
  try {
    const folder = benchWorkspace(runDir);
    const resultFile = join(runDir, "bench-result.json");
    const bundle = join(runDir, "bench", "index.js");
    await bundleInHostTests([join(ROOT, "test/e2e/bench/timeline.bench.ts")], bundle, {
      E2E_RESULTS_FILE: JSON.stringify(join(runDir, "bench-mocha.json")),
      E2E_BENCH_FILE: JSON.stringify(resultFile),
      E2E_BENCH_CONFIGURATION: JSON.stringify(configurationName(STEPS)),
      E2E_BENCH_WARM_UP: JSON.stringify(configurationName(WARM_UP_STEPS)),
      E2E_BENCH_PROFILE: JSON.stringify(profile ? resolve(profile) : ""),
    });
    const server = await CodeServer.start(runDir, folder);
    try {
      const workbench = await openWorkbench(browser, server, folder, {
        payload: [["extensionDevelopmentPath", server.remote(ROOT)], ["extensionTestsPath", server.remote(bundle)]],
      });
      const page = watchTimeline(workbench.page);
      // Awaited below; a failure there must not surface earlier as an unhandled rejection.
      page.catch(() => undefined);
      const code = await workbench.exited;
      if (code !== 0) throw new Error(`the in-host bench failed (exit ${code}):\n${workbench.lines.slice(-30).join("\n")}`);
      const { firstRowAt, allListedAt } = await page;
      const result = JSON.parse(readFileSync(resultFile, "utf8")) as TimelineBenchResult;
      if (result.operations !== STEPS) throw new Error(`the timeline holds ${result.operations} operations, expected ${STEPS}`);
      console.log(`| timeline, ${STEPS.toLocaleString("en-US")}-operation log | value |`);
      console.log("|---|---:|");
      console.log(`| replay start → first timeline row drawn | ${firstRowAt - result.startedAt} ms |`);
      console.log(`| replay start → all ${STEPS.toLocaleString("en-US")} operations listed | ${allListedAt - result.startedAt} ms |`);
      console.log(`| replay start → session ended | ${result.endedAt - result.startedAt} ms |`);
      console.log(`| longest extension-host event-loop block during the replay | ${result.maxEventLoopDelayMs} ms |`);
      console.log(`| extension-host heap used after the replay | ${(result.heapUsedBytes / 2 ** 20).toFixed(0)} MiB |`);
      await workbench.page.context().close();
    } finally {
      server.stop();
    }
  } finally {
    await browser.close();
    rmSync(runDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const profileArg = process.argv.find((arg) => arg.startsWith("--profile="));
  main(profileArg?.slice("--profile=".length)).catch((error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
