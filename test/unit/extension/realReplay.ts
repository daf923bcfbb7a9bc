// Real replays for the extension's tests: the durable-replay CLI (built by `npm test`) runs a fixture handler
// against a recorded log with the real SDK, and the tests check what the editor would show for its report.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ReplayReport } from "../../../src/protocol/operations";

export const root = resolve(__dirname, "../../..");
export const handlers = join(root, "test/fixtures/handlers");
export const orderLog = join(root, "examples/order-workflow/logs/order.history.json");
export const orderCutLog = join(root, "examples/order-workflow/logs/order-cut.history.json");
export const approvalLog = join(root, "examples/approval-workflow/logs/approval.history.json");

const cache = new Map<string, ReplayReport>();

export function replay(handler: string, log: string, ...extra: string[]): ReplayReport {
  const key = [handler, log, ...extra].join("\0");
  const known = cache.get(key);
  if (known) return known;
  const result = spawnSync(
    process.execPath,
    [join(root, "dist/durable-replay.js"), "run", "--handler", handler, "--log", log, "--json", ...extra],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, SIDE_EFFECT_DIR: mkdtempSync(join(tmpdir(), "durable-replay-ext-")), NO_COLOR: "1" },
      timeout: 60_000,
    },
  );
  if (!result.stdout.trim().startsWith("{"))
    throw new Error(`durable-replay gave no report: ${result.stdout}${result.stderr}`);
  const report = JSON.parse(result.stdout) as ReplayReport;
  cache.set(key, report);
  return report;
}
