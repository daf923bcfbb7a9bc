// A TS check that throws drops exactly the rules of its table row for that file; the other checks still report.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createTsAnalyzer } from "../../../../src/lint/ts/analyzer";
import type { LintConfig } from "../../../../src/lint/types";

const HANDLER = `import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";

export const handler = withDurableExecution(async (event: { id: string }, context: DurableContext) => {
  if (process.env.MODE === "x") await context.wait({ seconds: Date.now() % 60 });
  while (true) {
    if (Math.random() > 0.5) break;
  }
  return context.step("done", async () => event.id);
});
`;

describe("TS lint: a check that throws", function () {
  this.timeout(180_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ts-lint-throw-"));
    symlinkSync(resolve(__dirname, "../../../../node_modules"), join(dir, "node_modules"), "dir");
    writeFileSync(join(dir, "handler.ts"), HANDLER);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("loses its own rules on that file and is reported; the other checks still report", async () => {
    const errors: string[] = [];
    const analyzer = await createTsAnalyzer({
      root: dir,
      onRuleError: (rule, file, error) => errors.push(`${rule} ${file}: ${String(error)}`),
    });
    const config: LintConfig = {
      rules: {},
      decls: {},
      stepLike: [],
      skip: [],
      envReads: "branch-only",
      allowBundledAssetReads: true,
    };
    // Only the source check reads envReads, when it meets `process.env.MODE`.
    Object.defineProperty(config, "envReads", {
      get: () => {
        throw new Error("boom");
      },
    });
    const rules = new Set(analyzer.analyze(join(dir, "handler.ts"), config).map((f) => f.rule));
    assert.ok(rules.has("DUR027"), [...rules].join(", "));
    assert.ok(!rules.has("DUR001") && !rules.has("DUR002") && !rules.has("DUR006"), [...rules].join(", "));
    assert.ok(
      errors.some((e) => e.startsWith(`DUR006 ${join(dir, "handler.ts")}: Error: boom`)),
      errors.join("\n"),
    );
    assert.ok(!errors.some((e) => e.startsWith("DUR027") || e.startsWith("analyzer")), errors.join("\n"));
  });
});
