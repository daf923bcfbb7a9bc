// What a user sees in the workbench page, read from its DOM: Problems and the quick fix, F5 on the shipped launch
// configurations, the after-line marks, the timeline webview, the Durable Operations view, the divergence diagnostic.
// The tests share one page and run in order (the timeline and the Durable Operations view show the replay an earlier
// test ran); screenshots go to `session.shots`.
import assert from "node:assert/strict";
import { join } from "node:path";
import { stepIdHash } from "../../../src/replay/log/stepIds";
import { loggedOperations } from "../support/loggedOperations";
import { until } from "../support/until";
import {
  columnOf,
  commandLabel,
  editorSelector,
  goToLine,
  lineOf,
  markOn,
  notifications,
  marksOnceSettled,
  openFile,
  recordFailure,
  problemRows,
  renderedLines,
  runCommand,
  startConfiguration,
  timelineRows,
  toggleBreakpoint,
  waitForSessionEnd,
  waitForStopAt,
  webviewFrame,
  WORKBENCH_PATIENCE_MS,
} from "../support/workbench";
import type { Frame } from "playwright-core";
import type { WorkbenchPage } from "../../../scripts/vscode-harness/harness";

export interface UiSession extends WorkbenchPage {
  /** The workspace folder open in the page (a copy of test/e2e/workspace). */
  folder: string;
  /** Where screenshots go. */
  shots: string;
}

export function defineUiTests(session: UiSession): void {
  const { page } = session;
  const ws = (path: string) => join(session.folder, path);
  const order = "src/order.ts";
  const opLines = () => ({
    validate: lineOf(ws(order), '"validate_order"'),
    payment: lineOf(ws(order), '"process_payment"'),
    wait: lineOf(ws(order), "context.wait("),
    confirm: lineOf(ws(order), '"confirm_order"'),
  });

  /** The order workflow's wait row in the timeline: its duration text and whose clock it is (`data-timing`). */
  async function waitDuration(frame: Frame): Promise<{ text: string; timing: string } | undefined> {
    const found = await frame.$$eval(".op-row", (els) =>
      els
        .filter((el) => el.querySelector(".op-kind")?.textContent?.startsWith("WAIT"))
        .map((el) => {
          const duration = el.querySelector(".op-duration");
          return { text: duration?.textContent ?? "", timing: duration?.getAttribute("data-timing") ?? "" };
        }),
    );
    return found[0];
  }

  describe("Durable Replay in the workbench page", function () {
    before(async () => {
      await page.waitForSelector(".explorer-folders-view .monaco-list-row");
    });
    afterEach(async function () {
      if (this.currentTest?.state === "failed") await recordFailure(page, session.shots, this.currentTest.title);
    });

    it("shows DUR001 in Problems for Date.now() outside a step, and the 'wrap in step' quick fix removes it", async () => {
      const file = "src/receipt.ts";
      const line = lineOf(ws(file), "Date.now()");
      await openFile(page, file);
      await page.keyboard.press("Control+Shift+M");
      const row = await until(
        "a DUR001 row in Problems",
        async () => (await problemRows(page)).find((r) => r.includes("DUR001")),
        150_000,
      );
      assert.match(row, /Date\.now\(\)/);
      assert.match(row, /durable-lint/);
      assert.match(row, new RegExp(`\\[Ln ${line}, Col \\d+\\]`));

      await page.click(`${editorSelector(file)} .view-lines`);
      await goToLine(page, line, columnOf(ws(file), line, "Date.now()"));
      const fix = page.locator(".action-widget .monaco-list-row", { hasText: /Wrap in context\.step/ }).first();
      // Ctrl+. shows nothing while code actions are still being computed (TypeScript's as well as ours): ask again.
      await until(
        "the 'Wrap in context.step' quick fix",
        async () => {
          await page.keyboard.press("Control+.");
          if (
            await fix.waitFor({ timeout: 5_000 }).then(
              () => true,
              () => false,
            )
          )
            return true;
          await page.keyboard.press("Escape");
          return false;
        },
        90_000,
      );
      await page.screenshot({ path: join(session.shots, "quick-fix.png") });
      assert.match((await fix.textContent()) ?? "", /shifts later operations: recorded logs will diverge/);
      await fix.click();
      // The follow-up: a warning that recorded logs will diverge, offering to replay them with `check` (read from the
      // notification center too: the page may not show it as a toast).
      const offer = await until(
        "the offer to check the workspace's recorded logs",
        async () => (await notifications(page)).find((text) => text.includes("shifts the positions")),
        WORKBENCH_PATIENCE_MS,
      );
      assert.match(offer, /logs recorded before this edit will diverge there\. \d+ recorded logs? in the workspace/);

      await until(
        "the DUR001 row to leave Problems",
        async () => !(await problemRows(page)).some((r) => r.includes("DUR001")),
        WORKBENCH_PATIENCE_MS,
      );
      const fixed = (await renderedLines(page, file)).get(line)!;
      assert.match(
        fixed,
        /context\.step\("[^"]+", async \(\) => Date\.now\(\)\)/,
        `line ${line} after the fix: ${fixed}`,
      );
    });

    it("F5 on the shipped launch configuration stops at a breakpoint in the handler, then marks every call replayed", async () => {
      const lines = opLines();
      await openFile(page, order);
      await toggleBreakpoint(page, order, lines.confirm);
      await page.keyboard.press("F5");
      await waitForStopAt(page, "order.ts", lines.confirm);

      await page.keyboard.press("F5");
      await waitForSessionEnd(page);
      const after = await marksOnceSettled(page, order, lines.confirm, "↺ replayed");
      for (const line of Object.values(lines))
        assert.match(markOn(after, line) ?? "(none)", /^↺ replayed/, `line ${line}`);
      await toggleBreakpoint(page, order, lines.confirm);
    });

    it("the timeline webview lists every operation of the log", async () => {
      await runCommand(page, commandLabel("durableReplay.openTimeline"));
      const frame = await webviewFrame(page);
      const expected = loggedOperations(ws("logs/order.history.json"));
      const rows = await timelineRows(frame, expected.length);
      assert.deepEqual(rows.map((r) => stepIdHash(r.path)).sort(), expected.map((op) => op.id).sort());
      for (const op of expected.filter((o) => o.name))
        assert.ok(
          rows.some((r) => r.text.includes(op.name!)),
          `a row names ${op.name}`,
        );
      assert.deepEqual([...new Set(rows.map((r) => r.state))], ["replayed"]);
      // The recorded production timing, not the replay's: the log's 10 s wait (the recording run skipped it in 3 ms).
      assert.deepEqual(await waitDuration(frame), { text: "10 s", timing: "recorded" });
      await page.screenshot({ path: join(session.shots, "timeline.png") });
    });

    it("the Durable Operations view in Run and Debug lists every operation of that replay, each replayed", async () => {
      await page.keyboard.press("Control+Shift+D");
      const header = page.locator(".pane-header", { hasText: "Durable Operations" });
      await header.waitFor({ timeout: WORKBENCH_PATIENCE_MS });
      // The list draws only the rows in view: the other Run and Debug panes make room for all of them (and open again
      // after, for the tests that read the call stack). Headers toggle with Enter: a hover the pointer left behind
      // (such as "Start Debugging") can cover them and take a click.
      const collapsed = [];
      for (const other of ["Variables", "Watch", "Call Stack", "Breakpoints"]) {
        const otherHeader = page.locator(".pane-header", { hasText: other }).first();
        if ((await otherHeader.getAttribute("aria-expanded")) !== "true") continue;
        await otherHeader.press("Enter");
        collapsed.push(otherHeader);
      }
      try {
        if ((await header.getAttribute("aria-expanded")) === "false") await header.press("Enter");
        const pane = page.locator(".pane", { has: header });
        const expected = loggedOperations(ws("logs/order.history.json"));
        const rows = await until(
          `${expected.length} rows in Durable Operations`,
          async () => {
            const texts = await pane.locator(".pane-body .monaco-list-row").allTextContents();
            return texts.length >= expected.length ? texts : undefined;
          },
          WORKBENCH_PATIENCE_MS,
        );
        assert.equal(rows.length, expected.length, rows.join(" | "));
        for (const op of expected)
          assert.ok(
            rows.some((r) => r.includes(op.name ?? op.type)),
            `a row names ${op.name ?? op.type}: ${rows.join(" | ")}`,
          );
        assert.ok(
          rows.every((r) => r.includes("replayed")),
          rows.join(" | "),
        );
      } finally {
        for (const otherHeader of collapsed) await otherHeader.press("Enter");
      }
    });

    it("the cut log replays the two recorded steps, then the wait and confirm_order run live, marked on their lines", async () => {
      const lines = opLines();
      await openFile(page, order);
      await startConfiguration(page, "Replay order (cut log, then live)");
      // No breakpoint: the session can be over before a poll would see its toolbar, so wait for its last mark.
      const marks = await marksOnceSettled(page, order, lines.confirm, "▶ live");
      await waitForSessionEnd(page);
      assert.match(markOn(marks, lines.validate) ?? "(none)", /^↺ replayed/);
      assert.match(markOn(marks, lines.payment) ?? "(none)", /^↺ replayed/);
      assert.match(markOn(marks, lines.wait) ?? "(none)", /^▶ live/);
      // The wait ran live: the timeline shows the session's own timing, marked as such.
      const live = await until(
        "the live wait's duration in the timeline",
        async () => {
          const shown = await waitDuration(await webviewFrame(page));
          return shown?.timing === "live" ? shown : undefined;
        },
        WORKBENCH_PATIENCE_MS,
      );
      assert.match(live.text, / \(live\)$/);
      // The editor shares the width with the timeline: without the side bar the after-line marks fit.
      await page.keyboard.press("Control+B");
      await page.mouse.move(800, 980);
      await page.screenshot({ path: join(session.shots, "replay-marks.png") });
      await page.keyboard.press("Control+B");
    });

    // The adapter reads the host's records at every stop: the marks are there while the replay is paused.
    it("marks the calls above a breakpoint while the replay is paused there", async () => {
      const lines = opLines();
      await openFile(page, order);
      await toggleBreakpoint(page, order, lines.confirm);
      await startConfiguration(page, "Replay order (full log)");
      await waitForStopAt(page, "order.ts", lines.confirm);
      const marks = await marksOnceSettled(page, order, lines.wait, "↺ replayed");
      for (const line of [lines.validate, lines.payment])
        assert.match(markOn(marks, line) ?? "(none)", /^↺ replayed/, `line ${line}`);
      // The adapter says where it is paused (durable/paused): the timeline highlights the latest call, the wait, and
      // the records read at the stop carry their recorded timing as the streamed ones do.
      const paused = await until(
        "the paused wait row in the timeline, with its recorded duration",
        async () => {
          const frame = await webviewFrame(page);
          const rows = await frame.$$eval(".op-row.paused", (els) =>
            els.map((el) => ({
              kind: el.querySelector(".op-kind")?.textContent ?? "",
              duration: el.querySelector(".op-duration")?.textContent ?? "",
            })),
          );
          return rows[0]?.duration ? rows[0] : undefined;
        },
        WORKBENCH_PATIENCE_MS,
      );
      assert.deepEqual(paused, { kind: "WAIT / Wait", duration: "10 s" });
      await page.screenshot({ path: join(session.shots, "paused-replay.png") });
      await page.keyboard.press("Shift+F5");
      await waitForSessionEnd(page);
      await toggleBreakpoint(page, order, lines.confirm);
    });

    it("the divergence configuration pauses at the renamed step, marks it diverged and puts it in Problems", async () => {
      const file = "src/orderRenamed.ts";
      const line = lineOf(ws(file), '"charge_card"');
      await startConfiguration(page, "Replay renamed step (divergence)");
      await waitForStopAt(page, "orderRenamed.ts", line);
      await until(
        `"✖ diverged" after line ${line} of ${file}`,
        async () => markOn(await renderedLines(page, file), line)?.startsWith("✖ diverged"),
        WORKBENCH_PATIENCE_MS,
      );
      await page.screenshot({ path: join(session.shots, "paused-divergence.png") });

      await page.keyboard.press("F5");
      await page.keyboard.press("Control+Shift+M");
      const row = await until(
        "a durable-replay row in Problems",
        async () => (await problemRows(page)).find((r) => r.includes("durable-replay") && r.includes("charge_card")),
        120_000,
      );
      assert.match(row, new RegExp(`\\[Ln ${line}, Col \\d+\\]`));
      assert.match(row, /process_payment/);
    });
  });
}
