// Configuration files: where they are found, what they may contain, and how a bad one is reported.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, ConfigResolver, validateConfig } from "../../../src/lint/config";
import { createLinter } from "../../../src/lint/linter";

describe("lint configuration", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "durable-lint-config-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads durable-lint.json, package.json "durableLint" and [tool.durable-lint], nearest folder first', () => {
    mkdirSync(join(dir, "ts", "deep"), { recursive: true });
    mkdirSync(join(dir, "py"));
    writeFileSync(join(dir, "durable-lint.json"), JSON.stringify({ rules: { DUR001: "warning" } }));
    writeFileSync(
      join(dir, "ts", "package.json"),
      JSON.stringify({ name: "x", durableLint: { envReads: "off", skip: ["gen/**"] } }),
    );
    writeFileSync(
      join(dir, "py", "pyproject.toml"),
      '[tool.durable-lint]\nallowBundledAssetReads = true\n[tool.durable-lint.rules]\nDUR005 = "off"\n',
    );
    const errors: string[] = [];
    const resolver = new ConfigResolver(dir, undefined, (_file, error) => errors.push(error.message));
    assert.deepEqual(resolver.forFile(join(dir, "a.ts")).config.rules, { DUR001: "warning" });
    const ts = resolver.forFile(join(dir, "ts", "deep", "b.ts"));
    assert.equal(ts.config.envReads, "off");
    assert.equal(ts.isSkipped(join(dir, "ts", "gen", "c.ts")), true);
    assert.equal(ts.isSkipped(join(dir, "ts", "deep", "b.ts")), false);
    const py = resolver.forFile(join(dir, "py", "h.py")).config;
    assert.deepEqual([py.allowBundledAssetReads, py.rules], [true, { DUR005: "off" }]);
    assert.deepEqual(errors, []);
  });

  it("names the file and setting that is wrong", () => {
    assert.throws(() => validateConfig({ rules: { DUR999: "error" } }, "durable-lint.json"), {
      message: "durable-lint.json at `rules.DUR999`: unknown rule id (expected DUR001…DUR028).",
    });
    assert.throws(
      () => validateConfig({ rules: { DUR001: "loud" } }, "x.json"),
      /x\.json at `rules\.DUR001` must be one of error, warning, info, hint, off\./,
    );
    assert.throws(
      () => validateConfig({ envReads: "sometimes" }, "x.json"),
      /`envReads` must be one of off, branch-only, all/,
    );
    assert.throws(() => validateConfig({ skip: "dist" }, "x.json"), /`skip` must be an array of strings/);
    assert.throws(() => validateConfig({ colour: true }, "x.json"), /unknown setting `colour`/);
  });

  it("a broken configuration file is reported once and linting goes on with defaults", async () => {
    writeFileSync(join(dir, "durable-lint.json"), "{ rules: ");
    writeFileSync(join(dir, "a.ts"), "export const x = 1;\n");
    const reported: string[] = [];
    const linter = await createLinter({
      root: dir,
      onRuleError: (rule, file, error) => reported.push(`${rule} ${file} ${(error as Error).message}`),
    });
    assert.deepEqual(linter.lintFile(join(dir, "a.ts")), []);
    assert.deepEqual(linter.lintFile(join(dir, "a.ts")), []);
    assert.equal(reported.length, 1);
    assert.match(reported[0], /^analyzer .*durable-lint\.json .*durable-lint\.json: invalid JSON/);
  });

  it("an explicit configFile that is invalid rejects createLinter with one sentence", async () => {
    writeFileSync(join(dir, "custom.json"), JSON.stringify({ rules: { DUR001: 3 } }));
    await assert.rejects(createLinter({ root: dir, configFile: "custom.json" }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /custom\.json at `rules\.DUR001` must be one of/);
      return true;
    });
  });
});
