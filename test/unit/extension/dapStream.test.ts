// Reading the adapter's DAP stream in the extension: messages cut anywhere by the pipe, several in one chunk.
import { strict as assert } from "node:assert";
import { DapMessageReader, dapFrame } from "../../../src/extension/debug/dapStream";

function read(chunks: Buffer[]): { messages: unknown[]; errors: string[] } {
  const messages: unknown[] = [];
  const errors: string[] = [];
  const reader = new DapMessageReader(
    (json) => messages.push(JSON.parse(json)),
    (error) => errors.push(error),
  );
  for (const chunk of chunks) reader.push(chunk);
  return { messages, errors };
}

describe("DAP stream reader", () => {
  const messages = [
    { seq: 1, type: "event", event: "output", body: { output: "héllo wörld ✓ 😀\n" } },
    {
      seq: 2,
      type: "event",
      event: "durable/operations",
      body: { operations: Array.from({ length: 300 }, (_, seq) => ({ seq, path: String(seq + 1) })) },
    },
    { seq: 3, type: "response", request_seq: 1, success: true, command: "launch" },
  ];
  const stream = Buffer.from(messages.map(dapFrame).join(""), "utf8");

  it("reads every message back when the stream comes in one chunk", () => {
    assert.deepEqual(read([stream]), { messages, errors: [] });
  });

  it("reads every message back when the pipe cuts the stream anywhere, even inside a header or a multi-byte character", () => {
    for (const size of [1, 2, 3, 7, 64, 1000, 4096]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < stream.length; at += size) chunks.push(stream.subarray(at, at + size));
      assert.deepEqual(read(chunks), { messages, errors: [] }, `chunks of ${size} bytes`);
    }
  });

  it("names a header without Content-Length", () => {
    const { messages: got, errors } = read([Buffer.from('Content-Type: json\r\n\r\n{"seq":1}')]);
    assert.deepEqual(got, []);
    assert.deepEqual(errors, ['The debug adapter sent a message header without Content-Length: "Content-Type: json".']);
  });
});
