// `npm test`: build, type-check, lint (ESLint and prettier's check, as `npm run lint`), the mocha suites (unit, CLI, DAP over real DAP, LSP over real LSP), then the
// end-to-end suite in a real VS Code. Ends with the one line CI reads: "N passed, N failed".
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const SUMMARY = /^(?:[\w-]+: )?(\d+) passed, (\d+) failed/m;

/** Runs a command with its output shown live; resolves with its exit code and the counts it printed last. */
function step(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const keep = (chunk) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      keep(chunk);
    });
    child.stderr.on("data", (chunk) => process.stderr.write(chunk));
    child.on("close", (code) => {
      const lines = tail.split("\n").filter((l) => SUMMARY.test(l));
      const last = lines.length ? SUMMARY.exec(lines[lines.length - 1]) : null;
      resolve({ code: code ?? 1, passed: last ? Number(last[1]) : 0, failed: last ? Number(last[2]) : 0 });
    });
  });
}

let passed = 0;
let failed = 0;
let broken = false;
const tally = (name, result, counts) => {
  if (counts) {
    passed += result.passed;
    failed += result.failed;
  }
  if (result.code !== 0) {
    broken = true;
    if (!counts || result.failed === 0) {
      failed += 1; // a step that failed without failing tests (build, type errors, a crashed runner) still fails
      console.error(`npm test: ${name} failed (exit code ${result.code})`);
    }
  }
};

tally("build", await step(process.execPath, ["scripts/build.mjs"]), false);
// The Python debugger tests need Debian's debugpy; the webview tests (mocha) and the e2e suite need Chromium, which the
// harness setup installs with code-server (once per machine): before mocha, so that on a new machine no test is skipped.
if (!broken) tally("python debug setup", await step("bash", [join(root, "scripts", "setup-python-debug.sh")]), false);
if (!broken)
  tally(
    "browser setup",
    await step("bash", [join(root, "scripts", "vscode-harness", "setup-vscode-harness.sh")]),
    false,
  );
if (!broken) tally("tsc --noEmit", await step(bin("tsc"), ["--noEmit", "-p", "."]), false);
if (!broken) tally("eslint", await step(bin("eslint"), ["."]), false);
if (!broken) tally("prettier --check", await step(bin("prettier"), ["--check", "."]), false);
if (!broken) {
  const suites = ["test/unit/**/*.test.ts", "test/cli/**/*.test.ts", "test/dap/**/*.test.ts", "test/lsp/**/*.test.ts"];
  tally("mocha", await step(bin("mocha"), suites), true);
  const e2e = join(root, "scripts", "vscode-harness", "run-e2e.mjs");
  if (existsSync(e2e) && process.env.DURABLE_REPLAY_SKIP_E2E !== "1")
    tally("vscode e2e", await step(process.execPath, [e2e, "--no-build"]), true);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = broken || failed > 0 ? 1 : 0;
