// The Python order example (examples/order-workflow-python, copied into the e2e workspace as python/) in the workbench page, replayed under debugpy: a breakpoint in
// order.py stops there with the calls above it marked replayed, every call is marked replayed once it ends, the
// timeline lists every operation of the log, and the cut log runs the wait and confirm_order live.
import assert from "node:assert/strict";
import { join } from "node:path";
import { pythonStepId } from "../../../src/replay/log/pythonStepIds";
import { loggedOperations } from "../support/loggedOperations";
import { until } from "../support/until";
import {
  commandLabel,
  lineOf,
  markOn,
  marksOnceSettled,
  openFile,
  recordFailure,
  runCommand,
  startConfiguration,
  timelineRows,
  toggleBreakpoint,
  waitForSessionEnd,
  waitForStopAt,
  webviewFrame,
  WORKBENCH_PATIENCE_MS,
} from "../support/workbench";
import type { UiSession } from "./workbench.ui";

/** The Python SDK's operation id for an unhashed step path (`2-1`): each level hashes under its parent's id. */
function pythonIdOfPath(path: string): string {
  return path
    .split("-")
    .reduce<string | undefined>((parent, counter) => pythonStepId(parent, Number(counter)), undefined)!;
}

export function definePythonUiTests(session: UiSession): void {
  const { page } = session;
  const ws = (path: string) => join(session.folder, path);
  const order = "python/order.py";
  const opLines = () => ({
    validate: lineOf(ws(order), "context.step(validate_order("),
    payment: lineOf(ws(order), "context.step(process_payment("),
    wait: lineOf(ws(order), "context.wait("),
    confirm: lineOf(ws(order), "context.step(confirm_order("),
  });

  describe("the Python order example in the workbench page (debugpy)", function () {
    before(async () => {
      // The page may come from another suite that left Run and Debug in the side bar: bring the Explorer back.
      await runCommand(page, "View: Show Explorer");
      await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: WORKBENCH_PATIENCE_MS });
    });
    afterEach(async function () {
      if (this.currentTest?.state === "failed") await recordFailure(page, session.shots, this.currentTest.title);
    });

    it("stops at a breakpoint in order.py with the calls above it marked replayed, then marks every call replayed", async () => {
      const lines = opLines();
      await openFile(page, order);
      await toggleBreakpoint(page, order, lines.confirm);
      await startConfiguration(page, "Replay Python order (full log)");
      await waitForStopAt(page, "order.py", lines.confirm);
      const paused = await marksOnceSettled(page, order, lines.wait, "↺ replayed");
      for (const line of [lines.validate, lines.payment])
        assert.match(markOn(paused, line) ?? "(none)", /^↺ replayed/, `line ${line} while paused`);
      assert.equal(markOn(paused, lines.confirm), undefined, "the call not reached yet has no mark");
      // What process_payment returned, replayed from the log, in Variables.
      const variables = page.locator(".pane", { has: page.locator(".pane-header", { hasText: "Variables" }) });
      await until(
        "pay with the recorded payment in Variables",
        async () =>
          (await variables.locator(".monaco-list-row").allTextContents()).find(
            (row) => row.startsWith("pay") && row.includes("pay-o-123"),
          ),
        WORKBENCH_PATIENCE_MS,
      );
      await page.mouse.move(800, 980);
      await page.screenshot({ path: join(session.shots, "python-paused.png") });

      await page.keyboard.press("F5");
      await waitForSessionEnd(page);
      const after = await marksOnceSettled(page, order, lines.confirm, "↺ replayed");
      for (const line of Object.values(lines))
        assert.match(markOn(after, line) ?? "(none)", /^↺ replayed/, `line ${line}`);
      await toggleBreakpoint(page, order, lines.confirm);
    });

    it("the timeline lists every operation of the Python log, each replayed", async () => {
      await runCommand(page, commandLabel("durableReplay.openTimeline"));
      const frame = await webviewFrame(page);
      const expected = loggedOperations(ws("python/logs/order.history.json"));
      const rows = await timelineRows(frame, expected.length);
      assert.deepEqual(rows.map((r) => pythonIdOfPath(r.path)).sort(), expected.map((op) => op.id).sort());
      for (const op of expected.filter((o) => o.name))
        assert.ok(
          rows.some((r) => r.text.includes(op.name!)),
          `a row names ${op.name}`,
        );
      assert.deepEqual([...new Set(rows.map((r) => r.state))], ["replayed"]);
    });

    it("the cut log replays the two recorded steps, then the wait and confirm_order run live, marked on their lines", async () => {
      const lines = opLines();
      await openFile(page, order);
      await startConfiguration(page, "Replay Python order (cut log, then live)");
      // No breakpoint: the session can be over before a poll would see its toolbar, so wait for its last mark.
      const marks = await marksOnceSettled(page, order, lines.confirm, "▶ live");
      await waitForSessionEnd(page);
      assert.match(markOn(marks, lines.validate) ?? "(none)", /^↺ replayed/);
      assert.match(markOn(marks, lines.payment) ?? "(none)", /^↺ replayed/);
      assert.match(markOn(marks, lines.wait) ?? "(none)", /^▶ live/);
    });
  });
}
