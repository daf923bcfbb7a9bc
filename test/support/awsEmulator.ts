// AWS's own local durable-execution API (the web server of AWS's Python testing library) on 127.0.0.1, serving
// executions of real Python handlers, for tests and benches of the AWS commands. The SDK comes from the machine's
// python3 when it imports it, else from the unmodified copy in ../shared/vendor/python.
import { spawn, type ChildProcess } from "node:child_process";
import { delimiter, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { pythonSdkPaths } from "./pythonSdk";

/** The repository: a bundle of in-host tests passes it (its own __dirname is elsewhere). */
const defaultRoot = resolve(__dirname, "../..");

export interface EmulatedFunction {
  /** Python module under test/support/awsEmulator. */
  module: string;
  /** The Lambda function name the executions are listed under. */
  function: string;
  /** One execution per event, run in this order (so the last is the newest). */
  inputs: unknown[];
}

export interface AwsEmulator {
  endpoint: string;
  /** Execution ARNs per function, oldest first. */
  arns: Map<string, string[]>;
  /** Every request the server answered so far, as `METHOD path?query`. */
  requests: string[];
  stop(): Promise<void>;
}

export async function startAwsEmulator(
  functions: EmulatedFunction[],
  { timeoutMs = 120_000, root = defaultRoot }: { timeoutMs?: number; root?: string } = {},
): Promise<AwsEmulator> {
  // Running the executions here is not a replay: their step bodies must not count as side effects of one.
  const { SIDE_EFFECT_DIR: _, ...env } = process.env;
  const child: ChildProcess = spawn(
    "python3",
    [join(root, "test/support/awsEmulator/emulator.py"), JSON.stringify(functions)],
    {
      env: {
        ...env,
        PYTHONPATH: [join(root, "test/support/awsEmulator"), ...pythonSdkPaths({ testing: true, root }), env.PYTHONPATH]
          .filter(Boolean)
          .join(delimiter),
        PYTHONUNBUFFERED: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    // The executor logs every execution; keep only the tail for a failure message.
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const arns = new Map<string, string[]>(functions.map((f) => [f.function, []]));
  const requests: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`the AWS emulator did not start in time:\n${stderr}`)), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the AWS emulator exited (${code}):\n${stderr}`));
    });
    lines.on("line", (line) => {
      const [word, ...rest] = line.split(" ");
      if (word === "ARN") arns.get(rest[0])?.push(rest[1]);
      else if (word === "REQUEST") requests.push(`${rest[0]} ${decodeURIComponent(rest[1])}`);
      else if (word === "READY") {
        clearTimeout(timer);
        resolveReady(Number(rest[0]));
      }
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    arns,
    requests,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", () => done());
        child.kill();
      }),
  };
}

/** Requests arrive on the server's stdout a moment after the client has its answer. */
export async function requestsSettled(emulator: AwsEmulator, quietMs = 150): Promise<string[]> {
  let count = -1;
  while (count !== emulator.requests.length) {
    count = emulator.requests.length;
    await new Promise((r) => setTimeout(r, quietMs));
  }
  return [...emulator.requests];
}
