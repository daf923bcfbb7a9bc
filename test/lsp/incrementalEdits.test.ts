// Keystrokes through a real stdio connection: whatever the server reuses between edits (program, parse trees,
// checker work), the diagnostics it publishes for a version must be exactly those a cold lint of that text gives.
import { strict as assert } from "node:assert";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { toDiagnostic } from "../../src/languageServer/diagnostics";
import { createLinter } from "../../src/lint/linter";
import { LspSession, makeWorkspace, removeWorkspace, stepBlock, writeWorkspaceFile } from "./lspSession";

const CLOCK = `export function stamp(id: string): string {
  return \`\${id}@\${Date.now()}\`;
}
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

  before(async () => {
    root = makeWorkspace({ "src/clock.ts": CLOCK });
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

  /** What a fresh linter, which has never seen an earlier version, reports for the current text. */
  const coldDiagnostics = async (): Promise<unknown> => {
    const linter = await createLinter({ root });
    linter.setFile(file, text);
    return plain(linter.lintFile(file).map(toDiagnostic));
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
    assert.ok(!diagnostics.some((d) => d.code === "DUR001" && d.range.start.line === line && d.range.start.character === "  const typedAt = ".length));
    assert.ok(!text.includes("typedAt"));
    assert.deepEqual(plain(diagnostics), await coldDiagnostics());
  });
});
