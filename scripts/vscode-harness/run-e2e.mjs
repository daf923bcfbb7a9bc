// `node scripts/vscode-harness/run-e2e.mjs [--no-build] [--only=inhost|ui|vsix]`: end-to-end tests in a real VS Code
// (code-server + Chromium, installed once per machine). The last line is `vscode-e2e: N passed, N failed`; the exit
// code is non-zero on any failure. The work happens in e2e.ts, run under tsx like the rest of the tests.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const child = spawn(process.execPath, ["--import", "tsx", join(here, "e2e.ts"), ...process.argv.slice(2)], {
  cwd: join(here, "../.."),
  stdio: "inherit",
});
// The child kills its own process groups on these signals; pass them on instead of dying first.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
