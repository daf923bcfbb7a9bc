// Recently replayed logs per workspace: newest first, one entry per handler and log, bounded by the setting.
import { strict as assert } from "node:assert";
import { RecentLogs, type StateStore } from "../../../src/extension/launch/recentLogs";

/** An in-memory store with the Memento contract (values survive as JSON, as VS Code stores them). */
class MemoryState implements StateStore {
  private readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const text = this.values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.stringify(value));
  }
}

describe("recent logs", () => {
  it("offers the last replay of a handler first and forgets the oldest beyond the limit", async () => {
    const state = new MemoryState();
    const recent = new RecentLogs(state, () => 3);
    await recent.remember({ handler: "/a.ts", exportName: "handler", log: "/1.json" });
    await recent.remember({ handler: "/b.ts", exportName: "handler", log: "/2.json" });
    await recent.remember({ handler: "/a.ts", exportName: "handler", log: "/3.json" });
    assert.deepEqual(recent.last(), { handler: "/a.ts", exportName: "handler", log: "/3.json" });
    assert.equal(recent.last("/b.ts")?.log, "/2.json");
    assert.deepEqual(recent.logsFor("/a.ts"), ["/3.json", "/1.json", "/2.json"]);

    await recent.remember({ handler: "/a.ts", exportName: "handler", log: "/1.json" });
    assert.deepEqual(
      recent.all().map((e) => e.log),
      ["/1.json", "/3.json", "/2.json"],
      "replaying again moves it to the front, once",
    );
    await recent.remember({ handler: "/c.ts", exportName: "main", log: "/4.json" });
    assert.deepEqual(
      recent.all().map((e) => e.log),
      ["/4.json", "/1.json", "/3.json"],
    );
    assert.deepEqual(new RecentLogs(state, () => 3).all(), recent.all(), "kept in the workspace state");
  });

  it("ignores stored entries it cannot read", () => {
    const state = new MemoryState();
    void state.update("durableReplay.recentReplays", [
      { handler: 1 },
      "x",
      { handler: "/a.ts", exportName: "h", log: "/l.json" },
    ]);
    assert.deepEqual(new RecentLogs(state, () => 10).all(), [{ handler: "/a.ts", exportName: "h", log: "/l.json" }]);
  });
});
