// `npm run demo`: replays the order example twice with the durable-replay CLI (built into dist/ just before):
// first the complete log, where every operation replays, then a log cut after process_payment, where the wait and
// confirm_order run live. Then the same for the Python order example, when a Python with the SDK can be found (the
// user's, or the SDK copy in ../shared/vendor/python beside the checkout). Exits non-zero if any run fails or diverges.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const examples = [
  { handler: "examples/order-workflow/src/handler.ts", logs: "examples/order-workflow/logs", cut: "order-cut" },
  { handler: "examples/order-workflow-python/order.py", logs: "examples/order-workflow-python/logs", cut: "order-cut" },
];

/** The environment in which a Python imports the SDK, or undefined. */
function pythonWithSdk() {
  const python = process.env.DURABLE_REPLAY_PYTHON || "python3";
  const imports = (env) =>
    spawnSync(python, ["-c", "import aws_durable_execution_sdk_python"], { env, stdio: "ignore" }).status === 0;
  if (imports(process.env)) return process.env;
  const vendored = join(root, "../shared/vendor/python/aws-durable-execution-sdk-python/src");
  if (!existsSync(vendored)) return undefined;
  const env = {
    ...process.env,
    PYTHONPATH: [vendored, process.env.PYTHONPATH].filter(Boolean).join(delimiter),
  };
  return imports(env) ? env : undefined;
}

let failed = 0;
function replay(heading, handler, log, env) {
  console.log(`\n== ${heading}\n$ durable-replay run --handler ${handler} --log ${log} --on-log-end live\n`);
  const cli = spawnSync(
    process.execPath,
    ["dist/durable-replay.js", "run", "--handler", handler, "--log", log, "--on-log-end", "live"],
    { cwd: root, stdio: "inherit", env },
  );
  if (cli.status !== 0) {
    failed++;
    const why = cli.error ? cli.error.message : cli.signal ? `killed by ${cli.signal}` : `exit code ${cli.status}`;
    console.error(`\ndemo: this run failed (${why})`);
  }
}

let step = 0;
for (const { handler, logs, cut } of examples) {
  const python = handler.endsWith(".py");
  const env = python ? pythonWithSdk() : process.env;
  if (!env) {
    console.log(
      `\n== Python example skipped: no Python imports aws_durable_execution_sdk_python; install it ` +
        `(pip install aws-durable-execution-sdk-python) or set DURABLE_REPLAY_PYTHON to a Python 3.11+ that has it.`,
    );
    continue;
  }
  const language = python ? "Python" : "TypeScript";
  replay(
    `${++step}. ${language}, complete log: every durable call is served from the log (replayed), no step body runs`,
    handler,
    `${logs}/order.history.json`,
    env,
  );
  replay(
    `${++step}. ${language}, log cut after process_payment: the two steps replay, the wait and confirm_order run live`,
    handler,
    `${logs}/${cut}.history.json`,
    env,
  );
}
process.exitCode = failed === 0 ? 0 : 1;
