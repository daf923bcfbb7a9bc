// Lint benchmark: cold `durable-lint` over a generated 300-file workspace against `tsc --noEmit` on the same files
// (target ratio ≤ 1.5x), and edit-to-diagnostics latency in a 3,000-line handler through the real language server
// over stdio (target p95 < 100 ms). Run with `npx tsx bench/lint.ts` after `npm run build`.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import {
  LspSession,
  makeWorkspace,
  removeWorkspace,
  repo,
  stepBlock,
  writeWorkspaceFile,
} from "../test/lsp/lspSession";
import { runWhenMain } from "./benchEntry";

const HANDLERS = 60;
const HELPERS = 240;
const RUNS = 3;
const EDITS = 50;
/** Pause after each edit's diagnostics, like a person who types a character and looks; shorter gaps are debounced. */
const PAUSE_MS = 250;
/** Pause between the first diagnostics and the first edit: a person who opens a file finds the place to type first. */
const OPEN_PAUSE_MS = 1000;

const SDK_IMPORT = `import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";`;

/** A helper module: pure formatting, a price calculation, and (every fifth one) a clock read. */
function helperSource(i: number): string {
  const imports = [i - 1, i - 7].filter((j) => j >= 0);
  const lines = imports.map((j) => `import { price${j}, label${j} } from "./helper${j}";`);
  const reuse = imports.length > 0 ? imports.map((j) => `price${j}(qty)`).join(" + ") : "0";
  lines.push(
    "",
    `export interface Line${i} { sku: string; qty: number; unit: number }`,
    "",
    `export function price${i}(qty: number): number {`,
    `  const base = qty * ${(i % 13) + 1};`,
    `  return base + (${reuse}) / ${imports.length + 1};`,
    "}",
    "",
    `export function label${i}(line: Line${i}): string {`,
    `  const parts = [line.sku, String(line.qty), line.unit.toFixed(2)];`,
    `  return parts.join(":")${imports.length > 0 ? ` + label${imports[0]}({ sku: line.sku, qty: 1, unit: 0 }).length` : ""};`,
    "}",
    "",
    `export function total${i}(lines: Line${i}[]): number {`,
    "  let sum = 0;",
    "  for (const line of lines) sum += line.qty * line.unit;",
    "  return Math.round(sum * 100) / 100;",
    "}",
  );
  if (i % 5 === 0)
    lines.push("", `export function stamp${i}(id: string): string {`, "  return `${id}@${Date.now()}`;", "}");
  return `${lines.join("\n")}\n`;
}

/** A handler that calls three helpers, in and out of steps, with waits, a map and a child context. */
function handlerSource(i: number): string {
  const used = [0, 1, 2].map((k) => (i * 4 + k * 37) % HELPERS);
  const stamped = used.find((j) => j % 5 === 0);
  return `${SDK_IMPORT}
${used.map((j) => `import { price${j}, label${j}, total${j}${j === stamped ? `, stamp${j}` : ""} } from "./helper${j}";`).join("\n")}

interface Order${i} { id: string; lines: { sku: string; qty: number; unit: number }[] }

export const handler${i} = withDurableExecution(async (event: Order${i}, context: DurableContext) => {
  const quote = price${used[0]}(event.lines.length);
  const saved = await context.step("save", async () => ({ id: event.id, total: total${used[1]}(event.lines) }));
  await context.wait({ seconds: ${(i % 50) + 10} });
  const labels = await context.map(event.lines, async (child, line) => child.step("label", async () => label${used[2]}(line)));
  const summary = await context.runInChildContext("summary", async (child) => {
    const count = await child.step("count", async () => event.lines.length);
    return { count, quote };
  });
  ${stamped !== undefined ? `const ref = stamp${stamped}(event.id);` : `const ref = event.id;`}
  return { saved, labels, summary, ref };
});
`;
}

/** A long handler: one step per block, a clock read outside a step near the end, a comment line to type into. */
function bigHandlerSource(lines: number): string {
  const blocks: string[] = [];
  for (let i = 0; blocks.join("\n").split("\n").length < lines - 8; i++) blocks.push(...stepBlock(i));
  return `${SDK_IMPORT}

export const handler = withDurableExecution(async (event: { sku: string }, context: DurableContext) => {
  const results: number[] = [];
${blocks.join("\n")}
  const finishedAt = Date.now();
  // typing here
  return { results, finishedAt };
});
`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function timeProcess(args: string[], cwd: string, okCodes: number[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const elapsed = performance.now() - start;
  if (run.status === null || !okCodes.includes(run.status)) {
    throw new Error(`${args.join(" ")} exited with ${run.status}: ${(run.stderr || run.stdout).slice(0, 500)}`);
  }
  return elapsed;
}

export async function coldLintVsTsc(): Promise<{ lint: number; tsc: number; files: number }> {
  const files: Record<string, string> = {};
  for (let i = 0; i < HELPERS; i++) files[`src/helper${i}.ts`] = helperSource(i);
  for (let i = 0; i < HANDLERS; i++) files[`src/handler${i}.ts`] = handlerSource(i);
  const root = makeWorkspace(files);
  try {
    const dist = process.env.DURABLE_LINT_DIST ?? join(repo, "dist");
    const lint: number[] = [];
    const tsc: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Exit 1 is expected: some handlers read the clock through a helper.
      lint.push(timeProcess([join(dist, "durable-lint.js"), "src", "--format", "json"], root, [0, 1]));
      tsc.push(timeProcess([join(repo, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", root], root, [0]));
    }
    return { lint: median(lint), tsc: median(tsc), files: Object.keys(files).length };
  } finally {
    removeWorkspace(root);
  }
}

/** Edits after opening that still pay for the cold program: its collection and the first incremental rebuilds. */
const WARM_UP_EDITS = 2;

export interface EditLatency {
  /** Open → first diagnostics. */
  first: number;
  /** Each edit → its diagnostics, in order. */
  latencies: number[];
  p50: number;
  p95: number;
  warmP95: number;
  lines: number;
}

export async function editLatency(edits = EDITS, openPauseMs = OPEN_PAUSE_MS): Promise<EditLatency> {
  const text = bigHandlerSource(3000);
  const root = makeWorkspace({});
  const session = await LspSession.start(root);
  try {
    const file = writeWorkspaceFile(root, "src/big.ts", text);
    const openedAt = performance.now();
    const uri = session.open(file, text);
    await session.diagnosticsFor(uri, 1, 600_000);
    const first = performance.now() - openedAt;
    await new Promise((resolve) => setTimeout(resolve, openPauseMs));
    let current = text;
    const latencies: number[] = [];
    const at = current.indexOf("// typing here") + "// typing here".length;
    for (let i = 0; i < edits; i++) {
      const sent = performance.now();
      const version = session.type(uri, current, at + i, "x");
      current = `${current.slice(0, at + i)}x${current.slice(at + i)}`;
      await session.diagnosticsFor(uri, version, 60_000);
      latencies.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
    return {
      first,
      latencies,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      warmP95: percentile(latencies.slice(WARM_UP_EDITS), 95),
      lines: text.split("\n").length,
    };
  } finally {
    await session.stop();
    removeWorkspace(root);
  }
}

const ms = (value: number) => `${Math.round(value)} ms`;

export async function main(): Promise<void> {
  const cold = await coldLintVsTsc();
  const edits = await editLatency();
  const ratio = cold.lint / cold.tsc;
  const rows: [string, string, string][] = [
    [`cold durable-lint, ${cold.files} files (median of ${RUNS})`, ms(cold.lint), ""],
    [`tsc --noEmit, same files (median of ${RUNS})`, ms(cold.tsc), ""],
    ["durable-lint / tsc", `${ratio.toFixed(2)}x`, `≤ 1.5x ${ratio <= 1.5 ? "met" : "MISSED"}`],
    [`LSP first diagnostics, ${edits.lines}-line handler`, ms(edits.first), ""],
    [`LSP first edit → fresh diagnostics (${OPEN_PAUSE_MS} ms after opening)`, ms(edits.latencies[0]), ""],
    [`LSP edit → fresh diagnostics p50 (${EDITS} edits, ${PAUSE_MS} ms apart)`, ms(edits.p50), ""],
    [`LSP edit → fresh diagnostics p95`, ms(edits.p95), `< 100 ms ${edits.p95 < 100 ? "met" : "MISSED"}`],
    [`  the same without the first ${WARM_UP_EDITS} edits (for comparison only)`, ms(edits.warmP95), ""],
  ];
  const width = [0, 1, 2].map((c) =>
    Math.max(...rows.map((r) => r[c].length), ["measure", "value", "target"][c].length),
  );
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(width[c])).join(" | ")} |`;
  console.log(line(["measure", "value", "target"]));
  console.log(`|${width.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

runWhenMain(module, main);
