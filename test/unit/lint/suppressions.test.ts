// Suppression comments of both languages, applied to findings by line.
import assert from "node:assert/strict";
import { isSuppressed, parseSuppressions } from "../../../src/lint/suppressions";
import type { Finding, RuleId } from "../../../src/lint/types";

function finding(rule: RuleId, line: number, file = "/w/handler.ts"): Finding {
  return {
    file,
    rule,
    severity: "error",
    message: "",
    related: [],
    fixes: [],
    range: { line, column: 1, endLine: line, endColumn: 2 },
  };
}

function silenced(text: string, rule: RuleId, line: number): boolean {
  return isSuppressed(finding(rule, line), parseSuppressions(text));
}

describe("suppression comments", () => {
  it("disable-next-line covers only the next line and only the named rules", () => {
    const text =
      "// durable-lint-disable-next-line DUR001, DUR002 -- the clock is only logged\nconst a = Date.now();\nconst b = Date.now();";
    assert.equal(silenced(text, "DUR001", 2), true);
    assert.equal(silenced(text, "DUR002", 2), true);
    assert.equal(silenced(text, "DUR003", 2), false);
    assert.equal(silenced(text, "DUR001", 3), false);
  });

  it("a reason mentioning another rule id does not widen the suppression", () => {
    const text = "// durable-lint-disable-next-line DUR001 -- unlike DUR002 this is fine\nx();";
    assert.equal(silenced(text, "DUR002", 2), false);
  });

  it("disable-line covers its own line; a durable comment without ids covers every rule", () => {
    const text = "a(); // durable-lint-disable-line DUR004 -- idempotent\nb(); // durable-lint-disable-line";
    assert.equal(silenced(text, "DUR004", 1), true);
    assert.equal(silenced(text, "DUR001", 1), false);
    assert.equal(silenced(text, "DUR001", 2), true);
  });

  it("a file-level block comment silences its rules everywhere", () => {
    const text = "/* durable-lint-disable DUR005 */\nread();\n\nread();";
    assert.equal(silenced(text, "DUR005", 4), true);
    assert.equal(silenced(text, "DUR001", 4), false);
  });

  it("eslint-disable comments count only when they name a DUR rule", () => {
    const text =
      "// eslint-disable-next-line no-console\nconsole.log(1);\n// eslint-disable-next-line DUR023\nconsole.log(2);";
    assert.equal(silenced(text, "DUR023", 2), false);
    assert.equal(silenced(text, "DUR023", 4), true);
  });

  it("Python: trailing ignore, ignore on the line above, ignore-file and noqa", () => {
    const text = [
      "# durable: ignore-file[DUR005]",
      "a = time.time()  # durable: ignore[DUR001] logged only",
      "# durable: ignore[DUR002] sampling",
      "b = random.random()",
      "c = uuid.uuid4()  # noqa: DUR003",
      "d = uuid.uuid4()  # noqa: E501",
    ].join("\n");
    assert.equal(silenced(text, "DUR005", 6), true);
    assert.equal(silenced(text, "DUR001", 2), true);
    assert.equal(silenced(text, "DUR002", 4), true);
    assert.equal(silenced(text, "DUR003", 5), true);
    assert.equal(silenced(text, "DUR003", 6), false);
  });
});
