// Reading and driving the VS Code 1.139 workbench through its DOM (selectors verified against code-server 4.139.1).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Frame, Page } from "playwright-core";
import { until } from "./until";

export const REPO = resolve(__dirname, "../../..");

/** 1-based line of the first line of `file` containing `needle`, so tests follow the workspace files as they change. */
export function lineOf(file: string, needle: string): number {
  const index = readFileSync(file, "utf8")
    .split("\n")
    .findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${file} has no line containing ${needle}`);
  return index + 1;
}

/** 1-based column of `needle` on a 1-based line of `file`. */
export function columnOf(file: string, line: number, needle: string): number {
  const column = readFileSync(file, "utf8").split("\n")[line - 1]?.indexOf(needle) ?? -1;
  if (column < 0) throw new Error(`${file}:${line} does not contain ${needle}`);
  return column + 1;
}

/** The command palette label of one of the extension's commands, from its manifest. */
export function commandLabel(id: string): string {
  const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
  const command = (manifest.contributes?.commands ?? []).find((c: { command: string }) => c.command === id);
  if (!command) throw new Error(`package.json contributes no command ${id}`);
  return command.category ? `${command.category}: ${command.title}` : command.title;
}

/**
 * How long a step may wait for the workbench to answer. Every wait below is on a state the workbench reaches by itself
 * (a widget shown, a search finished, an editor rendered), so this bound only turns a hang into a message; on a busy
 * 2-core machine those states can take minutes, which is why it is not Playwright's 30 s default.
 */
export const WORKBENCH_PATIENCE_MS = 180_000;

const QUICK_INPUT = ".quick-input-widget .quick-input-box input";

/**
 * Presses `key` until the quick input (palette, Quick Open, Go to Line) has focus: a key pressed while the workbench is
 * busy, or while focus is in a webview, can be dropped, and then no amount of waiting brings the widget up.
 */
async function openQuickInput(page: Page, key: string, what: string): Promise<void> {
  await page.keyboard.press(key);
  await until(
    `${what} (${key}) to take the keyboard`,
    async () => {
      const focused = await page.waitForFunction(isQuickInputFocusedInPage, QUICK_INPUT, { timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (!focused) await page.keyboard.press(key);
      return focused;
    },
    WORKBENCH_PATIENCE_MS,
  );
}

function isQuickInputFocusedInPage(selector: string): boolean {
  const { document } = globalThis as unknown as {
    document: { activeElement: unknown; querySelector(s: string): unknown };
  };
  const input = document.querySelector(selector);
  return input !== null && input === document.activeElement;
}

/**
 * The first row of the open quick input that contains `text`, once the quick input has finished working: its progress
 * bar runs while a search or command list is still being computed, and Enter before then picks nothing.
 */
async function settledQuickInputRow(page: Page, text: string, what: string): Promise<void> {
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: text }).first();
  await until(
    what,
    async () =>
      (await row.isVisible()) && !(await page.locator(".quick-input-widget .quick-input-progress.active").isVisible()),
    WORKBENCH_PATIENCE_MS,
  );
}

/** Runs a command through the palette (F1), picking the row whose label matches exactly. */
export async function runCommand(page: Page, label: string): Promise<void> {
  await openQuickInput(page, "F1", "the command palette");
  await page.keyboard.type(label);
  await settledQuickInputRow(page, label, `the command "${label}" in the palette`);
  await page.keyboard.press("Enter");
}

/** Opens a workspace file with Quick Open and waits until its editor has rendered the text. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  await openQuickInput(page, "Control+P", "Quick Open");
  await page.keyboard.type(relativePath);
  const name = relativePath.split("/").pop()!;
  await settledQuickInputRow(page, name, `${relativePath} in Quick Open`);
  await page.keyboard.press("Enter");
  await page.waitForSelector(`${editorSelector(relativePath)} .view-lines .view-line`, {
    timeout: WORKBENCH_PATIENCE_MS,
  });
}

/** The editor showing a file whose URI ends with `relativePath` (Monaco puts the model URI on its root element). */
export function editorSelector(relativePath: string): string {
  return `.part.editor .monaco-editor[data-uri$="${relativePath}"]`;
}

/** Moves the cursor of the focused editor to `line` (and `column`) with Go to Line (Ctrl+G). */
export async function goToLine(page: Page, line: number, column?: number): Promise<void> {
  await openQuickInput(page, "Control+G", "Go to Line");
  await page.keyboard.type(column ? `${line}:${column}` : String(line));
  await page.keyboard.press("Enter");
}

/** Starts the workspace's launch configuration `name` through "Debug: Select and Start Debugging". */
export async function startConfiguration(page: Page, name: string): Promise<void> {
  await runCommand(page, "Debug: Select and Start Debugging");
  await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().click();
}

/** F9 on a line of a file's editor (the file is open). */
export async function toggleBreakpoint(page: Page, relativePath: string, line: number): Promise<void> {
  await page.click(`${editorSelector(relativePath)} .view-lines`);
  await goToLine(page, line);
  await page.keyboard.press("F9");
}

/** Waits until the debugger is paused with the Call Stack's top frame of `file` at `line`. */
export async function waitForStopAt(page: Page, file: string, line: number): Promise<void> {
  await page.waitForSelector(".debug-toolbar", { timeout: 120_000 });
  await page.keyboard.press("Control+Shift+D");
  await until(
    `the call stack's top frame at ${file}:${line}`,
    async () => {
      const frames = await page.$$eval(".debug-call-stack .monaco-list-row", (rows) =>
        rows.map((r) => r.textContent ?? ""),
      );
      const top = frames.find((f) => f.includes(file));
      return top?.includes(`${line}:`) ? top : undefined;
    },
    120_000,
  );
}

/** Waits until the debug session is over (its toolbar gone). */
export async function waitForSessionEnd(page: Page): Promise<void> {
  await page.waitForSelector(".debug-toolbar", { state: "hidden", timeout: 120_000 });
}

/**
 * Puts the pointer on the first whole-word `token` of a rendered 1-based line of a file's editor, so that the editor
 * (or the debugger) shows its hover. The line must be inside the viewport.
 */
export async function pointAt(
  page: Page,
  relativePath: string,
  line: number,
  token: string,
): Promise<{ x: number; y: number }> {
  const editor = await page.waitForSelector(editorSelector(relativePath), { timeout: WORKBENCH_PATIENCE_MS });
  const box = await editor.evaluate(
    (editor: DomElement, [line, token]: [number, string]) => {
      const { document } = globalThis as unknown as { document: { createRange(): DomRange } };
      let top: string | undefined;
      for (const cell of editor.querySelectorAll(".margin-view-overlays .line-numbers"))
        if (Number(cell.textContent) === line) top = cell.parentElement?.style.top;
      const row = [...editor.querySelectorAll(".view-lines .view-line")].find((l) => l.style.top === top);
      for (const span of row ? row.querySelectorAll("span") : []) {
        const text = span.firstChild;
        const at = new RegExp(`\\b${token}\\b`).exec(span.textContent ?? "")?.index;
        if (span.children.length > 0 || !text || at === undefined) continue;
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + token.length);
        const rect = range.getBoundingClientRect();
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }
      return undefined;
    },
    [line, token] as [number, string],
  );
  if (!box) throw new Error(`line ${line} of ${relativePath} does not show "${token}" (is it scrolled out of view?)`);
  // From outside the editor, so that no hover shown for a word on the way (the debugger's stays while the pointer
  // moves toward it) is taken for the hover of this one.
  await page.mouse.move(1, 1);
  await page.keyboard.press("Escape");
  await page.mouse.move(box.x, box.y);
  return box;
}

/** The rendered text (no style sheets) of every element matching `selector`. */
export async function visibleTexts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (nodes) => nodes.map((node) => (node as unknown as { innerText: string }).innerText));
}

/**
 * Classes of the breakpoint icons in a file's glyph margin, keyed by 1-based line (matched to the line numbers by
 * their height on screen); only rendered lines.
 */
export async function glyphsByLine(page: Page, relativePath: string): Promise<Map<number, string>> {
  const editor = await page.$(editorSelector(relativePath));
  if (!editor) return new Map();
  const rows = await editor.evaluate((editor: DomElement) => {
    const middle = (element: DomElement) => {
      const rect = element.getBoundingClientRect();
      return rect.top + rect.height / 2;
    };
    const numbers = [...editor.querySelectorAll(".margin-view-overlays .line-numbers")].map(
      (cell) => [middle(cell), Number(cell.textContent)] as const,
    );
    const out: [number, string][] = [];
    for (const glyph of editor.querySelectorAll('.margin [class*="codicon-debug-breakpoint"]')) {
      const y = middle(glyph);
      const line = numbers.find(([at]) => Math.abs(at - y) < 4)?.[1];
      if (line) out.push([line, glyph.className]);
    }
    return out;
  });
  return new Map(rows);
}

/** Text of each row in the Problems panel. */
export async function problemRows(page: Page): Promise<string[]> {
  return page.$$eval(".markers-panel .monaco-list-row", (rows) => rows.map((row) => row.textContent ?? ""));
}

/**
 * Text rendered on each line of a file's editor, keyed by 1-based line number, including what decorations draw after
 * the code (`::after` / `::before` content); empty while the file has no editor. Only lines inside the viewport are
 * rendered, so keep files short.
 */
export async function renderedLines(page: Page, relativePath: string): Promise<Map<number, string>> {
  // The editor may not be open yet (a debugger stop opens it a moment after the call stack shows the frame).
  const editor = await page.$(editorSelector(relativePath));
  if (!editor) return new Map();
  const rows = await editor.evaluate((editor: DomElement) => {
    const { getComputedStyle } = globalThis as unknown as {
      getComputedStyle(e: DomElement, pseudo: string): { content: string };
    };
    const numberAtTop = new Map<string, number>();
    for (const cell of editor.querySelectorAll(".margin-view-overlays .line-numbers")) {
      const top = cell.parentElement?.style.top;
      if (top) numberAtTop.set(top, Number(cell.textContent));
    }
    const pseudo = (element: DomElement, which: "::before" | "::after") => {
      const content = getComputedStyle(element, which).content;
      return content && content !== "none" && content !== "normal"
        ? content.replace(/^"|"$/g, "").replace(/\\"/g, '"')
        : "";
    };
    const out: [number, string][] = [];
    for (const line of editor.querySelectorAll(".view-lines .view-line")) {
      const number = numberAtTop.get(line.style.top);
      if (!number) continue;
      let text = "";
      for (const span of line.querySelectorAll("span")) {
        if (span.children.length === 0) text += span.textContent ?? "";
        text += pseudo(span, "::before") + pseudo(span, "::after");
      }
      // Monaco renders spaces as non-breaking spaces.
      out.push([number, text.replace(/\u00a0/g, " ")]);
    }
    return out;
  });
  return new Map(rows);
}

/** The little of the DOM that the readers above use (the project compiles without the DOM library). */
interface DomElement {
  textContent: string | null;
  className: string;
  firstChild: unknown;
  children: { length: number };
  parentElement: DomElement | null;
  style: { top: string };
  getBoundingClientRect(): { top: number; height: number };
  querySelectorAll(selector: string): Iterable<DomElement>;
}

interface DomRange {
  setStart(node: unknown, offset: number): void;
  setEnd(node: unknown, offset: number): void;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}

/** The after-line mark on a line (`↺ replayed …`, `▶ live …`, `✖ diverged …`), or undefined. */
export function markOn(lines: Map<number, string>, line: number): string | undefined {
  return /(↺ replayed|▶ live|✖ diverged).*$/.exec(lines.get(line) ?? "")?.[0];
}

/** The inner document of the (single) open webview, which sits two iframes deep. */
export async function webviewFrame(page: Page, timeoutMs = WORKBENCH_PATIENCE_MS): Promise<Frame> {
  const outer = await (await page.waitForSelector("iframe.webview.ready", { timeout: timeoutMs })).contentFrame();
  const inner = await (await outer!.waitForSelector("iframe#active-frame")).contentFrame();
  return inner!;
}

/** A file's rendered lines once `line` carries a mark starting with `expected` (marks arrive as records stream in). */
export async function marksOnceSettled(
  page: Page,
  relativePath: string,
  line: number,
  expected: string,
): Promise<Map<number, string>> {
  return until(
    `"${expected}" after line ${line} of ${relativePath}`,
    async () => {
      const lines = await renderedLines(page, relativePath);
      return markOn(lines, line)?.startsWith(expected) ? lines : undefined;
    },
    120_000,
  );
}

export interface TimelineRow {
  path: string;
  state: string;
  text: string;
}

/** The timeline webview's rows once there are at least `count` of them. */
export async function timelineRows(frame: Frame, count: number): Promise<TimelineRow[]> {
  return until(
    `${count} timeline rows`,
    async () => {
      const found = await frame.$$eval(".op-row", (els) =>
        els.map((el) => ({
          path: el.getAttribute("data-path") ?? "",
          state: el.getAttribute("data-state") ?? "",
          text: el.textContent ?? "",
        })),
      );
      return found.length >= count ? found : undefined;
    },
    WORKBENCH_PATIENCE_MS,
  );
}

/**
 * After a failed test: a screenshot of what the page showed (for whoever reads the CI log), and no debug session left
 * paused for the next test.
 */
export async function recordFailure(page: Page, shots: string, title: string): Promise<void> {
  const name = title.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
  await page.keyboard.press("Escape");
  await page.screenshot({ path: join(shots, `failed-${name}.png`) }).catch(() => undefined);
  for (let i = 0; i < 3 && (await page.isVisible(".debug-toolbar")); i++) {
    await page.keyboard.press("Shift+F5");
    await page.waitForTimeout(1000);
  }
}

/**
 * Text of every notification the page holds: toasts, and the notification center (where a toast goes once it hides),
 * which is opened for the read and closed again.
 */
export async function notifications(page: Page): Promise<string[]> {
  const read = () =>
    page.$$eval(".notification-list-item-message", (nodes) => nodes.map((node) => node.textContent ?? ""));
  const shown = await read();
  await runCommand(page, "Notifications: Show Notifications");
  const all = await read();
  await page.keyboard.press("Escape");
  return [...new Set([...shown, ...all])];
}
