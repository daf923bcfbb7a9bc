// "Wrap selection in context.step" on selected statements or one expression of a handler.
import assert from "node:assert/strict";
import { wrapSelectionInStep } from "../../../../src/lint/ts/wrapSelection";
import { applyFix, Compiler } from "./fixChecks";
import { fixturePath, sharedLinter } from "./lintFixtures";

const SOURCE = `import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";

declare function charge(amount: number): Promise<{ id: string }>;

export const handler = withDurableExecution(async (event: { amount: number }, context: DurableContext) => {
  let total = 0;
  const receipt = await charge(event.amount);
  const at = Date.now();
  await context.wait({ seconds: 1 });
  total = at;
  return { id: receipt.id, at, total, late: Date.now() > at };
});
`;

function range(snippet: string, last = snippet): [number, number] {
  const start = SOURCE.indexOf(snippet);
  const end = SOURCE.indexOf(last, start) + last.length;
  return [start, end];
}

describe("wrap selection in a step", function () {
  this.timeout(240_000);
  const file = fixturePath("cases/selection.ts");
  const compiler = new Compiler();

  after(async () => (await sharedLinter()).linter.setFile(file, undefined));

  it("moves selected statements into a step that returns the variables later code reads", async () => {
    const fix = wrapSelectionInStep(file, SOURCE, ...range("  const receipt", "Date.now();"));
    assert.ok(fix);
    assert.equal(fix.title, 'Wrap selection in context.step("receipt")');
    const fixed = applyFix(SOURCE, fix);
    assert.ok(
      fixed.includes(`  const { receipt, at } = await context.step("receipt", async () => {
    const receipt = await charge(event.amount);
    const at = Date.now();
    return { receipt, at };
  });
  await context.wait({ seconds: 1 });`),
      fixed,
    );
    assert.deepEqual(compiler.errors(file, fixed), []);
    const { linter } = await sharedLinter();
    linter.setFile(file, SOURCE);
    assert.deepEqual(
      linter.lintFile(file).map((f) => `${f.rule} ${f.range.line}`),
      // Line 11 is after the last operation: it runs once, in the invocation that completes the execution.
      ["DUR001 8"],
    );
    linter.setFile(file, fixed);
    assert.deepEqual(
      linter.lintFile(file).map((f) => `${f.rule} ${f.range.line}`),
      [],
    );
  });

  it("wraps one selected expression in place", () => {
    const [start] = range("Date.now() > at");
    const fix = wrapSelectionInStep(file, SOURCE, start, start + "Date.now()".length);
    assert.ok(fix);
    const fixed = applyFix(SOURCE, fix);
    assert.ok(fixed.includes('late: (await context.step("now", async () => Date.now())) > at'), fixed);
    assert.deepEqual(compiler.errors(file, fixed), []);
  });

  it("refuses selections that start operations, return, or write outer variables", () => {
    assert.equal(wrapSelectionInStep(file, SOURCE, ...range("  const at", "seconds: 1 });")), undefined);
    assert.equal(wrapSelectionInStep(file, SOURCE, ...range("  return {", "});\n});")), undefined);
    assert.equal(wrapSelectionInStep(file, SOURCE, ...range("  total = at;")), undefined);
  });
});
