// Records a log of test/fixtures/dap/loop.ts with AWS's local testing library (the real SDK), for tests and the bench.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { captureHistory } from "../../examples/captureHistory";
import { handler } from "../fixtures/dap/loop";
import { ROOT } from "./adapterClient";

export const LOOP_HANDLER = join(ROOT, "test/fixtures/dap/loop.ts");

/** Writes the history of one execution with `count` steps to `file`. */
export async function recordLoopLog(file: string, count: number): Promise<string> {
  const events = await captureHistory({ handler, payload: { count } });
  writeFileSync(file, JSON.stringify(events));
  return file;
}
