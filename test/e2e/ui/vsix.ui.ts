// The packaged extension as a user installs it: `code-server --install-extension durable-replay.vsix` into a fresh
// profile, then the workbench activates it when a TypeScript handler opens (its language server reports DUR001).
import assert from "node:assert/strict";
import { join } from "node:path";
import type { CodeServer, WorkbenchPage } from "../../../scripts/vscode-harness/harness";
import { until } from "../support/until";
import { lineOf, openFile, problemRows } from "../support/workbench";

export interface VsixSession extends WorkbenchPage {
  folder: string;
  server: CodeServer;
}

const EXTENSION_ID = "durable-replay.durable-replay";

export function defineVsixTests(session: VsixSession): void {
  const { page } = session;
  describe("the packaged .vsix in a fresh code-server", function () {
    it("is installed under its extension id", () => {
      const installed = session.server.listExtensions();
      assert.ok(
        installed.some((e) => e.startsWith(`${EXTENSION_ID}@`)),
        `installed: ${installed.join(", ") || "nothing"}`,
      );
    });

    it("activates on a TypeScript handler: its language server puts DUR001 in Problems", async () => {
      const file = "src/receipt.ts";
      await page.waitForSelector(".explorer-folders-view .monaco-list-row");
      await openFile(page, file);
      await page.keyboard.press("Control+Shift+M");
      const line = lineOf(join(session.folder, file), "Date.now()");
      const row = await until(
        "a DUR001 row in Problems from the installed extension's language server",
        async () => (await problemRows(page)).find((r) => r.includes("DUR001")),
        150_000,
      );
      assert.match(row, new RegExp(`\\[Ln ${line}, Col \\d+\\]`));
    });
  });
}
