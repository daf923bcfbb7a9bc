// "Replay an Execution from AWS…" in a real VS Code, against AWS's own local durable-execution server: the command
// lists the function's executions, picking the newest fetches its history into the workspace's .durable-replay/logs/
// (owner-only), matches the workspace's handler, and the replay marks every durable call replayed. The executions are
// of a Python handler (the local server runs Python), so the replay needs the Python replay host.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { requestsSettled, startAwsEmulator, type AwsEmulator } from "../../support/awsEmulator";
import { withPythonSdk } from "../../support/pythonSdk";
import { durableReplayApi, EXTENSION_ID, type DurableReplayApi } from "../support/durableSessions";
import { until } from "../support/until";

const FUNCTION = "python-order-fn";
const CREDENTIALS = { AWS_ACCESS_KEY_ID: "AKIDE2E", AWS_SECRET_ACCESS_KEY: "e2e-secret", AWS_REGION: "us-east-1" };

describe("Replay an Execution from AWS… (AWS's local server; needs the Python replay host)", function () {
  let api: DurableReplayApi;
  let emulator: AwsEmulator;
  let folder: string;
  const savedEnv: Record<string, string | undefined> = {};

  before(async function () {
    this.timeout(180_000);
    api = await durableReplayApi();
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    emulator = await startAwsEmulator(
      [
        {
          module: "order",
          function: FUNCTION,
          inputs: [
            { order_id: "o-1", amount: 5 },
            { order_id: "o-2", amount: 7 },
          ],
        },
      ],
      { root },
    );
    folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    // The workspace's handler for the function: its name shares "python" and "order" with the function's.
    mkdirSync(join(folder, "py"), { recursive: true });
    copyFileSync(join(root, "test/support/awsEmulator/order.py"), join(folder, "py/python_order.py"));
    // The replay's Python imports the SDK from where the local server's does.
    const { PYTHONPATH } = withPythonSdk(process.env, { root });
    const env = { ...CREDENTIALS, ...(PYTHONPATH !== undefined ? { PYTHONPATH } : {}) };
    for (const [key, value] of Object.entries(env)) {
      savedEnv[key] = process.env[key];
      process.env[key] = value;
    }
    await vscode.workspace
      .getConfiguration("durableReplay.aws")
      .update("endpoint", emulator.endpoint, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration("durableReplay.aws")
      .update("endpoint", undefined, vscode.ConfigurationTarget.Workspace);
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(join(folder, "py"), { recursive: true, force: true });
    rmSync(join(folder, ".durable-replay"), { recursive: true, force: true });
    await emulator?.stop();
  });

  it("lists the executions, replays the one picked and marks every call replayed", async () => {
    const newest = emulator.arns.get(FUNCTION)![1];
    const ended = new Promise<vscode.DebugSession>((done) => {
      const sub = vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.type !== "durable-replay") return;
        sub.dispose();
        done(session);
      });
    });
    const started = vscode.commands.executeCommand<boolean>("durableReplay.replayFromAws", { functionName: FUNCTION });
    // The quick pick stays open while the list loads; once it shows the executions, Enter takes the first (newest).
    await until(
      "the execution list and the pick of its newest execution",
      async () => {
        await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
        return emulator.requests.some((r) => r.includes("/history?"));
      },
      60_000,
    );
    assert.equal(await started, true, "the replay started");
    const requests = await requestsSettled(emulator);
    assert.ok(
      requests.some((r) => r.startsWith(`GET /2025-12-01/functions/${FUNCTION}/durable-executions`)),
      requests.join("\n"),
    );
    assert.ok(
      requests.some((r) => r.includes(`/durable-executions/${newest}/history?`)),
      `the newest execution was fetched:\n${requests.join("\n")}`,
    );
    const logs = join(folder, ".durable-replay/logs");
    const [file] = readdirSync(logs);
    assert.match(file, /^python-order-fn\.exec-1\.[0-9a-f]{12}\.history\.json$/);
    assert.equal(statSync(join(logs, file)).mode & 0o777, 0o600);

    await ended;
    const timeline = await until("the replay's operations", () =>
      api.timeline().length >= 4 ? api.timeline() : undefined,
    );
    assert.deepEqual(
      timeline.map((op) => [op.name ?? null, op.state]),
      [
        ["validate_order", "replayed"],
        ["process_payment", "replayed"],
        [null, "replayed"],
        ["confirm_order", "replayed"],
      ],
    );
  });
});
