// `npm run vscode`: builds the extension, starts code-server on 127.0.0.1 with it and a copy of the example
// workspace, and prints the URL to open. Ctrl+C stops everything it started.
// Uses the e2e harness's start-code-server.sh (code-server on Node 24, installed once per machine, cached).
// `npm run vscode -- --vsix` installs the packaged .vsix instead of loading the extension from this folder.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const startScript = join(root, "scripts/vscode-harness/start-code-server.sh");
const useVsix = process.argv.includes("--vsix");

function fail(message) {
  console.error(`try-vscode: ${message}`);
  process.exit(1);
}

function freePort() {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** A copy of examples/ with a launch.json, so the originals stay untouched by recordings and edits. */
function makeWorkspace(runDir) {
  const workspace = join(runDir, "examples");
  cpSync(join(root, "examples"), workspace, { recursive: true });
  // The handlers import the real SDK from the repository's node_modules.
  symlinkSync(join(root, "node_modules"), join(workspace, "node_modules"), "dir");
  mkdirSync(join(workspace, ".vscode"), { recursive: true });
  const replay = (name, handler, log, extra = {}) => ({
    type: "durable-replay",
    request: "launch",
    name,
    handler: `\${workspaceFolder}/${handler}`,
    log: `\${workspaceFolder}/${log}`,
    cwd: "${workspaceFolder}",
    ...extra,
  });
  const configurations = [
    replay("Replay order (whole log)", "order-workflow/src/handler.ts", "order-workflow/logs/order.history.json"),
    replay(
      "Replay order (cut log, pauses before live)",
      "order-workflow/src/handler.ts",
      "order-workflow/logs/order-cut.history.json",
    ),
    replay("Replay approval", "approval-workflow/src/handler.ts", "approval-workflow/logs/approval.history.json"),
  ];
  writeFileSync(
    join(workspace, ".vscode/launch.json"),
    `${JSON.stringify({ version: "0.2.0", configurations }, null, 2)}\n`,
  );
  return workspace;
}

if (!existsSync(startScript))
  fail(`${startScript} is missing; it comes with the e2e harness (scripts/vscode-harness/).`);
const runDir = mkdtempSync(join(tmpdir(), "durable-replay-vscode-"));
const env = { ...process.env };
if (useVsix) {
  const vsix = join(runDir, "durable-replay.vsix");
  const packed = spawnSync(process.execPath, [join(root, "scripts/package-vsix.mjs"), vsix], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (packed.status !== 0) fail("packaging the .vsix failed (see above).");
  env.VSIX = vsix;
} else {
  const built = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" });
  if (built.status !== 0) fail("the build failed (see above).");
}
const workspace = makeWorkspace(runDir);
const port = process.env.PORT ? Number(process.env.PORT) : await freePort();
console.log(
  `try-vscode: starting code-server on 127.0.0.1:${port} (the first run installs it, which takes a few minutes)…`,
);
let pgid;
try {
  const output = execFileSync("bash", [startScript, String(port), runDir, workspace], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  pgid = Number(output.trim().split("\n").pop());
} catch {
  fail(`code-server did not start; its log is ${join(runDir, "code-server.log")}.`);
}
const stop = () => {
  try {
    process.kill(-pgid, "SIGTERM");
  } catch {
    // Already gone.
  }
};
process.on("exit", stop);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.once(signal, () => process.exit(0));

const base = `http://127.0.0.1:${port}`;
let url = `${base}/?folder=${encodeURIComponent(workspace)}`;
if (!useVsix) {
  // The workbench loads an extension from a folder through the URL payload (code-server has no CLI flag for it).
  const payload = [["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${port}${root}`]];
  url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
console.log(`
Durable Replay in VS Code (code-server ${useVsix ? "with the packaged .vsix" : "with the extension from this folder"}):

  ${url}

Workspace: ${workspace} (a copy of examples/ with a launch.json)
Try: open order-workflow/src/handler.ts, click "Replay…" above the handler or press F5, then
"Durable Replay: Open Execution Timeline". Logs and profile: ${runDir}
Press Ctrl+C to stop code-server (process group ${pgid}).`);
setInterval(() => {}, 1 << 30);
