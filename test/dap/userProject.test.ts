// The debug adapter on a project of a user's own (test/e2e/workspace/shop): a handler that cannot load ends the
// session with its reason, a different final result is a warning unless `strictResult`, and the session's outcome is
// summed up in the Debug Console.
import assert from "node:assert/strict";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { TimelineEventBody } from "../../src/protocol/dap";
import { ROOT, launch, startAdapter } from "./adapterClient";

const SHOP = join(ROOT, "test/e2e/workspace/shop");
const CHECKOUT_LOG = join(SHOP, "logs/checkout.history.json");

/** Every output event of the session, by category, until it terminates. */
function collectOutput(client: DebugClient): Record<string, string> {
  const output: Record<string, string> = {};
  client.on("output", (event: DebugProtocol.OutputEvent) => {
    const category = event.body.category ?? "console";
    output[category] = (output[category] ?? "") + event.body.output;
  });
  return output;
}

describe("debug adapter: a user's project", function () {
  let client: DebugClient;
  beforeEach(async () => {
    client = await startAdapter();
  });
  afterEach(async () => {
    await client.stop();
  });

  for (const [file, cause] of [
    ["refund.ts", /Cannot find module '\.\.\/lib\/currency'/],
    ["loyalty.ts", /Unexpected end of JSON input/],
  ] as const) {
    it(`a handler that cannot load (${file}) ends the session, naming the file and the cause`, async () => {
      const output = collectOutput(client);
      const timeline = client.waitForEvent("durable/timeline");
      const terminated = client.waitForEvent("terminated");
      await launch(client, { handler: join(SHOP, "src", file), log: CHECKOUT_LOG, cwd: SHOP });
      await terminated;
      const body = (await timeline).body as TimelineEventBody;
      assert.equal(body.status, "CRASHED");
      assert.ok(body.error?.includes(join(SHOP, "src", file)), `the reason names the file: ${body.error}`);
      assert.match(body.error!, cause);
      assert.match(output.stderr ?? "", cause);
      assert.doesNotMatch(output.stderr ?? "", /\n\s+at /, "no stack trace");
    });
  }

  it("a different final result is a warning, an error with strictResult; the Debug Console sums the session up", async () => {
    for (const strictResult of [false, true]) {
      const session = strictResult ? await startAdapter() : client;
      try {
        const output = collectOutput(session);
        const timeline = session.waitForEvent("durable/timeline");
        const terminated = session.waitForEvent("terminated");
        await launch(session, { handler: join(SHOP, "src/checkout.ts"), log: CHECKOUT_LOG, cwd: SHOP, strictResult });
        const body = (await timeline).body as TimelineEventBody;
        await terminated;
        assert.equal(body.status, "SUCCEEDED");
        assert.equal(body.divergences.length, 1);
        assert.equal(body.divergences[0].kind, "result-mismatch");
        assert.equal(body.divergences[0].severity, strictResult ? "error" : "warning");
        assert.match(output.console ?? "", /Replay SUCCEEDED: 11 operations \(11 replayed\)\./);
        assert.match(
          output.console ?? "",
          new RegExp(
            `${strictResult ? "Divergence" : "Warning"} \\(result-mismatch\\) at checkout\\.ts:\\d+: .*\\$\\.elapsedMs: recorded`,
          ),
        );
      } finally {
        if (strictResult) await session.stop();
      }
    }
  });
});
