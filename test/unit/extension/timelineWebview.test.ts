// The timeline webview's real page (timelineHtml + media/timeline.js + media/timeline.css) in Chromium, outside VS
// Code: payloads render as text, the CSP stops inline code, only visible rows exist, the paused row is followed,
// and a click asks the extension to reveal the call site. Skipped where no Chromium is installed.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import type { OperationRecord } from "../../../src/protocol/operations";
import { newNonce, timelineHtml } from "../../../src/extension/timeline/timelineHtml";
import {
  timelineUpdate,
  timelineView,
  type TimelineUpdate,
  type TimelineView,
} from "../../../src/extension/timeline/timelineRows";
import { root } from "./realReplay";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const EVIL = "<img src=x onerror=alert(1)>";

// These callbacks run in the page; the project compiles without the DOM library, so the page's globals are declared
// here, for this file only.
interface PageWindow {
  posted: Array<{ type: string; seq?: number }>;
  inlineRan?: boolean;
  postMessage(message: unknown, origin: string): void;
}
declare const window: PageWindow;
declare const document: {
  getElementById(id: string): { textContent: string | null; scrollTop: number; scrollHeight: number } | null;
  body: { insertAdjacentHTML(where: string, html: string): void };
};
declare const requestAnimationFrame: (callback: () => void) => void;

function records(count: number): OperationRecord[] {
  return Array.from({ length: count }, (_, seq): OperationRecord => ({
    seq,
    path: `${seq + 1}`,
    id: `id${seq}`,
    type: "STEP",
    name: seq === 0 ? EVIL : `step_${seq}`,
    method: "step",
    state: seq % 3 === 0 ? "replayed" : seq % 3 === 1 ? "live" : "diverged",
    callSite: { file: "/w/handler.ts", line: seq + 1, column: 3 },
    recorded: {
      status: "SUCCEEDED",
      result: seq === 0 ? EVIL : { n: seq },
      startTimestamp: new Date(seq * 1000).toISOString(),
      endTimestamp: new Date(seq * 1000 + 800).toISOString(),
    },
    timing: {
      source: "recorded",
      start: new Date(seq * 1000).toISOString(),
      end: new Date(seq * 1000 + 800).toISOString(),
      durationMs: 800,
    },
  }));
}

describe("timeline webview page", function () {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const dialogs: string[] = [];
  let tenThousand: TimelineView;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`      (skipped: no Chromium at ${CHROMIUM}; set CHROMIUM_PATH)`);
      this.skip();
    }
    tenThousand = timelineView(records(10_000), 60);
    dir = mkdtempSync(join(tmpdir(), "durable-timeline-"));
    const media = join(root, "media");
    const html = timelineHtml(
      {
        cspSource: "file:",
        scriptUri: pathToFileURL(join(media, "timeline.js")).href,
        styleUri: pathToFileURL(join(media, "timeline.css")).href,
      },
      newNonce(),
    );
    writeFileSync(join(dir, "timeline.html"), html);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
    });
    page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // What VS Code injects into every webview. A string: tsx would wrap the functions of a serialized callback in
    // helpers that do not exist in the page.
    await page.addInitScript(`
      window.posted = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => undefined, setState: () => {} });
    `);
    await page.goto(pathToFileURL(join(dir, "timeline.html")).href);
    await page.waitForFunction(() => window.posted.some((m: { type: string }) => m.type === "ready"));
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function post(
    message: { type: "view"; view: TimelineView } | { type: "update"; update: TimelineUpdate },
  ): Promise<void> {
    await page.evaluate((json) => window.postMessage(JSON.parse(json), "*"), JSON.stringify(message));
    await page.evaluate(
      () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
    );
  }

  async function scrollToTop(): Promise<void> {
    await page.evaluate(() => {
      document.getElementById("viewport")!.scrollTop = 0;
    });
    await page.locator('.op-row[data-seq="0"]').waitFor();
  }

  const barLeft = async (seq: number) =>
    parseFloat(
      (await page.locator(`.op-row[data-seq="${seq}"] .op-bar`).getAttribute("style"))!.match(/left: ([\d.]+)%/)![1],
    );

  async function show(view: TimelineView): Promise<void> {
    // As one JSON string: Playwright's own serialization of 10,000 objects takes many seconds.
    await page.evaluate(
      (json) => window.postMessage({ type: "view", view: JSON.parse(json) }, "*"),
      JSON.stringify(view),
    );
    await page.waitForFunction(
      (count) => document.getElementById("summary")!.textContent!.includes(`${count} operations`),
      view.rows.length,
    );
    await page.evaluate(
      () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
    );
  }

  it("shows a payload that looks like HTML as those characters, and nothing runs", async () => {
    await show(tenThousand);
    const first = page.locator('.op-row[data-seq="0"]');
    assert.equal(await first.locator(".op-name").textContent(), EVIL);
    assert.equal(await first.locator(".op-preview").textContent(), JSON.stringify(EVIL));
    assert.equal(await page.locator("img").count(), 0);
    assert.deepEqual(dialogs, []);
  });

  it("refuses inline code under its content security policy", async () => {
    await page.evaluate(() =>
      document.body.insertAdjacentHTML(
        "beforeend",
        '<img src="data:," onerror="window.inlineRan = true"><script>window.inlineRan = true</script>',
      ),
    );
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.inlineRan), undefined);
  });

  it("keeps only the rows in view in the DOM among 10,000, with their path and state", async () => {
    const rendered = await page.locator(".op-row").count();
    assert.ok(rendered > 10 && rendered < 120, `${rendered} rows in the DOM`);
    assert.equal(await page.locator('.op-row[data-seq="1"]').getAttribute("data-state"), "live");
    assert.equal(await page.locator('.op-row[data-seq="1"]').getAttribute("data-path"), "2");
    await page.evaluate(() => {
      const viewport = document.getElementById("viewport")!;
      viewport.scrollTop = viewport.scrollHeight;
    });
    await page.locator('.op-row[data-seq="9999"]').waitFor();
    assert.equal(await page.locator('.op-row[data-seq="0"]').count(), 0, "rows scrolled away are gone");
  });

  it("highlights the paused operation and scrolls to it as it moves", async () => {
    for (const seq of [5_000, 42]) {
      await show({ ...tenThousand, pausedSeq: seq });
      const row = page.locator(`.op-row[data-seq="${seq}"]`);
      await row.waitFor();
      assert.match((await row.getAttribute("class"))!, /\bpaused\b/);
      assert.equal(await page.locator(".op-row.paused").count(), 1);
      assert.ok(await row.isVisible());
    }
  });

  it("asks the extension to reveal the call site of a clicked row", async () => {
    await page.locator('.op-row[data-seq="42"] .op-name').click();
    assert.deepEqual(await page.evaluate(() => window.posted.filter((m) => m.type === "reveal")), [
      { type: "reveal", seq: 42 },
    ]);
  });

  it("places each bar on the span of all rows: the earliest at the left edge, later ones further right", async () => {
    await show(tenThousand);
    await scrollToTop();
    assert.equal(await barLeft(0), 0);
    assert.ok((await barLeft(1)) > 0 && (await barLeft(2)) > (await barLeft(1)));
  });

  it("shows recorded durations, a live operation's own as live, retries and the gap before an invocation", async () => {
    const [first, second, third, fourth] = records(4);
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();
    const shown = timelineView(
      [
        {
          ...first,
          name: "charge",
          timing: { source: "recorded", start: at(0), end: at(2), durationMs: 2000, attempts: 3 },
        },
        {
          ...second,
          type: "WAIT",
          name: "cool_down",
          timing: { source: "recorded", start: at(2), end: at(12), durationMs: 10_000 },
        },
        {
          ...third,
          name: "ship",
          timing: { source: "recorded", start: at(15), end: at(15.5), durationMs: 500, gapBeforeMs: 3000 },
        },
        {
          ...fourth,
          name: "confirm",
          state: "live",
          timing: { source: "live", start: at(9e6), end: at(9e6 + 0.004), durationMs: 4 },
        },
      ],
      60,
    );
    await show(shown);
    const cell = (seq: number, part: string) => page.locator(`.op-row[data-seq="${seq}"] ${part}`);
    assert.equal(await cell(1, ".op-duration").textContent(), "10 s");
    assert.equal(await cell(1, ".op-duration").getAttribute("data-timing"), "recorded");
    assert.match((await cell(1, ".op-duration").getAttribute("title")) ?? "", /^Recorded in production/);
    assert.equal(await cell(0, ".op-attempts").textContent(), "3 attempts");
    assert.equal(await cell(2, ".op-gap").textContent(), "+3.0 s");
    assert.equal(await cell(3, ".op-duration").textContent(), "4 ms (live)");
    assert.equal(await cell(3, ".op-duration").getAttribute("data-timing"), "live");
    assert.match((await cell(3, ".op-duration").getAttribute("title")) ?? "", /^Ran live in this replay/);
    // The live clock is months after the recorded one: the recorded bars keep their own scale, the live one follows.
    assert.ok((await barLeft(2)) > 50, `ship at ${await barLeft(2)}%`);
    assert.ok((await barLeft(3)) >= (await barLeft(2)));
  });

  it("takes rows as they stream in, and asks for the whole view again when an update does not fit its rows", async () => {
    const all = records(300);
    await show(timelineView(all.slice(0, 100), 60));
    await scrollToTop();
    const left = await barLeft(1);
    const live = { ...all[5], state: "live" as const };
    const known = [...all.slice(0, 5), live, ...all.slice(6)];
    await post({
      type: "update",
      update: timelineUpdate(known, new Set(all.slice(100).map((r) => r.seq)), new Set([5]), 60)!,
    });
    assert.match((await page.locator("#summary").textContent())!, /^Replaying · 300 operations/);
    assert.equal(await page.locator('.op-row[data-seq="5"]').getAttribute("data-state"), "live");
    assert.ok((await barLeft(1)) < left, "the span grew with the new rows, so the earlier bars moved left");

    const asked = await page.evaluate(() => window.posted.filter((m) => m.type === "ready").length);
    await post({
      type: "update",
      update: { inserts: [], updates: [], total: 301, counts: { replayed: 0, live: 0, diverged: 0, unreached: 0 } },
    });
    assert.equal(await page.evaluate(() => window.posted.filter((m) => m.type === "ready").length), asked + 1);
  });
});
