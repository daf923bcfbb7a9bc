// The core Linter over a real workspace: file discovery, both languages, suppressions, edits, cross-file
// dependents and robustness against bad input.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createLinter, type Linter } from "../../../src/lint/linter";
import { actualOf, expectedOf, fixturePath, sharedLinter } from "./ts/lintFixtures";

const HANDLER = `import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";

export const handler = withDurableExecution(async (event: any, context: DurableContext) => {
  const at = Date.now();
  return context.step("save", async () => at);
});
`;

const PY_HANDLER = `from aws_durable_execution_sdk_python import durable_execution, DurableContext
import time


@durable_execution
def handler(event, context: DurableContext):
    started = time.time()
    ignored = time.time()  # durable: ignore[DUR001] only logged
    return context.step(lambda _: {"started": started, "ignored": ignored}, name="save")
`;

describe("Linter (core)", function () {
  this.timeout(240_000); // building the TypeScript program of a workspace is the slow part
  let dir: string;
  let linter: Linter;
  const errors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "durable-lint-core-"));
    // The SDK's types must resolve from the workspace, as in a user's project.
    symlinkSync(resolve(__dirname, "../../../node_modules"), join(dir, "node_modules"), "dir");
    for (const sub of ["src", "dist", "generated", "py"]) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, "src", "handler.ts"), HANDLER);
    writeFileSync(join(dir, "dist", "handler.js"), HANDLER);
    writeFileSync(join(dir, "generated", "handler.ts"), HANDLER);
    writeFileSync(join(dir, "py", "handler.py"), PY_HANDLER);
    writeFileSync(join(dir, "src", "notes.md"), "Date.now()");
    writeFileSync(join(dir, "durable-lint.json"), JSON.stringify({ skip: ["generated/**"] }));
    linter = await createLinter({
      root: dir,
      onRuleError: (rule, file, error) => errors.push(`${rule} ${file}: ${String(error)}`),
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("lints supported files under a folder, leaving out build output and skip globs", () => {
    const findings = linter.lintPaths([dir]);
    const where = findings.map((f) => `${f.file.slice(dir.length + 1)}:${f.range.line} ${f.rule}`);
    assert.deepEqual(where, ["py/handler.py:7 DUR001", "src/handler.ts:4 DUR001"]);
    assert.equal(linter.supports(join(dir, "a.mts")), true);
    assert.equal(linter.supports(join(dir, "a.py")), true);
    assert.equal(linter.supports(join(dir, "types.d.ts")), false);
    assert.equal(linter.supports(join(dir, "notes.md")), false);
    assert.deepEqual(linter.lintFile(join(dir, "generated", "handler.ts")), []);
    assert.deepEqual(errors, []);
  });

  it("TS and Python describe the same kind of call in the same words, and a Python subprocess as a process", () => {
    const ts = join(dir, "src", "kinds.ts");
    const py = join(dir, "py", "kinds.py");
    linter.setFile(
      ts,
      `import { execSync } from "node:child_process";\nimport { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";\n` +
        `export const handler = withDurableExecution(async (event: any, context: DurableContext) => {\n  const at = Date.now();\n  const out = execSync("ls");\n  return context.step("save", async () => ({ at, out: String(out) }));\n});\n`,
    );
    linter.setFile(
      py,
      `import subprocess\nimport time\nfrom aws_durable_execution_sdk_python import durable_execution, DurableContext\n\n\n@durable_execution\n` +
        `def handler(event, context: DurableContext):\n    at = time.time()\n    out = subprocess.run(["ls"])\n    return context.step(lambda _: {"at": at, "out": str(out)}, name="save")\n`,
    );
    try {
      // What follows the call's text: "reads the wall clock outside a step: …" / "… in replayed code".
      const says = (file: string, line: number) => {
        const finding = linter.lintFile(file).find((f) => f.range.line === line);
        assert.ok(finding, `no finding on ${file}:${line}`);
        return {
          rule: finding.rule,
          verb: /^`[^`]*` (.*?) (outside a step|in replayed code)/.exec(finding.message)?.[1],
        };
      };
      assert.deepEqual(says(py, 8), says(ts, 4));
      const tsProcess = says(ts, 5);
      assert.deepEqual(says(py, 9), tsProcess);
      assert.equal(tsProcess.rule, "DUR005");
      assert.notEqual(tsProcess.verb, says(ts, 4).verb);
    } finally {
      linter.setFile(ts, undefined);
      linter.setFile(py, undefined);
    }
  });

  it("lints the open buffer after an edit and the disk again when the buffer closes", () => {
    const file = join(dir, "src", "handler.ts");
    linter.setFile(file, HANDLER.replace("Date.now()", "event.at"));
    assert.deepEqual(linter.lintFile(file), []);
    linter.setFile(file, HANDLER.replace("Date.now()", "Math.random()"));
    assert.deepEqual(
      linter.lintFile(file).map((f) => f.rule),
      ["DUR002"],
    );
    linter.setFile(file, undefined);
    assert.deepEqual(
      linter.lintFile(file).map((f) => f.rule),
      ["DUR001"],
    );
  });

  it("a cancelled lint returns nothing and the next one is complete", () => {
    const file = join(dir, "src", "handler.ts");
    linter.setFile(file, HANDLER.replace("Date.now()", "Date.now() + 1"));
    assert.deepEqual(linter.lintFile(file, { isCancellationRequested: true }), []);
    assert.deepEqual(
      linter.lintFile(file).map((f) => f.rule),
      ["DUR001"],
    );
    linter.setFile(file, undefined);
  });

  it("warming up an open buffer changes none of its findings, and stops when asked to midway", () => {
    const file = join(dir, "src", "handler.ts");
    linter.setFile(file, HANDLER.replace("Date.now()", "Math.random()"));
    const findings = linter.lintFile(file);
    assert.deepEqual(
      findings.map((f) => f.rule),
      ["DUR002"],
    );
    let reads = 0;
    const stopAtSecondCheck = {
      get isCancellationRequested() {
        return ++reads > 1;
      },
    };
    assert.equal(linter.warmUp(file, stopAtSecondCheck), false);
    assert.ok(reads >= 2, "the warm-up checked the signal again after it started");
    assert.deepEqual(linter.lintFile(file), findings);
    assert.equal(linter.warmUp(file, { isCancellationRequested: false }), true);
    assert.deepEqual(linter.lintFile(file), findings);
    linter.setFile(file, undefined);
    assert.equal(
      linter.warmUp(file, { isCancellationRequested: false }),
      true,
      "a file without a buffer has nothing to warm",
    );
    assert.deepEqual(
      linter.lintFile(file).map((f) => f.rule),
      ["DUR001"],
    );
  });

  it("survives a 20,000-line handler, a binary file and a file that does not exist", () => {
    const big = join(dir, "src", "big.ts");
    const body = Array.from({ length: 20_000 }, (_, i) => `  const v${i} = event.n + ${i};`).join("\n");
    linter.setFile(big, HANDLER.replace("  const at = Date.now();", `${body}\n  const at = Date.now();`));
    const findings = linter.lintFile(big);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.range.line]),
      [["DUR001", 20_004]],
    );
    const binary = join(dir, "src", "blob.ts");
    writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    assert.deepEqual(linter.lintFile(binary), []);
    assert.deepEqual(linter.lintFile(join(dir, "src", "missing.ts")), []);
    assert.deepEqual(errors, []);
  });
});

describe("Linter across files", function () {
  this.timeout(240_000);

  it("reports a helper's non-determinism at the handler's call with the chain, and knows who depends on whom", async () => {
    const { linter } = await sharedLinter();
    const handler = fixturePath("cross-file/handler.ts");
    const ids = fixturePath("cross-file/ids.ts");
    const [atCall] = linter.lintFile(handler);
    assert.equal(atCall.rule, "DUR003");
    assert.match(
      atCall.message,
      /^`newOrderId\(…\)` generates a random identifier outside a step \(`randomUUID\(\)` generates a random identifier at ids\.ts:4\)/,
    );
    assert.deepEqual(
      atCall.related.map((r) => [r.file, r.line]),
      [[ids, 4]],
    );
    assert.ok(linter.dependents(ids).includes(handler));
    assert.ok(linter.dependents(handler).includes(ids));
  });

  it("a lint cancelled halfway returns nothing, and the next lint resumes to the complete result", async () => {
    const { linter } = await sharedLinter();
    const file = fixturePath("rules/nested-through-helpers.ts");
    const complete = linter.lintFile(file).map((f) => `${f.rule} ${f.range.line}`);
    linter.setFile(file, readFileSync(file, "utf8"));
    let reads = 0;
    const cancelLater = {
      get isCancellationRequested() {
        return ++reads > 3;
      },
    };
    assert.deepEqual(linter.lintFile(file, cancelLater), []);
    assert.ok(reads > 3, "the analysis checked the signal while it ran");
    assert.deepEqual(
      linter.lintFile(file).map((f) => `${f.rule} ${f.range.line}`),
      complete,
    );
    linter.setFile(file, undefined);
  });

  it("a helper no handler reaches stays silent until a handler calls it", async () => {
    const { linter } = await sharedLinter();
    const utils = fixturePath("unreached/utils.ts");
    assert.deepEqual(linter.lintFile(utils), []);
    const caller = fixturePath("unreached/caller.ts");
    linter.setFile(
      caller,
      `import { withDurableExecution } from "@aws/durable-execution-sdk-js";\nimport { timestamp } from "./utils";\nexport const handler = withDurableExecution(async (event: any, context) => context.step("t", async () => 1) && timestamp());\n`,
    );
    try {
      assert.deepEqual(
        linter.lintFile(utils).map((f) => [f.rule, f.range.line]),
        [["DUR001", 3]],
      );
      assert.deepEqual(
        linter.lintFile(caller).map((f) => [f.rule, f.range.line]),
        [["DUR001", 3]],
      );
    } finally {
      linter.setFile(caller, undefined);
    }
    assert.deepEqual(linter.lintFile(utils), []);
  });

  it("from a monorepo's root, each service's imports resolve through its own tsconfig paths", async () => {
    // orders maps `@lib/*` with baseUrl to its lib/ (a clock read); billing maps the same alias to its own shared/.
    const root = resolve(__dirname, "../../fixtures/lint/monorepo");
    const linter = await createLinter({ root });
    for (const file of [
      "services/orders/src/handler.ts",
      "services/orders/lib/clock.ts",
      "services/billing/src/handler.ts",
      "services/billing/shared/clock.ts",
    ]) {
      const path = join(root, file);
      assert.deepEqual(actualOf(linter.lintFile(path)), expectedOf(path), file);
    }
    const [atCall] = linter.lintFile(join(root, "services/orders/src/handler.ts"));
    assert.deepEqual(
      atCall.related.map((r) => r.file),
      [join(root, "services/orders/lib/clock.ts")],
    );
  });
});
