// The package as users get it: `npm pack`, then `npm install <tarball>` in a fresh project of their own gives working
// `npx durable-replay` and `npx durable-lint`. Offline: esbuild (our one runtime dependency) is packed from this
// checkout next to ours, and the project's own SDK is this checkout's (a user installs theirs).
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../..");

function npm(args: string[], cwd: string) {
  const result = spawnSync("npm", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", npm_config_audit: "false", npm_config_fund: "false" },
    timeout: 180_000,
  });
  assert.equal(result.status, 0, `npm ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return result;
}

function npx(args: string[], cwd: string) {
  return spawnSync("npx", ["--no-install", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 120_000,
  });
}

describe("the published package, installed in a user's project", function () {
  this.timeout(300_000);
  let scratch: string;
  let project: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), "durable-replay-pack-"));
    const packs = join(scratch, "packs");
    mkdirSync(packs);
    // dist/ is built by `npm test` before the suites; the tarball carries it as it is.
    npm(["pack", "--ignore-scripts", "--pack-destination", packs, root], scratch);
    npm(
      [
        "pack",
        "--ignore-scripts",
        "--pack-destination",
        packs,
        join(root, "node_modules/esbuild"),
        join(root, `node_modules/@esbuild/${process.platform}-${process.arch}`),
      ],
      scratch,
    );
    project = join(scratch, "shop");
    cpSync(join(root, "test/e2e/workspace/shop"), project, { recursive: true });
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "shop", private: true }));
    npm(["install", "--offline", ...readdirSync(packs).map((file) => join(packs, file))], project);
    // The user's own SDK, as `npm install @aws/durable-execution-sdk-js` would put it.
    mkdirSync(join(project, "node_modules/@aws"), { recursive: true });
    symlinkSync(
      join(root, "node_modules/@aws/durable-execution-sdk-js"),
      join(project, "node_modules/@aws/durable-execution-sdk-js"),
      "dir",
    );
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("the tarball holds the CLIs and what they load at run time, and no sources or tests", () => {
    const listing = npm(["pack", "--dry-run", "--json", "--ignore-scripts", root], scratch);
    const files = (JSON.parse(listing.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
    for (const needed of [
      "dist/durable-replay.js",
      "dist/durable-lint.js",
      "dist/replayHost.js",
      "dist/replayHooks.mjs",
      "dist/tree-sitter.wasm",
      "dist/lib.es5.d.ts",
      "package.json",
    ])
      assert.ok(files.includes(needed), `the package holds ${needed}`);
    assert.deepEqual(
      files.filter((f) => /^(src|test|scripts|bench|examples)\//.test(f) || f.endsWith(".map")),
      [],
    );
  });

  it("npx durable-replay replays the project's log with the project's SDK", () => {
    const run = npx(
      ["durable-replay", "run", "--handler", "src/checkout.ts", "--log", "logs/checkout.history.json", "--json"],
      project,
    );
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { status: string; operations: unknown[] };
    assert.equal(report.status, "SUCCEEDED");
    assert.equal(report.operations.length, 11);
  });

  it("npx durable-lint finds the project's clock read outside a step", () => {
    const lint = npx(["durable-lint", "src/checkout.ts"], project);
    assert.equal(lint.status, 1, lint.stdout + lint.stderr);
    assert.match(lint.stdout, /DUR001/);
    assert.match(lint.stdout, /checkout\.ts:\d+/);
  });
});
