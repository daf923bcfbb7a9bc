// `durable-replay run --json` prints the report in pieces (a million-operation report is never one string); the text
// must be exactly JSON.stringify's two-space layout, whatever the payloads hold.
import { strict as assert } from "node:assert";
import { jsonListPieces, jsonPieces } from "../../../src/cli/replay/reportJson";

describe("--json report text", () => {
  it("joined, the pieces are JSON.stringify(report, null, 2), for any number of operations and divergences", () => {
    // A result that quotes the operations key, line breaks in strings, nested arrays: none may confuse the splice.
    const result = { operations: [], '\n  "operations": []': "x\ny", nested: [[{ a: 1 }], []] };
    for (const count of [0, 1, 199, 200, 201, 1000]) {
      const fields = {
        status: "SUCCEEDED",
        result,
        operations: Array.from({ length: count }, (_, seq) => ({
          seq,
          path: `${seq + 1}`,
          live: { e: [seq, "a\nb"] },
        })),
        divergences: Array.from({ length: 1000 - count }, (_, k) => ({ kind: "unreached", message: `"${k}"\n` })),
        invocations: [],
        warnings: ["w"],
        waitingFor: [[], null, ["a"]],
      };
      assert.equal([...jsonPieces(fields)].join(""), JSON.stringify(fields, null, 2), `${count} operations`);
    }
  });

  it("joined, the pieces of a list of reports (check --json) are JSON.stringify(list, null, 2)", () => {
    const report = (count: number) => ({
      file: "logs/a\nb.json",
      status: "SUCCEEDED",
      operations: Array.from({ length: count }, (_, seq) => ({ seq, live: { e: ["a\nb"] } })),
      divergences: [],
      warnings: [],
    });
    for (const list of [[], [report(0)], [report(1), report(450), report(0)]]) {
      assert.equal([...jsonListPieces(list)].join(""), JSON.stringify(list, null, 2), `${list.length} reports`);
    }
  });
});
