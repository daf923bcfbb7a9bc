// A user's own project in the workbench page (test/e2e/workspace/shop): a replay whose final result differs shows a
// warning in Problems at the handler's return, a finding row and a count in the timeline, and a notification; a
// handler with a missing import ends its session with an error notification naming the file and the cause.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { until } from "../support/until";
import {
  commandLabel,
  problemRows,
  runCommand,
  startConfiguration,
  WORKBENCH_PATIENCE_MS,
  webviewFrame,
} from "../support/workbench";
import type { UiSession } from "./workbench.ui";

/**
 * Text of every notification the page holds: toasts, and the notification center (where a toast goes once it hides),
 * which is opened for the read and closed again.
 */
async function notifications(page: UiSession["page"]): Promise<string[]> {
  const read = () =>
    page.$$eval(".notification-list-item-message", (nodes) => nodes.map((node) => node.textContent ?? ""));
  const shown = await read();
  if (shown.length > 0) return shown;
  await runCommand(page, "Notifications: Show Notifications");
  const all = await read();
  await page.keyboard.press("Escape");
  return all;
}

export function defineUserProjectUiTests(session: UiSession): void {
  const { page } = session;
  const checkout = join(session.folder, "shop/src/checkout.ts");
  const returnLine = readFileSync(checkout, "utf8").split("\n").indexOf("  return {") + 1;

  describe("a user's own project in the workbench page", function () {
    before(async () => {
      // The page may come from another suite that left Run and Debug in the side bar: bring the Explorer back.
      await runCommand(page, "View: Show Explorer");
      await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: WORKBENCH_PATIENCE_MS });
    });
    afterEach(async function () {
      if (this.currentTest?.state !== "failed") return;
      const name = this.currentTest.title.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
      await page.screenshot({ path: join(session.shots, `failed-${name}.png`) }).catch(() => undefined);
      await page.keyboard.press("Escape");
    });

    it("a different final result is a warning in Problems at the return, in the timeline, and a notification", async () => {
      await runCommand(page, commandLabel("durableReplay.openTimeline"));
      await startConfiguration(page, "Replay checkout (shop)");
      const toast = await until(
        "a notification about the result",
        async () => (await notifications(page)).find((t) => t.includes("elapsedMs")),
        120_000,
      );
      assert.match(toast, /operations match the log, with 1 warning/);
      assert.match(toast, /\$\.elapsedMs: recorded \d+, now \d+/);

      const frame = await webviewFrame(page);
      const summary = await until("the timeline's final summary", async () => {
        const text = (await frame.textContent("#summary")) ?? "";
        return text.startsWith("Replay succeeded") ? text : undefined;
      });
      assert.match(summary, /11 operations · 11 replayed · 0 live · 0 diverged · 1 warning/);
      const finding = frame.locator('.finding[data-kind="result-mismatch"]');
      assert.equal(await finding.getAttribute("data-severity"), "warning");
      assert.match((await finding.textContent()) ?? "", /\$\.elapsedMs: recorded/);

      await page.keyboard.press("Control+Shift+M");
      const row = await until(
        "a durable-replay row in Problems",
        async () => (await problemRows(page)).find((r) => r.includes("durable-replay") && r.includes("elapsedMs")),
        60_000,
      );
      assert.match(row, new RegExp(`\\[Ln ${returnLine}, Col \\d+\\]`));
      const icon = page
        .locator(".markers-panel .monaco-list-row", { hasText: "elapsedMs" })
        .locator(".codicon-warning");
      assert.equal(await icon.count(), 1, "shown as a warning, not an error");
      await page.screenshot({ path: join(session.shots, "result-warning.png") });
    });

    it("a handler with a missing import ends its session with an error notification naming the file and cause", async () => {
      await startConfiguration(page, "Replay refund (missing import)");
      const toast = await until(
        "an error notification about the refund handler",
        async () => (await notifications(page)).find((t) => t.includes("refund.ts")),
        120_000,
      );
      assert.match(toast, /could not run the handler/);
      assert.match(toast, /Cannot find module '\.\.\/lib\/currency'/);
      await page.waitForSelector(".debug-toolbar", { state: "hidden", timeout: 60_000 });
    });
  });
}
