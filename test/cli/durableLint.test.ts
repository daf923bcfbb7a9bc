// durable-lint as CI runs it: the bundled CLI on fixture projects, checked for positions, exit codes and SARIF
// validity against the OASIS schema.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Ajv from "ajv";
import type * as Sarif from "sarif";
import { RULE_IDS } from "../../src/lint/rules";
import type { JsonFinding } from "../../src/cli/lint/jsonFormat";

const repo = resolve(__dirname, "../..");
const fixtures = join(repo, "test/fixtures/lint-cli");
// DURABLE_LINT_DIST points at a copy of the bundles when others rebuild dist/ in a shared tree.
const cli = join(process.env.DURABLE_LINT_DIST ?? join(repo, "dist"), "durable-lint.js");

function lint(args: string[], cwd = fixtures) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** 1-based line and column of the `nth` occurrence of `needle` in a fixture file, as an editor shows it. */
function positionOf(file: string, needle: string, nth = 1): { line: number; column: number } {
  const text = readFileSync(join(fixtures, file), "utf8");
  let index = -1;
  for (let i = 0; i < nth; i++) index = text.indexOf(needle, index + 1);
  assert.ok(index >= 0, `${needle} not found in ${file}`);
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(repo, "test/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8"));
  // The schema is draft-04, where the identifier keyword is `id`; ajv's default dialect spells it `$id`.
  const { id, $schema: _draft, ...body } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("uri", (value: string) => URL.canParse(value));
  ajv.addFormat("uri-reference", (value: string) => URL.canParse(value, "file:///base/"));
  ajv.addFormat("date-time", (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile({ ...body, $id: id });
}

describe("durable-lint CLI", function () {
  // Each run builds a TypeScript program over the SDK's types from cold: seconds, more on a busy machine.
  this.timeout(180_000);

  it("prints file:line:col severity rule message for a clock read outside a step and exits 1", () => {
    const { code, stdout } = lint(["project/src"]);
    assert.equal(code, 1);
    const at = positionOf("project/src/orders.ts", "Date.now()");
    const line = stdout.split("\n").find((l) => l.startsWith(`project/src/orders.ts:${at.line}:${at.column} `));
    assert.ok(line, `no finding at the handler's Date.now() in:\n${stdout}`);
    assert.match(line, /^\S+ error DUR001 \S/);
    assert.match(stdout.trimEnd().split("\n").at(-1) ?? "", /^\d+ problems? \(\d+ errors?, /);
  });

  it("--format json gives 1-based positions with the end of the expression and the related call chain", () => {
    const { code, stdout } = lint(["project/src", "--format", "json"]);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as JsonFinding[];
    const at = positionOf("project/src/orders.ts", "Date.now()");
    const clock = findings.find(
      (f) => f.file === "project/src/orders.ts" && f.line === at.line && f.column === at.column,
    );
    assert.ok(clock, JSON.stringify(findings, null, 2));
    assert.equal(clock.rule, "DUR001");
    assert.equal(clock.severity, "error");
    assert.deepEqual([clock.endLine, clock.endColumn], [at.line, at.column + "Date.now()".length]);

    const call = positionOf("project/src/orders.ts", 'makeOrderId("ord")');
    const viaHelper = findings.find((f) => f.file === "project/src/orders.ts" && f.line === call.line);
    assert.ok(viaHelper, "the call into the clock-reading helper is reported where the handler makes it");
    const inHelper = positionOf("project/src/orderId.ts", "Date.now()");
    assert.ok(
      viaHelper.related.some((r) => r.file === "project/src/orderId.ts" && r.line === inHelper.line),
      `related information should point at the helper's Date.now(): ${JSON.stringify(viaHelper.related)}`,
    );
  });

  it("lints Python handlers too, with the same positions and exit code", () => {
    const { code, stdout } = lint(["project/handlers", "--format", "json"]);
    assert.equal(code, 1);
    const at = positionOf("project/handlers/approval.py", "time.time()");
    const findings = JSON.parse(stdout) as JsonFinding[];
    assert.ok(
      findings.some(
        (f) =>
          f.file === "project/handlers/approval.py" &&
          f.rule === "DUR001" &&
          f.line === at.line &&
          f.column === at.column,
      ),
      JSON.stringify(findings, null, 2),
    );
  });

  it("--format sarif validates against the SARIF 2.1.0 schema with repo-relative locations", () => {
    const { code, stdout } = lint(["project/src", "--format", "sarif"]);
    assert.equal(code, 1);
    const log: Sarif.Log = JSON.parse(stdout);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

    const run = log.runs[0];
    const rules = run.tool.driver.rules ?? [];
    assert.deepEqual(
      rules.map((r) => r.id),
      RULE_IDS,
    );
    for (const rule of rules) {
      assert.ok(rule.shortDescription?.text && rule.help?.text, `rule ${rule.id} lacks text`);
      assert.ok(["error", "warning", "note"].includes(rule.defaultConfiguration?.level ?? ""));
    }
    const at = positionOf("project/src/orders.ts", "Date.now()");
    const result = run.results?.find(
      (r) => r.ruleId === "DUR001" && r.locations?.[0]?.physicalLocation?.region?.startLine === at.line,
    );
    assert.ok(result, "the handler's clock read is a result");
    assert.equal(result.level, "error");
    const location = result.locations?.[0]?.physicalLocation;
    assert.deepEqual(location?.artifactLocation, {
      uri: "test/fixtures/lint-cli/project/src/orders.ts",
      uriBaseId: "%SRCROOT%",
    });
    assert.equal(location?.region?.startColumn, at.column);
    assert.equal(rules[result.ruleIndex ?? -1]?.id, "DUR001");
  });

  it("exits 0 on a clean handler and on warnings only", () => {
    const clean = lint(["clean"]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /No problems found/);

    const warnings = lint(["warnings", "--format", "json"]);
    assert.equal(warnings.code, 0, warnings.stdout + warnings.stderr);
    const findings = JSON.parse(warnings.stdout) as JsonFinding[];
    const sleep = positionOf("warnings/handler.ts", "setTimeout");
    assert.ok(
      findings.some((f) => f.rule === "DUR007" && f.line === sleep.line),
      JSON.stringify(findings),
    );
    assert.ok(findings.every((f) => f.severity !== "error"));
  });

  it("run from a monorepo's root, finds a clock read behind a service's tsconfig path alias", () => {
    const monorepo = join(repo, "test/fixtures/lint/monorepo");
    const { code, stdout } = lint(["services", "--format", "json"], monorepo);
    assert.equal(code, 1, stdout);
    const findings = JSON.parse(stdout) as JsonFinding[];
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line} ${f.rule}`).sort(), [
      "services/orders/lib/clock.ts:2 DUR001",
      "services/orders/src/handler.ts:5 DUR001",
    ]);
  });

  it("--config applies the file's severity overrides", () => {
    const { code, stdout } = lint(["project/src/orders.ts", "--config", "downgrade-clock.json", "--format", "json"]);
    const findings = JSON.parse(stdout) as JsonFinding[];
    const clock = findings.filter((f) => f.rule === "DUR001");
    assert.ok(clock.length > 0);
    assert.ok(clock.every((f) => f.severity === "warning"));
    assert.equal(code, findings.some((f) => f.severity === "error") ? 1 : 0);
  });

  describe("a file that cannot be analyzed, or a project without node_modules", () => {
    const HANDLER = `import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
export const handler = withDurableExecution(async (event: { id: string }, context: DurableContext) => {
  const at = Date.now();
  await context.wait({ seconds: 1 });
  return { id: event.id, at };
});
`;
    const dirs: string[] = [];
    const project = (files: Record<string, string>, withModules: boolean) => {
      const dir = mkdtempSync(join(tmpdir(), "durable-lint-hostile-"));
      dirs.push(dir);
      if (withModules) symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      return dir;
    };
    after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

    it("reports files nested too deep to analyze by name, exits 2 and keeps the other files' findings", () => {
      const dir = project(
        {
          "handler.ts": HANDLER,
          "deep.ts": `export const o = ${"{ a: ".repeat(1000)}1${" }".repeat(1000)};\n`,
          "braces.ts": `export function f() ${"{".repeat(10_000)}${"}".repeat(10_000)}\n`,
        },
        true,
      );
      const { code, stdout, stderr } = lint([".", "--format", "json"], dir);
      assert.equal(code, 2, stderr);
      assert.match(stderr, /could not analyze deep\.ts: brackets nest 1000 levels deep/);
      assert.match(stderr, /could not analyze braces\.ts: brackets nest 10000 levels deep/);
      assert.doesNotMatch(stderr, /handler\.ts/);
      const findings = JSON.parse(stdout) as JsonFinding[];
      assert.deepEqual(
        findings.map((f) => `${f.file}:${f.line} ${f.rule}`),
        ["handler.ts:3 DUR001"],
      );
    });

    it("analyzes a 2,500-term string concatenation that tsc compiles, next to a handler", () => {
      const terms = Array.from({ length: 2500 }, (_, i) => `"s${i}"`).join(" + ");
      const dir = project({ "handler.ts": HANDLER, "concat.ts": `export const s = ${terms};\n` }, true);
      const { code, stdout, stderr } = lint(["handler.ts"], dir);
      assert.equal(code, 1, stdout + stderr);
      assert.equal(stderr, "");
      assert.match(stdout, /handler\.ts:3:14 error DUR001/);
    });

    it("finds violations without node_modules, recognising the SDK by its import names", () => {
      const untyped = HANDLER.replace("context: DurableContext", "context").replace(", type DurableContext", "");
      const dir = project({ "handler.ts": HANDLER, "untyped.ts": untyped }, false);
      const { code, stdout, stderr } = lint([".", "--format", "json"], dir);
      assert.equal(code, 1, stdout + stderr);
      const findings = JSON.parse(stdout) as JsonFinding[];
      assert.deepEqual(
        findings.map((f) => `${f.file}:${f.line} ${f.rule}`),
        ["handler.ts:3 DUR001", "untyped.ts:3 DUR001"],
      );
    });
  });

  for (const [name, args, mention] of [
    ["an unknown flag", ["--fix"], "--fix"],
    ["a bad --format", ["--format", "xml"], "xml"],
    ["a missing config file", ["--config", "nope.json"], "nope.json"],
    ["a nonexistent path", ["no/such/dir"], "no/such/dir"],
    ["an invalid config file", ["clean", "--config", "broken-config.json"], "broken-config.json"],
  ] as const) {
    it(`exits 2 with one sentence on stderr for ${name}`, () => {
      const { code, stdout, stderr } = lint([...args]);
      assert.equal(code, 2);
      assert.equal(stdout, "");
      const lines = stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, stderr);
      assert.ok(lines[0].includes(mention), stderr);
      assert.doesNotMatch(stderr, /\n\s+at /);
    });
  }
});
