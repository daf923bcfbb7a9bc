// DAP's wire framing (`Content-Length: n\r\n\r\n` + n bytes of JSON) read from a byte stream. Chunks are kept as they
// arrive and joined once per message: a 10,000-operation replay streams megabytes, and joining the whole backlog
// again on every chunk (as a naive reader does) costs the extension host hundreds of milliseconds at a time.

const HEADER_END = Buffer.from("\r\n\r\n");

export class DapMessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Body length of the message being read, or -1 while its header is still incomplete. */
  private bodyLength = -1;

  /** `onMessage` gets each message's JSON text; `onError` one sentence when the stream breaks the framing. */
  constructor(
    private readonly onMessage: (json: string) => void,
    private readonly onError: (message: string) => void,
  ) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.bodyLength < 0) {
        const data = this.joined();
        const end = data.indexOf(HEADER_END);
        if (end < 0) return;
        const header = data.toString("latin1", 0, end);
        const length = /(?:^|\r\n)Content-Length:\s*(\d+)/i.exec(header);
        if (!length) {
          this.onError(
            `The debug adapter sent a message header without Content-Length: ${JSON.stringify(header.slice(0, 80))}.`,
          );
          this.chunks = [];
          this.buffered = 0;
          return;
        }
        this.bodyLength = Number(length[1]);
        this.keepFrom(data, end + HEADER_END.length);
      }
      if (this.buffered < this.bodyLength) return;
      const data = this.joined();
      const json = data.toString("utf8", 0, this.bodyLength);
      this.keepFrom(data, this.bodyLength);
      this.bodyLength = -1;
      this.onMessage(json);
    }
  }

  /** Everything buffered as one Buffer (joined only when a header or a whole body is there to read). */
  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private keepFrom(data: Buffer, offset: number): void {
    const rest = data.subarray(offset);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
  }
}

/** One message in DAP's wire framing. */
export function dapFrame(message: unknown): string {
  const json = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(json, "utf8")}\r\n\r\n${json}`;
}
