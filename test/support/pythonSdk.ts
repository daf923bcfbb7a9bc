// The Python the Python tests run: this machine's python3 with the user's own aws_durable_execution_sdk_python (and,
// for AWS's local server, its testing library) when it imports, else the unmodified copies in ../shared/vendor/python
// beside the checkout on PYTHONPATH. With neither, the tests fail with that sentence: they are never skipped.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";

/** The repository: a bundle of in-host tests passes it (its own __dirname is elsewhere). */
const defaultRoot = resolve(__dirname, "../..");

const SDK = "aws_durable_execution_sdk_python";
const TESTING = "aws_durable_execution_sdk_python_testing";

function imports(modules: string[], path: string[]): boolean {
  const env = { ...process.env, PYTHONPATH: [...path, process.env.PYTHONPATH].filter(Boolean).join(delimiter) };
  return spawnSync("python3", ["-c", `import ${modules.join(", ")}`], { env, stdio: "ignore" }).status === 0;
}

const found = new Map<string, string[]>();

/**
 * What PYTHONPATH needs before the caller's own for python3 to import the SDK (with `testing`, its testing library
 * too): nothing when it imports them already, else the copies in ../shared/vendor/python. Throws (failing the test)
 * when there is neither.
 */
export function pythonSdkPaths({
  testing = false,
  root = defaultRoot,
}: { testing?: boolean; root?: string } = {}): string[] {
  const key = `${testing}:${root}`;
  const known = found.get(key);
  if (known) return known;
  const modules = testing ? [SDK, TESTING] : [SDK];
  const vendor = resolve(root, "../shared/vendor/python");
  const copies = [join(vendor, "aws-durable-execution-sdk-python/src")];
  if (testing) copies.push(join(vendor, "aws-durable-execution-sdk-python-testing/src"));
  let paths: string[];
  if (imports(modules, [])) paths = [];
  else if (copies.every((copy) => existsSync(copy)) && imports(modules, copies)) paths = copies;
  else {
    throw new Error(
      `No Python for the Python tests: this machine's python3 cannot import ${modules.join(" and ")} and there is ` +
        `no copy under ${vendor}; install it (pip install aws-durable-execution-sdk-python).`,
    );
  }
  found.set(key, paths);
  return paths;
}

/** `env` (by default this process's) with PYTHONPATH extended so that python3 imports the SDK. */
export function withPythonSdk(
  env: NodeJS.ProcessEnv = process.env,
  options: { testing?: boolean; root?: string } = {},
): NodeJS.ProcessEnv {
  const paths = pythonSdkPaths(options);
  return paths.length ? { ...env, PYTHONPATH: [...paths, env.PYTHONPATH].filter(Boolean).join(delimiter) } : { ...env };
}

/** The environment in which `python3` imports the SDK (the tests choose the interpreter, not the user's setting). */
export function pythonSdkEnv(): NodeJS.ProcessEnv {
  const { DURABLE_REPLAY_PYTHON: _, ...env } = process.env;
  return withPythonSdk(env);
}

export const pythonFixtures = join(defaultRoot, "test/fixtures/python");
