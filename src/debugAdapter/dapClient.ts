// The adapter's side of a DAP connection to debugpy (serving DAP in the Python host): Content-Length framed JSON over
// a loopback socket, requests answered by `request_seq`, events handed to `onEvent`.
import { connect, type Socket } from "node:net";
import type { DebugProtocol } from "@vscode/debugprotocol";

export class DapClient {
  private seq = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, (response: DebugProtocol.Response) => void>();
  onEvent: (event: DebugProtocol.Event) => void = () => undefined;

  private constructor(private readonly socket: Socket) {
    // Small request/response pairs: without this, Nagle's algorithm holds a request back for the previous ACK.
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("close", () => {
      for (const [seq, answer] of this.pending) answer(closed(seq));
      this.pending.clear();
    });
    socket.on("error", () => undefined);
  }

  /** Connects to `port` on loopback, retrying while the host starts debugpy; gives up when `gaveUp` settles. */
  static async connect(port: number, gaveUp: Promise<unknown>): Promise<DapClient> {
    let stop = false;
    gaveUp.then(
      () => (stop = true),
      () => (stop = true),
    );
    while (!stop) {
      const socket = await new Promise<Socket | undefined>((resolve) => {
        const s = connect(port, "127.0.0.1");
        s.once("connect", () => resolve(s));
        s.once("error", () => resolve(undefined));
      });
      if (socket) return new DapClient(socket);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("The Python host ended before debugpy accepted the debugger.");
  }

  request(command: string, args?: unknown): Promise<DebugProtocol.Response> {
    const seq = this.seq++;
    const answer = new Promise<DebugProtocol.Response>((resolve) => this.pending.set(seq, resolve));
    if (this.socket.destroyed) return Promise.resolve(closed(seq, command));
    const body = Buffer.from(JSON.stringify({ seq, type: "request", command, arguments: args ?? {} }), "utf8");
    this.socket.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    return answer;
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8")) as
        DebugProtocol.Response | DebugProtocol.Event;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (message.type === "response") {
        const response = message as DebugProtocol.Response;
        this.pending.get(response.request_seq)?.(response);
        this.pending.delete(response.request_seq);
      } else if (message.type === "event") this.onEvent(message as DebugProtocol.Event);
    }
  }
}

function closed(seq: number, command = ""): DebugProtocol.Response {
  return {
    seq: 0,
    type: "response",
    request_seq: seq,
    command,
    success: false,
    message: "The handler is not running.",
  };
}
