// The Python the Python tests run: this machine's python3 with the user's own aws_durable_execution_sdk_python when
// it imports, else the unmodified SDK copy in ../shared/vendor/python beside the checkout on PYTHONPATH. With
// neither, the tests fail with that sentence: they are never skipped.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";

const root = resolve(__dirname, "../..");
const VENDOR_SDK = resolve(root, "../shared/vendor/python/aws-durable-execution-sdk-python/src");

function imports(env: NodeJS.ProcessEnv, module: string): boolean {
  return spawnSync("python3", ["-c", `import ${module}`], { env, stdio: "ignore" }).status === 0;
}

function withPath(env: NodeJS.ProcessEnv, ...entries: string[]): NodeJS.ProcessEnv {
  return { ...env, PYTHONPATH: [...entries, env.PYTHONPATH].filter(Boolean).join(delimiter) };
}

let found: NodeJS.ProcessEnv | undefined;

/** The environment in which `python3` imports the SDK; throws (failing the test) when there is none. */
export function pythonSdkEnv(): NodeJS.ProcessEnv {
  if (found) return found;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DURABLE_REPLAY_PYTHON;
  if (imports(env, "aws_durable_execution_sdk_python")) return (found = env);
  if (existsSync(VENDOR_SDK) && imports(withPath(env, VENDOR_SDK), "aws_durable_execution_sdk_python")) {
    return (found = withPath(env, VENDOR_SDK));
  }
  throw new Error(
    "No Python for the Python tests: this machine's python3 cannot import aws_durable_execution_sdk_python and " +
      `there is no SDK copy at ${VENDOR_SDK}; install it (pip install aws-durable-execution-sdk-python).`,
  );
}

export const pythonFixtures = join(root, "test/fixtures/python");
