// The injection grammar scopes durable calls so themes color them, and leaves look-alikes alone.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./realReplay";

interface Rule {
  match: string;
  captures: Record<string, { name: string }>;
}
const grammar = JSON.parse(readFileSync(join(root, "syntaxes/durable-calls.tmLanguage.json"), "utf8")) as {
  injectionSelector: string;
  patterns: Array<{ include: string }>;
  repository: Record<string, Rule>;
};

/** The scope names the grammar gives to `line`, in the order its patterns are tried (as TextMate does). */
function scopes(line: string): string[] {
  for (const { include } of grammar.patterns) {
    const rule = grammar.repository[include.slice(1)];
    // The patterns use only syntax that Oniguruma and JavaScript read alike.
    const match = new RegExp(rule.match).exec(line);
    if (match)
      return Object.keys(rule.captures)
        .filter((group) => match[Number(group)] !== undefined)
        .map((group) => rule.captures[group].name);
  }
  return [];
}

describe("durable-call grammar", () => {
  it("is injected into TypeScript, JavaScript and Python outside comments and strings", () => {
    for (const scope of ["source.ts", "source.js", "source.python"])
      assert.ok(grammar.injectionSelector.includes(`L:${scope} -comment -string`), scope);
  });

  it("scopes context operations in TS/JS", () => {
    for (const line of [
      'await context.step("charge", fn)',
      "ctx.runInChildContext('x', f)",
      "childContext.map(items, f)",
      "context?.waitForCallback(",
      "export const handler = withDurableExecution(async () => {})",
    ]) {
      assert.ok(
        scopes(line).some((s) => s.startsWith("support.function.durable-")),
        line,
      );
    }
  });

  it("scopes Python operations and decorators", () => {
    assert.ok(
      scopes("result = context.run_in_child_context(fn)").includes("support.function.durable-operation.durable-replay"),
    );
    assert.ok(scopes("@durable_execution").includes("entity.name.function.decorator.durable-handler.durable-replay"));
    assert.ok(scopes("  @durable_step").includes("entity.name.function.decorator.durable-handler.durable-replay"));
  });

  it("leaves calls on other objects alone", () => {
    for (const line of [
      "items.map((x) => x)",
      "promise.wait()",
      "contextual.step()",
      "context.stepper()",
      "@durable_stepper",
    ]) {
      assert.deepEqual(scopes(line), [], line);
    }
  });
});
