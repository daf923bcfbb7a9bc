// Quick fixes must produce code that compiles and removes the finding they were offered for.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Finding } from "../../../../src/lint/types";
import { applyFix, Compiler } from "./fixChecks";
import { fixturePath, sharedLinter } from "./lintFixtures";

const compiler = new Compiler();

async function lintText(file: string, text: string): Promise<Finding[]> {
  const { linter } = await sharedLinter();
  linter.setFile(file, text);
  return linter.lintFile(file);
}

describe("TS quick fixes", function () {
  this.timeout(240_000); // the first test builds the TypeScript program of the fixture workspace
  afterEach(async () => {
    const { linter } = await sharedLinter();
    for (const f of [
      "cases/clock-outside-step.ts",
      "cases/sleep-fetch-sdk.ts",
      "cases/wrong-context-and-nested-op.ts",
      "cases/destructured-context.ts",
      "cases/argument-aware-dates.ts",
      "rules/env-and-identity.ts",
      "rules/fixable.ts",
      "rules/timers-promises.ts",
      "rules/shared-context.ts",
    ]) {
      linter.setFile(fixturePath(f), undefined);
    }
  });

  it("wrapping the replayed Date.now() of T01 in a step compiles and lints clean", async () => {
    const file = fixturePath("cases/clock-outside-step.ts");
    let text = readFileSync(file, "utf8");
    assert.deepEqual(compiler.errors(file, text), []);
    const findings = await lintText(file, text);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].rule, "DUR001");
    const wrap = findings[0].fixes.find((f) => f.preferred);
    assert.ok(wrap, "a preferred fix is offered");
    assert.match(wrap.title, /^Wrap in context\.step\("/);
    text = applyFix(text, wrap);
    assert.match(text, /const startedAt = await context\.step\("startedAt", async \(\) => Date\.now\(\)\);/);
    // The reading after the last operation runs once and stays as it is.
    assert.match(text, /elapsed: Date\.now\(\) - startedAt/);
    assert.deepEqual(compiler.errors(file, text), []);
    assert.deepEqual(await lintText(file, text), []);
  });

  for (const [fixture, expectedTitles] of [
    [
      "cases/sleep-fetch-sdk.ts",
      ["Replace with context.wait({ seconds: 5 })", 'Wrap in context.step("res")', 'Wrap in context.step("fn")'],
    ],
    ["cases/wrong-context-and-nested-op.ts", ["Use child", "Change context.step to context.runInChildContext"]],
    ["cases/destructured-context.ts", ["Call context.step(...)", "Call context.wait(...)"]],
    ["cases/argument-aware-dates.ts", ['Wrap in context.step("now")']],
    [
      "rules/env-and-identity.ts",
      ['Wrap in context.step("region")', 'Wrap in context.step("FEATURE_X")', 'Wrap in context.step("requestId")'],
    ],
    ["rules/shared-context.ts", ["Use context.map, which gives each item its own context"]],
    ["rules/timers-promises.ts", ["Replace with context.wait({ seconds: 30 })"]],
    [
      "rules/fixable.ts",
      [
        "Return the value and assign rows outside the step",
        "Log through context.logger.info",
        'Use the static name "save"',
      ],
    ],
  ] as const) {
    it(`each preferred fix of ${fixture} compiles and removes its finding`, async () => {
      const file = fixturePath(fixture);
      const original = readFileSync(file, "utf8");
      assert.deepEqual(compiler.errors(file, original), []);
      const findings = await lintText(file, original);
      const titles: string[] = [];
      for (const finding of findings) {
        const fix = finding.fixes.find((f) => f.preferred);
        assert.ok(fix, `${finding.rule} at line ${finding.range.line} has a preferred fix`);
        titles.push(fix.title);
        const fixed = applyFix(original, fix);
        assert.deepEqual(compiler.errors(file, fixed), [], `${fix.title} compiles:\n${fixed}`);
        const after = await lintText(file, fixed);
        const count = (list: Finding[]) => list.filter((f) => f.rule === finding.rule).length;
        assert.equal(count(after), count(findings) - 1, `${fix.title} removes one ${finding.rule}:\n${fixed}`);
      }
      assert.deepEqual(titles, expectedTitles);
    });
  }

  it("the suppression fix silences exactly the finding it was offered for", async () => {
    const file = fixturePath("cases/clock-outside-step.ts");
    // A second reading before a later operation, so that there are two findings of one rule.
    const original = readFileSync(file, "utf8").replace(
      /return \{ elapsed: Date\.now\(\) - startedAt \};.*/,
      'const elapsed = Date.now() - startedAt;\n  await context.step("report", async () => elapsed);\n  return { elapsed };',
    );
    const [first, second] = await lintText(file, original);
    const suppress = first.fixes.find((f) => f.title === "Suppress DUR001 on this line");
    assert.ok(suppress);
    const fixed = applyFix(original, suppress);
    assert.match(
      fixed,
      /\n {2}\/\/ durable-lint-disable-next-line DUR001 -- reason\n {2}const startedAt = Date\.now\(\);/,
    );
    const after = await lintText(file, fixed);
    assert.deepEqual(
      after.map((f) => [f.rule, f.range.line]),
      [["DUR001", second.range.line + 1]],
    );
  });
});
