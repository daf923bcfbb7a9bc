import type { SdkLanguage } from "../../protocol/replayLog";
import type { WireOperation } from "../../protocol/wire";

const JS_ID = /^[0-9a-f]{16}$/; // md5 prefix of the step path
const PYTHON_ID = /^[0-9a-f]{64}$/; // blake2b of the chained step id

/**
 * Which SDK wrote the log, judged by the shape of every operation Id (the EXECUTION Id is not hashed, so it is skipped).
 * One pass and no copies of the Ids: a log may hold a million operations.
 */
export function detectLanguage(operations: readonly WireOperation[]): SdkLanguage {
  let javascript = true;
  let python = true;
  let hashed = 0;
  for (const op of operations) {
    if (op.Type === "EXECUTION") continue;
    hashed++;
    javascript &&= JS_ID.test(op.Id);
    python &&= PYTHON_ID.test(op.Id);
    if (!javascript && !python) return "unknown";
  }
  if (hashed === 0) return "unknown";
  return javascript ? "javascript" : "python";
}
