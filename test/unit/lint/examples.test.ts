// The project's own example workflows are what users copy: they must lint clean.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createLinter } from "../../../src/lint/linter";
import { listSourceFiles } from "../../../src/lint/sourceFiles";

const HANDLER_OPENING = /(withDurableExecution\(async [^\n]*=> \{\n)/;

describe("example workflows", function () {
  this.timeout(240_000);

  it("lint clean, and a clock read added to any example handler is caught", async function () {
    const examples = resolve(__dirname, "../../../examples");
    if (!existsSync(examples)) this.skip();
    const errors: string[] = [];
    const linter = await createLinter({
      root: examples,
      onRuleError: (rule, file, error) => errors.push(`${rule} ${file}: ${String(error)}`),
    });
    const findings = linter.lintPaths([examples]);
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.range.line} ${f.rule} ${f.message}`),
      [],
    );
    assert.deepEqual(errors, []);

    // Proves the handlers were analyzed rather than skipped.
    const handlers = listSourceFiles([examples], new Set([".ts"])).filter((f) =>
      HANDLER_OPENING.test(readFileSync(f, "utf8")),
    );
    assert.ok(handlers.length > 0, "the examples contain durable handlers");
    for (const file of handlers) {
      const probed = readFileSync(file, "utf8").replace(HANDLER_OPENING, "$1  void Date.now();\n");
      linter.setFile(file, probed);
      const line = probed.slice(0, probed.indexOf("void Date.now()")).split("\n").length;
      assert.deepEqual(
        linter.lintFile(file).map((f) => `${f.rule} ${f.range.line}`),
        [`DUR001 ${line}`],
        file,
      );
      linter.setFile(file, undefined);
    }
  });
});
