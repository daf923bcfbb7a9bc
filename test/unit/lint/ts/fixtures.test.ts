// Every fixture under test/fixtures/lint/ts carries its expected findings; files without expectations must be clean.
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { actualOf, expectedOf, FIXTURE_ROOT, sharedLinter } from "./lintFixtures";

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return fixtureFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(entry) ? [path] : [];
  });
}

describe("TS/JS determinism lint fixtures", function () {
  this.timeout(240_000); // the first test builds the TypeScript program of the fixture workspace
  for (const file of fixtureFiles(FIXTURE_ROOT).sort()) {
    const name = relative(FIXTURE_ROOT, file);
    it(`${name} reports exactly its expected findings`, async () => {
      const { linter, ruleErrors } = await sharedLinter();
      assert.deepEqual(actualOf(linter.lintFile(file)), expectedOf(file));
      assert.deepEqual(
        ruleErrors.map((e) => `${e.rule} ${e.file}: ${String(e.error)}`),
        [],
      );
    });
  }
});
