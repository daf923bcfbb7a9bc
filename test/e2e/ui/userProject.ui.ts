// A user's own project in the workbench page (test/e2e/workspace/shop): a replay whose final result differs shows a
// warning in Problems at the handler's return, a finding row and a count in the timeline, and a notification; a
// handler with a missing import ends its session with an error notification naming the file and the cause.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { until } from "../support/until";
import {
  commandLabel,
  editorSelector,
  glyphsByLine,
  goToLine,
  lineOf,
  openFile,
  pointAt,
  notifications,
  problemRows,
  recordFailure,
  runCommand,
  startConfiguration,
  visibleTexts,
  waitForSessionEnd,
  waitForStopAt,
  WORKBENCH_PATIENCE_MS,
  webviewFrame,
} from "../support/workbench";
import type { UiSession } from "./workbench.ui";

export function defineUserProjectUiTests(session: UiSession): void {
  const { page } = session;
  const checkout = join(session.folder, "shop/src/checkout.ts");
  const returnLine = readFileSync(checkout, "utf8").split("\n").indexOf("  return {") + 1;

  const CHECKOUT = "shop/src/checkout.ts";
  const lineWith = (needle: string) => lineOf(checkout, needle);

  /** Replays the checkout with breakpoints on `lines` (and `stopAt`) and waits at `stopAt`. */
  async function pauseCheckoutAt(stopAt: number, lines: number[] = []): Promise<void> {
    await openFile(page, CHECKOUT);
    for (const line of [...lines, stopAt]) {
      // A breakpoint a failed test left behind would be toggled off.
      await revealLine(line);
      // F9 from the keyboard: a click in the text could land past a long line's end and scroll the editor sideways.
      if (!/codicon-debug-breakpoint(?!-hint)/.test((await glyphsByLine(page, CHECKOUT)).get(line) ?? ""))
        await page.keyboard.press("F9");
    }
    await startConfiguration(page, "Replay checkout (shop)");
    await waitForStopAt(page, "checkout.ts", stopAt);
  }

  async function stopAndClearBreakpoints(): Promise<void> {
    if (await page.isVisible(".debug-toolbar")) {
      await page.keyboard.press("Shift+F5");
      await waitForSessionEnd(page);
    }
    await runCommand(page, "Remove All Breakpoints");
  }

  /** Brings `line` of the checkout into view (a stop reveals its own line; the panel takes half the height). */
  async function revealLine(line: number): Promise<void> {
    if (await page.isVisible(".part.panel")) await runCommand(page, "View: Hide Panel");
    await openFile(page, CHECKOUT);
    await goToLine(page, line);
  }

  /** The text of the hover the editor or the debugger shows once the pointer rests on `token` of `line`. */
  async function hoverOn(line: number, token: string, selector: string): Promise<string[]> {
    await revealLine(line);
    let at = { x: 0, y: 0 };
    return until(
      `a hover (${selector}) on "${token}" of line ${line}`,
      async () => {
        at = await pointAt(page, CHECKOUT, line, token);
        const shown = await page
          .waitForSelector(selector, { timeout: 5_000 })
          .then(() => visibleTexts(page, selector))
          .catch(() => []);
        return shown.some((text) => text.trim() !== "") ? shown : undefined;
      },
      WORKBENCH_PATIENCE_MS,
    ).catch(async (error: Error) => {
      await page.screenshot({ path: join(session.shots, `hover-missing-${line}.png`) });
      const pointed = await page.evaluate(
        ({ x, y }) =>
          (
            globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { textContent: string } } }
          ).document.elementFromPoint(x, y)?.textContent,
        at,
      );
      const hovers = {
        pointed,
        debugHover: await visibleTexts(page, ".debug-hover-widget"),
        editorHover: await visibleTexts(page, ".monaco-hover"),
      };
      throw new Error(`${error.message}; the page shows ${JSON.stringify(hovers)}`);
    });
  }

  describe("a user's own project in the workbench page", function () {
    before(async () => {
      // The page may come from another suite that left Run and Debug in the side bar: bring the Explorer back.
      await runCommand(page, "View: Show Explorer");
      await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: WORKBENCH_PATIENCE_MS });
    });
    afterEach(async function () {
      if (this.currentTest?.state === "failed") await recordFailure(page, session.shots, this.currentTest.title);
    });

    it("the log picker lists the log lying next to the handler first, saying why, above another handler's recent logs", async () => {
      await openFile(page, CHECKOUT);
      const lens = page.locator(`${editorSelector(CHECKOUT)} .codelens-decoration a`, { hasText: "Replay…" }).first();
      await lens.waitFor({ timeout: WORKBENCH_PATIENCE_MS });
      await lens.click();
      const rows = await until(
        "the logs in the picker",
        async () => {
          const texts = await page.$$eval(".quick-input-list .monaco-list-row", (nodes) =>
            nodes.map((node) => node.textContent ?? ""),
          );
          return texts.some((t) => t.includes("order.history.json")) ? texts : undefined;
        },
        WORKBENCH_PATIENCE_MS,
      );
      await page.screenshot({ path: join(session.shots, "log-picker.png") });
      await page.keyboard.press("Escape");
      const logs = rows.filter((row) => row.includes(".json"));
      assert.match(logs[0], /shop\/logs\/checkout\.history\.json/, rows.join(" | "));
      assert.match(logs[0], /operation names in the code/);
      assert.match(logs[0], /(next to|near) the handler/);
      const order = logs.findIndex((row) => row.includes("order.history.json"));
      assert.ok(order > 0, `the order handler's log comes after: ${rows.join(" | ")}`);
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

    // The message ("… is replayed from the log: its body does not run") is checked in the DAP and in-host tests.
    it("while paused, a breakpoint inside a replayed step's body shows unverified in the editor and Breakpoints", async () => {
      const inBody = lineWith("cartId: event.cartId,");
      const wait = lineWith("context.wait({");
      try {
        await pauseCheckoutAt(wait, [inBody]);
        await revealLine(inBody);
        // The editor's glyph and the Breakpoints view both show the breakpoint unverified.
        const row = page.locator(".pane-body .monaco-list-row", { hasText: "checkout.ts" }).filter({
          hasText: new RegExp(`(^|\\D)${inBody}$`),
        });
        const seen = async () => ({
          glyphs: Object.fromEntries(await glyphsByLine(page, CHECKOUT)),
          rows: await page.$$eval(".pane-body .monaco-list-row", (nodes) =>
            nodes.filter((n) => (n.textContent ?? "").includes("checkout.ts")).map((n) => n.innerHTML.slice(0, 400)),
          ),
        });
        await until(`an unverified breakpoint on line ${inBody}`, async () =>
          /unverified/.test((await glyphsByLine(page, CHECKOUT)).get(inBody) ?? ""),
        ).catch(async (error: Error) => {
          throw new Error(`${error.message}; the page shows ${JSON.stringify(await seen())}`);
        });
        assert.equal(
          await row.locator('[class*="debug-breakpoint-unverified"]').count(),
          1,
          JSON.stringify(await seen()),
        );
        assert.doesNotMatch((await glyphsByLine(page, CHECKOUT)).get(wait) ?? "", /unverified/);
        await page.screenshot({ path: join(session.shots, "unverified-breakpoint.png") });
      } finally {
        await stopAndClearBreakpoints();
      }
    });

    it("while paused, hovering a durable call shows its recorded outcome, not the context proxy's function", async () => {
      const validate = lineWith('"validate_cart"');
      try {
        await pauseCheckoutAt(lineWith("context.wait({"));
        const hover = (await hoverOn(validate, "step", ".debug-hover-widget")).join("\n");
        await page.screenshot({ path: join(session.shots, "durable-call-hover.png") });
        assert.match(hover, /↺ replayed STEP `validate_cart` → \{"cartId":/);
        assert.doesNotMatch(hover, /function/);
      } finally {
        await page.keyboard.press("Escape");
        await stopAndClearBreakpoints();
      }
    });

    it("after the replay, the editor's hover of a durable call shows the recorded outcome above the SDK's docs", async () => {
      const validate = lineWith('"validate_cart"');
      const rows = await hoverOn(validate, "step", ".monaco-editor .monaco-hover .hover-row");
      await page.screenshot({ path: join(session.shots, "durable-call-editor-hover.png") });
      await page.keyboard.press("Escape");
      const first = rows.find((text) => text.trim() !== "") ?? "";
      assert.match(first, /validate_cart/, rows.join(" | "));
      assert.match(first, /replayed/);
      assert.match(first, /Recorded/);
    });
  });
}
