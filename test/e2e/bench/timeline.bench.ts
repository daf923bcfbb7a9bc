// Inside the extension host: replays the generated 10,000-step log with the timeline open, measuring how long the
// extension host's event loop was blocked and its heap afterwards. The runner reads the page side (first row drawn).
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import * as vscode from "vscode";
import { ReplaySession, durableReplayApi } from "../support/durableSessions";

/** Replaced at bundle time by bench/vscode.ts (esbuild `define`). */
declare const E2E_BENCH_FILE: string;
declare const E2E_BENCH_CONFIGURATION: string;
/** A short configuration replayed first, unmeasured: VS Code's one-time work at a window's first debug session. */
declare const E2E_BENCH_WARM_UP: string;
/** Where to write a CPU profile of the extension host during the replay (`.cpuprofile`), or "" for none. */
declare const E2E_BENCH_PROFILE: string;

/** Enough for the timeline's webview to load on the loaded two-core machine (2.5 s measured with nothing else running). */
const WEBVIEW_LOAD_MS = 5000;

export interface TimelineBenchResult {
  /** Epoch ms just before the session started, to line up with the page-side clock (same machine). */
  startedAt: number;
  /** When the adapter answered `launch` (the replay host is running the handler), and when records first arrived. */
  launchedAt: number;
  firstRecordsAt: number;
  endedAt: number;
  /** Longest delay of a 20 ms timer while the replay ran: how long the extension host could not answer anything. */
  maxEventLoopDelayMs: number;
  heapUsedBytes: number;
  operations: number;
}

describe("timeline with a 10,000-operation log", function () {
  this.timeout(600_000);
  it("replays with the timeline open", async () => {
    const api = await durableReplayApi();
    const warmUp = await ReplaySession.start(E2E_BENCH_WARM_UP);
    await warmUp.finished(120_000);
    warmUp.dispose();
    // The timeline opens empty: its first row is the measured replay's. It opens before the replay, as a user
    // replaying again has it open: a window's first webview takes seconds to load in code-server, which is VS Code's
    // cost and would otherwise be counted as the time to the first row.
    await vscode.commands.executeCommand("durableReplay.clearMarks");
    await vscode.commands.executeCommand("durableReplay.openTimeline");
    await new Promise((r) => setTimeout(r, WEBVIEW_LOAD_MS));
    let launchedAt = 0;
    let firstRecordsAt = 0;
    const launches = vscode.debug.registerDebugAdapterTrackerFactory("durable-replay", {
      createDebugAdapterTracker: () => ({
        onDidSendMessage(message: { type: string; command?: string }) {
          if (message.type === "response" && message.command === "launch") launchedAt ||= Date.now();
        },
      }),
    });
    let maxDelay = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxDelay = Math.max(maxDelay, now - last - 20);
      last = now;
      // Copies nothing until the first records are there.
      if (!firstRecordsAt && api.timeline().length > 0) firstRecordsAt = Date.now();
    }, 20);
    const profiler = E2E_BENCH_PROFILE ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    const startedAt = Date.now();
    const replay = await ReplaySession.start(E2E_BENCH_CONFIGURATION);
    try {
      await replay.finished(600_000);
    } finally {
      clearInterval(ticker);
      launches.dispose();
      replay.dispose();
    }
    if (profiler) {
      const { profile } = await profiler.post("Profiler.stop");
      writeFileSync(E2E_BENCH_PROFILE, JSON.stringify(profile));
      profiler.disconnect();
    }
    const endedAt = Date.now();
    // Let the timeline and marks settle, then measure what the extension keeps.
    await new Promise((r) => setTimeout(r, 2000));
    (globalThis as { gc?: () => void }).gc?.();
    const result: TimelineBenchResult = {
      startedAt,
      launchedAt,
      firstRecordsAt,
      endedAt,
      maxEventLoopDelayMs: Math.round(maxDelay),
      heapUsedBytes: process.memoryUsage().heapUsed,
      operations: api.timeline().length,
    };
    writeFileSync(E2E_BENCH_FILE, JSON.stringify(result));
  });
});
