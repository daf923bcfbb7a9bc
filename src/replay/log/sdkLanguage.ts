import type { SdkLanguage } from "../../protocol/replayLog";
import type { WireOperation } from "../../protocol/wire";

const JS_ID = /^[0-9a-f]{16}$/; // md5 prefix of the step path
const PYTHON_ID = /^[0-9a-f]{64}$/; // blake2b of the chained step id

/** Which SDK wrote the log, judged by the shape of every operation Id (the EXECUTION Id is not hashed, so it is skipped). */
export function detectLanguage(operations: readonly WireOperation[]): SdkLanguage {
  const ids = operations.filter((op) => op.Type !== "EXECUTION").map((op) => op.Id);
  if (ids.length === 0) return "unknown";
  if (ids.every((id) => JS_ID.test(id))) return "javascript";
  if (ids.every((id) => PYTHON_ID.test(id))) return "python";
  return "unknown";
}
