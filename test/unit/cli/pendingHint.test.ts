// The verdict's pending line tells the user the exact --callback argument to add; a callback name with spaces or quotes
// (recorded names are any text) must come out as one shell word they can paste.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import type { ReplayReport } from "../../../src/protocol/operations";
import { renderVerdict } from "../../../src/cli/replay/timelineTable";

function pendingLine(waitingFor: string[]): string {
  const report = {
    status: "PENDING",
    operations: [],
    divergences: [],
    warnings: [],
    invocations: [],
    pendingReason: "The execution waits.",
    waitingFor,
  } as unknown as ReplayReport;
  return renderVerdict(report, { color: false, cwd: "/" })
    .split("\n")
    .find((line) => line.startsWith("Pending:"))!;
}

/** The arguments a POSIX shell makes of the hint's words after "Run again with". */
function shellArgs(line: string): string[] {
  const words = line.slice(line.indexOf("Run again with ") + "Run again with ".length).replace(/\.$/, "");
  return execFileSync("sh", ["-c", `set -- ${words}; printf '%s\\0' "$@"`], { encoding: "utf8" })
    .split("\0")
    .slice(0, -1);
}

describe("the pending hint", () => {
  it("names a plain callback as it is", () => {
    assert.match(pendingLine(["payment_confirmation"]), /Run again with --callback payment_confirmation=<json>\.$/);
  });

  it("quotes a name with spaces and quotes so the shell passes it as one argument", () => {
    const line = pendingLine(["manager's approval id"]);
    assert.deepEqual(shellArgs(line), ["--callback", "manager's approval id=<json>"]);
  });
});
