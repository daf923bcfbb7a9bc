// The debug hover of a durable call: which hovered expressions name a call, which records a line made, and what a
// line with several calls (a loop, a map's items) shows.
import assert from "node:assert/strict";
import { callsAt, durableCallHover, hoveredMember, sourceFile } from "../../../src/debugAdapter/durableHover";
import { VariableStore } from "../../../src/debugAdapter/variables";
import type { OperationRecord } from "../../../src/protocol/operations";

function step(seq: number, name: string, state: OperationRecord["state"], line: number): OperationRecord {
  return {
    seq,
    path: `${seq + 1}`,
    id: `id-${seq}`,
    type: "STEP",
    subType: "Step",
    name,
    method: "step",
    state,
    callSite: { file: "/project/src/loop.ts", line, column: 11 },
    recorded: state === "live" ? undefined : { status: "SUCCEEDED", result: { n: seq } },
    live: state === "live" ? { status: "SUCCEEDED", result: { n: seq, fresh: true } } : undefined,
  };
}

describe("debug hover of a durable call", () => {
  it("takes the member of a property access, and nothing else", () => {
    assert.equal(hoveredMember("context.step"), "step");
    assert.equal(hoveredMember("this.ctx?.wait"), "wait");
    assert.equal(hoveredMember("step"), undefined);
    assert.equal(hoveredMember("context.step('a')"), undefined);
    assert.equal(hoveredMember("a[b].step"), undefined);
  });

  it("reads the hovered file from a path, a file or remote URI, or a URI's parts", () => {
    assert.equal(sourceFile("/project/src/loop.ts"), "/project/src/loop.ts");
    assert.equal(sourceFile("file:///project/src/my%20loop.ts"), "/project/src/my loop.ts");
    assert.equal(sourceFile("vscode-remote://localhost:8080/project/src/loop.ts"), "/project/src/loop.ts");
    assert.equal(sourceFile({ scheme: "vscode-remote", path: "/project/src/loop.ts" }), "/project/src/loop.ts");
    assert.equal(sourceFile(undefined), undefined);
  });

  it("finds the calls of that method made on the hovered line of that file", () => {
    const records = [step(0, "a", "replayed", 4), step(1, "b", "replayed", 7), step(2, "c", "live", 7)];
    assert.deepEqual(
      callsAt(records, "step", "/project/src/../src/loop.ts", 7).map((r) => r.name),
      ["b", "c"],
    );
    assert.deepEqual(callsAt(records, "wait", "/project/src/loop.ts", 7), []);
    assert.deepEqual(callsAt(records, "step", "/project/src/other.ts", 7), []);
  });

  it("a line that made several calls lists each with its state and outcome", async () => {
    const store = new VariableStore();
    const hover = durableCallHover(store, [step(1, "b", "replayed", 7), step(2, "c", "live", 7)]);
    assert.equal(hover.result, "2 calls: 1 replayed, 1 live");
    const calls = await store.variables(undefined, hover.variablesReference);
    assert.deepEqual(
      calls.map((v) => [v.name, v.value]),
      [
        ["#1", '↺ replayed STEP `b` → {"n":1}'],
        ["#2", '▶ live STEP `c` → {"n":2,"fresh":true}'],
      ],
    );
    const second = await store.variables(undefined, calls[1].variablesReference);
    assert.deepEqual(
      second.map((v) => v.name),
      ["name", "status", "live", "type", "path", "id"],
    );
  });
});
