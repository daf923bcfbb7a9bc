// The language server over a real stdio connection: diagnostics on open and change, quick fixes whose output
// compiles, client settings, and a server that survives what editors throw at it.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { applyWorkspaceEdit, LspSession, makeWorkspace, removeWorkspace, repo, writeWorkspaceFile } from "./lspSession";

const HANDLER = `import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";

export const handler = withDurableExecution(async (event: { id: string }, context: DurableContext) => {
  const startedAt = Date.now();
  await context.wait({ seconds: 60 });
  return context.step("finish", async () => ({ id: event.id, startedAt }));
});
`;

const HELPER = `export function makeOrderId(prefix: string): string {
  return \`\${prefix}-\${Date.now()}\`;
}
`;

const CALLER = `import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
import { makeOrderId } from "./orderId";

export const handler = withDurableExecution(async (event: { sku: string }, context: DurableContext) => {
  const orderId = makeOrderId("ord");
  return context.step("save", async () => ({ orderId, sku: event.sku }));
});
`;

const PY_HANDLER = `import time

from aws_durable_execution_sdk_python import DurableContext, durable_execution


@durable_execution
def handler(event, context: DurableContext):
    started = time.time()
    result = context.step(lambda _: {"id": event["id"]}, name="record")
    return {"result": result, "started": started}
`;

/** 0-based LSP position of `needle` in `text`. */
function lspPositionOf(text: string, needle: string): { line: number; character: number } {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} not in text`);
  const before = text.slice(0, index).split("\n");
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function diagnosticAt(diagnostics: Diagnostic[], text: string, needle: string, rule: string): Diagnostic {
  const at = lspPositionOf(text, needle);
  const found = diagnostics.find(
    (d) => d.code === rule && d.range.start.line === at.line && d.range.start.character === at.character,
  );
  assert.ok(found, `no ${rule} at ${needle}: ${JSON.stringify(diagnostics, null, 2)}`);
  return found;
}

describe("language server", function () {
  // The first analysis of a workspace builds a TypeScript program over the SDK's types: seconds, more on a busy machine.
  this.timeout(180_000);
  let root: string;
  let session: LspSession;

  beforeEach(async () => {
    root = makeWorkspace({});
    session = await LspSession.start(root);
  });

  afterEach(async () => {
    await session.stop();
    removeWorkspace(root);
  });

  it("publishes DUR001 for a clock read outside a step when a handler is opened", async () => {
    const file = writeWorkspaceFile(root, "src/handler.ts", HANDLER);
    const uri = session.open(file, HANDLER);
    const diagnostics = await session.diagnosticsFor(uri, 1);
    const clock = diagnosticAt(diagnostics, HANDLER, "Date.now()", "DUR001");
    assert.equal(clock.source, "durable-lint");
    assert.equal(clock.severity, 1 /* Error */);
    assert.equal(clock.range.end.character - clock.range.start.character, "Date.now()".length);
    assert.match(clock.message, /step/);
  });

  it("the preferred quick fix on Date.now() wraps it in a step; the result compiles with tsc and lints clean", async () => {
    const file = writeWorkspaceFile(root, "src/handler.ts", HANDLER);
    const uri = session.open(file, HANDLER);
    const clock = diagnosticAt(await session.diagnosticsFor(uri, 1), HANDLER, "Date.now()", "DUR001");
    const actions = await session.codeActions(uri, clock.range, [clock]);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, JSON.stringify(actions, null, 2));
    const [wrap] = preferred;
    assert.equal(wrap.kind, "quickfix");
    assert.match(wrap.title, /step/i);
    assert.deepEqual(wrap.diagnostics, [clock]);

    const fixed = applyWorkspaceEdit(uri, HANDLER, wrap.edit);
    assert.match(fixed, /context\.step\(/);
    writeWorkspaceFile(root, "src/handler.ts", fixed);
    const tsc = spawnSync(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", root], {
      encoding: "utf8",
    });
    assert.equal(tsc.status, 0, `tsc rejected the fixed handler:\n${tsc.stdout}${tsc.stderr}\n${fixed}`);

    const version = session.change(uri, fixed);
    const after = await session.diagnosticsFor(uri, version);
    assert.deepEqual(after, [], `the fixed handler still has findings:\n${fixed}`);
  });

  it("the Python wrap fix yields code py_compile accepts", async () => {
    const file = writeWorkspaceFile(root, "handlers/approval.py", PY_HANDLER);
    const uri = session.open(file, PY_HANDLER);
    const clock = diagnosticAt(await session.diagnosticsFor(uri, 1), PY_HANDLER, "time.time()", "DUR001");
    const actions = await session.codeActions(uri, clock.range, [clock]);
    const wrap = actions.find((a) => a.isPreferred);
    assert.ok(wrap, JSON.stringify(actions, null, 2));
    const fixed = applyWorkspaceEdit(uri, PY_HANDLER, wrap.edit);
    assert.match(fixed, /context\.step\(/);
    const target = writeWorkspaceFile(root, "handlers/approval.py", fixed);
    const compile = spawnSync("python3", ["-m", "py_compile", target], { encoding: "utf8" });
    assert.equal(compile.status, 0, `${compile.stderr}\n${fixed}`);
  });

  it("re-lints on didChange and drops the finding once the clock read is gone", async () => {
    const file = writeWorkspaceFile(root, "src/handler.ts", HANDLER);
    const uri = session.open(file, HANDLER);
    diagnosticAt(await session.diagnosticsFor(uri, 1), HANDLER, "Date.now()", "DUR001");
    const edited = HANDLER.replace("Date.now()", "Date.parse(event.id)");
    const version = session.change(uri, edited);
    assert.deepEqual(await session.diagnosticsFor(uri, version), []);
    const back = session.change(uri, HANDLER);
    diagnosticAt(await session.diagnosticsFor(uri, back), HANDLER, "Date.now()", "DUR001");
  });

  it("re-lints an open caller when the helper it calls changes", async () => {
    const helperFile = writeWorkspaceFile(root, "src/orderId.ts", HELPER);
    const callerFile = writeWorkspaceFile(root, "src/orders.ts", CALLER);
    const callerUri = session.open(callerFile, CALLER);
    diagnosticAt(await session.diagnosticsFor(callerUri, 1), CALLER, 'makeOrderId("ord")', "DUR001");
    const helperUri = session.open(helperFile, HELPER);
    await session.diagnosticsFor(helperUri, 1);
    session.change(helperUri, HELPER.replace("Date.now()", "prefix.length"));
    const refreshed = await session.diagnostics(callerUri, (p) => p.diagnostics.length === 0);
    assert.equal(refreshed.version, 1, "the caller's text did not change; only its analysis did");
  });

  it("in a monorepo, follows each service's own tsconfig paths to the clock read behind `@lib/clock`", async () => {
    // The workspace root's tsconfig has no paths; each service's nearest tsconfig maps `@lib/*` its own way.
    const fixture = join(repo, "test/fixtures/lint/monorepo");
    for (const service of ["orders", "billing"])
      for (const file of [
        "tsconfig.json",
        "src/handler.ts",
        service === "orders" ? "lib/clock.ts" : "shared/clock.ts",
      ]) {
        const name = `services/${service}/${file}`;
        writeWorkspaceFile(root, name, readFileSync(join(fixture, name), "utf8"));
      }
    const orders = readFileSync(join(fixture, "services/orders/src/handler.ts"), "utf8");
    const ordersUri = session.open(join(root, "services/orders/src/handler.ts"), orders);
    diagnosticAt(await session.diagnosticsFor(ordersUri, 1), orders, "now()", "DUR001");
    const billing = readFileSync(join(fixture, "services/billing/src/handler.ts"), "utf8");
    const billingUri = session.open(join(root, "services/billing/src/handler.ts"), billing);
    assert.deepEqual(await session.diagnosticsFor(billingUri, 1), []);
  });

  it("re-lints an open caller when a closed helper changes on disk", async () => {
    const helperFile = writeWorkspaceFile(root, "src/orderId.ts", HELPER);
    const callerFile = writeWorkspaceFile(root, "src/orders.ts", CALLER);
    const callerUri = session.open(callerFile, CALLER);
    diagnosticAt(await session.diagnosticsFor(callerUri, 1), CALLER, 'makeOrderId("ord")', "DUR001");
    writeWorkspaceFile(root, "src/orderId.ts", HELPER.replace("Date.now()", "prefix.length"));
    session.filesChanged([helperFile]);
    await session.diagnostics(callerUri, (p) => p.diagnostics.length === 0);
  });

  it("applies rule overrides and enable=false from the client's durableLint settings", async () => {
    const file = writeWorkspaceFile(root, "src/handler.ts", HANDLER);
    const uri = session.open(file, HANDLER);
    diagnosticAt(await session.diagnosticsFor(uri, 1), HANDLER, "Date.now()", "DUR001");

    session.configurationChanged({ rules: { DUR001: "hint" } });
    const hinted = await session.diagnostics(uri, (p) =>
      p.diagnostics.some((d) => d.code === "DUR001" && d.severity === 4),
    );
    assert.ok(hinted.diagnostics.filter((d) => d.code === "DUR001").every((d) => d.severity === 4 /* Hint */));

    session.configurationChanged({ rules: { DUR001: "off" } });
    await session.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === "DUR001"));

    session.configurationChanged({ enable: false, rules: {} });
    await session.diagnostics(uri, (p) => p.diagnostics.length === 0);

    session.configurationChanged({ enable: "sometimes" });
    await session.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === "DUR001"));
    assert.ok(
      session.logs.some((line) => line.includes("durableLint.enable")),
      session.logs.join("\n"),
    );
  });

  it("survives a binary file, a syntax error and a 20,000-line handler, and keeps answering while it lints", async function () {
    // Generous: a bundle built with esbuild keepNames analyses this file ~30x slower than one without.
    this.timeout(420_000);
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString("latin1");
    const binaryUri = session.open(writeWorkspaceFile(root, "src/blob.ts", binary), binary);
    assert.deepEqual(await session.diagnosticsFor(binaryUri, 1), []);

    const broken = HANDLER.replace("await context.wait({ seconds: 60 });", "await context.wait({ seconds: ;\n  if (");
    const brokenUri = session.open(writeWorkspaceFile(root, "src/broken.ts", broken), broken);
    await session.diagnosticsFor(brokenUri, 1, 120_000);

    const steps = Array.from(
      { length: 6_700 },
      (_, i) =>
        `  const v${i} = await context.step("s${i}", async () => ${i});\n  total += v${i};\n  await context.wait({ seconds: 1 });`,
    ).join("\n");
    const big = HANDLER.replace(
      "  const startedAt = Date.now();",
      `  let total = 0;\n${steps}\n  const startedAt = Date.now();`,
    );
    assert.ok(big.split("\n").length >= 20_000);
    const bigUri = session.open(writeWorkspaceFile(root, "src/big.ts", big), big);
    // The main thread answers requests while the worker analyses the big file.
    const answer = await session.codeActions(
      bigUri,
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      [],
    );
    assert.deepEqual(answer, []);
    assert.equal(session.latest.get(bigUri), undefined, "the request was answered before the analysis finished");
    const bigDiagnostics = await session.diagnosticsFor(bigUri, 1, 400_000);
    diagnosticAt(bigDiagnostics, big, "Date.now()", "DUR001");

    const file = writeWorkspaceFile(root, "src/handler.ts", HANDLER);
    const uri = session.open(file, HANDLER);
    diagnosticAt(await session.diagnosticsFor(uri, 1), HANDLER, "Date.now()", "DUR001");
    assert.ok(session.alive);
    assert.equal(fileURLToPath(uri), file);
  });

  it("a file too deep to analyze gets a diagnostic and a log line; the other files keep theirs", async () => {
    const deep = `export const o = ${"{ a: ".repeat(1000)}1${" }".repeat(1000)};\n`;
    const deepFile = writeWorkspaceFile(root, "src/deep.ts", deep);
    const file = writeWorkspaceFile(root, "src/handler.ts", HANDLER);
    const deepUri = session.open(deepFile, deep);
    const uri = session.open(file, HANDLER);
    diagnosticAt(await session.diagnosticsFor(uri, 1), HANDLER, "Date.now()", "DUR001");
    const failure = await session.diagnosticsFor(deepUri, 1);
    assert.equal(failure.length, 1, JSON.stringify(failure));
    assert.match(failure[0].message, /could not analyze this file: brackets nest 1000 levels deep/);
    assert.equal(failure[0].range.start.line, 0);
    assert.ok(
      session.logs.some((line) => /could not analyze .*deep\.ts/.test(line)),
      session.logs.join("\n"),
    );
  });
});
