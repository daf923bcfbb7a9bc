import { strict as assert } from "node:assert";
import { TERMINAL_STATUSES } from "../../src/protocol/wire";

describe("protocol", () => {
  it("treats only finished statuses as terminal", () => {
    assert.ok(TERMINAL_STATUSES.has("SUCCEEDED"));
    assert.ok(!TERMINAL_STATUSES.has("STARTED"));
  });
});
