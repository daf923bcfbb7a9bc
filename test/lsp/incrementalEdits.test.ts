// Keystrokes through a real stdio connection: whatever the server reuses between edits (program, parse trees,
// checker work), the diagnostics it publishes for a version must be exactly those a cold lint of that text gives.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { toDiagnostic } from "../../src/languageServer/diagnostics";
import { createLinter } from "../../src/lint/linter";
import { LspSession, makeWorkspace, removeWorkspace, stepBlock, writeWorkspaceFile } from "./lspSession";

const CLOCK = `export function stamp(id: string): string {
  return \`\${id}@\${Date.now()}\`;
}
`;

/** A second handler that uses the same helper and reports findings of its own. */
const BILLING = `import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
import { stamp } from "./clock";

export const handler = withDurableExecution(async (event: { account: string }, context: DurableContext) => {
  const invoice = stamp(event.account);
  const discount = Math.random();
  await context.wait({ seconds: 5 });
  return context.step("bill", async () => ({ invoice, discount }));
});
`;

/** A handler long enough that an edit reparses only part of it, with findings before and after the edited lines. */
function ordersSource(): string {
  const blocks = Array.from({ length: 40 }, (_, i) => stepBlock(i)).flat();
  return `import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
import { stamp } from "./clock";

function jitter(): number {
  return Math.random();
}

export const handler = withDurableExecution(async (event: { sku: string }, context: DurableContext) => {
  const results: number[] = [];
  const ref = stamp(event.sku);
${blocks.join("\n")}
  const spread = jitter();
  await context.step("late", async () => {
    await context.wait({ seconds: 1 });
  });
  return { results, ref, spread };
});
`;
}

/** Comparable form: what a client receives over JSON. */
function plain(diagnostics: Diagnostic[]): unknown {
  return JSON.parse(JSON.stringify(diagnostics));
}

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} not in text`);
  return text.slice(0, index).split("\n").length - 1;
}

describe("language server: incremental edits", function () {
  this.timeout(240_000);
  let root: string;
  let session: LspSession;
  let file: string;
  let uri: string;
  let text: string;
  let billingUri: string;

  before(async () => {
    root = makeWorkspace({ "src/clock.ts": CLOCK, "src/billing.ts": BILLING });
    text = ordersSource();
    file = writeWorkspaceFile(root, "src/orders.ts", text);
    session = await LspSession.start(root);
    uri = session.open(file, text);
    await session.diagnosticsFor(uri, 1);
  });

  after(async () => {
    await session.stop();
    removeWorkspace(root);
  });

  /** Types `typed` at `offset` one character per change, without waiting: bursts are debounced and cancelled. */
  const typeAt = (offset: number, typed: string): number => {
    let version = 0;
    for (let i = 0; i < typed.length; i++) {
      version = session.type(uri, text, offset + i, typed[i]);
      text = `${text.slice(0, offset + i)}${typed[i]}${text.slice(offset + i)}`;
    }
    return version;
  };

  /** Deletes `length` characters ending at `end` with backspaces, one change each. */
  const backspace = (end: number, length: number): number => {
    let version = 0;
    for (let at = end - 1; at >= end - length; at--) {
      version = session.erase(uri, text, at, 1);
      text = `${text.slice(0, at)}${text.slice(at + 1)}`;
    }
    return version;
  };

  /** Texts of the other open buffers that differ from the disk. */
  const buffers = new Map<string, string>();

  /**
   * What a fresh linter, which has never seen an earlier version, reports for `target` when it lints the whole
   * workspace (as `durable-lint src` does: every handler's roots analysed, not only those reaching `target`).
   */
  const coldDiagnostics = async (target = file): Promise<unknown> => {
    const linter = await createLinter({ root });
    linter.setFile(file, text);
    for (const [other, otherText] of buffers) linter.setFile(other, otherText);
    const findings = linter.lintPaths([join(root, "src")]).filter((finding) => finding.file === target);
    return plain(findings.map(toDiagnostic));
  };

  it("typing a clock read into the handler body reports DUR001 on that line, exactly as a cold lint does", async () => {
    const after = "  const results: number[] = [];";
    const version = typeAt(text.indexOf(after) + after.length, "\n  const typedAt = Date.now();");
    const diagnostics = await session.diagnosticsFor(uri, version);
    const line = lineOf(text, "const typedAt");
    const clock = diagnostics.find((d) => d.code === "DUR001" && d.range.start.line === line);
    assert.ok(clock, `no DUR001 on line ${line + 1}: ${JSON.stringify(diagnostics)}`);
    assert.equal(clock.range.start.character, "  const typedAt = ".length);
    assert.deepEqual(plain(diagnostics), await coldDiagnostics());
  });

  it("an edit inside a step name among other findings republishes exactly the cold result", async () => {
    const version = typeAt(text.indexOf('"step-20"') + '"step-20'.length, "-b");
    assert.deepEqual(plain(await session.diagnosticsFor(uri, version)), await coldDiagnostics());
  });

  it("making a called function deterministic clears the finding at its call, as a cold lint does", async () => {
    const before = plain(await session.diagnosticsFor(uri, session.version(uri)));
    const spreadLine = lineOf(text, "const spread = jitter()");
    assert.ok(
      (before as Diagnostic[]).some((d) => d.code === "DUR002" && d.range.start.line === spreadLine),
      "jitter() is reported while it returns Math.random()",
    );
    const random = text.indexOf("Math.random()");
    backspace(random + "Math.random()".length, "Math.random()".length);
    const version = typeAt(random, "0.5");
    const diagnostics = await session.diagnosticsFor(uri, version);
    assert.ok(!diagnostics.some((d) => d.range.start.line === spreadLine), JSON.stringify(diagnostics));
    assert.deepEqual(plain(diagnostics), await coldDiagnostics());
  });

  it("deleting the typed clock read clears its DUR001 and leaves exactly the cold result", async () => {
    const typed = "\n  const typedAt = Date.now();";
    const end = text.indexOf(typed) + typed.length;
    const line = lineOf(text, "const typedAt");
    const version = backspace(end, typed.length);
    const diagnostics = await session.diagnosticsFor(uri, version);
    assert.ok(
      !diagnostics.some(
        (d) =>
          d.code === "DUR001" && d.range.start.line === line && d.range.start.character === "  const typedAt = ".length,
      ),
    );
    assert.ok(!text.includes("typedAt"));
    assert.deepEqual(plain(diagnostics), await coldDiagnostics());
  });

  it("another open handler keeps its published diagnostics, exactly the cold result, while this one is edited", async () => {
    const billing = join(root, "src/billing.ts");
    billingUri = session.open(billing, BILLING);
    const opened = await session.diagnosticsFor(billingUri, 1);
    const stampLine = lineOf(BILLING, "stamp(event.account)");
    assert.ok(
      opened.some((d) => d.code === "DUR001" && d.range.start.line === stampLine),
      JSON.stringify(opened),
    );
    assert.ok(
      opened.some((d) => d.code === "DUR002"),
      JSON.stringify(opened),
    );
    assert.deepEqual(plain(opened), await coldDiagnostics(billing));
    const after = "  const results: number[] = [];";
    const version = typeAt(text.indexOf(after) + after.length, "\n  const editedAt = Date.now();");
    assert.deepEqual(plain(await session.diagnosticsFor(uri, version)), await coldDiagnostics());
    const latest = session.latest.get(billingUri);
    assert.equal(latest?.version, 1);
    assert.deepEqual(plain(latest.diagnostics), await coldDiagnostics(billing));
  });

  it("making a helper deterministic in its own file clears the findings it caused in both handlers", async () => {
    const clock = join(root, "src/clock.ts");
    const clockUri = session.open(clock, CLOCK);
    await session.diagnosticsFor(clockUri, 1);
    const stampAt = (source: string) => (d: Diagnostic) =>
      d.code === "DUR001" && d.range.start.line === lineOf(source, "stamp(event.");
    for (const [doc, source] of [
      [uri, text],
      [billingUri, BILLING],
    ]) {
      assert.ok(
        session.latest.get(doc)?.diagnostics.some(stampAt(source)),
        `${doc} reports the clock read behind stamp()`,
      );
    }
    const deterministic = CLOCK.replace("${Date.now()}", "${id.length}");
    buffers.set(clock, deterministic);
    const version = session.change(clockUri, deterministic);
    assert.deepEqual(await session.diagnosticsFor(clockUri, version), []);
    const orders = await session.diagnostics(uri, (p) => !p.diagnostics.some(stampAt(text)));
    const billing = await session.diagnostics(billingUri, (p) => !p.diagnostics.some(stampAt(BILLING)));
    assert.deepEqual(plain(orders.diagnostics), await coldDiagnostics());
    assert.deepEqual(plain(billing.diagnostics), await coldDiagnostics(join(root, "src/billing.ts")));
    assert.ok(
      billing.diagnostics.some((d) => d.code === "DUR002"),
      "billing's own finding stays",
    );
  });
});
