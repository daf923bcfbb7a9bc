// Shared by the TS lint tests: one linter over test/fixtures/lint/ts (building the program is the slow part), and
// the expectations each fixture carries as `// expect: DUR001 error, DUR022 error` comments on the expected lines.
import { join, resolve } from "node:path";
import { createLinter, type Linter } from "../../../../src/lint/linter";
import type { Finding } from "../../../../src/lint/types";
import { expectationsOf } from "../expectations";

export const FIXTURE_ROOT = resolve(__dirname, "../../../fixtures/lint/ts");

export interface RuleError {
  rule: string;
  file: string;
  error: unknown;
}

let shared: Promise<{ linter: Linter; ruleErrors: RuleError[] }> | undefined;

export function sharedLinter(): Promise<{ linter: Linter; ruleErrors: RuleError[] }> {
  shared ??= (async () => {
    const ruleErrors: RuleError[] = [];
    const linter = await createLinter({
      root: FIXTURE_ROOT,
      onRuleError: (rule, file, error) => ruleErrors.push({ rule, file, error }),
    });
    return { linter, ruleErrors };
  })();
  return shared;
}

export function fixturePath(...parts: string[]): string {
  return join(FIXTURE_ROOT, ...parts);
}

/** "line RULE severity" for every `expect:` comment of a fixture, sorted. */
export function expectedOf(file: string): string[] {
  return expectationsOf(file)
    .map((e) => `${e.line} ${e.rule} ${e.severity}`)
    .sort(byLine);
}

export function actualOf(findings: Finding[]): string[] {
  return findings.map((f) => `${f.range.line} ${f.rule} ${f.severity}`).sort(byLine);
}

function byLine(a: string, b: string): number {
  return parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b);
}
