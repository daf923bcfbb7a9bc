// Node's inspector chatter is dropped from a debugged host's stderr however the pipe cuts it, and nothing else is.
import assert from "node:assert/strict";
import { InspectorNoiseFilter } from "../../../src/replay/session/inspectorNoise";

const CHATTER =
  "Debugger listening on ws://127.0.0.1:40123/5b7c\n" +
  "For help, see: https://nodejs.org/learn/getting-started/debugging\n" +
  "Debugger attached.\n";
const USER = "order o-123: charging\nDebugger? no, the handler's own words\n";
const ENDING = "Waiting for the debugger to disconnect...\nDebugger ending on ws://127.0.0.1:40123/5b7c\n";

function passed(chunks: string[]): string {
  const filter = new InspectorNoiseFilter();
  return chunks.map((chunk) => filter.read(chunk)).join("") + filter.end();
}

describe("inspector chatter on stderr", () => {
  it("drops exactly Node's lines, whole or cut anywhere by the pipe, and keeps the handler's", () => {
    const stream = CHATTER + USER + ENDING;
    assert.equal(passed([stream]), USER);
    for (let cut = 1; cut < stream.length; cut++) {
      assert.equal(passed([stream.slice(0, cut), stream.slice(cut)]), USER, `cut at ${cut}`);
    }
    assert.equal(passed([...stream]), USER, "one character per chunk");
  });

  it("passes on a last line without its newline once the pipe closes", () => {
    assert.equal(passed(["done\nDebug"]), "done\nDebug");
  });
});
