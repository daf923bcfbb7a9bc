import { strict as assert } from "node:assert";
import crypto from "node:crypto";
import type { WireOperation } from "../../../src/protocol/wire";
import { readLog, recordedPaths, stepIdHash } from "../../../src/replay/log/readLog";
import { ChildPathFinder } from "../../../src/replay/log/stepIds";
import { pathsById } from "../../support/pathsById";
import { capture, logFixture } from "./fixturePaths";

describe("JS step-id helpers", () => {
  it("hashes step paths the way the JS SDK names operations", () => {
    assert.equal(stepIdHash("1"), "c4ca4238a0b92382");
    assert.equal(stepIdHash("4-3-1"), "89106acc4a33cc6b");
    assert.equal(stepIdHash("6-2"), "17380ddb842e9843");
  });

  it("rebuilds every approval operation's path from the Id/ParentId tree", () => {
    const log = readLog(capture("approval.operations.json"));
    const paths = pathsById(log, recordedPaths(log));
    assert.equal(paths.size, 21);
    assert.equal(paths.get("89106acc4a33cc6b"), "4-3-1");
    assert.equal(paths.get("c81e728d9d4c2f63"), "2");
    assert.equal(paths.get("3c46a0407be60a1f"), "2-2");
    assert.equal(paths.get("e9fa198e766d7b9b"), "3-2-1");
    assert.equal(paths.get("fae594628f003e7d"), "6-3");
    for (const [id, path] of paths) assert.equal(stepIdHash(path), id);
  });

  it("finds paths when earlier siblings are missing from the log", () => {
    const log = readLog(capture("approval.operations.json"));
    const withoutEarlySteps = {
      operations: log.operations.filter((op) => !["c4ca4238a0b92382", "c81e728d9d4c2f63"].includes(op.Id)),
    };
    assert.equal(pathsById(withoutEarlySteps, recordedPaths(withoutEarlySteps)).get("1679091c5a880faf"), "6");
  });

  it("maps nothing for Ids no JS path explains (a Python log)", () => {
    const log = readLog(logFixture("python-order.state.json"));
    assert.equal(pathsById(log, recordedPaths(log)).size, 0);
  });

  it("finds the path of an operation the SDK created below a known parent, in any order", () => {
    const finder = new ChildPathFinder();
    assert.equal(finder.find("4", stepIdHash("4-3")), "4-3");
    assert.equal(finder.find("4", stepIdHash("4-1")), "4-1");
    assert.equal(finder.find("4-3", stepIdHash("4-3-250")), "4-3-250");
    assert.equal(finder.find(undefined, stepIdHash("7")), "7");
  });

  it("gives up on an Id no counter explains, within its bound", () => {
    const finder = new ChildPathFinder(50);
    assert.equal(finder.find("1", stepIdHash("1-51")), undefined);
    assert.equal(finder.find("1", "python-op-id"), undefined);
  });

  it("rebuilds the paths of a map of 6,000 child contexts with a number of hashes linear in the operations", () => {
    // A map context ("1") with 6,000 item contexts ("1-k"), each holding one step ("1-k-1").
    const operations: WireOperation[] = [{ Id: stepIdHash("1"), Type: "CONTEXT", Status: "SUCCEEDED" }];
    for (let k = 1; k <= 6000; k++) {
      operations.push({ Id: stepIdHash(`1-${k}`), Type: "CONTEXT", Status: "SUCCEEDED", ParentId: stepIdHash("1") });
      operations.push({
        Id: stepIdHash(`1-${k}-1`),
        Type: "STEP",
        Status: "SUCCEEDED",
        ParentId: stepIdHash(`1-${k}`),
      });
    }
    const original = crypto.hash;
    let hashes = 0;
    crypto.hash = ((...args: Parameters<typeof original>) => {
      hashes++;
      return original(...args);
    }) as typeof original;
    let paths: Map<string, string>;
    try {
      paths = pathsById({ operations }, recordedPaths({ operations }));
    } finally {
      crypto.hash = original;
    }
    assert.equal(paths.size, operations.length);
    assert.equal(paths.get(stepIdHash("1-6000-1")), "1-6000-1");
    // Each context tries counters in proportion to its own children (was: to the whole log, 72 million hashes).
    assert.ok(hashes > 0 && hashes <= 40 * operations.length, `${hashes} hashes for ${operations.length} operations`);
  });
});
