// Fetching an execution into the workspace: the progress line while history pages load, and the offer to keep
// .durable-replay/ out of git (when it is asked, and what it writes).
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import {
  historyProgress,
  ignoresFetchedLogs,
  withFetchedLogsIgnored,
} from "../../../src/extension/aws/fetchedLogsText";

describe("Replay from AWS: fetching into the workspace", () => {
  it("progress names the running count of history events", () => {
    assert.equal(historyProgress(1000), "1,000 history events");
    assert.equal(historyProgress(10_005), "10,005 history events");
  });

  it("offers the .gitignore entry only when the fetched logs are not ignored yet", () => {
    for (const ignored of [
      ".durable-replay/",
      "/.durable-replay",
      ".durable-replay/logs/",
      "  .durable-replay/logs  ",
    ]) {
      assert.equal(ignoresFetchedLogs(`node_modules/\r\n${ignored}\r\ndist/\r\n`), true, ignored);
    }
    for (const other of ["", "node_modules/\n", "# .durable-replay/\n", ".durable-replay-old/\n", "logs/\n"]) {
      assert.equal(ignoresFetchedLogs(other), false, JSON.stringify(other));
    }
  });

  it("the added entry makes git ignore the fetched logs, and keeps what the file had", () => {
    const repo = mkdtempSync(join(tmpdir(), "gitignore-offer-"));
    try {
      const git = (...args: string[]) => spawnSync("git", args, { cwd: repo, encoding: "utf8" });
      assert.equal(git("init", "-q").status, 0);
      for (const before of ["", "node_modules/", "node_modules/\n"]) {
        const text = withFetchedLogsIgnored(before);
        assert.ok(text.startsWith(before), "the file's lines are kept");
        assert.ok(text.split("\n").includes("node_modules/") || !before, "no line is glued to the one before");
        assert.equal(ignoresFetchedLogs(text), true, "not offered again");
        writeFileSync(join(repo, ".gitignore"), text);
        const ignored = git("check-ignore", ".durable-replay/logs/order-fn.exec.0123456789ab.history.json");
        assert.equal(
          ignored.status,
          0,
          `git ignores the fetched log with ${JSON.stringify(readFileSync(join(repo, ".gitignore"), "utf8"))}`,
        );
      }
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
