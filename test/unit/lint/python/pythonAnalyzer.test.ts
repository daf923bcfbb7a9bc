import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLinter } from "../../../../src/lint/linter";
import { createPythonAnalyzer } from "../../../../src/lint/python/analyzer";
import type { Finding, LanguageAnalyzer, LintConfig, RuleId, TextEdit } from "../../../../src/lint/types";
import { expectationsOf } from "../expectations";

const FIXTURES = path.resolve(__dirname, "../../../fixtures/lint/python");

function baseConfig(extra: Partial<LintConfig> = {}): LintConfig {
  return {
    rules: {},
    decls: {},
    stepLike: [],
    skip: [],
    envReads: "branch-only",
    allowBundledAssetReads: true,
    ...extra,
  };
}

function pyFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return pyFiles(full);
    return name.endsWith(".py") ? [full] : [];
  });
}

/** Every `# expect:` comment under `dir` as "file:line RULE severity". */
function expectations(dir: string): string[] {
  return pyFiles(dir)
    .flatMap((file) => expectationsOf(file).map((e) => `${path.relative(dir, file)}:${e.line} ${e.rule} ${e.severity}`))
    .sort();
}

function describeFindings(dir: string, findings: Finding[]): string[] {
  return findings.map((f) => `${path.relative(dir, f.file)}:${f.range.line} ${f.rule} ${f.severity}`).sort();
}

function applyEdits(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `py-lint-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

function compiles(file: string): void {
  execFileSync("python3", ["-m", "py_compile", file], { stdio: "pipe" });
}

async function analyzerFor(root: string) {
  const errors: string[] = [];
  const analyzer = await createPythonAnalyzer({
    root,
    onRuleError: (rule, file, error) => errors.push(`${rule} ${path.basename(file)}: ${String(error)}`),
  });
  return { analyzer, errors };
}

function lintAll(analyzer: LanguageAnalyzer, dir: string, config: LintConfig): Finding[] {
  return pyFiles(dir).flatMap((f) => analyzer.analyze(f, config));
}

describe("Python determinism analyzer: fixtures with # expect comments", () => {
  for (const name of readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, name);
    it(`${name} reports exactly the expected rule, line and severity`, async () => {
      const configFile = path.join(dir, "lint.json");
      const config = baseConfig(existsSync(configFile) ? JSON.parse(readFileSync(configFile, "utf8")) : {});
      const { analyzer, errors } = await analyzerFor(dir);
      const findings = lintAll(analyzer, dir, config);
      assert.deepEqual(describeFindings(dir, findings), expectations(dir));
      assert.deepEqual(errors, []);
      for (const f of findings) {
        assert.match(f.message, /: .+\. Fix: .+\.$/, "message says what, why and what to do");
      }
    });
  }
});

describe("Python determinism analyzer: quick fixes", () => {
  async function fixUntilClean(name: string, rule: RuleId) {
    const dir = copyFixture(name);
    const file = path.join(dir, "handler.py");
    const { analyzer } = await analyzerFor(dir);
    const before = analyzer.analyze(file, baseConfig()).filter((f) => f.rule === rule);
    assert.ok(before.length > 0, `fixture ${name} has a ${rule} finding`);
    for (let i = 0; i < 10; i++) {
      const finding = analyzer.analyze(file, baseConfig()).find((f) => f.rule === rule);
      if (!finding) break;
      const fix = finding.fixes.find((f) => f.preferred);
      assert.ok(fix, `${rule} offers a preferred fix`);
      writeFileSync(file, applyEdits(readFileSync(file, "utf8"), fix.edits));
      analyzer.setFile(file, undefined);
    }
    compiles(file);
    assert.deepEqual(
      analyzer.analyze(file, baseConfig()).filter((f) => f.rule === rule),
      [],
    );
    return readFileSync(file, "utf8");
  }

  it("wrap in context.step compiles and lints clean of DUR001", async () => {
    const text = await fixUntilClean("clock-before-wait", "DUR001");
    assert.match(text, /started = context\.step\(lambda _: datetime\.now\(timezone\.utc\), name="started"\)/);
  });

  it("wrap in step reuses the child's own context name and keeps names unique", async () => {
    const text = await fixUntilClean("child-context-uuid", "DUR003");
    assert.match(text, /batch_id = ctx\.step\(lambda _: uuid\.uuid4\(\)\.hex, name="batch_id"\)/);
  });

  it("time.sleep → context.wait adds the Duration import when missing", async () => {
    const text = await fixUntilClean("host-sleep", "DUR007");
    assert.match(text, /context\.wait\(Duration\.from_seconds\(30\)\)/);
    assert.match(text, /^from aws_durable_execution_sdk_python\.config import Duration$/m);
  });

  it("step → run_in_child_context with the child's context fixes DUR020", async () => {
    const text = await fixUntilClean("operation-inside-step", "DUR020");
    assert.match(text, /_step_ctx\.wait\(/);
    assert.match(text, /context\.run_in_child_context\(do, name="outer"\)/);
  });

  it("parent context → the callback's own context fixes DUR021", async () => {
    const text = await fixUntilClean("wrong-context", "DUR021");
    assert.match(text, /return child\.step\(/);
  });

  it("sorted(...) around a set fixes DUR010", async () => {
    const text = await fixUntilClean("set-iteration", "DUR010");
    assert.match(text, /for tag in sorted\(tags\):/);
  });

  it("adds @durable_execution and its import to an undecorated handler (DUR028)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "py-lint-entry-"));
    const file = path.join(dir, "handler.py");
    writeFileSync(
      file,
      'from aws_durable_execution_sdk_python import DurableContext\n\n\ndef lambda_handler(event, context: DurableContext):\n    return context.step(lambda _: 1, name="one")\n',
    );
    const { analyzer } = await analyzerFor(dir);
    const finding = analyzer.analyze(file, baseConfig()).find((f) => f.rule === "DUR028")!;
    writeFileSync(file, applyEdits(readFileSync(file, "utf8"), finding.fixes.find((f) => f.preferred)!.edits));
    analyzer.setFile(file, undefined);
    compiles(file);
    assert.match(
      readFileSync(file, "utf8"),
      /^from aws_durable_execution_sdk_python import durable_execution\n[\s\S]*@durable_execution\ndef lambda_handler/m,
    );
    assert.deepEqual(analyzer.analyze(file, baseConfig()), []);
  });

  it("sends a print through context.logger (DUR023)", async () => {
    const text = await fixUntilClean("log-only", "DUR023");
    assert.match(text, /context\.logger\.info\("starting"\)/);
  });

  it("through the core linter, the suppression fix on a Python finding silences exactly that finding", async () => {
    const dir = copyFixture("random-decides-branch");
    const file = path.join(dir, "handler.py");
    const linter = await createLinter({ root: dir });
    const before = linter.lintFile(file);
    assert.deepEqual(
      before.map((f) => f.rule),
      ["DUR002", "DUR012"],
    );
    const suppress = before[0].fixes.find((f) => f.title === "Suppress DUR002 on this line")!;
    linter.setFile(file, applyEdits(readFileSync(file, "utf8"), suppress.edits));
    assert.deepEqual(
      linter.lintFile(file).map((f) => f.rule),
      ["DUR012"],
    );
  });
});

describe("Python determinism analyzer: robustness and workspace", () => {
  it("survives a syntax error, a binary file and a huge file, reporting the unreadable ones", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "py-lint-bad-"));
    const broken = path.join(dir, "broken.py");
    writeFileSync(
      broken,
      "import time\nfrom aws_durable_execution_sdk_python import durable_execution\n\n@durable_execution\ndef handler(event, context):\n    t = time.time()\n    context.wait(t)\n    if (:\n",
    );
    writeFileSync(path.join(dir, "blob.py"), Buffer.from([0, 1, 2, 0, 255]));
    writeFileSync(path.join(dir, "huge.py"), "x = 1\n".repeat(400_000));
    const { analyzer, errors } = await analyzerFor(dir);
    const findings = analyzer.analyze(broken, baseConfig());
    assert.deepEqual(
      findings.map((f) => `${f.range.line} ${f.rule}`),
      ["6 DUR001"],
    );
    assert.deepEqual(analyzer.analyze(path.join(dir, "blob.py"), baseConfig()), []);
    assert.deepEqual(analyzer.analyze(path.join(dir, "huge.py"), baseConfig()), []);
    assert.equal(errors.length, 2);
    assert.match(errors[0], /^analyzer blob\.py: .*binary/);
    assert.match(errors[1], /^analyzer huge\.py: .*too large/);
  });

  it("never fails on half-typed code: every fixture cut or punched at many points analyzes without a rule error", async () => {
    const { analyzer, errors } = await analyzerFor(FIXTURES);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const file of pyFiles(FIXTURES)) {
      const text = readFileSync(file, "utf8");
      for (let i = 0; i < 12; i++) {
        const at = Math.floor(random() * text.length);
        analyzer.setFile(
          file,
          i % 2 ? text.slice(0, at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 30)),
        );
        assert.ok(Array.isArray(analyzer.analyze(file, baseConfig({ envReads: "all" }))));
      }
      analyzer.setFile(file, undefined);
    }
    assert.deepEqual(errors, []);
  });

  it("a rule that throws is skipped and reported; the other rules still run", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "py-lint-throw-"));
    const file = path.join(dir, "handler.py");
    writeFileSync(
      file,
      "import os, time\nfrom aws_durable_execution_sdk_python import durable_execution\n\n@durable_execution\ndef handler(event, context):\n    if os.environ['MODE'] == 'x':\n        context.wait(time.time())\n",
    );
    const { analyzer, errors } = await analyzerFor(dir);
    const config = baseConfig();
    Object.defineProperty(config, "envReads", {
      get: () => {
        throw new Error("boom");
      },
    });
    const rules = analyzer.analyze(file, config).map((f) => f.rule);
    assert.ok(rules.includes("DUR001"));
    assert.ok(!rules.includes("DUR006"));
    assert.ok(
      errors.some((e) => e.startsWith("DUR006 handler.py: Error: boom")),
      errors.join("\n"),
    );
  });

  it("honours allowBundledAssetReads for files next to the handler", async () => {
    const dir = path.join(FIXTURES, "host-apis");
    const { analyzer } = await analyzerFor(dir);
    const assetLine =
      readFileSync(path.join(dir, "handler.py"), "utf8")
        .split("\n")
        .findIndex((l) => l.includes("schema.json")) + 1;
    const lint = (allowBundledAssetReads: boolean) =>
      analyzer
        .analyze(path.join(dir, "handler.py"), baseConfig({ allowBundledAssetReads }))
        .filter((f) => f.range.line === assetLine)
        .map((f) => f.rule);
    assert.deepEqual(lint(true), []);
    assert.deepEqual(lint(false), ["DUR005"]);
  });

  it("honours envReads: off, branch-only and all", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "py-lint-env-"));
    const file = path.join(dir, "handler.py");
    writeFileSync(
      file,
      "import os\nfrom aws_durable_execution_sdk_python import durable_execution\n\n@durable_execution\ndef handler(event, context):\n    table = os.environ['TABLE']\n    if os.getenv('MODE') == 'fast':\n        return table\n    return context.step(lambda _: table, name='t')\n",
    );
    const { analyzer } = await analyzerFor(dir);
    const lint = (envReads: LintConfig["envReads"]) =>
      analyzer.analyze(file, baseConfig({ envReads })).map((f) => `${f.range.line} ${f.rule} ${f.severity}`);
    assert.deepEqual(lint("off"), []);
    assert.deepEqual(lint("branch-only"), ["7 DUR006 warning"]);
    assert.deepEqual(lint("all"), ["6 DUR006 info", "7 DUR006 warning"]);
  });

  it("editor buffers override the disk, and a helper's dependents are its replayed callers' files", async () => {
    const dir = copyFixture("helper-file");
    const handler = path.join(dir, "handler.py");
    const ids = path.join(dir, "lib", "ids.py");
    const { analyzer } = await analyzerFor(dir);
    assert.equal(analyzer.analyze(ids, baseConfig()).length, 1);
    assert.deepEqual(analyzer.dependents(ids), [handler]);
    assert.deepEqual(analyzer.dependents(handler), [ids]);
    // Move the id generation into a step in the (unsaved) buffer: the helper becomes step scope and goes quiet.
    const edited = readFileSync(handler, "utf8")
      .replace('make_order_id("ord")', 'context.step(lambda _: make_order_id("ord"), name="order")')
      .replace("  # expect: DUR003 error", "");
    analyzer.setFile(handler, edited);
    assert.deepEqual(analyzer.analyze(handler, baseConfig()), []);
    assert.deepEqual(analyzer.analyze(ids, baseConfig()), []);
    analyzer.setFile(handler, undefined);
    assert.equal(analyzer.analyze(ids, baseConfig()).length, 1);
  });

  it("keeps line numbers right when an edit shifts unchanged functions, and sees the edited one", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "py-lint-edit-"));
    const file = path.join(dir, "handler.py");
    const original =
      "import time\nfrom aws_durable_execution_sdk_python import durable_execution\n\n@durable_execution\ndef a(event, context):\n    return context.wait(time.time())\n\n@durable_execution\ndef b(event, context):\n    return 1\n";
    writeFileSync(file, original);
    const { analyzer } = await analyzerFor(dir);
    const lines = () => analyzer.analyze(file, baseConfig()).map((f) => `${f.range.line}:${f.range.column} ${f.rule}`);
    assert.deepEqual(lines(), ["6:25 DUR001"]);
    analyzer.setFile(file, "# a comment\n\n" + original);
    assert.deepEqual(lines(), ["8:25 DUR001"]);
    analyzer.setFile(file, "# a comment\n\n" + original.replace("return 1", "return context.wait(time.monotonic())"));
    assert.deepEqual(lines(), ["8:25 DUR001", "12:25 DUR001"]);
  });
});
